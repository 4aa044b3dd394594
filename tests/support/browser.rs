//! A headless Chromium driven through chromedriver (W3C WebDriver over plain HTTP), so that assertions read what an
//! instructor's browser shows.
//!
//! Debian's `chromium` and `chromium-driver` packages provide the two programs; a missing browser fails the test
//! rather than skipping it.

use std::fs::File;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// How long chromedriver may take to answer its first status request.
const START: Duration = Duration::from_secs(20);
/// How long one WebDriver command may take (creating the session starts Chromium).
const COMMAND: Duration = Duration::from_secs(60);
const POLL: Duration = Duration::from_millis(200);

/// A chromedriver process, its Chromium, and one WebDriver session.
pub struct Browser {
    driver: Child,
    base: String,
    session: String,
    http: ureq::Agent,
    /// Chromium's profile, and chromedriver's log.
    dir: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver on a free loopback port and opens a session in a fresh headless Chromium.
    #[track_caller]
    pub fn start() -> Browser {
        for program in [CHROMIUM, CHROMEDRIVER] {
            assert!(
                Path::new(program).exists(),
                "{program} is missing: the dashboard tests need a headless browser; install Debian's `chromium` and \
                 `chromium-driver` packages (apt-get install chromium chromium-driver)"
            );
        }
        let dir = tempfile::Builder::new().prefix("tutor-browser-").tempdir().expect("temporary folder");
        let profile = dir.path().join("profile");
        let log = File::create(dir.path().join("chromedriver.log")).expect("chromedriver's log");
        let port = {
            let listener = TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
            listener.local_addr().expect("the port's address").port()
        };
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("chromedriver's log"))
            .stderr(log)
            // Its own process group, so that Drop can end chromedriver and every Chromium process it started.
            .process_group(0)
            .spawn()
            .expect("start chromedriver");
        let http: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .timeout_global(Some(COMMAND))
            .build()
            .into();
        let mut browser =
            Browser { driver, base: format!("http://127.0.0.1:{port}"), session: String::new(), http, dir };

        let deadline = Instant::now() + START;
        loop {
            let ready = browser.request("GET", "/status", None);
            if matches!(&ready, Ok((200, status)) if status["value"]["ready"] == true) {
                break;
            }
            if let Ok(Some(exit)) = browser.driver.try_wait() {
                panic!("chromedriver exited ({exit}) before it was ready. Its log:\n{}", browser.log());
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver was not ready after {START:?}. Its log:\n{}",
                browser.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }

        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    // Without these, Chromium reaches for Google's servers and this closed network refuses it.
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    // A projector's size rather than headless Chromium's small default window.
                    "--window-size=1280,800",
                    format!("--user-data-dir={}", profile.display()),
                ],
                // The first tab opens a blank page: Debian's new tab page is a search engine's (start.duckduckgo.com),
                // which this closed network makes take seconds to fail, and chromedriver waits for it.
                "prefs": { "session.restore_on_startup": 4, "session.startup_urls": ["about:blank"] },
            },
        }}});
        let answer = browser.command("POST", "/session", Some(&capabilities));
        browser.session = answer["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session id in {answer}. chromedriver's log:\n{}", browser.log()))
            .to_owned();
        browser
    }

    /// Opens `url` and waits for the page to load.
    #[track_caller]
    pub fn goto(&self, url: &str) {
        self.session_command("POST", "/url", Some(&json!({ "url": url })));
    }

    /// Runs `script` (a function body: `arguments[i]` are `args`, `return` gives the result) in the page.
    #[track_caller]
    pub fn execute(&self, script: &str, args: &[Value]) -> Value {
        self.session_command("POST", "/execute/sync", Some(&json!({ "script": script, "args": args })))
    }

    /// The rendered text of the first element that matches `css`, or "" when none does.
    #[track_caller]
    pub fn text(&self, css: &str) -> String {
        let value = self.execute("return document.querySelector(arguments[0])?.innerText ?? null", &[json!(css)]);
        value.as_str().unwrap_or_default().to_owned()
    }

    /// Polls `ready` every 200 ms until it holds; after `timeout`, fails with `what` and the page's text.
    #[track_caller]
    pub fn wait_for(&self, what: &str, timeout: Duration, mut ready: impl FnMut(&Browser) -> bool) {
        let deadline = Instant::now() + timeout;
        loop {
            if ready(self) {
                return;
            }
            if Instant::now() >= deadline {
                panic!("waited {timeout:?} for {what}, in vain. The page's text:\n{}", self.text("body"));
            }
            std::thread::sleep(POLL);
        }
    }

    /// Sends a command of this session, such as `POST /url`.
    #[track_caller]
    fn session_command(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        self.command(method, &format!("/session/{}{path}", self.session), body)
    }

    /// Sends a WebDriver command and returns its `value`; a WebDriver error fails the test.
    #[track_caller]
    fn command(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        match self.request(method, path, body) {
            Ok((200, mut answer)) => answer["value"].take(),
            Ok((status, answer)) => panic!(
                "WebDriver {method} {path} failed with {status}: {} {}\n(request: {})",
                answer["value"]["error"],
                answer["value"]["message"],
                body.map(Value::to_string).unwrap_or_default()
            ),
            Err(error) => panic!("WebDriver {method} {path}: {error}. chromedriver's log:\n{}", self.log()),
        }
    }

    fn request(&self, method: &str, path: &str, body: Option<&Value>) -> Result<(u16, Value), String> {
        let url = format!("{}{path}", self.base);
        let response = match method {
            "GET" => self.http.get(&url).call(),
            "DELETE" => self.http.delete(&url).call(),
            "POST" => self
                .http
                .post(&url)
                .header("Content-Type", "application/json; charset=utf-8")
                .send(body.unwrap_or(&json!({})).to_string()),
            _ => unreachable!("no WebDriver command uses {method}"),
        };
        let mut response = response.map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().map_err(|e| e.to_string())?;
        let value = serde_json::from_str(&text).map_err(|e| format!("{status} answer is not JSON ({e}): {text}"))?;
        Ok((status, value))
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("chromedriver.log")).unwrap_or_default()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Closing the session ends Chromium; the kill ends chromedriver, and whatever else is left in its group.
        if !self.session.is_empty() {
            let _ = self.request("DELETE", &format!("/session/{}", self.session), None);
        }
        if let Ok(pid) = i32::try_from(self.driver.id()) {
            let _ = nix::sys::signal::killpg(nix::unistd::Pid::from_raw(pid), nix::sys::signal::Signal::SIGKILL);
        }
        let _ = self.driver.wait();
    }
}
