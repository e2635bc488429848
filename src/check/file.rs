//! Grading files in the learner's workspace (a `.dockerignore`, a compose file, an app file).

use std::path::Path;

use super::{FileCheck, Findings, Verdict};

/// Grades a workspace file check.
pub fn evaluate(check: &FileCheck, workspace: &Path) -> Verdict {
    let mut findings = Findings::new(format!("file `{}`", check.path));
    let path = workspace.join(&check.path);
    let want_exists = check.exists.unwrap_or(true);
    let text = match std::fs::read(&path) {
        Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        Err(_) => None,
    };
    match (&text, want_exists) {
        (None, true) => findings.wrong("does not exist in your workspace"),
        (None, false) => findings.right("does not exist"),
        (Some(_), false) => findings.wrong("exists; expected it to be gone"),
        (Some(text), true) => {
            findings.right("exists");
            if let Some(needle) = &check.contains {
                findings.expect(
                    text.contains(needle.as_str()),
                    format!("contains `{needle}`"),
                    format!("does not contain `{needle}`"),
                );
            }
            for line in &check.lines {
                let present = text.lines().any(|l| l.trim() == line.trim());
                findings.expect(
                    present,
                    format!("has the line `{line}`"),
                    format!("has no line `{line}`"),
                );
            }
        }
    }
    findings.into_verdict(check.message.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace_with(name: &str, contents: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("docktor-file-check-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join(name), contents).expect("write");
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
        assert!(evaluate(&check, &ws).passed());
    }

    #[test]
    fn a_file_missing_the_line_fails_and_says_which_line() {
        let ws = workspace_with("ignore-missing", "node_modules\n");
        let check = FileCheck {
            path: "ignore-missing".into(),
            lines: vec!["secret.txt".into()],
            ..Default::default()
        };
        let v = evaluate(&check, &ws);
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
        assert!(evaluate(&check, &ws).message.contains("does not exist"));
    }
}
