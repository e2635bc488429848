//! Commands: the I/O that `update` asks for. The worker (or, for the terminal hand-over, the
//! event loop) carries each out and reports back with a [`super::msg::Msg`].

use std::path::PathBuf;

use crate::lesson::{Lesson, Step};
use crate::progress::Progress;

/// One step of one lesson, by position in the pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StepRef {
    pub lesson: usize,
    pub step: usize,
}

/// What a reset covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetScope {
    Step(StepRef),
    Lesson(usize),
}

/// A command to run captured in a workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunRequest {
    pub id: u64,
    /// Shell text, run as written.
    pub script: String,
    /// `sh -e`: stop at the first failing line (setup, shown blocks, solutions).
    pub strict: bool,
    pub dir: PathBuf,
}

/// Something for the outside world to do.
#[derive(Debug, Clone)]
pub enum Cmd {
    /// Create the lesson's workspace and copy in its starter files.
    PrepareWorkspace {
        lesson: usize,
        source: Box<Lesson>,
    },
    /// Grade a step; `debounce` waits for a burst of engine events to settle first.
    Grade {
        target: StepRef,
        step: Box<Step>,
        dir: PathBuf,
        debounce: bool,
    },
    Run(RunRequest),
    CancelRun {
        id: u64,
    },
    /// Hand the whole terminal to a command (`docker run -it ...`) until it ends.
    RunInteractive {
        line: String,
        dir: PathBuf,
    },
    /// Remove the lesson's declared resources (and, for a lesson, restore its starter files).
    Reset {
        scope: ResetScope,
        source: Box<Lesson>,
    },
    SaveProgress(Box<Progress>),
    Quit,
}
