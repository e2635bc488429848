use super::*;
use crate::lesson::parse_lesson;

const ORIGINAL: &str = r#"+++
id = "run"
title = "Your first container"
summary = "Run and name containers"
format_version = 1
+++

Welcome.

## Say hello
Run a container.

```sh
docker run --name hello busybox echo "hello, world"
```

```toml check
[[container]]
name = "hello"
status = "exited"
message = "Run `hello` so that it prints."

[[container]]
name = "other"
exists = false
```

```hint
The name is an option.
```

```sh solution
docker run --name hello busybox echo "hello, world"
```

## Clean up
Remove it.

```text
$ docker ps -a
```

```toml check
[[container]]
name = "hello"
exists = false
message = "Remove `hello`."
```

```hint
`docker rm hello`.
```
"#;

const SWEDISH: &str = r#"+++
title = "Din första behållare"
summary = "Kör och namnge behållare"
+++

Välkommen.

## Säg hej
Kör en behållare.

```sh
# en kommentar får översättas
docker run --name hello busybox echo "hello, world"
```

```message
Kör `hello` så att den skriver ut.
```

```hint
Namnet är en flagga.
```

## Städa
Ta bort den.

```text
$ docker ps -a
```

```message
Ta bort `hello`.
```

```hint
`docker rm hello`.
```
"#;

fn original() -> Lesson {
    parse_lesson("lessons/run/lesson.md", ORIGINAL, Vec::new()).expect("original parses")
}

fn read(text: &str) -> (Option<Translation>, Vec<Finding>) {
    read_translation("lessons/run/lesson.sv.md", Lang::Sv, text, &original())
}

fn errors_of(text: &str) -> Vec<Diagnostic> {
    let (translation, findings) = read(text);
    let errors: Vec<Diagnostic> = findings
        .into_iter()
        .filter(|f| f.error)
        .map(|f| f.diagnostic)
        .collect();
    assert!(
        translation.is_none() || errors.is_empty(),
        "a translation with errors is not used"
    );
    errors
}

/// The 1-based line of the first line of `text` that holds `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in the text"))
        + 1
}

#[test]
fn a_matching_translation_replaces_the_words_and_keeps_the_grading() {
    let (translation, findings) = read(SWEDISH);
    assert!(findings.is_empty(), "{findings:?}");
    let mut lesson = original();
    std::sync::Arc::make_mut(&mut lesson.words).push(translation.expect("used"));
    let sv = lesson.in_lang(Lang::Sv);
    assert_eq!(sv.lang, Lang::Sv);
    assert_eq!(sv.meta.title, "Din första behållare");
    assert_eq!(sv.meta.summary, "Kör och namnge behållare");
    assert_eq!(sv.intro, "Välkommen.");
    let step = &sv.steps[0];
    assert_eq!(step.title, "Säg hej");
    assert_eq!(step.id, "say-hello", "the step keeps the original's id");
    assert!(step.body.contains("Kör en behållare."), "{}", step.body);
    assert!(!step.body.contains("```message"), "{}", step.body);
    assert_eq!(step.hints, vec!["Namnet är en flagga."]);
    assert_eq!(
        step.checks[0].author_message(),
        Some("Kör `hello` så att den skriver ut.")
    );
    assert_eq!(
        step.checks[1].author_message(),
        None,
        "no message stays none"
    );
    assert_eq!(
        step.checks,
        original().steps[0]
            .checks
            .iter()
            .cloned()
            .map(|mut c| {
                if c.author_message().is_some() {
                    *c.author_message_mut() = Some("Kör `hello` så att den skriver ut.".to_owned());
                }
                c
            })
            .collect::<Vec<_>>(),
        "only the message changed"
    );
    assert_eq!(step.solution, original().steps[0].solution);
    assert_eq!(step.commands, original().steps[0].commands);
    let back = sv.in_lang(Lang::En);
    assert_eq!(back.meta.title, "Your first container");
    assert_eq!(back.steps[1].hints, vec!["`docker rm hello`."]);
}

#[test]
fn a_lesson_without_the_language_is_shown_in_its_own_words() {
    let nb = original().in_lang(Lang::Nb);
    assert_eq!(nb.lang, Lang::En, "the lesson says it is not in Norwegian");
    assert_eq!(nb.meta.title, "Your first container");
}

#[test]
fn a_missing_step_is_an_error_where_it_should_be() {
    let text = SWEDISH.replace(
        "## Säg hej\nKör en behållare.\n\n```sh\n# en kommentar får översättas\ndocker run --name hello busybox echo \"hello, world\"\n```\n\n```message\nKör `hello` så att den skriver ut.\n```\n\n```hint\nNamnet är en flagga.\n```\n\n",
        "",
    );
    assert_ne!(text, SWEDISH);
    let errors = errors_of(&text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, line_of(&text, "## Städa"));
    assert!(
        errors[0].message.contains("step 1 of lesson.md"),
        "{}",
        errors[0].message
    );
    assert!(
        errors[0]
            .to_string()
            .starts_with("lessons/run/lesson.sv.md:")
    );
}

#[test]
fn an_extra_check_is_an_error_at_its_line() {
    let text = SWEDISH.replace(
        "```hint\nNamnet",
        "```toml check\n[[container]]\nname = \"x\"\n```\n\n```hint\nNamnet",
    );
    let errors = errors_of(&text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, line_of(&text, "```toml check"));
    assert!(
        errors[0].message.contains("comes from lesson.md"),
        "{}",
        errors[0].message
    );
}

#[test]
fn a_changed_command_is_an_error_at_its_block() {
    let text = SWEDISH.replace(
        "docker run --name hello busybox",
        "docker run --name helo busybox",
    );
    let errors = errors_of(&text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        errors[0].line,
        line_of(&text, "--name helo") - 2,
        "the block's fence line"
    );
    assert!(
        errors[0].message.contains("--name helo"),
        "{}",
        errors[0].message
    );
    assert!(
        errors[0].message.contains("lesson.md:13"),
        "{}",
        errors[0].message
    );
}

#[test]
fn a_missing_message_or_hint_is_an_error() {
    let text = SWEDISH.replace("```message\nTa bort `hello`.\n```\n", "");
    let errors = errors_of(&text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, line_of(&text, "## Städa"));
    assert!(
        errors[0].message.contains("message"),
        "{}",
        errors[0].message
    );
    let text = SWEDISH.replace("```hint\nNamnet är en flagga.\n```\n", "");
    let errors = errors_of(&text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].message.contains("hint"), "{}", errors[0].message);
}

#[test]
fn a_solution_or_setup_or_extra_front_matter_is_refused() {
    let text = SWEDISH.replace("## Städa\n", "## Städa\n\n```sh setup\nrm -rf ~\n```\n");
    let errors = errors_of(&text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, line_of(&text, "```sh setup"));
    let text = SWEDISH.replace("+++\ntitle", "+++\nid = \"other\"\ntitle");
    let errors = errors_of(&text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, 2);
    assert!(errors[0].message.contains("`id` comes from lesson.md"));
    let text = SWEDISH.replace(
        "```sh\n# en",
        "```sh solution\nrm -rf ~\n```\n\n```sh\n# en",
    );
    assert!(
        errors_of(&text)
            .iter()
            .any(|e| e.message.contains("solution"))
    );
}

#[test]
fn an_added_step_is_an_error_at_its_heading() {
    let text = format!("{SWEDISH}\n## Ett steg till\nMer.\n");
    let errors = errors_of(&text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].line, line_of(&text, "## Ett steg till"));
}

#[test]
fn an_untranslated_step_falls_back_with_a_warning() {
    let start = SWEDISH.find("## Städa").expect("second step");
    let text = format!("{}## Clean up\n\n{UNTRANSLATED_MARK}\n", &SWEDISH[..start]);
    let (translation, findings) = read(&text);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(!findings[0].error, "a warning");
    assert_eq!(findings[0].diagnostic.line, line_of(&text, "## Clean up"));
    let mut lesson = original();
    std::sync::Arc::make_mut(&mut lesson.words).push(translation.expect("used"));
    let sv = lesson.in_lang(Lang::Sv);
    assert!(!sv.steps[0].untranslated);
    assert!(sv.steps[1].untranslated);
    assert_eq!(sv.steps[1].body, original().steps[1].body);
    assert_eq!(
        sv.steps[1].checks[0].author_message(),
        Some("Remove `hello`.")
    );
}

#[test]
fn a_translated_comment_is_allowed_but_not_a_translated_output() {
    let text = SWEDISH.replace("$ docker ps -a", "$ docker ps -a # alla");
    let errors = errors_of(&text);
    assert_eq!(
        errors.len(),
        1,
        "text blocks are shown as written: {errors:?}"
    );
}

#[test]
fn garbage_never_panics_and_names_a_line() {
    for text in [
        "",
        "+++",
        "+++\n",
        "+++\ntitle = \n+++\n",
        "## x\n",
        "+++\ntitle=\"t\"\nsummary=\"s\"\n+++\n```message\nx\n```\n",
    ] {
        let (translation, findings) = read(text);
        assert!(translation.is_none(), "{text:?}");
        assert!(
            findings.iter().any(|f| f.error && f.diagnostic.line >= 1),
            "{text:?}"
        );
    }
}

#[test]
fn a_translation_of_thousands_of_tiny_steps_is_read_in_order_not_paired_by_shape() {
    // 130,000 × 2 steps would be a table beyond ALIGN_MAX_CELLS: the steps pair in order
    // instead, every extra step is named, and nothing grows with the product of the two.
    let steps = "## a\n".repeat(130_000);
    let text = format!("+++\ntitle = \"t\"\nsummary = \"s\"\n+++\n{steps}");
    let (translation, findings) = read(&text);
    assert!(translation.is_none());
    let added = findings
        .iter()
        .filter(|f| f.error && f.diagnostic.message.contains("matches no step"))
        .count();
    assert_eq!(added, 129_998, "every step past the original's two");
}
