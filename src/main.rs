//! The `docktor` binary: parses the command line and hands over to the CLI or the tutor.

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

fn main() -> ExitCode {
    let started = Instant::now();
    let args = docktor::cli::Args::parse();
    let status = docktor::cli::run(args, started);
    ExitCode::from(status.code())
}
