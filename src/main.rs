//! The `sempatch` binary: a thin wrapper over the library.

mod cli;
mod review_cmd;

use clap::Parser;

fn main() -> std::process::ExitCode {
    cli::run(cli::Cli::parse())
}
