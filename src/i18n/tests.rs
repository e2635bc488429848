use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::*;

fn env_of(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let vars: Vec<(String, String)> = vars
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

#[test]
fn the_flag_wins_over_every_setting() {
    let env = env_of(&[("DOCKTOR_LANG", "nl"), ("LANG", "nb_NO.UTF-8")]);
    let choice = choose(Some(Lang::Sv), Some(Lang::Nb), env);
    assert_eq!((choice.lang, choice.source), (Lang::Sv, Source::Flag));
}

#[test]
fn docktor_lang_wins_over_the_saved_choice_and_the_locale() {
    let env = env_of(&[("DOCKTOR_LANG", "nl"), ("LANG", "nb_NO.UTF-8")]);
    let choice = choose(None, Some(Lang::Sv), env);
    assert_eq!((choice.lang, choice.source), (Lang::Nl, Source::Env));
}

#[test]
fn the_saved_choice_wins_over_the_locale() {
    let env = env_of(&[("LANG", "nb_NO.UTF-8")]);
    let choice = choose(None, Some(Lang::Sv), env);
    assert_eq!((choice.lang, choice.source), (Lang::Sv, Source::Saved));
}

#[test]
fn the_locale_is_read_from_lc_all_then_lc_messages_then_lang() {
    let all = env_of(&[
        ("LC_ALL", "sv_SE.UTF-8"),
        ("LC_MESSAGES", "nl_NL"),
        ("LANG", "nb_NO"),
    ]);
    assert_eq!(choose(None, None, all).lang, Lang::Sv);
    let messages = env_of(&[("LC_ALL", ""), ("LC_MESSAGES", "nl_NL"), ("LANG", "nb_NO")]);
    let choice = choose(None, None, messages);
    assert_eq!(
        (choice.lang, choice.source),
        (Lang::Nl, Source::Locale("LC_MESSAGES"))
    );
    let lang = env_of(&[("LANG", "nb_NO.UTF-8")]);
    assert_eq!(choose(None, None, lang).lang, Lang::Nb);
}

#[test]
fn a_locale_docktor_has_no_words_for_is_english_not_the_next_variable() {
    let env = env_of(&[("LC_ALL", "de_DE.UTF-8"), ("LANG", "sv_SE.UTF-8")]);
    let choice = choose(None, None, env);
    assert_eq!(
        (choice.lang, choice.source),
        (Lang::En, Source::Locale("LC_ALL"))
    );
}

#[test]
fn nothing_set_is_english() {
    let choice = choose(None, None, env_of(&[]));
    assert_eq!((choice.lang, choice.source), (Lang::En, Source::Default));
}

#[test]
fn an_unknown_docktor_lang_is_passed_over_with_a_warning() {
    let env = env_of(&[("DOCKTOR_LANG", "klingon"), ("LANG", "sv_SE.UTF-8")]);
    let choice = choose(None, None, env);
    assert_eq!(choice.lang, Lang::Sv);
    let warning = choice.warning.expect("a warning");
    assert!(
        warning.contains("klingon") && warning.contains("en, sv, nl, nb"),
        "{warning}"
    );
}

#[test]
fn codes_and_locales_name_languages() {
    assert_eq!(Lang::parse("sv"), Some(Lang::Sv));
    assert_eq!(Lang::parse("SV"), Some(Lang::Sv));
    assert_eq!(Lang::parse("sv_SE.UTF-8"), Some(Lang::Sv));
    assert_eq!(Lang::parse("nl-BE"), Some(Lang::Nl));
    assert_eq!(Lang::parse("no"), Some(Lang::Nb));
    assert_eq!(Lang::parse("nn_NO"), Some(Lang::Nb));
    assert_eq!(Lang::parse("C.UTF-8"), Some(Lang::En));
    assert_eq!(Lang::parse("POSIX"), Some(Lang::En));
    assert_eq!(Lang::parse("de"), None);
    assert_eq!(Lang::parse(""), None);
}

#[test]
fn the_switch_key_walks_every_language_and_comes_back() {
    let mut seen = vec![Lang::En];
    let mut lang = Lang::En.next();
    while lang != Lang::En {
        seen.push(lang);
        lang = lang.next();
    }
    assert_eq!(seen, Lang::ALL.to_vec());
}

#[test]
fn fill_puts_values_in_order_or_by_index() {
    assert_eq!(fill("{} is {}", &[&"web", &"running"]), "web is running");
    assert_eq!(fill("{1} har {0}", &[&"a", &"b"]), "b har a");
    assert_eq!(fill("{{literal}} {}", &[&1]), "{literal} 1");
    assert_eq!(fill("missing {}", &[]), "missing {}");
    assert_eq!(fill("unclosed {", &[&1]), "unclosed {");
    assert_eq!(fill("ünïcode {} ✔", &[&"x"]), "ünïcode x ✔");
}

#[test]
fn trf_falls_back_to_english_for_a_text_no_catalogue_has() {
    // No catalogue holds this text, so every language shows the English, filled in.
    let text = trf!("a text for the fallback test: {} and {}", "one", 2);
    assert_eq!(text, "a text for the fallback test: one and 2");
    assert_eq!(
        text_in(Lang::Nb, "a text for the fallback test"),
        "a text for the fallback test"
    );
}

/// The placeholders of a template, as the values they take (0-based), in order of use.
fn placeholders(template: &str) -> Result<Vec<usize>, String> {
    let mut out = Vec::new();
    let mut next = 0;
    let mut sequential = false;
    let mut indexed = false;
    let bytes = template.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' if bytes.get(i + 1) == Some(&b'{') => i += 2,
            b'}' if bytes.get(i + 1) == Some(&b'}') => i += 2,
            b'{' => {
                let close = template[i..]
                    .find('}')
                    .ok_or_else(|| format!("an unclosed `{{` in {template:?}"))?;
                let inside = &template[i + 1..i + close];
                if inside.is_empty() {
                    sequential = true;
                    out.push(next);
                    next += 1;
                } else {
                    indexed = true;
                    out.push(inside.parse::<usize>().map_err(|_| {
                        format!("`{{{inside}}}` in {template:?} is not `{{}}` or `{{N}}`")
                    })?);
                }
                i += close + 1;
            }
            _ => i += 1,
        }
    }
    if sequential && indexed {
        return Err(format!("{template:?} mixes `{{}}` and `{{N}}`"));
    }
    Ok(out)
}

/// Reads a Rust string literal at the start of `code` (plain or raw); `None` if there is none.
fn literal(code: &str) -> Option<String> {
    let code = code.trim_start();
    if let Some(raw) = code.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let body = raw[hashes..].strip_prefix('"')?;
        let end = body.find(&format!("\"{}", "#".repeat(hashes)))?;
        return Some(body[..end].to_owned());
    }
    let body = code.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                '0' => out.push('\0'),
                '\\' => out.push('\\'),
                '"' => out.push('"'),
                '\'' => out.push('\''),
                'u' => {
                    let rest: String = chars.by_ref().take_while(|&c| c != '}').collect();
                    let hex = rest.trim_start_matches('{');
                    out.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
                }
                '\n' => {
                    // A line continuation: the newline and the next line's indent vanish.
                    let rest: String = chars.clone().collect();
                    let skip = rest.len() - rest.trim_start().len();
                    for _ in 0..rest[..skip].chars().count() {
                        chars.next();
                    }
                }
                other => {
                    out.push('\\');
                    out.push(other);
                }
            },
            c => out.push(c),
        }
    }
    None
}

/// Every text the source hands to `tr!` or `trf!`, with the first file that uses it.
fn source_texts() -> BTreeMap<String, String> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    walk(&root.join("src"), &mut files);
    files.sort();
    let mut texts = BTreeMap::new();
    for file in files {
        // This file's own examples are not texts docktor shows.
        if file.ends_with("i18n/tests.rs") {
            continue;
        }
        let code = std::fs::read_to_string(&file).expect("read source");
        for marker in ["tr!(", "trf!("] {
            let mut from = 0;
            while let Some(at) = code[from..].find(marker) {
                let start = from + at + marker.len();
                from = start;
                // `ptr!(` or `attr!(` are not ours.
                let before = code[..start - marker.len()].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                // Nor are examples in comments.
                let line_start = code[..start].rfind('\n').map_or(0, |i| i + 1);
                if code[line_start..start].trim_start().starts_with("//") {
                    continue;
                }
                let text = literal(&code[start..]).unwrap_or_else(|| {
                    panic!(
                        "{}: `{marker}` must be followed by a string literal",
                        file.display()
                    )
                });
                let rel = file.strip_prefix(root).unwrap_or(&file);
                texts
                    .entry(text)
                    .or_insert_with(|| rel.display().to_string());
            }
        }
    }
    texts
}

fn bundled() -> Vec<(Lang, HashMap<String, String>)> {
    Lang::ALL
        .into_iter()
        .filter(|&l| l != Lang::En)
        .map(|lang| {
            let map = catalogue::read(catalogue::files(lang))
                .unwrap_or_else(|problems| panic!("a catalogue does not parse:\n{problems}"));
            (lang, map)
        })
        .collect()
}

use std::collections::HashMap;

#[test]
fn every_catalogue_file_parses() {
    for lang in Lang::ALL {
        for file in catalogue::files(lang) {
            if let Err(problem) = catalogue::read(std::slice::from_ref(file)) {
                panic!("{problem}");
            }
        }
    }
}

#[test]
fn the_source_reads_its_texts_with_tr_and_trf() {
    // The scan must see the texts: if it found none, it would prove nothing.
    let texts = source_texts();
    assert!(!texts.is_empty(), "no `tr!` or `trf!` found in src/");
}

#[test]
fn a_text_in_two_catalogue_files_is_translated_alike_in_both() {
    // One English text has one translation per language: the files are merged into one map,
    // so a second, different translation would silently replace the first. Where the same
    // English means two things, the source must word them apart.
    let mut problems = Vec::new();
    for lang in Lang::ALL {
        let mut seen: BTreeMap<String, (&str, String)> = BTreeMap::new();
        for (path, text) in catalogue::files(lang) {
            let map = catalogue::read(&[(path, text)]).expect("parses");
            for (english, translated) in map {
                match seen.get(&english) {
                    Some((first, other)) if *other != translated => problems.push(format!(
                        "{english:?}: {other:?} in {first}, {translated:?} in {path}"
                    )),
                    _ => {
                        seen.insert(english, (path, translated));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_translation_has_the_placeholders_of_its_english_text() {
    let mut problems = Vec::new();
    for (lang, map) in bundled() {
        for (english, translated) in &map {
            let want: BTreeSet<usize> = match placeholders(english) {
                Ok(p) => p.into_iter().collect(),
                Err(e) => {
                    problems.push(format!("{lang}: {e}"));
                    continue;
                }
            };
            match placeholders(translated) {
                Ok(got) => {
                    let got: BTreeSet<usize> = got.into_iter().collect();
                    if got != want {
                        problems.push(format!(
                            "{lang}: {translated:?} fills {got:?}; its English {english:?} has {want:?}"
                        ));
                    }
                }
                Err(e) => problems.push(format!("{lang}: {e}")),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_source_text_uses_only_positional_placeholders() {
    // `{name}` or `{:?}` would compile in `format!` but `fill` could not fill them.
    let bad: Vec<String> = source_texts()
        .into_iter()
        .filter_map(|(text, file)| {
            let ok =
                matches!(placeholders(&text), Ok(p) if p.iter().enumerate().all(|(i, &n)| i == n));
            (!ok).then(|| format!("{file}: {text:?}"))
        })
        .collect();
    assert!(
        bad.is_empty(),
        "texts must use `{{}}` only:\n{}",
        bad.join("\n")
    );
}

#[test]
fn a_thread_can_speak_its_own_language() {
    let inside = with_lang(Lang::Nl, || {
        (
            current(),
            text("docktor has no language `{}`; choose one of {}"),
        )
    });
    assert_eq!(inside.0, Lang::Nl);
    assert!(inside.1.starts_with("docktor kent"), "{}", inside.1);
    assert_eq!(current(), Lang::En, "restored after");
}

#[test]
fn every_catalogue_key_is_a_text_the_source_still_uses() {
    let texts = source_texts();
    let mut stale = Vec::new();
    for (lang, map) in bundled() {
        for english in map.keys() {
            if !texts.contains_key(english) {
                stale.push(format!("{lang}: {english:?}"));
            }
        }
    }
    stale.sort();
    assert!(
        stale.is_empty(),
        "catalogue keys no `tr!`/`trf!` in src/ uses (changed or removed texts):\n{}",
        stale.join("\n")
    );
}

#[test]
fn every_text_the_source_translates_has_a_translation_in_every_bundled_language() {
    let texts = source_texts();
    let mut missing = Vec::new();
    for (lang, map) in bundled() {
        for (english, file) in &texts {
            if map.get(english).is_none_or(|t| t.is_empty()) {
                missing.push(format!("{lang}: {file}: {english:?}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{} texts have no translation:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn the_literal_reader_reads_what_rust_writes() {
    assert_eq!(
        literal(r#""a \"b\" \\ c""#).as_deref(),
        Some(r#"a "b" \ c"#)
    );
    assert_eq!(
        literal("\"one \\\n        two\"").as_deref(),
        Some("one two")
    );
    assert_eq!(
        literal(r###"r#"raw "x""#"###).as_deref(),
        Some(r#"raw "x""#)
    );
    assert_eq!(literal("\"\\u{2714} ok\"").as_deref(), Some("✔ ok"));
    assert_eq!(literal("name"), None);
}
