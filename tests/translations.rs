//! Lesson translations end to end: `docktor lint` proves a translation matches its original
//! (each mismatch at its `file:line`), a translation that does not match is not used, and the
//! language is chosen by `--lang`, then `DOCKTOR_LANG`, then the locale.

mod cli_support;
mod support;

use cli_support::{Scratch, text};

const LESSON: &str = r#"+++
id = "tr"
title = "Files"
summary = "Write files"
format_version = 1
+++

Intro.

## Write the first file
Write `one.txt`:

```sh
echo one > one.txt
```

```toml check
[[file]]
path = "one.txt"
contains = "one"
message = "Write `one` into `one.txt`."
```

```hint
Use `echo`.
```

```sh solution
echo one > one.txt
```

## Write the second file
Write `two.txt`.

```toml check
[[file]]
path = "two.txt"
contains = "two"
message = "Write `two` into `two.txt`."
```

```hint
Use `echo` again.
```

```sh solution
echo two > two.txt
```

## Write the third file
Write `three.txt`.

```toml check
[[file]]
path = "three.txt"
contains = "three"
message = "Write `three` into `three.txt`."
```

```hint
Once more.
```

```sh solution
echo three > three.txt
```
"#;

const SWEDISH: &str = r#"+++
title = "Filer"
summary = "Skriv filer"
+++

Inledning.

## Skriv den första filen
Skriv `one.txt`:

```sh
echo one > one.txt
```

```message
Skriv `one` i `one.txt`.
```

```hint
Använd `echo`.
```

## Skriv den andra filen
Skriv `two.txt`.

```message
Skriv `two` i `two.txt`.
```

```hint
Använd `echo` igen.
```

## Skriv den tredje filen
Skriv `three.txt`.

```message
Skriv `three` i `three.txt`.
```

```hint
En gång till.
```
"#;

/// A pack with the lesson and the given translations (`("sv", text)`).
fn pack(tag: &str, translations: &[(&str, &str)]) -> Scratch {
    let scratch = Scratch::new(tag);
    scratch.lesson("01-tr", LESSON);
    for (code, text) in translations {
        let path = scratch.pack().join(format!("01-tr/lesson.{code}.md"));
        std::fs::write(path, text).expect("write translation");
    }
    scratch
}

/// 1-based line of the first line holding `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not found"))
        + 1
}

fn lint(scratch: &Scratch) -> std::process::Output {
    let pack = scratch.pack();
    scratch.docktor(&["--lang", "en", "lint", pack.to_str().expect("utf-8")])
}

/// The titles `list` shows, lesson title first.
fn titles(scratch: &Scratch, lang_args: &[&str], env: &[(&str, &str)]) -> Vec<String> {
    let pack = scratch.pack();
    let mut args = vec!["--lessons", pack.to_str().expect("utf-8")];
    args.extend_from_slice(lang_args);
    args.extend(["list", "--json"]);
    let mut command = scratch.command(&args);
    for var in ["DOCKTOR_LANG", "LC_ALL", "LC_MESSAGES", "LANG"] {
        command.env_remove(var);
    }
    for (k, v) in env {
        command.env(k, v);
    }
    let out = command.output().expect("run docktor");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let lesson = &json["lessons"][0];
    let mut titles = vec![lesson["title"].as_str().expect("title").to_owned()];
    for step in lesson["steps"].as_array().expect("steps") {
        titles.push(step["title"].as_str().expect("title").to_owned());
    }
    titles
}

#[test]
fn a_matching_translation_lints_clean_and_is_shown() {
    let scratch = pack("tr-clean", &[("sv", SWEDISH)]);
    let out = lint(&scratch);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("0 error(s), 0 warning(s)"),
        "{}",
        text(&out)
    );
    let shown = titles(&scratch, &["--lang", "sv"], &[]);
    assert_eq!(shown[0], "Filer");
    assert_eq!(shown[1], "Skriv den första filen");
}

#[test]
fn a_missing_step_an_extra_check_and_a_changed_command_are_each_an_error_at_its_line() {
    let second = SWEDISH.find("## Skriv den andra").expect("second step");
    let third = SWEDISH.find("## Skriv den tredje").expect("third step");
    let missing_step = format!("{}{}", &SWEDISH[..second], &SWEDISH[third..]);
    let extra_check = SWEDISH.replace(
        "```hint\nEn gång till.",
        "```toml check\n[[file]]\npath = \"four.txt\"\n```\n\n```hint\nEn gång till.",
    );
    let changed_command = SWEDISH.replace("echo one > one.txt", "echo one > once.txt");
    let scratch = pack(
        "tr-errors",
        &[
            ("sv", &missing_step),
            ("nl", &extra_check),
            ("nb", &changed_command),
        ],
    );
    let out = lint(&scratch);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    let file = |code: &str| format!("01-tr/lesson.{code}.md");
    let expect = [
        (
            file("sv"),
            line_of(&missing_step, "## Skriv den tredje"),
            "is missing here",
        ),
        (
            file("nl"),
            line_of(&extra_check, "```toml check"),
            "may not hold a `toml check` block",
        ),
        (
            file("nb"),
            line_of(&changed_command, "once.txt") - 1,
            "once.txt",
        ),
    ];
    for (file, line, words) in &expect {
        let at = format!("{file}:{line}: ");
        assert!(
            report.lines().any(|l| l.contains(&at) && l.contains(words)),
            "expected `{at}` … `{words}` in:\n{report}"
        );
    }
    assert!(report.contains("3 error(s)"), "one error each:\n{report}");
    // None of them is used: the lesson keeps its own words in every one of those languages.
    for code in ["sv", "nl", "nb"] {
        assert_eq!(
            titles(&scratch, &["--lang", code], &[])[0],
            "Files",
            "{code}"
        );
    }
}

#[test]
fn an_untranslated_step_is_a_warning_and_shows_the_original_there() {
    let second = SWEDISH.find("## Skriv den andra").expect("second step");
    let third = SWEDISH.find("## Skriv den tredje").expect("third step");
    let partial = format!(
        "{}## Write the second file\n\n<!-- untranslated -->\n\n{}",
        &SWEDISH[..second],
        &SWEDISH[third..]
    );
    let scratch = pack("tr-partial", &[("sv", &partial)]);
    let out = lint(&scratch);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(0), "a warning only:\n{report}");
    let at = format!(
        "01-tr/lesson.sv.md:{}: warning: ",
        line_of(&partial, "## Write the second")
    );
    assert!(report.contains(&at), "expected `{at}` in:\n{report}");
    assert!(report.contains("not translated yet"), "{report}");
    let shown = titles(&scratch, &["--lang", "sv"], &[]);
    assert_eq!(
        shown,
        [
            "Filer",
            "Skriv den första filen",
            "Write the second file",
            "Skriv den tredje filen"
        ]
    );
}

#[test]
fn a_failing_check_says_the_translated_message() {
    let scratch = pack("tr-message", &[("sv", SWEDISH)]);
    let out = scratch.docktor_on_pack(&["--lang", "sv", "check", "tr:1"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("Skriv `one` i `one.txt`."),
        "{}",
        text(&out)
    );
    assert!(!text(&out).contains("Write `one` into"), "{}", text(&out));
}

#[test]
fn the_language_comes_from_the_flag_then_docktor_lang_then_the_locale() {
    let dutch = SWEDISH
        .replace("Filer", "Bestanden")
        .replace("Skriv den första filen", "Schrijf het eerste bestand");
    let scratch = pack("tr-choose", &[("sv", SWEDISH), ("nl", &dutch)]);
    let title = |args: &[&str], env: &[(&str, &str)]| titles(&scratch, args, env)[0].clone();
    assert_eq!(title(&[], &[]), "Files", "nothing set is English");
    assert_eq!(title(&[], &[("LANG", "nl_NL.UTF-8")]), "Bestanden");
    assert_eq!(
        title(
            &[],
            &[("LANG", "sv_SE.UTF-8"), ("LC_MESSAGES", "nl_BE.UTF-8")]
        ),
        "Bestanden",
        "LC_MESSAGES before LANG"
    );
    assert_eq!(
        title(
            &[],
            &[("LC_ALL", "sv_SE.UTF-8"), ("LC_MESSAGES", "nl_BE.UTF-8")]
        ),
        "Filer",
        "LC_ALL first"
    );
    assert_eq!(
        title(&[], &[("DOCKTOR_LANG", "sv"), ("LC_ALL", "nl_NL.UTF-8")]),
        "Filer",
        "DOCKTOR_LANG before the locale"
    );
    assert_eq!(
        title(&["--lang", "nl"], &[("DOCKTOR_LANG", "sv")]),
        "Bestanden",
        "--lang first"
    );
    assert_eq!(
        title(&["--lang", "nb"], &[]),
        "Files",
        "a language the lesson lacks shows its own words"
    );
    let out = scratch.docktor(&["--lang", "de", "list"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("en, sv, nl, nb"), "{}", text(&out));
}

#[test]
fn a_file_for_a_language_docktor_lacks_is_a_warning_and_never_a_starter_file() {
    let scratch = pack("tr-unknown", &[("de", "+++\ntitle = \"Dateien\"\n+++\n")]);
    std::fs::write(scratch.pack().join("01-tr/notes.txt"), "a starter").expect("write starter");
    let out = lint(&scratch);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(0), "{report}");
    assert!(
        report.contains("01-tr/lesson.de.md:1: warning: "),
        "{report}"
    );
    // Starting the lesson copies its starter files into the workspace: not this one.
    let out = scratch.docktor_on_pack(&["start", "tr"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let workspace = scratch.home().join("workspaces/tr");
    assert!(
        workspace.join("notes.txt").is_file(),
        "{}: {}",
        workspace.display(),
        text(&out)
    );
    assert!(!workspace.join("lesson.de.md").exists());
}

#[test]
fn a_starter_file_may_have_its_comments_translated_and_nothing_else() {
    let scratch = pack("tr-starter", &[("sv", SWEDISH), ("nl", SWEDISH)]);
    let lesson = scratch.pack().join("01-tr");
    let original = "# Build the site.\nFROM busybox\nCOPY site /site\n";
    std::fs::write(lesson.join("Dockerfile"), original).expect("write");
    std::fs::write(lesson.join("notes.txt"), "words\n").expect("write");
    for code in ["sv", "nl"] {
        std::fs::create_dir_all(lesson.join(format!("lesson.{code}"))).expect("mkdir");
    }
    std::fs::write(
        lesson.join("lesson.sv/Dockerfile"),
        "# Bygg webbplatsen.\nFROM busybox\nCOPY site /site\n",
    )
    .expect("write");
    let out = lint(&scratch);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // A Swedish learner's workspace gets the Swedish comments; grading reads the same lines.
    let out = scratch.docktor_on_pack(&["--lang", "sv", "start", "tr"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let copied = std::fs::read_to_string(scratch.home().join("workspaces/tr/Dockerfile"))
        .expect("the workspace has the Dockerfile");
    assert!(copied.starts_with("# Bygg webbplatsen."), "{copied}");
    assert!(
        !scratch.home().join("workspaces/tr/lesson.sv").exists(),
        "translations are not starter files"
    );

    // A changed instruction, or a file without comments, is an error at its line.
    std::fs::write(
        lesson.join("lesson.nl/Dockerfile"),
        "# Bouw de site.\nFROM busybox\nCOPY site /www\n",
    )
    .expect("write");
    std::fs::write(lesson.join("lesson.nl/notes.txt"), "woorden\n").expect("write");
    let out = lint(&scratch);
    let report = text(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert!(
        report.contains("01-tr/lesson.nl/Dockerfile:3: only comment lines"),
        "{report}"
    );
    assert!(report.contains("COPY site /www"), "{report}");
    assert!(report.contains("01-tr/lesson.nl/notes.txt:1: "), "{report}");
    assert!(
        report.contains("2 error(s)"),
        "and the Swedish one is fine:\n{report}"
    );
}
