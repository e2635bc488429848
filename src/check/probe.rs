//! Probe checks: a short-lived container started for the check itself (to read a volume from
//! a fresh container, or reach a service from a third one), graded on its exit code and
//! output, and removed at once. A probe acts on the engine, so it follows the pack trust rules.

use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use super::{Findings, GradeContext, Pattern, Verdict};
use crate::engine::{EngineError, ProbeRun};
use crate::{tr, trf};

/// `[[probe]]`: run a container, then assert what it gave.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ProbeCheck {
    /// The image to run (`busybox`).
    pub image: String,
    /// Argument vector; empty for the image's own command.
    #[serde(default)]
    pub command: Vec<String>,
    /// `-v` style: `"vol-data:/data"`, `"./site:/site:ro"` (a relative path is taken from the
    /// workspace).
    #[serde(default)]
    pub mounts: Vec<String>,
    /// A network to join (`--network`).
    pub network: Option<String>,
    /// `KEY=value` entries.
    #[serde(default)]
    pub env: Vec<String>,
    /// Default 0.
    pub exit_code: Option<i64>,
    pub output_contains: Option<String>,
    pub output_matches: Option<Pattern>,
    pub message: Option<String>,
}

/// "a probe of `busybox cat /data/x`".
pub fn subject(check: &ProbeCheck) -> String {
    let mut shown = check.image.clone();
    for word in &check.command {
        shown.push(' ');
        shown.push_str(word);
    }
    trf!("a probe container `{}`", shown)
}

/// Runs the probe and grades it.
pub async fn evaluate(check: &ProbeCheck, ctx: &GradeContext<'_>) -> Verdict {
    let subject = subject(check);
    match grade(check, ctx, &subject).await {
        Ok(verdict) => verdict,
        Err(e) => Verdict::error(subject, e.to_string()),
    }
}

async fn grade(
    check: &ProbeCheck,
    ctx: &GradeContext<'_>,
    subject: &str,
) -> Result<Verdict, EngineError> {
    let run = ProbeRun {
        image: check.image.clone(),
        command: check.command.clone(),
        binds: check
            .mounts
            .iter()
            .map(|m| bind_from_workspace(m, ctx.workspace))
            .collect(),
        network: check.network.clone(),
        env: check.env.clone(),
        lesson: ctx.lesson.map(str::to_owned),
    };
    let mut f = Findings::new(subject);
    let out = match ctx.engine.run_probe(&run).await {
        Ok(out) => out,
        Err(e) if e.is_not_found() => {
            f.wrong(trf!("could not start: {}", e));
            return Ok(f.into_verdict(check.message.as_deref()));
        }
        Err(e) => return Err(e),
    };
    let said = last_line(&out.output)
        .map(|l| trf!(" (it printed `{}`)", l))
        .unwrap_or_else(|| tr!(" (it printed nothing)").to_owned());
    let want = check.exit_code.unwrap_or(0);
    f.expect(
        out.exit_code == want,
        trf!("exits with {}", want),
        trf!("exits with {}{}; expected {}", out.exit_code, said, want),
    );
    if let Some(needle) = &check.output_contains {
        f.expect(
            out.output.contains(needle.as_str()),
            trf!("prints `{}`", needle),
            trf!("does not print `{}`{}", needle, said),
        );
    }
    if let Some(pattern) = &check.output_matches {
        f.expect(
            pattern.is_match(&out.output),
            trf!("prints text matching {}", pattern),
            trf!("prints nothing matching {}{}", pattern, said),
        );
    }
    Ok(f.into_verdict(check.message.as_deref()))
}

/// `./site:/site` becomes `<workspace>/site:/site`; volume names and absolute paths are kept.
fn bind_from_workspace(mount: &str, workspace: &Path) -> String {
    match mount.split_once(':') {
        Some((source, rest)) if source.starts_with('.') => {
            let joined: PathBuf = workspace
                .join(source)
                .components()
                .filter(|c| !matches!(c, Component::CurDir))
                .collect();
            format!("{}:{rest}", joined.display())
        }
        _ => mount.to_owned(),
    }
}

fn last_line(text: &str) -> Option<String> {
    let line = text.lines().rev().map(str::trim).find(|l| !l.is_empty())?;
    Some(line.chars().take(80).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_binds_are_taken_from_the_workspace() {
        let ws = Path::new("/home/me/docktor/06-volumes");
        assert_eq!(
            bind_from_workspace("./site:/site:ro", ws),
            "/home/me/docktor/06-volumes/site:/site:ro"
        );
        assert_eq!(bind_from_workspace("vol-data:/data", ws), "vol-data:/data");
    }

    #[test]
    fn the_subject_shows_the_command() {
        let check = ProbeCheck {
            image: "busybox".into(),
            command: vec!["cat".into(), "/data/x".into()],
            ..Default::default()
        };
        assert_eq!(subject(&check), "a probe container `busybox cat /data/x`");
    }
}
