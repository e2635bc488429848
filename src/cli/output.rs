//! How the command line marks outcomes: words that read well in a log, colour only on a
//! terminal and never under NO_COLOR.

use std::fmt;
use std::io::{ErrorKind, IsTerminal, Write};

use crate::check::Outcome;

/// Whether to colour output.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    colour: bool,
}

impl Style {
    /// Colour when stdout is a terminal and NO_COLOR is unset.
    pub fn detect() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Self {
            colour: !no_color && std::io::stdout().is_terminal(),
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
pub(crate) use say;
