//! Messages: everything that happens to the tutor (keys, resizes, engine news, results of the
//! worker's jobs) reaches `update` as one of these.

use std::path::PathBuf;

use crossterm::event::KeyEvent;

use crate::engine::{EngineEvent, EngineInfo};
use crate::grade::StepReport;
use crate::reset::Target;

use super::cmd::{ResetScope, StepRef};

/// Something that happened.
#[derive(Debug, Clone)]
pub enum Msg {
    /// The tutor has just opened: resume where the learner left off.
    Started,
    Key(KeyEvent),
    /// Text pasted into the terminal (bracketed paste): typed, never taken as keys.
    Paste(String),
    Resized {
        width: u16,
        height: u16,
    },
    EngineConnected(EngineInfo),
    /// The engine cannot be reached; the learner-facing reason.
    EngineUnavailable(String),
    /// The engine lacks images the lessons need.
    ImagesMissing(Vec<String>),
    EngineEvent(EngineEvent),
    Graded {
        target: StepRef,
        report: StepReport,
        /// The generation the grade was asked in.
        generation: u64,
    },
    /// A file in this workspace was created, changed or removed.
    WorkspaceChanged(PathBuf),
    /// What a reset would remove, or why the engine could not say.
    ResetPlanned {
        scope: ResetScope,
        result: Result<Vec<Target>, String>,
    },
    /// More output of a running command.
    CommandOutput {
        id: u64,
        chunk: String,
    },
    /// A running command is still running, `elapsed_secs` after it started.
    CommandTick {
        id: u64,
        elapsed_secs: u64,
    },
    CommandFinished {
        id: u64,
        end: RunEnd,
    },
    /// A command that had the whole terminal has ended.
    InteractiveFinished {
        line: String,
        result: Result<Option<i32>, String>,
    },
    WorkspaceFailed {
        lesson: usize,
        error: String,
    },
    /// The lesson's resources were removed (their names), or why not.
    ResetFinished {
        scope: ResetScope,
        result: Result<Vec<String>, String>,
    },
    ProgressSaveFailed(String),
    /// SIGTERM, SIGINT or SIGHUP: leave cleanly.
    Terminate,
}

/// How a captured command ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunEnd {
    /// It exited; `None` when a signal ended it.
    Exited(Option<i32>),
    TimedOut {
        after_secs: u64,
    },
    Cancelled,
    FailedToStart(String),
}
