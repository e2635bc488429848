//! docktor's languages: which one is used, and docktor's own words in it.
//!
//! Lessons carry their translations beside `lesson.md` (see `lesson::translation`); this module
//! is for every text docktor itself writes (the tutor, the command line, verdicts, reports).
//! Each language has a catalogue (`assets/i18n/LANG/*.toml`) that maps the English text, as the
//! source writes it in [`tr!`] or [`trf!`], to its translation; anything missing is English.

mod catalogue;

use std::fmt;
use std::sync::atomic::{AtomicU8, Ordering};

use serde::{Deserialize, Serialize};

/// A language docktor speaks.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Sv,
    Nl,
    Nb,
}

impl Lang {
    /// Every language, in the order the tutor's switch key walks them.
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Sv, Lang::Nl, Lang::Nb];

    /// The code used in file names and on the command line (`sv` in `lesson.sv.md`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Sv => "sv",
            Lang::Nl => "nl",
            Lang::Nb => "nb",
        }
    }

    /// The language's name in its own words.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Sv => "Svenska",
            Lang::Nl => "Nederlands",
            Lang::Nb => "Norsk bokmål",
        }
    }

    /// The language's name in the current language ("svenska" in Swedish, "Zweeds" in Dutch),
    /// for sentences that name it.
    pub fn local_name(self) -> &'static str {
        match self {
            Lang::En => crate::tr!("English"),
            Lang::Sv => crate::tr!("Swedish"),
            Lang::Nl => crate::tr!("Dutch"),
            Lang::Nb => crate::tr!("Norwegian Bokmål"),
        }
    }

    /// Reads a language code or a locale (`sv`, `SV`, `sv_SE.UTF-8`, `nb-NO`, `no`, `nn`);
    /// `C` and `POSIX` are English. `None` for a language docktor does not have.
    pub fn parse(text: &str) -> Option<Lang> {
        let text = text.trim();
        let base = text
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match base.as_str() {
            "en" | "c" | "posix" => Some(Lang::En),
            "sv" => Some(Lang::Sv),
            "nl" => Some(Lang::Nl),
            // Nynorsk readers read Bokmål; docktor has no Nynorsk of its own.
            "nb" | "no" | "nn" => Some(Lang::Nb),
            _ => None,
        }
    }

    /// The next language, for the tutor's switch key.
    pub fn next(self) -> Lang {
        let at = Lang::ALL.iter().position(|&l| l == self).unwrap_or(0);
        Lang::ALL[(at + 1) % Lang::ALL.len()]
    }

    /// Every code docktor takes, for messages (`en, sv, nl, nb`).
    pub fn codes() -> String {
        Lang::ALL.map(Lang::code).join(", ")
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Where the language in use came from, for `doctor` and messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `--lang`.
    Flag,
    /// `DOCKTOR_LANG`.
    Env,
    /// The choice the tutor remembered.
    Saved,
    /// A locale variable (`LANG`, ...), named.
    Locale(&'static str),
    /// Nothing chose one.
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag => f.write_str("--lang"),
            Source::Env => f.write_str("DOCKTOR_LANG"),
            Source::Saved => f.write_str("the tutor's saved choice"),
            Source::Locale(var) => f.write_str(var),
            Source::Default => f.write_str("the default"),
        }
    }
}

/// The language chosen, where the choice came from, and a warning when a setting named a
/// language docktor does not have (it is then passed over).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub lang: Lang,
    pub source: Source,
    pub warning: Option<String>,
}

/// The locale variables that may choose a language, strongest first (as POSIX reads them).
pub const LOCALE_VARS: [&str; 3] = ["LC_ALL", "LC_MESSAGES", "LANG"];

/// Chooses the language: `flag`, else `DOCKTOR_LANG`, else the tutor's `saved` choice, else the
/// first locale variable that is set and not empty, else English. `env` reads a variable.
pub fn choose(
    flag: Option<Lang>,
    saved: Option<Lang>,
    env: impl Fn(&str) -> Option<String>,
) -> Choice {
    let mut warning = None;
    if let Some(lang) = flag {
        return Choice {
            lang,
            source: Source::Flag,
            warning,
        };
    }
    if let Some(value) = env("DOCKTOR_LANG").filter(|v| !v.trim().is_empty()) {
        match Lang::parse(&value) {
            Some(lang) => {
                return Choice {
                    lang,
                    source: Source::Env,
                    warning,
                };
            }
            None => {
                warning = Some(crate::trf!(
                    "DOCKTOR_LANG={} is not a language docktor has ({}); it is ignored",
                    value,
                    Lang::codes()
                ))
            }
        }
    }
    if let Some(lang) = saved {
        return Choice {
            lang,
            source: Source::Saved,
            warning,
        };
    }
    for var in LOCALE_VARS {
        if let Some(value) = env(var).filter(|v| !v.trim().is_empty()) {
            // The strongest variable set decides, as for every program: a locale docktor has
            // no words for is English, not the next variable's language.
            return Choice {
                lang: Lang::parse(&value).unwrap_or(Lang::En),
                source: Source::Locale(var),
                warning,
            };
        }
    }
    Choice {
        lang: Lang::En,
        source: Source::Default,
        warning,
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Makes `lang` the language of every text docktor writes from now on (all threads).
pub fn set(lang: Lang) {
    let at = Lang::ALL.iter().position(|&l| l == lang).unwrap_or(0);
    CURRENT.store(at as u8, Ordering::Relaxed);
}

thread_local! {
    /// A language for this thread only, while [`with_lang`] runs.
    static OVERRIDE: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// The language docktor writes in.
pub fn current() -> Lang {
    if let Some(lang) = OVERRIDE.with(std::cell::Cell::get) {
        return lang;
    }
    Lang::ALL
        .get(CURRENT.load(Ordering::Relaxed) as usize)
        .copied()
        .unwrap_or_default()
}

/// Runs `f` with `lang` as this thread's language, whatever [`set`] chose for the process:
/// what tests use, so that tests in other languages can run side by side.
pub fn with_lang<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    struct Restore(Option<Lang>);
    impl Drop for Restore {
        fn drop(&mut self) {
            OVERRIDE.with(|o| o.set(self.0));
        }
    }
    let _restore = Restore(OVERRIDE.with(|o| o.replace(Some(lang))));
    f()
}

/// `english` in the current language (itself when the catalogue has no translation).
/// Use [`tr!`], which takes only a literal, so the catalogue tests can find every text.
pub fn text(english: &'static str) -> &'static str {
    text_in(current(), english)
}

/// `english` in `lang`.
pub fn text_in(lang: Lang, english: &'static str) -> &'static str {
    catalogue::lookup(lang, english).unwrap_or(english)
}

/// Fills a template's placeholders: `{}` takes the next value, `{N}` the N-th (from 0);
/// `{{` and `}}` are braces. A placeholder without a value is left as written.
pub fn fill(template: &str, args: &[&dyn fmt::Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut next = 0;
    let mut chars = template.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' if chars.peek().is_some_and(|&(_, n)| n == '{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek().is_some_and(|&(_, n)| n == '}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let rest = &template[i + 1..];
                let Some(close) = rest.find('}') else {
                    out.push(c);
                    continue;
                };
                let inside = &rest[..close];
                let index = if inside.is_empty() {
                    let n = next;
                    next += 1;
                    Some(n)
                } else {
                    inside.parse::<usize>().ok()
                };
                match index.and_then(|n| args.get(n)) {
                    Some(value) => {
                        use fmt::Write as _;
                        let _ = write!(out, "{value}");
                        for _ in 0..=close {
                            chars.next();
                        }
                    }
                    None => out.push(c),
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// A text of docktor's own, in the current language: `tr!("Lessons")`.
#[macro_export]
macro_rules! tr {
    ($english:literal) => {
        $crate::i18n::text($english)
    };
}

/// A text with values, in the current language: `trf!("container `{}`", name)`. The English
/// template is checked against its values at compile time, as `format!` checks it; a
/// translation may reorder them with `{0}`, `{1}`, ...
#[macro_export]
macro_rules! trf {
    ($english:literal $(, $arg:expr)* $(,)?) => {{
        if false {
            let _ = format!($english $(, &$arg)*);
        }
        $crate::i18n::fill($crate::i18n::text($english), &[$(&$arg as &dyn ::std::fmt::Display),*])
    }};
}

#[cfg(test)]
mod tests;
