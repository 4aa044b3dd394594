//! The instructor's dashboard in a real headless browser, against the real classroom server: what the page shows as
//! learners report, that learners' names stay text, and what it says without the instructor's link.
//!
//! Every wait is for something on the page (the page asks the server every 2 seconds), never for a fixed time.

mod support;

use std::time::Duration;

use serde_json::{Value, json};
use support::Pack;
use support::browser::Browser;
use support::classroom::{Server, event};

/// How long a report may take to reach the page: one or two of its 2-second polls, with room for a loaded machine.
const LIVE: Duration = Duration::from_secs(10);

#[track_caller]
fn report(server: &Server, token: &str, events: &[Value]) {
    let (status, body) = server.post_events(token, &json!({ "events": events }));
    assert_eq!(status, 200, "the server did not take the events: {body}");
}

/// The row of the learner called exactly `name`, cell by cell as the page shows them, or null.
fn row(browser: &Browser, name: &str) -> Value {
    browser.execute(
        "const row = [...document.querySelectorAll('#learners tr[data-learner]')]
             .find(r => r.dataset.learner === arguments[0]);
         if (!row) return null;
         const cell = (c) => row.querySelector('td.' + c)?.innerText.trim() ?? null;
         return { name: cell('name'), exercise: cell('exercise'), error: cell('error'), done: cell('done') };",
        &[json!(name)],
    )
}

fn learner_rows(browser: &Browser) -> u64 {
    browser.execute("return document.querySelectorAll('#learners tr[data-learner]').length", &[]).as_u64().unwrap()
}

fn scripts(browser: &Browser) -> u64 {
    browser.execute("return document.querySelectorAll('script').length", &[]).as_u64().unwrap()
}

/// The exercise the dashboard shows when the instructor clicks it.
const OWNERSHIP3: &str = "// Make it compile: `v` is used after it moved.\nfn main() {\n    let v = vec![1];\n}\n";

#[test]
fn the_dashboard_shows_learners_as_they_report_and_their_names_as_text() {
    let mut pack = Pack::new();
    pack.exercise("ownership3", "test = false", OWNERSHIP3, "fn main() {}\n");
    // The instructor solved it in the server's folder; the dashboard shows it as shipped.
    pack.write(".tutor/shipped/exercises/ch/ownership3.rs", OWNERSHIP3);
    pack.write("exercises/ch/ownership3.rs", "fn main() {} // solved\n");
    let server = Server::start(pack.root());
    let browser = Browser::start();

    browser.goto(&server.dashboard);
    browser.wait_for("the empty room's instructions", LIVE, |b| {
        let learners = b.text("#learners");
        learners.contains("No learner has joined yet") && learners.contains(&server.url)
    });
    assert!(browser.text("#errors").contains("No errors right now"), "{}", browser.text("body"));
    // The token leaves the address bar (a projector shows it), and a reload still finds it.
    assert_eq!(browser.execute("return location.href", &[]), json!(format!("{}/", server.url)));
    browser.execute("location.reload()", &[]);
    browser
        .wait_for("the room again after a reload", LIVE, |b| b.text("#learners").contains("No learner has joined yet"));
    assert_eq!(learner_rows(&browser), 0);
    let scripts_before = scripts(&browser);
    // Gone if the page reloads: everything below must arrive by the page's own updates.
    browser.execute("window.sameDocument = true", &[]);

    // Angle brackets in a name: rendered as markup, they would be an element and not text.
    let name = "Ana <script>";
    let ana = server.join(name);
    report(&server, &ana, &[event("open", "ownership3", None), event("attempt", "ownership3", Some("E0382"))]);
    browser.wait_for("Ana's row, stuck on E0382 in ownership3", LIVE, |b| {
        let row = row(b, name);
        row["exercise"] == "ownership3" && row["error"] == "E0382"
    });
    assert_eq!(row(&browser, name)["name"], name, "the name cell shows the name as typed");
    browser.wait_for("E0382 in the room's errors", LIVE, |b| !b.text("#errors li[data-code='E0382']").is_empty());
    let error = browser.execute(
        "const li = document.querySelector('#errors li[data-code=\"E0382\"]');
         return { count: li.querySelector('.count').innerText, text: li.innerText };",
        &[],
    );
    assert_eq!(error["count"], "1 learner", "{error}");
    assert!(error["text"].as_str().unwrap().contains("ownership3"), "{error}");
    assert_eq!(scripts(&browser), scripts_before, "a learner's name added a script element to the page");
    assert_eq!(learner_rows(&browser), 1);

    // The exercise opens on the page, fetched with the instructor's token.
    browser.execute(
        "[...document.querySelectorAll('#learners tr[data-learner]')].find(r => r.dataset.learner === arguments[0])
             .querySelector('td.exercise button').click()",
        &[json!(name)],
    );
    browser.wait_for("ownership3 as shipped in the viewer", LIVE, |b| {
        b.text("#viewer-text").starts_with("// Make it compile") && b.text("#viewer-text").contains("Hint for")
    });
    assert_eq!(browser.execute("return byId('viewer').open", &[]), true);
    assert!(!browser.text("#viewer-text").contains("solved"), "{}", browser.text("#viewer-text"));
    browser.execute("byId('viewer-close').click()", &[]);
    assert_eq!(browser.execute("return byId('viewer').open", &[]), false);

    let bo = server.join("Bo");
    report(&server, &bo, &[event("open", "intro1", None), event("pass", "intro1", None)]);
    browser.wait_for("Bo's row with one exercise done", LIVE, |b| {
        let done = row(b, "Bo")["done"].as_str().unwrap_or_default().to_owned();
        // "1/1": the server knows the pack.
        done == "1/1"
    });
    assert_eq!(learner_rows(&browser), 2);
    assert_eq!(row(&browser, name)["error"], "E0382", "Ana's row is still there");
    // A loom failure comes with the lines its failing interleaving runs through.
    let mut raced = event("attempt", "intro1", Some("loom-assertion"));
    raced["lines"] = json!([36, 37]);
    let cy = server.join("Cy");
    report(&server, &cy, &[event("open", "intro1", None), raced]);
    browser.wait_for("Cy's row with the lines of the race", LIVE, |b| {
        row(b, "Cy")["error"] == "loom-assertion (lines 36, 37)"
    });
    assert_eq!(browser.execute("return window.sameDocument ?? false", &[]), true, "the page reloaded");
}

#[test]
fn the_dashboard_without_the_instructor_link_says_so_and_shows_no_one() {
    let db = tempfile::Builder::new().prefix("tutor-dashboard-").tempdir().expect("temporary folder");
    let server = Server::start(db.path());
    // Someone is in the room, so that a page that showed the room without the token would show a row.
    let ana = server.join("Ana");
    report(&server, &ana, &[event("open", "ownership3", None)]);
    let browser = Browser::start();

    browser.goto(&format!("{}/", server.url));
    browser
        .wait_for("the page to ask for the instructor link", LIVE, |b| b.text("#status").contains("instructor link"));
    assert_eq!(learner_rows(&browser), 0);

    browser.goto("about:blank");
    browser.goto(&format!("{}/#token={}", server.url, "0".repeat(32)));
    browser.wait_for("the page to say the server refused the token", LIVE, |b| {
        let status = b.text("#status");
        status.contains("refused") && status.contains("instructor link")
    });
    assert_eq!(learner_rows(&browser), 0);

    // Pasting the right link into the same tab shows the room, without a reload.
    browser.execute("location.hash = arguments[0]", &[json!(format!("#token={}", server.instructor_token))]);
    browser.wait_for("Ana's row once the link is right", LIVE, |b| row(b, "Ana")["exercise"] == "ownership3");
    assert!(!browser.text("#status").contains("instructor link"), "{}", browser.text("#status"));
}
