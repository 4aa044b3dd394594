//! A real `tutor classroom serve` on loopback, and plain HTTP calls to it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

pub struct Server {
    child: Child,
    pub db: PathBuf,
    /// Like `http://127.0.0.1:43567`.
    pub url: String,
    pub join_code: String,
    pub instructor_token: String,
    /// The dashboard link it printed: `URL/#token=...`.
    pub dashboard: String,
    /// Everything it printed before serving.
    pub banner: String,
}

impl Server {
    /// Starts a server on a free port with its database in `db_dir`.
    pub fn start(db_dir: &Path) -> Server {
        Server::start_at(db_dir, "127.0.0.1:0")
    }

    pub fn start_at(db_dir: &Path, addr: &str) -> Server {
        Server::start_under(db_dir, addr, &[])
    }

    /// Starts a server through `wrapper` (a command such as `prlimit --nofile=256:256 --`, which then runs the tutor).
    pub fn start_under(db_dir: &Path, addr: &str, wrapper: &[&str]) -> Server {
        let db = db_dir.join("classroom.sqlite");
        let mut child = serve_command(db_dir, addr, &db, wrapper)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start tutor classroom serve");
        let stdout = child.stdout.take().unwrap();
        let (lines, received) = mpsc::channel();
        std::thread::Builder::new()
            .spawn(move || {
                // Reads to the end, even when nobody listens any more: a closed pipe would make the server's next
                // line fail.
                for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                    let _ = lines.send(line);
                }
            })
            .unwrap();
        let mut banner = String::new();
        let mut server = Server {
            child,
            db,
            url: String::new(),
            join_code: String::new(),
            instructor_token: String::new(),
            dashboard: String::new(),
            banner: String::new(),
        };
        while server.dashboard.is_empty() {
            let line = received
                .recv_timeout(Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("the server printed no dashboard link; it printed:\n{banner}"));
            banner.push_str(&line);
            banner.push('\n');
            if let Some(url) = line.strip_prefix("Classroom server listening on ") {
                server.url = url.trim().to_owned();
            } else if let Some(code) = line.strip_prefix("Join code: ") {
                server.join_code = code.trim().to_owned();
            } else if let Some((_, link)) = line.split_once("Dashboard (keep this link to yourself): ") {
                server.dashboard = link.trim().to_owned();
                server.instructor_token = link.split_once("#token=").expect("token in the link").1.trim().to_owned();
            }
        }
        server.banner = banner;
        assert!(!server.url.is_empty() && !server.join_code.is_empty(), "banner:\n{}", server.banner);
        server
    }

    /// Kills the server at once (SIGKILL): no chance to flush anything.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Stops the server as Ctrl-C would (SIGTERM), and waits for it to finish.
    pub fn stop(&mut self) {
        let pid = nix::unistd::Pid::from_raw(self.child.id() as i32);
        let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM);
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while self.child.try_wait().ok().flatten().is_none() {
            assert!(std::time::Instant::now() < deadline, "the server did not stop within 20 s of SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// `HOST:PORT`, for raw sockets.
    pub fn addr(&self) -> String {
        self.url.trim_start_matches("http://").to_owned()
    }

    /// Joins as `name`; panics unless the server accepts.
    pub fn join(&self, name: &str) -> String {
        let (status, body) =
            self.post("/api/join", None, &serde_json::json!({ "code": self.join_code, "name": name }).to_string());
        assert_eq!(status, 200, "join as {name:?}: {body}");
        let joined: serde_json::Value = serde_json::from_str(&body).unwrap();
        joined["token"].as_str().unwrap().to_owned()
    }

    pub fn post_events(&self, token: &str, body: &serde_json::Value) -> (u16, String) {
        self.post("/api/events", Some(token), &body.to_string())
    }

    /// POSTs a raw body (with `Authorization: Bearer` when a token is given); returns the status and body.
    pub fn post(&self, path: &str, token: Option<&str>, body: &str) -> (u16, String) {
        let mut request = agent().post(&format!("{}{path}", self.url)).content_type("application/json");
        if let Some(token) = token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        answer(request.send(body))
    }

    /// Like [`Server::post`], with the answer's `Retry-After` header.
    pub fn post_retry_after(&self, path: &str, body: &str) -> (u16, String, Option<String>) {
        let mut response = agent()
            .post(&format!("{}{path}", self.url))
            .content_type("application/json")
            .send(body)
            .expect("the server answers");
        let retry = response.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::to_owned);
        (response.status().as_u16(), response.body_mut().read_to_string().unwrap_or_default(), retry)
    }

    pub fn get(&self, path: &str, token: Option<&str>) -> (u16, String) {
        let mut request = agent().get(&format!("{}{path}", self.url));
        if let Some(token) = token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        answer(request.call())
    }

    /// The room as the dashboard reads it.
    pub fn room(&self) -> serde_json::Value {
        let (status, body) = self.get("/api/room", Some(&self.instructor_token));
        assert_eq!(status, 200, "{body}");
        serde_json::from_str(&body).unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn serve_command(dir: &Path, addr: &str, db: &Path, wrapper: &[&str]) -> Command {
    let tutor = env!("CARGO_BIN_EXE_tutor");
    let mut command = match wrapper.split_first() {
        Some((program, args)) => {
            let mut command = Command::new(program);
            command.args(args).arg(tutor);
            command
        }
        None => Command::new(tutor),
    };
    command
        .args(["classroom", "serve", "--addr", addr, "--db"])
        .arg(db)
        .current_dir(dir)
        .stdin(Stdio::null())
        .env("NO_COLOR", "1");
    command
}

/// Starts `tutor classroom serve --db DB` in `dir` when it must refuse to start: returns its exit code and what it
/// printed on stderr. A server that starts anyway is stopped, and the test fails.
#[track_caller]
pub fn refused(dir: &Path, db: &Path) -> (Option<i32>, String) {
    let mut child = serve_command(dir, "127.0.0.1:0", db, &[])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tutor classroom serve");
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = child.try_wait().expect("wait for the server") {
            let mut stderr = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
            return (status.code(), stderr);
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the server started on `{}` instead of refusing it", db.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// An event as a learner's watch sends it.
pub fn event(kind: &str, exercise: &str, error: Option<&str>) -> serde_json::Value {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let n = NEXT.fetch_add(1, Ordering::SeqCst);
    let at_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as u64;
    serde_json::json!({
        "id": format!("{:016x}{:016x}", std::process::id(), n),
        "at_ms": at_ms,
        "kind": kind,
        "exercise": exercise,
        "error": error,
    })
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .http_status_as_error(false)
        .build()
        .into()
}

fn answer(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> (u16, String) {
    let mut response = result.expect("the server answers");
    let status = response.status().as_u16();
    (status, response.body_mut().read_to_string().unwrap_or_default())
}
