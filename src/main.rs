//! `tutor`: an interactive Rust tutor for ownership, borrowing and safe concurrency.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

mod canonical;
mod cargo;
mod catalogue;
mod classroom;
mod cli;
mod commands;
mod compile;
mod dev;
mod diagnostics;
mod doctor;
mod embedded;
mod explain;
mod files;
mod grade;
mod hints;
mod init;
mod manifest;
mod process;
mod rules;
mod session;
mod style;
mod timeline;
mod toolchain;
mod verdict;
mod view;
mod watch;
mod workspace;

fn main() -> ExitCode {
    // The keys of the watch come from its table of bindings, so that the help cannot tell another story.
    let command = cli::Cli::command().mut_subcommand("watch", |watch| watch.after_help(watch::help_line()));
    let cli = match command.try_get_matches().and_then(|matches| cli::Cli::from_arg_matches(&matches)) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    cli::set_verbose(cli.verbose);
    match commands::dispatch(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("{} {error:#}", console::style("error:").red().bold());
            ExitCode::FAILURE
        }
    }
}
