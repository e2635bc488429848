//! The terminal UI. (Being written: see issue 3.)

use std::path::PathBuf;
use std::time::Instant;

use crate::lesson::LessonPack;

/// What the tutor needs to start.
pub struct TuiConfig {
    /// The lessons to teach.
    pub pack: LessonPack,
    /// Parent folder of the per-lesson workspaces.
    pub workspaces: PathBuf,
    /// The progress file.
    pub progress_path: PathBuf,
    /// Whether the pack's commands may run without asking (embedded packs, or `--trust`).
    pub trusted: bool,
    /// When the process started, for the first-frame benchmark.
    pub started: Instant,
}

/// Runs the tutor until the learner quits.
pub fn run(_config: TuiConfig) -> anyhow::Result<()> {
    anyhow::bail!("the terminal UI is not built yet; use `docktor list` and `docktor check`")
}
