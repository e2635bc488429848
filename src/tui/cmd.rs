//! Commands: the I/O that `update` asks for. The worker (or, for the terminal hand-over, the
//! event loop) carries each out and reports back with a [`super::msg::Msg`].

use std::path::PathBuf;

use crate::i18n::Lang;
use crate::lesson::{Lesson, Step};
use crate::progress::Progress;
use crate::reset::Target;

/// Why a step is graded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GradeTrigger {
    /// The learner asked (a key, a command that ended): grade at once, once.
    Asked,
    /// An engine event that may be one of a burst: wait for quiet; look again if it fails.
    Event,
    /// An event that ends a learner's action (start, die, destroy): grade at once, and look
    /// again if it fails (the container may not have logged its first line yet).
    SettlingEvent,
}

impl GradeTrigger {
    /// True when grading should wait for a burst of events to go quiet.
    pub fn waits_for_quiet(self) -> bool {
        self == Self::Event
    }

    /// True when a failing grade is worth another look shortly after.
    pub fn looks_again(self) -> bool {
        self != Self::Asked
    }

    /// Two requests folded into one: it waits only if both would, and looks again if either would.
    pub fn merge(self, other: Self) -> Self {
        match (self, other) {
            (Self::Event, Self::Event) => Self::Event,
            (Self::Asked, Self::Asked) => Self::Asked,
            _ => Self::SettlingEvent,
        }
    }
}

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
    /// Grade a step; the trigger decides the wait before and the second looks after.
    Grade {
        target: StepRef,
        step: Box<Step>,
        dir: PathBuf,
        trigger: GradeTrigger,
        /// The model's generation when asked: a grade from before a reset is dropped.
        generation: u64,
        /// When the learner opened the step (`started_since_step` checks compare with it).
        opened_at: Option<std::time::SystemTime>,
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
    /// Work out what a reset would remove (the dry run), for its dialog. `since`: only what
    /// the engine made from then on (Unix seconds), for a step reset.
    PlanReset {
        scope: ResetScope,
        source: Box<Lesson>,
        since: Option<u64>,
    },
    /// Remove exactly `targets` (the dry run the learner saw) and, for a lesson, restore its
    /// starter files.
    Reset {
        scope: ResetScope,
        source: Box<Lesson>,
        targets: Vec<Target>,
    },
    /// Watch this workspace for file changes (and stop watching any other); `None` stops.
    WatchWorkspace(Option<PathBuf>),
    SaveProgress(Box<Progress>),
    /// Speak this language from now on (every text docktor writes, the grader's too).
    SetLang(Lang),
    Quit,
}
