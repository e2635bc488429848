//! The one place that decides whether output is coloured: `--color`, then `NO_COLOR`, then
//! `CLICOLOR_FORCE`, then `CLICOLOR`, then whether the stream is a terminal (and not `dumb`).
//! The command line uses it for its own output; the tutor can call [`wants_colour`] too.

use std::ffi::OsString;
use std::io::IsTerminal;
use std::sync::OnceLock;

/// `--color auto|always|never`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless the environment says otherwise.
    #[default]
    Auto,
    /// Always colour, even into a pipe or file.
    Always,
    /// Never colour.
    Never,
}

/// The choice made on the command line, set once when the command line is read.
static CHOICE: OnceLock<ColorChoice> = OnceLock::new();

/// Records `--color` for the rest of the process (the first call wins).
pub fn set_choice(choice: ColorChoice) {
    let _ = CHOICE.set(choice);
}

/// Whether standard output should be coloured, by this process's `--color` and environment.
pub fn stdout_wants_colour() -> bool {
    let choice = CHOICE.get().copied().unwrap_or_default();
    wants_colour(choice, std::io::stdout().is_terminal(), |k| {
        std::env::var_os(k)
    })
}

/// The decision itself, pure so it can be tested: an explicit `always` or `never` wins; then
/// `NO_COLOR` (set, non-empty) turns colour off; `CLICOLOR_FORCE` (set, not `0`) turns it on
/// even off a terminal; `CLICOLOR=0` turns it off; otherwise colour on a terminal whose `TERM`
/// is not `dumb`. See <https://no-color.org> and <https://bixense.com/clicolors/>.
pub fn wants_colour(
    choice: ColorChoice,
    is_terminal: bool,
    env: impl Fn(&str) -> Option<OsString>,
) -> bool {
    let set = |key: &str| env(key).filter(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if set("NO_COLOR").is_some() {
                false
            } else if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
                true
            } else if set("CLICOLOR").is_some_and(|v| v == "0") {
                false
            } else {
                is_terminal && set("TERM").is_none_or(|t| t != "dumb")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |key| {
            vars.iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn the_flag_beats_every_variable() {
        let loud = with(&[("NO_COLOR", "1"), ("CLICOLOR", "0")]);
        assert!(wants_colour(ColorChoice::Always, false, &loud));
        let forced = with(&[("CLICOLOR_FORCE", "1")]);
        assert!(!wants_colour(ColorChoice::Never, true, &forced));
    }

    #[test]
    fn no_color_beats_clicolor_force_and_force_beats_a_pipe() {
        let both = with(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]);
        assert!(!wants_colour(ColorChoice::Auto, true, &both));
        let forced = with(&[("CLICOLOR_FORCE", "1")]);
        assert!(wants_colour(ColorChoice::Auto, false, &forced));
        let not_forced = with(&[("CLICOLOR_FORCE", "0")]);
        assert!(!wants_colour(ColorChoice::Auto, false, &not_forced));
    }

    #[test]
    fn auto_colours_a_terminal_unless_clicolor_is_0_or_term_is_dumb() {
        assert!(wants_colour(ColorChoice::Auto, true, with(&[])));
        assert!(!wants_colour(ColorChoice::Auto, false, with(&[])));
        assert!(!wants_colour(
            ColorChoice::Auto,
            true,
            with(&[("CLICOLOR", "0")])
        ));
        assert!(!wants_colour(
            ColorChoice::Auto,
            true,
            with(&[("TERM", "dumb")])
        ));
        assert!(wants_colour(
            ColorChoice::Auto,
            true,
            with(&[("NO_COLOR", "")])
        ));
    }
}
