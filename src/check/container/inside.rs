//! What only the container itself can answer: its logs, a command run in it, and a file in
//! its filesystem. A failure shows the learner a glimpse of what did happen.

use super::state_brief;
use crate::check::{ExecSpec, FileInContainer, Findings, Pattern};
use crate::engine::{ContainerFacts, ContainerPath, Engine, EngineError};

/// Log lines do not trigger a re-grade, so a failure says what the logs held when they were
/// read, never what they hold now.
pub(super) fn grade_logs(needle: &str, logs: &str, f: &mut Findings) {
    if logs.contains(needle) {
        f.right(format!("logs contain `{needle}`"));
    } else if let Some(last) = glimpse(logs) {
        f.wrong(format!(
            "logs did not contain `{needle}` when checked (their last line then was `{last}`)"
        ));
    } else {
        f.wrong(format!(
            "logs did not contain `{needle}` when checked (they were empty)"
        ));
    }
}

pub(super) fn grade_logs_match(pattern: &Pattern, logs: &str, f: &mut Findings) {
    if pattern.is_match(logs) {
        f.right(format!("logs match {pattern}"));
    } else if let Some(last) = glimpse(logs) {
        f.wrong(format!(
            "logs do not match {pattern} (the last line is `{last}`)"
        ));
    } else {
        f.wrong(format!("logs do not match {pattern} (its logs are empty)"));
    }
}

pub(super) async fn grade_exec(
    exec: &ExecSpec,
    c: &ContainerFacts,
    engine: &Engine,
    f: &mut Findings,
) -> Result<(), EngineError> {
    let shown = exec.command.join(" ");
    if !c.is_running() {
        f.wrong(format!(
            "is not running ({}), so `{shown}` cannot run in it",
            state_brief(c)
        ));
        return Ok(());
    }
    let out = engine.exec(&c.id, &exec.command).await?;
    let want = exec.exit_code.unwrap_or(0);
    let said = glimpse(&out.output)
        .map(|line| format!(" (it printed `{line}`)"))
        .unwrap_or_default();
    f.expect(
        out.exit_code == want,
        format!("`{shown}` exits with {want}"),
        format!(
            "`{shown}` exits with {}{said}; expected {want}",
            out.exit_code
        ),
    );
    if let Some(needle) = &exec.output_contains {
        f.expect(
            out.output.contains(needle.as_str()),
            format!("`{shown}` prints `{needle}`"),
            format!("`{shown}` does not print `{needle}`{said}"),
        );
    }
    if let Some(pattern) = &exec.output_matches {
        f.expect(
            pattern.is_match(&out.output),
            format!("`{shown}` prints text matching {pattern}"),
            format!("`{shown}` prints nothing matching {pattern}{said}"),
        );
    }
    Ok(())
}

pub(super) fn grade_file(spec: &FileInContainer, found: Option<ContainerPath>, f: &mut Findings) {
    let path = &spec.path;
    let want_exists = spec.exists.unwrap_or(true);
    let Some(found) = found else {
        f.expect(
            !want_exists,
            format!("has no `{path}`"),
            format!("has no file `{path}`"),
        );
        return;
    };
    if !want_exists {
        f.wrong(format!("has `{path}`; expected it to be gone"));
        return;
    }
    if spec.contains.is_none() && spec.matches.is_none() {
        f.right(format!("has `{path}`"));
        return;
    }
    let text = match found {
        ContainerPath::File(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        ContainerPath::Directory => {
            return f.wrong(format!("has `{path}`, but it is a directory, not a file"));
        }
        ContainerPath::Other => {
            return f.wrong(format!("has `{path}`, but it is not a regular file"));
        }
    };
    if let Some(needle) = &spec.contains {
        f.expect(
            text.contains(needle.as_str()),
            format!("has `{path}` containing `{needle}`"),
            format!("has `{path}`, which does not contain `{needle}`"),
        );
    }
    if let Some(pattern) = &spec.matches {
        f.expect(
            pattern.is_match(&text),
            format!("has `{path}` matching {pattern}"),
            format!("has `{path}`, which does not match {pattern}"),
        );
    }
}

/// The last non-empty line of some output, shortened, to show a learner what did happen.
pub(super) fn glimpse(text: &str) -> Option<String> {
    let line = text.lines().rev().map(str::trim).find(|l| !l.is_empty())?;
    let mut short: String = line.chars().take(80).collect();
    if short.len() < line.len() {
        short.push('…');
    }
    Some(short)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_logs_show_the_last_line_seen() {
        let mut f = Findings::new("container `hi`");
        grade_logs("hello, world", "starting\nhello world\n\n", &mut f);
        assert_eq!(
            f.into_verdict(None).message,
            "container `hi` logs did not contain `hello, world` when checked (their last line then was `hello world`)"
        );
    }

    #[test]
    fn a_file_that_is_a_directory_does_not_contain_text() {
        let mut f = Findings::new("container `web`");
        let spec = FileInContainer {
            path: "/www".into(),
            contains: Some("hello".into()),
            ..Default::default()
        };
        grade_file(&spec, Some(ContainerPath::Directory), &mut f);
        assert!(f.into_verdict(None).message.contains("is a directory"));
    }
}
