//! The `docktor` binary: parses the command line and hands over to the CLI or the tutor.

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

fn main() -> ExitCode {
    let started = Instant::now();
    explain_panics();
    let args = docktor::cli::Args::parse();
    let status = docktor::cli::run(args, started);
    ExitCode::from(status.code())
}

/// A bug should read as one: a plain sentence, not a Rust debug dump, unless a developer asks
/// for the backtrace. The tutor adds its own hook in front of this one to restore the terminal.
fn explain_panics() {
    let rust_report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::env::var_os("RUST_BACKTRACE").is_some() {
            rust_report(info);
            return;
        }
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".to_owned());
        eprintln!(
            "docktor stopped on an internal error{place}: {what}\nThis is a bug in docktor, not a mistake in your work; your progress was saved as of your last change.\nPlease report it with the command you ran (set RUST_BACKTRACE=1 for details)."
        );
    }));
}
