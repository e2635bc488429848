//! Grading files in the learner's workspace (a `.dockerignore`, a compose file, an app file).

use std::io::Read;
use std::path::{Component, Path};

use super::{FileCheck, Findings, Verdict};
use crate::{tr, trf};

/// How much of a workspace file grading reads.
pub const WORKSPACE_READ_MAX_BYTES: u64 = 4 << 20;

/// Reads `relative` from the workspace, refusing a path that leaves it, before or after
/// following links (`../x`, `/etc/passwd`, a link to `/etc`), and anything but a plain file
/// (a FIFO would hang). `Ok(None)` when nothing is there; at most
/// [`WORKSPACE_READ_MAX_BYTES`] are read.
pub fn read_in_workspace(workspace: &Path, relative: &str) -> Result<Option<Vec<u8>>, String> {
    let outside = || {
        trf!(
            "`{}` is outside your workspace, so docktor does not read it",
            relative
        )
    };
    let rel = Path::new(relative);
    if relative.is_empty() || !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(outside());
    }
    let path = workspace.join(rel);
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(None);
    }
    let (Ok(real), Ok(root)) = (
        std::fs::canonicalize(&path),
        std::fs::canonicalize(workspace),
    ) else {
        return Ok(None);
    };
    if !real.starts_with(&root) {
        return Err(outside());
    }
    let meta = std::fs::metadata(&real).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err(trf!("`{}` is not a plain file", relative));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(&real)
        .and_then(|f| f.take(WORKSPACE_READ_MAX_BYTES).read_to_end(&mut bytes))
        .map_err(|e| trf!("cannot read `{}`: {}", relative, e))?;
    Ok(Some(bytes))
}

/// Grades a workspace file check.
pub fn evaluate(check: &FileCheck, workspace: &Path) -> Verdict {
    let subject = trf!("file `{}`", check.path);
    let mut findings = Findings::new(subject.clone());
    let want_exists = check.exists.unwrap_or(true);
    let text = match read_in_workspace(workspace, &check.path) {
        Ok(bytes) => bytes.map(|b| String::from_utf8_lossy(&b).into_owned()),
        Err(why) => return Verdict::error(subject, why),
    };
    match (&text, want_exists) {
        (None, true) => findings.wrong(tr!("does not exist in your workspace")),
        (None, false) => findings.right(tr!("does not exist")),
        (Some(_), false) => findings.wrong(tr!("exists; expected it to be gone")),
        (Some(text), true) => {
            findings.right("exists");
            if let Some(needle) = &check.contains {
                findings.expect(
                    text.contains(needle.as_str()),
                    trf!("contains `{}`", needle),
                    trf!("does not contain `{}`", needle),
                );
            }
            for line in &check.lines {
                let present = text.lines().any(|l| l.trim() == line.trim());
                findings.expect(
                    present,
                    trf!("has the line `{}`", line),
                    trf!("has no line `{}`", line),
                );
            }
        }
    }
    findings.into_verdict(check.message.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace_with(name: &str, contents: &str) -> crate::scratch::Scratch {
        let dir = crate::scratch::Scratch::new("file-check");
        std::fs::write(dir.path().join(name), contents).expect("write");
        dir
    }

    #[test]
    fn a_file_with_the_wanted_line_passes() {
        let ws = workspace_with(".dockerignore", "secret.txt\nnode_modules\n");
        let check = FileCheck {
            path: ".dockerignore".into(),
            lines: vec!["secret.txt".into()],
            ..Default::default()
        };
        assert!(evaluate(&check, ws.path()).passed());
    }

    #[test]
    fn a_file_missing_the_line_fails_and_says_which_line() {
        let ws = workspace_with("ignore-missing", "node_modules\n");
        let check = FileCheck {
            path: "ignore-missing".into(),
            lines: vec!["secret.txt".into()],
            ..Default::default()
        };
        let v = evaluate(&check, ws.path());
        assert!(!v.passed());
        assert!(
            v.message.contains("has no line `secret.txt`"),
            "{}",
            v.message
        );
    }

    #[test]
    fn a_missing_file_fails() {
        let ws = workspace_with("other", "");
        let check = FileCheck {
            path: "nope".into(),
            ..Default::default()
        };
        assert!(
            evaluate(&check, ws.path())
                .message
                .contains("does not exist")
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_path_or_link_leading_out_of_the_workspace_is_not_read() {
        let ws = workspace_with("inside", "fine");
        std::os::unix::fs::symlink("/etc/passwd", ws.path().join("passwd")).expect("link");
        for path in ["/etc/passwd", "../etc/passwd", "passwd"] {
            let check = FileCheck {
                path: path.into(),
                contains: Some("root".into()),
                ..Default::default()
            };
            let v = evaluate(&check, ws.path());
            assert_eq!(v.outcome, super::super::Outcome::Error, "{path}: {v:?}");
            assert!(
                v.message.contains("outside your workspace"),
                "{}",
                v.message
            );
            assert!(
                !v.message.contains("root:"),
                "nothing of the file is quoted"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_in_the_workspace_is_refused_not_waited_on() {
        let ws = workspace_with("other", "");
        let fifo = ws.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo");
        assert!(made.success());
        let check = FileCheck {
            path: "pipe".into(),
            ..Default::default()
        };
        assert!(
            evaluate(&check, ws.path())
                .message
                .contains("not a plain file")
        );
    }
}
