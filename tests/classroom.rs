//! The classroom server over real HTTP on loopback: who may join and post, what bad input gets, that a restart loses
//! nothing, and a learner's watch that keeps its reports while the server is gone and delivers them when it is back.

mod support;

use std::time::{Duration, Instant};

use serde_json::json;
use support::Pack;
use support::classroom::{Server, event};
use support::pty::{Term, save};

fn dir() -> tempfile::TempDir {
    tempfile::Builder::new().prefix("tutor-classroom-").tempdir().unwrap()
}

fn error_of(body: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body}"));
    value["error"].as_str().unwrap_or_else(|| panic!("no error in {body}")).to_owned()
}

#[test]
fn only_the_join_code_lets_a_learner_in_and_only_their_token_posts_as_them() {
    let dir = dir();
    let server = Server::start(dir.path());

    let (status, body) = server.post("/api/join", None, &json!({"code": "WRONG-CODE", "name": "Ana"}).to_string());
    assert_eq!(status, 403, "{body}");
    assert!(error_of(&body).contains("wrong join code"), "{body}");

    // The code works whatever the case and dashes.
    let typed = server.join_code.to_lowercase().replace('-', "");
    let (status, body) = server.post("/api/join", None, &json!({"code": typed, "name": "Ana"}).to_string());
    assert_eq!(status, 200, "{body}");
    let ana: String = serde_json::from_str::<serde_json::Value>(&body).unwrap()["token"].as_str().unwrap().into();

    let (status, body) = server.post("/api/join", None, &json!({"code": server.join_code, "name": "ANA"}).to_string());
    assert_eq!(status, 409, "a name is taken without regard to case: {body}");
    let (status, body) =
        server.post("/api/join", None, &json!({"code": server.join_code, "name": "a\u{7}b"}).to_string());
    assert_eq!(status, 400, "{body}");
    assert!(error_of(&body).contains("control characters"));

    let bo = server.join("Bo");
    let batch = json!({"events": [event("attempt", "borrow1", Some("E0502"))]});
    // The real token with its last digit changed (to another digit: a token that ends in 0 must not stay itself).
    let last = if ana.ends_with('0') { '1' } else { '0' };
    let forged = format!("{}{last}", &ana[..ana.len() - 1]);
    let (status, body) = server.post_events(&forged, &batch);
    assert_eq!(status, 401, "a forged token is refused: {body}");
    assert!(error_of(&body).contains("unknown learner token"));
    let (status, body) = server.post("/api/events", None, &batch.to_string());
    assert_eq!(status, 401, "{body}");

    let (status, body) = server.post_events(&ana, &batch);
    assert_eq!((status, body.as_str()), (200, r#"{"stored":1,"duplicates":0}"#));
    let (status, body) = server.post_events(&ana, &batch);
    assert_eq!((status, body.as_str()), (200, r#"{"stored":0,"duplicates":1}"#), "sent twice, stored once");
    server.post_events(&bo, &json!({"events": [event("open", "borrow2", None)]}));

    // The room is the instructor's only.
    assert_eq!(server.get("/api/room", None).0, 401);
    let (status, body) = server.get("/api/room", Some(&ana));
    assert_eq!(status, 401, "a learner's token does not open the room: {body}");
    let room = server.room();
    assert_eq!(room["events"], 2);
    let rows = room["learners"].as_array().unwrap();
    let ana_row = rows.iter().find(|l| l["name"] == "Ana").unwrap();
    assert_eq!((ana_row["exercise"].as_str(), ana_row["last_error"].as_str()), (Some("borrow1"), Some("E0502")));
    assert_eq!(room["errors"][0]["code"], "E0502");
    assert!(rows.iter().any(|l| l["name"] == "Bo" && l["exercise"] == "borrow2"));
}

#[test]
fn bad_input_gets_a_4xx_with_a_message_and_the_server_goes_on() {
    let dir = dir();
    let server = Server::start(dir.path());
    let token = server.join("Ana");

    let (status, body) = server.post("/api/events", Some(&token), "{\"events\": [");
    assert_eq!(status, 400, "{body}");
    assert!(error_of(&body).contains("line 1, column"), "malformed JSON says where: {body}");
    let (status, body) = server.post("/api/join", None, "not json at all");
    assert_eq!(status, 400, "{body}");
    let (status, body) = server.post("/api/events", Some(&token), r#"{"events": [], "admin": true}"#);
    assert_eq!(status, 400, "unknown fields are refused: {body}");

    let huge = format!(r#"{{"events": [], "padding": "{}"}}"#, "x".repeat(200 * 1024));
    let (status, body) = server.post("/api/events", Some(&token), &huge);
    assert_eq!(status, 413, "{body}");
    assert!(error_of(&body).contains("larger than 65536 bytes"), "{body}");

    let many: Vec<_> = (0..101).map(|_| event("hint", "borrow1", None)).collect();
    let (status, body) = server.post_events(&token, &json!({ "events": many }));
    assert_eq!(status, 413, "{body}");
    assert!(error_of(&body).contains("at most 100"));

    let mut bad = event("attempt", "../../etc/passwd", None);
    let (status, body) = server.post_events(&token, &json!({ "events": [bad.clone()] }));
    assert_eq!(status, 422, "{body}");
    assert!(error_of(&body).contains("exercise name"));
    bad["exercise"] = json!("borrow1");
    bad["kind"] = json!("delete-everything");
    assert_eq!(server.post_events(&token, &json!({ "events": [bad] })).0, 400);

    assert_eq!(server.get("/no/such/page", None).0, 404);
    // Nothing of that was stored, and the server still answers.
    assert_eq!(server.room()["events"], 0);
    assert_eq!(server.post_events(&token, &json!({"events": [event("open", "borrow1", None)]})).0, 200);
    assert_eq!(server.room()["events"], 1);
}

#[test]
fn a_killed_server_restarts_with_every_event_its_code_and_its_tokens() {
    let dir = dir();
    let mut server = Server::start(dir.path());
    let ana = server.join("Ana");
    let mut sent = 0;
    for round in 0..20 {
        let batch: Vec<_> =
            (0..5).map(|i| event("attempt", &format!("ex{round}"), Some(&format!("E0{i}00")))).collect();
        assert_eq!(server.post_events(&ana, &json!({ "events": batch })).0, 200);
        sent += 5;
    }
    server.post_events(&ana, &json!({"events": [event("open", "ownership3", None)]}));
    sent += 1;
    let before = server.room();
    let (code, instructor) = (server.join_code.clone(), server.instructor_token.clone());
    server.kill();

    let server = Server::start(dir.path());
    assert_eq!((server.join_code.as_str(), server.instructor_token.as_str()), (code.as_str(), instructor.as_str()));
    let after = server.room();
    assert_eq!(after["events"], sent);
    assert_eq!(after["learners"], before["learners"], "the room looks the same after the restart");
    assert_eq!(server.post_events(&ana, &json!({"events": [event("pass", "ownership3", None)]})).0, 200);
    assert_eq!(server.room()["learners"][0]["done"], 1);
}

/// A run exercise that does not compile (E0382: `v` is used after it moved).
const FAILING: &str = "fn main() {\n    let v = vec![1];\n    let w = v;\n    println!(\"{:?}\", v);\n}\n";
const PASSING: &str = "fn main() {\n    println!(\"fine\");\n}\n";

#[test]
fn a_watch_keeps_its_reports_while_the_server_is_gone_and_delivers_them_when_it_is_back() {
    let dir = dir();
    let mut server = Server::start(dir.path());
    let (url, code) = (server.url.clone(), server.join_code.clone());
    let addr = url.trim_start_matches("http://").to_owned();
    server.kill();

    let mut pack = Pack::new();
    pack.exercise("moved", "test = false", FAILING, PASSING).exercise("second", "test = false", FAILING, PASSING);
    let term = Term::tutor(pack.root(), &["watch", "--classroom", &url, "--join", &code, "--name", "Ana"]);
    term.wait_for(&["Check #1 of `moved`", "E0382", "classroom: "]);
    let started = Instant::now();
    save(&pack.file("moved"), PASSING);
    term.wait_for(&["`moved` passed", "of `second`", "second.rs:4:22"]);
    assert!(started.elapsed() < Duration::from_secs(20), "the watch was not held up by the missing server");
    let queued = std::fs::read_to_string(pack.path(".tutor/classroom/outbox.jsonl")).unwrap();
    assert!(queued.lines().count() >= 4, "open, attempt, pass, open, attempt are queued on disk:\n{queued}");

    let server = Server::start_at(dir.path(), &addr);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let room = server.room();
        let ana = room["learners"].as_array().unwrap().iter().find(|l| l["name"] == "Ana").cloned();
        if let Some(ana) = ana.filter(|a| a["done"] == 1 && a["exercise"] == "second") {
            assert_eq!(ana["last_error"], "E0382");
            assert!(room["events"].as_u64().unwrap() >= queued.lines().count() as u64, "{room:#}");
            break;
        }
        assert!(Instant::now() < deadline, "the queued reports never arrived; the room is {room:#}");
        std::thread::sleep(Duration::from_millis(200));
    }
    term.wait_for(&["classroom ✓"]);
    assert_eq!(std::fs::metadata(pack.path(".tutor/classroom/outbox.jsonl")).unwrap().len(), 0, "delivered, emptied");
}

#[test]
fn the_dashboard_links_to_the_exercises_of_the_pack_it_was_started_in() {
    let mut pack = Pack::new();
    pack.exercise("moved", "test = false", FAILING, PASSING);
    let server = Server::start(pack.root());
    let (status, page) = server.get("/", None);
    assert_eq!(status, 200);
    assert!(page.contains("<title>") && page.contains("/api/room"), "the dashboard page is served");
    let (status, source) = server.get("/exercise/moved", Some(&server.instructor_token));
    assert_eq!(status, 200);
    assert!(source.starts_with(FAILING) && source.contains("// Hint: Hint for moved."), "{source}");
    let (status, body) = server.get("/exercise/nothing", Some(&server.instructor_token));
    assert_eq!(status, 404);
    assert!(error_of(&body).contains("no exercise called \"nothing\""));
    let token = server.join("Ana");
    server.post_events(&token, &json!({"events": [event("open", "moved", None)]}));
    assert_eq!(server.room()["exercises_total"], 1);

    // Outside a pack, the server says it has no exercises to show.
    let elsewhere = dir();
    let bare = Server::start(elsewhere.path());
    assert!(bare.banner.contains("Not started in an exercise folder"), "{}", bare.banner);
    assert_eq!(bare.get("/exercise/moved", Some(&bare.instructor_token)).0, 404);
    assert_eq!(bare.room()["exercises_total"], serde_json::Value::Null);
}

#[test]
fn the_server_outlives_its_terminal_and_stops_cleanly_on_sigterm() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let dir = dir();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tutor"))
        .args(["classroom", "serve", "--addr", "127.0.0.1:0", "--db", "room.sqlite"])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_owned();
    // Nobody reads what it prints any more, as when its terminal window is closed.
    drop(stdout);
    let answer = ureq::get(&format!("{url}/api/room")).config().http_status_as_error(false).build().call().unwrap();
    assert_eq!(answer.status(), 401);
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(child.id() as i32), nix::sys::signal::Signal::SIGTERM).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{:?}: {}", output.status, String::from_utf8_lossy(&output.stderr));
}

#[test]
fn exercises_are_shown_as_shipped_to_the_instructor_only_and_never_from_outside_the_pack() {
    let mut pack = Pack::new();
    pack.exercise("moved", "test = false", FAILING, PASSING).exercise("leak", "test = false", FAILING, PASSING);
    // The instructor solved `moved` in the server's folder; the tutor kept the copy as shipped.
    pack.write(".tutor/shipped/exercises/ch/moved.rs", FAILING);
    pack.write("exercises/ch/moved.rs", PASSING);
    // `leak` is a symlink to a file outside the pack.
    let outside = dir();
    std::fs::write(outside.path().join("secret.txt"), "the instructor's private notes").unwrap();
    std::fs::remove_file(pack.file("leak")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), pack.file("leak")).unwrap();
    let server = Server::start(pack.root());

    let (status, body) = server.get("/exercise/moved", None);
    assert_eq!(status, 401, "the exercise needs the instructor's token: {body}");
    let learner = server.join("Ana");
    assert_eq!(server.get("/exercise/moved", Some(&learner)).0, 401, "a learner's token is not the instructor's");

    let (status, source) = server.get("/exercise/moved", Some(&server.instructor_token));
    assert_eq!(status, 200, "{source}");
    assert!(source.starts_with(FAILING), "the shipped copy, not the instructor's solved file: {source}");

    let (status, body) = server.get("/exercise/leak", Some(&server.instructor_token));
    assert_eq!(status, 404, "{body}");
    assert!(!body.contains("private notes"), "a symlink out of the pack was followed: {body}");
    assert!(error_of(&body).contains("outside the pack"), "{body}");

    // A symlinked folder that leads out of the pack is refused too.
    drop(server);
    pack.write(
        "info.toml",
        &format!(
            "{}\n[[exercises]]\nname = \"away\"\ndir = \"elsewhere\"\ntest = false\nhint = \"h\"\n",
            pack.read("info.toml")
        ),
    );
    std::fs::write(outside.path().join("away.rs"), "fn main() { /* not the pack's */ }\n").unwrap();
    std::os::unix::fs::symlink(outside.path(), pack.path("exercises/elsewhere")).unwrap();
    let server = Server::start(pack.root());
    let (status, body) = server.get("/exercise/away", Some(&server.instructor_token));
    assert_eq!(status, 404, "{body}");
    assert!(!body.contains("not the pack's"), "{body}");
}

#[test]
fn look_alike_names_are_refused_or_count_as_the_same_name() {
    let dir = dir();
    let server = Server::start(dir.path());
    server.join("Ana");
    server.join("äna");
    let join =
        |name: &str| server.post("/api/join", None, &json!({"code": server.join_code, "name": name}).to_string());

    for invisible in ["Ana\u{200b}", "A\u{200d}na", "\u{feff}Ana", "\u{202e}anA", "An\u{2066}a\u{2069}", "Ana\u{00ad}"]
    {
        let (status, body) = join(invisible);
        assert_eq!(status, 400, "{invisible:?} was accepted: {body}");
        assert!(error_of(&body).contains("invisible"), "{body}");
    }
    // Same name once normalised (NFKC) and compared without case.
    for same in ["Ａｎａ", "ANA", "ÄNA", "A\u{308}na"] {
        let (status, body) = join(same);
        assert_eq!(status, 409, "{same:?} was taken for a new learner: {body}");
    }
    let (status, body) = join("Ｂｏ");
    assert_eq!(status, 200, "{body}");
    assert_eq!(serde_json::from_str::<serde_json::Value>(&body).unwrap()["name"], "Bo", "stored normalised");
    let names: Vec<String> =
        server.room()["learners"].as_array().unwrap().iter().map(|l| l["name"].as_str().unwrap().into()).collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.contains(&"Bo".to_owned()), "{names:?}");
}

#[test]
fn a_file_the_tutor_did_not_create_is_never_taken_for_a_new_room() {
    let dir = dir();
    for (what, bytes) in [("empty", &b""[..]), ("text", &b"my notes, not a database\n"[..])] {
        let db = dir.path().join(format!("{what}.sqlite"));
        std::fs::write(&db, bytes).unwrap();
        let (code, stderr) = support::classroom::refused(dir.path(), &db);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(stderr.starts_with("error: ") && !stderr.contains("panicked"), "{stderr}");
        assert!(stderr.contains(&db.display().to_string()), "the message names the file: {stderr}");
        assert_eq!(std::fs::read(&db).unwrap(), bytes, "the {what} file was changed");
    }
    // A file that does not exist yet starts a room.
    let server = Server::start(dir.path());
    server.join("Ana");
}

#[test]
fn a_second_server_on_the_same_database_is_refused_and_names_the_first() {
    let dir = dir();
    let first = Server::start(dir.path());
    let (code, stderr) = support::classroom::refused(dir.path(), &first.db);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains(&first.db.display().to_string()), "{stderr}");
    assert!(stderr.contains(&first.url), "the message names the first server's address: {stderr}");
    // The first one goes on serving its room.
    first.join("Ana");
    assert_eq!(first.room()["learners"].as_array().unwrap().len(), 1);
}

#[test]
fn a_damaged_database_is_named_in_the_error() {
    let dir = dir();
    let mut server = Server::start(dir.path());
    let ana = server.join("Ana");
    let batch: Vec<_> = (0..100).map(|i| event("attempt", &format!("ex{i}"), Some("E0382"))).collect();
    assert_eq!(server.post_events(&ana, &json!({ "events": batch })).0, 200);
    server.stop();
    let db = server.db.clone();
    // Everything after the first page (the schema) is overwritten: the learners' and events' pages are garbage.
    let mut bytes = std::fs::read(&db).unwrap();
    assert!(bytes.len() > 4096 * 3, "the room's file is {} bytes", bytes.len());
    for byte in &mut bytes[4096..] {
        *byte = 0xa5;
    }
    std::fs::write(&db, &bytes).unwrap();
    let (code, stderr) = support::classroom::refused(dir.path(), &db);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.starts_with("error: ") && !stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains(&db.display().to_string()), "the message names the --db file: {stderr}");
}

#[test]
fn clocks_and_echoes_stay_sensible() {
    let dir = dir();
    let server = Server::start(dir.path());
    server.join("Quiet");
    let ana = server.join("Ana");
    let mut ancient = event("open", "borrow1", None);
    ancient["at_ms"] = json!(0);
    assert_eq!(server.post_events(&ana, &json!({ "events": [ancient] })).0, 200);
    let room = server.room();
    let row = |name: &str| room["learners"].as_array().unwrap().iter().find(|l| l["name"] == name).unwrap().clone();
    assert!(row("Quiet")["idle_secs"].as_u64().unwrap() < 60, "joined just now: {room:#}");
    assert!(row("Ana")["on_exercise_secs"].as_u64().unwrap() < 60, "not stuck since 1970: {room:#}");

    let mut long = event("open", "borrow1", None);
    long["id"] = json!("f".repeat(60 * 1024));
    let (status, body) = server.post_events(&ana, &json!({ "events": [long] }));
    assert_eq!(status, 422, "{body}");
    assert!(body.len() < 300 && error_of(&body).contains("…"), "the id is cut: {body}");
    let mut long = event("open", "borrow1", None);
    long["kind"] = json!("k".repeat(60 * 1024));
    let (status, body) = server.post_events(&ana, &json!({ "events": [long] }));
    assert_eq!(status, 400, "{body}");
    assert!(body.len() < 400, "the kind is cut: {body}");
    let (status, body) = server.get(&format!("/exercise/{}", "x".repeat(4000)), Some(&server.instructor_token));
    assert_eq!(status, 404);
    assert!(body.len() < 300, "{body}");
}
