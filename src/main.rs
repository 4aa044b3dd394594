//! `tutor`: an interactive Rust tutor for ownership, borrowing and safe concurrency.

use std::process::ExitCode;

use clap::Parser;

mod canonical;
mod catalogue;
mod classroom;
mod cli;
mod commands;
mod compile;
mod dev;
mod diagnostics;
mod doctor;
mod embedded;
mod files;
mod grade;
mod init;
mod manifest;
mod process;
mod rules;
mod state;
mod toolchain;
mod verdict;
mod view;
mod watch;
mod workspace;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::dispatch(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("{} {error:#}", console::style("error:").red().bold());
            ExitCode::FAILURE
        }
    }
}
