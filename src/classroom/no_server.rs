//! `tutor classroom serve` in a tutor built without the `classroom-server` feature (the learner's install): the
//! command exists, so that an instructor who tries it is told how to get the server.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};

const NO_SERVER: &str = "this tutor was installed without the classroom server, which only instructors need (it \
    brings a web server and SQLite into the build). In the tutor's source folder, install it with `cargo install \
    --locked --path . --features classroom-server`, then run `tutor classroom serve` again";

pub fn serve(_addr: &str, _db: &Path) -> Result<ExitCode> {
    bail!(NO_SERVER)
}
