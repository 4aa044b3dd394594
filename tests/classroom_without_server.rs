//! The learner's install (without the `classroom-server` feature): `tutor classroom serve` is still a command, and
//! says how to install the server. Run by `cargo test --locked` (default features); with the feature it has nothing
//! to check.
#![cfg(not(feature = "classroom-server"))]

mod support;

#[test]
fn serve_without_the_server_feature_says_how_to_install_it() {
    let dir = tempfile::Builder::new().prefix("tutor-no-server-").tempdir().unwrap();
    let ran = support::run_tutor(dir.path(), &["classroom", "serve", "--db", "room.sqlite"], &[]).clean_error();
    assert_eq!(ran.code, Some(1));
    let ran = ran.stderr_has("cargo install --locked --path . --features classroom-server");
    assert_eq!(ran.stderr.trim().lines().count(), 1, "one paragraph: {}", ran.stderr);
    assert!(!dir.path().join("room.sqlite").exists(), "nothing was created");
}
