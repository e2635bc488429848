//! What only the container itself can answer: its logs, a command run in it, and a file in
//! its filesystem. A failure shows the learner a glimpse of what did happen.

use super::state_brief;
use crate::check::{ExecSpec, FileInContainer, Findings, Pattern};
use crate::engine::{ContainerFacts, ContainerPath, Engine, EngineError};
use crate::trf;

/// Log lines do not trigger a re-grade, so a failure says what the logs held when they were
/// read, never what they hold now.
pub(super) fn grade_logs(needle: &str, logs: &str, f: &mut Findings) {
    if logs.contains(needle) {
        f.right(trf!("logs contain `{}`", needle));
    } else if let Some(last) = glimpse(logs) {
        f.wrong(trf!(
            "logs did not contain `{}` when checked (their last line then was `{}`)",
            needle,
            last
        ));
    } else {
        f.wrong(trf!(
            "logs did not contain `{}` when checked (they were empty)",
            needle
        ));
    }
}

pub(super) fn grade_logs_match(pattern: &Pattern, logs: &str, f: &mut Findings) {
    if pattern.is_match(logs) {
        f.right(trf!("logs match {}", pattern));
    } else if let Some(last) = glimpse(logs) {
        f.wrong(trf!(
            "logs do not match {} (the last line is `{}`)",
            pattern,
            last
        ));
    } else {
        f.wrong(trf!("logs do not match {} (its logs are empty)", pattern));
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
        f.wrong(trf!(
            "is not running ({}), so `{}` cannot run in it",
            state_brief(c),
            shown
        ));
        return Ok(());
    }
    let out = engine.exec(&c.id, &exec.command).await?;
    let want = exec.exit_code.unwrap_or(0);
    let said = glimpse(&out.output)
        .map(|line| trf!(" (it printed `{}`)", line))
        .unwrap_or_default();
    f.expect(
        out.exit_code == want,
        trf!("`{}` exits with {}", shown, want),
        trf!(
            "`{}` exits with {}{}; expected {}",
            shown,
            out.exit_code,
            said,
            want
        ),
    );
    if let Some(needle) = &exec.output_contains {
        f.expect(
            out.output.contains(needle.as_str()),
            trf!("`{}` prints `{}`", shown, needle),
            trf!("`{}` does not print `{}`{}", shown, needle, said),
        );
    }
    if let Some(pattern) = &exec.output_matches {
        f.expect(
            pattern.is_match(&out.output),
            trf!("`{}` prints text matching {}", shown, pattern),
            trf!("`{}` prints nothing matching {}{}", shown, pattern, said),
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
            trf!("has no `{}`", path),
            trf!("has no file `{}`", path),
        );
        return;
    };
    if !want_exists {
        f.wrong(trf!("has `{}`; expected it to be gone", path));
        return;
    }
    if spec.contains.is_none() && spec.matches.is_none() {
        f.right(trf!("has `{}`", path));
        return;
    }
    let text = match found {
        ContainerPath::File(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        ContainerPath::Directory => {
            return f.wrong(trf!("has `{}`, but it is a directory, not a file", path));
        }
        ContainerPath::Other => {
            return f.wrong(trf!("has `{}`, but it is not a regular file", path));
        }
    };
    if let Some(needle) = &spec.contains {
        f.expect(
            text.contains(needle.as_str()),
            trf!("has `{}` containing `{}`", path, needle),
            trf!("has `{}`, which does not contain `{}`", path, needle),
        );
    }
    if let Some(pattern) = &spec.matches {
        f.expect(
            pattern.is_match(&text),
            trf!("has `{}` matching {}", path, pattern),
            trf!("has `{}`, which does not match {}", path, pattern),
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
