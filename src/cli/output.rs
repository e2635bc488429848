//! How the command line marks outcomes: words that read well in a log, colour as
//! [`super::color`] decides (a terminal, `--color`, `NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE`).

use std::fmt;
use std::io::{ErrorKind, Write};

use crate::check::{Outcome, Verdict};

/// Whether to colour output.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    colour: bool,
}

impl Style {
    /// Colour as `--color` and the environment decide for standard output.
    pub fn detect() -> Self {
        Self {
            colour: super::color::stdout_wants_colour(),
        }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    pub fn pass(self, text: &str) -> String {
        self.paint("32", text)
    }

    pub fn fail(self, text: &str) -> String {
        self.paint("31", text)
    }

    pub fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }
}

/// The word in front of a verdict: `pass`, `FAIL` or `error`.
pub fn mark(style: &Style, outcome: Outcome) -> String {
    match outcome {
        Outcome::Pass => style.pass("pass "),
        Outcome::Fail => style.fail("FAIL "),
        Outcome::Error => style.fail("error"),
        Outcome::NotRun => style.fail("skip "),
    }
}

/// One verdict as `check` and `watch` print it, with the author's note under a failure.
pub fn say_verdict(style: &Style, v: &Verdict) {
    if v.outcome == Outcome::Error {
        say!(
            "  {}",
            trf!(
                "{} {} could not be graded: {}",
                mark(style, v.outcome),
                v.subject,
                v.message
            )
        );
        return;
    }
    say!("  {} {}", mark(style, v.outcome), v.message);
    if let Some(note) = &v.author_message {
        say!("      {note}");
    }
}

/// Prints one line on stdout. When the reader has gone (`docktor list | head`), docktor ends
/// quietly instead of failing on the closed pipe.
pub fn say_line(line: fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = writeln!(out, "{line}").and_then(|()| out.flush())
        && e.kind() == ErrorKind::BrokenPipe
    {
        std::process::exit(0);
    }
}

/// `println!` for the command line, through [`say_line`].
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::output::say_line(format_args!($($arg)*))
    };
}
use crate::trf;
pub(crate) use say;
