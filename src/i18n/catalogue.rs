//! The catalogues: every bundled translation of docktor's own texts, read once per language.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::Lang;

/// One catalogue file: its path (for test messages) and its text.
pub(crate) type File = (&'static str, &'static str);

macro_rules! files {
    ($lang:literal) => {
        &[
            (
                concat!("assets/i18n/", $lang, "/tutor.toml"),
                include_str!(concat!("../../assets/i18n/", $lang, "/tutor.toml")),
            ),
            (
                concat!("assets/i18n/", $lang, "/cli.toml"),
                include_str!(concat!("../../assets/i18n/", $lang, "/cli.toml")),
            ),
            (
                concat!("assets/i18n/", $lang, "/verdicts.toml"),
                include_str!(concat!("../../assets/i18n/", $lang, "/verdicts.toml")),
            ),
            (
                concat!("assets/i18n/", $lang, "/reports.toml"),
                include_str!(concat!("../../assets/i18n/", $lang, "/reports.toml")),
            ),
            (
                concat!("assets/i18n/", $lang, "/languages.toml"),
                include_str!(concat!("../../assets/i18n/", $lang, "/languages.toml")),
            ),
        ]
    };
}

/// The catalogue files of `lang` (none for English, the source's own language).
pub(crate) fn files(lang: Lang) -> &'static [File] {
    match lang {
        Lang::En => &[],
        Lang::Sv => files!("sv"),
        Lang::Nl => files!("nl"),
        Lang::Nb => files!("nb"),
    }
}

/// Reads catalogue files into one map. A file that does not parse adds nothing (its texts
/// stay English); the catalogue tests make sure none ships that way.
pub(crate) fn read(files: &[File]) -> Result<HashMap<String, String>, String> {
    let mut map = HashMap::new();
    let mut problems = Vec::new();
    for (path, text) in files {
        match toml::from_str::<HashMap<String, String>>(text) {
            Ok(entries) => map.extend(entries),
            Err(e) => problems.push(format!("{path}: {}", e.message())),
        }
    }
    if problems.is_empty() {
        Ok(map)
    } else {
        Err(problems.join("\n"))
    }
}

static SV: OnceLock<HashMap<String, String>> = OnceLock::new();
static NL: OnceLock<HashMap<String, String>> = OnceLock::new();
static NB: OnceLock<HashMap<String, String>> = OnceLock::new();

fn map(lang: Lang) -> Option<&'static HashMap<String, String>> {
    let cell = match lang {
        Lang::En => return None,
        Lang::Sv => &SV,
        Lang::Nl => &NL,
        Lang::Nb => &NB,
    };
    Some(cell.get_or_init(|| {
        // A broken file keeps its neighbours: read them one by one.
        files(lang)
            .iter()
            .filter_map(|file| read(std::slice::from_ref(file)).ok())
            .flatten()
            .collect()
    }))
}

/// The translation of `english` into `lang`, if its catalogue has one.
pub(crate) fn lookup(lang: Lang, english: &str) -> Option<&'static str> {
    map(lang)?
        .get(english)
        .map(String::as_str)
        .filter(|t| !t.is_empty())
}
