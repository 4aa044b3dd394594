//! The command line's dispatcher: which command runs what. The commands themselves are in [`learn`] (the learner's
//! everyday commands) and [`report`] (lists and progress); the watch, init, doctor, the classroom and the pack
//! authors' tools have modules of their own. Nothing imports this module but `main`.

mod learn;
mod report;

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{ClassroomCommand, Cli, Command, DevCommand};
use crate::watch;

pub fn dispatch(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        // In a terminal, `tutor` alone is the watch screen; piped or scripted, it prints where the learner is.
        None if watch::interactive() => watch::run(watch::Options::default()),
        None => report::overview(),
        Some(Command::Watch { poll, edit_cmd, classroom }) => {
            watch::run(watch::Options { poll, classroom, edit: edit_cmd })
        }
        Some(Command::Progress { json }) => report::progress(json),
        Some(Command::List) => report::list(),
        Some(Command::Init { dir, no_fetch }) => crate::init::init(&dir, !no_fetch),
        Some(Command::Doctor) => crate::doctor::doctor(),
        Some(Command::Classroom { command: ClassroomCommand::Serve { addr, db } }) => {
            crate::classroom::server::serve(&addr, &db)
        }
        Some(Command::Classroom { command: ClassroomCommand::Simulate { url, join, token, learners, seconds } }) => {
            crate::classroom::simulate::simulate(&url, &join, &token, learners, seconds)
        }
        Some(Command::Run { name }) => learn::run(name.as_deref()),
        Some(Command::Hint { name, all }) => learn::hint(name.as_deref(), all),
        Some(Command::Explain { what }) => learn::explain(what.as_deref()),
        Some(Command::Reset { name, checks }) => learn::reset(&name, checks),
        Some(Command::Verify) => learn::verify(),
        Some(Command::Dev { command: DevCommand::Check { jobs, require_solutions, strict } }) => {
            crate::dev::check(crate::dev::CheckOptions { jobs, require_solutions: require_solutions || strict, strict })
        }
        Some(Command::Dev { command: DevCommand::Update }) => crate::dev::update(),
        Some(Command::Dev { command: DevCommand::Grade { name, file, runs } }) => crate::dev::grade(&name, &file, runs),
    }
}
