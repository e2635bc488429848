//! Teaching rules over a Dockerfile in the workspace. (Being written.)

use std::path::Path;

use super::{DockerfileCheck, Verdict};

/// A named Dockerfile rule and the reason it teaches.
#[derive(Debug, Clone, Copy)]
pub struct DockerfileRule {
    pub id: &'static str,
    pub reason: &'static str,
}

/// Every rule a `[[dockerfile]]` check may name.
pub static DOCKERFILE_RULES: &[DockerfileRule] = &[];

/// Grades a Dockerfile check.
pub fn evaluate(check: &DockerfileCheck, _workspace: &Path) -> Verdict {
    Verdict::error(format!("{check:?}"), "not graded yet")
}
