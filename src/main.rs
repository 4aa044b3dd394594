//! `tutor`: an interactive Rust tutor for ownership, borrowing and safe concurrency.

use std::process::ExitCode;

use clap::Parser;

mod catalogue;
mod classroom;
mod cli;
mod commands;
mod dev;
mod diagnostics;
mod doctor;
mod embedded;
mod grade;
mod init;
mod manifest;
mod process;
mod state;
mod timeline;
mod toolchain;
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
