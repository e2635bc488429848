//! The model: everything the tutor knows at one moment. `update` changes it; views only read it.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use crate::check::Check;
use crate::engine::EngineInfo;
use crate::grade::StepReport;
use crate::i18n::Lang;
use crate::lesson::{Lesson, LessonPack, Step};
use crate::progress::{LoadNote, Progress};
use crate::reset::Target;
use crate::workspace;

use super::cmd::{ResetScope, StepRef};
use super::keys::Context;
use super::strings;
use super::theme::Theme;

/// The tutor's whole state.
pub struct App {
    /// The language the tutor speaks; the pack's lessons are in its words where they have them.
    pub lang: Lang,
    pub pack: Arc<LessonPack>,
    /// The pack's commands may run without being confirmed first.
    pub trusted: bool,
    /// Parent folder of the per-lesson workspaces.
    pub workspaces: PathBuf,
    pub theme: Theme,
    /// Terminal size in columns and rows.
    pub size: (u16, u16),
    pub progress: Progress,
    pub screen: Screen,
    pub list: ListState,
    pub lesson: Option<LessonState>,
    pub checks: Checks,
    pub prompt: Prompt,
    pub output: Option<Output>,
    pub running: Option<Running>,
    pub engine: EngineStatus,
    pub dialog: Option<Dialog>,
    /// The help screen's scroll offset, when it is open.
    pub help: Option<usize>,
    /// Where the help was opened from: that context's keys come first.
    pub help_from: Context,
    pub notice: Option<Notice>,
    /// Steps whose setup has run (or been declined) in this session.
    pub setups_done: BTreeSet<StepRef>,
    /// A setup waiting for the running command to end.
    pub pending_setup: Option<StepRef>,
    pub quitting: bool,
    pub(crate) next_run: u64,
    /// The wall clock in Unix seconds, set by the event loop before each message (tests set it).
    pub now: u64,
    /// Bumped when a reset starts and when it ends: grades asked for before are stale.
    pub generation: u64,
    /// A reset is under way: no grade is asked for until it ends.
    pub resetting: bool,
}

/// What the tutor needs to start: the pack, the learner's progress and how it was found.
pub struct AppInit {
    /// The language chosen at start (the pack is already in its words).
    pub lang: Lang,
    pub pack: LessonPack,
    pub progress: Progress,
    pub load_note: LoadNote,
    pub trusted: bool,
    pub workspaces: PathBuf,
    pub theme: Theme,
    pub size: (u16, u16),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    List,
    Lesson,
}

/// The lesson list: the selection (within the filtered lessons) and the filter.
#[derive(Debug, Clone, Default)]
pub struct ListState {
    pub selected: usize,
    pub filter: String,
    pub filtering: bool,
}

/// The open lesson: which step, how far the text is scrolled, which pane has the keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonState {
    pub index: usize,
    pub step: usize,
    pub scroll: usize,
    pub focus: Focus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Text,
    Output,
    Checks,
    Prompt,
}

/// The checks panel: the latest report for the current step.
#[derive(Debug, Clone, Default)]
pub struct Checks {
    pub target: Option<StepRef>,
    pub report: Option<StepReport>,
    /// A grade has been asked for and has not come back.
    pub grading: bool,
    /// The step turned green during this visit: the "step done" moment.
    pub just_passed: bool,
    /// Lines scrolled from the top of the panel.
    pub scroll: usize,
}

/// The command prompt: the line being typed and the history.
#[derive(Debug, Clone, Default)]
pub struct Prompt {
    pub input: String,
    /// Cursor position in characters.
    pub cursor: usize,
    pub history: Vec<String>,
    /// Position in `history` while browsing it with up/down.
    pub browsing: Option<usize>,
    /// What was typed before browsing started.
    pub draft: String,
}

/// The output pane: the latest command and what it printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub title: String,
    pub text: String,
    pub status: OutputStatus,
    /// Lines scrolled from the top; `None` follows the end.
    pub scroll: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputStatus {
    Running { elapsed_secs: u64 },
    Exited(Option<i32>),
    TimedOut,
    Cancelled,
    Failed(String),
}

/// Why a command runs: it decides the pane's title and what happens when it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    /// A line the learner typed.
    Line,
    /// A command shown in the step (`r`).
    Shown,
    Solution,
    Setup(StepRef),
}

/// The captured command in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Running {
    pub id: u64,
    pub kind: RunKind,
    pub cancelling: bool,
    /// Containers started while it runs and not stopped since: what a cancel may leave behind.
    pub containers: BTreeSet<String>,
    /// Containers created while it runs and not removed since.
    pub created: BTreeSet<String>,
    /// A `docker run` typed without `--name` (nor `--rm`): the engine picks the name.
    pub unnamed_run: bool,
}

/// What the tutor knows of the engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EngineStatus {
    Connecting,
    Connected(EngineInfo),
    Unavailable(String),
}

/// A question in front of everything else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    /// Pick a command shown in the step (or the revealed solution) and run it.
    RunCommands {
        choices: Vec<Choice>,
        selected: usize,
    },
    /// An untrusted pack wants to run a step's setup.
    Setup { target: StepRef, script: String },
    Reset {
        scope: ResetScope,
        setup: String,
        plan: ResetPlan,
    },
    /// Show the solution? (A hint may be enough.)
    Solution,
}

/// What a reset would remove, as the engine showed it (the dry run).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResetPlan {
    /// Asked for; not back yet.
    Working,
    Ready(Vec<Target>),
    /// The engine could not be asked; only files and progress would be reset.
    Failed(String),
}

/// A command offered by the run dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub kind: RunKind,
    pub script: String,
}

/// A one-line message in the status bar, until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub level: Level,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Success,
    Warning,
}

pub use crate::progress::LessonStatus;

impl App {
    /// A tutor on the lesson list; `Msg::Started` then resumes the last lesson.
    pub fn new(init: AppInit) -> Self {
        let notice = match init.load_note {
            LoadNote::Damaged { set_aside, reason } => Some(Notice {
                text: strings::damaged_progress(&set_aside, &reason),
                level: Level::Warning,
            }),
            LoadNote::Fresh | LoadNote::Loaded => None,
        };
        Self {
            lang: init.lang,
            pack: Arc::new(init.pack),
            trusted: init.trusted,
            workspaces: init.workspaces,
            theme: init.theme,
            size: init.size,
            progress: init.progress,
            screen: Screen::List,
            list: ListState::default(),
            lesson: None,
            checks: Checks::default(),
            prompt: Prompt::default(),
            output: None,
            running: None,
            engine: EngineStatus::Connecting,
            dialog: None,
            help: None,
            help_from: Context::List,
            notice,
            setups_done: BTreeSet::new(),
            pending_setup: None,
            quitting: false,
            next_run: 1,
            now: 0,
            generation: 0,
            resetting: false,
        }
    }

    /// The open lesson's position, step and the step itself.
    pub fn current(&self) -> Option<(StepRef, &Lesson, &Step)> {
        if self.screen != Screen::Lesson {
            return None;
        }
        let state = self.lesson.as_ref()?;
        let lesson = self.pack.lessons.get(state.index)?;
        let step = lesson.steps.get(state.step)?;
        Some((
            StepRef {
                lesson: state.index,
                step: state.step,
            },
            lesson,
            step,
        ))
    }

    /// Indices of the lessons the filter lets through, in pack order.
    pub fn filtered(&self) -> Vec<usize> {
        let needle = self.list.filter.to_lowercase();
        self.pack
            .lessons
            .iter()
            .enumerate()
            .filter(|(_, l)| {
                needle.is_empty()
                    || l.meta.title.to_lowercase().contains(&needle)
                    || l.meta.id.to_lowercase().contains(&needle)
                    || l.meta.summary.to_lowercase().contains(&needle)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The lesson under the list's selection.
    pub fn selected_lesson(&self) -> Option<usize> {
        self.filtered().get(self.list.selected).copied()
    }

    pub fn lesson_status(&self, index: usize) -> LessonStatus {
        let Some(lesson) = self.pack.lessons.get(index) else {
            return LessonStatus {
                passed: 0,
                total: 0,
                started: false,
            };
        };
        self.progress.status(lesson)
    }

    /// True when the learner has passed this step (now or before).
    pub fn step_passed(&self, target: StepRef) -> bool {
        let Some(lesson) = self.pack.lessons.get(target.lesson) else {
            return false;
        };
        let Some(step) = lesson.steps.get(target.step) else {
            return false;
        };
        self.progress
            .lessons
            .get(&lesson.meta.id)
            .is_some_and(|p| p.passed.contains(&step.id))
    }

    /// How many hints of the current step are showing, and whether its solution is.
    pub fn revealed(&self) -> (usize, bool) {
        let Some((_, lesson, step)) = self.current() else {
            return (0, false);
        };
        let Some(p) = self.progress.lessons.get(&lesson.meta.id) else {
            return (0, false);
        };
        let hints = p.hints_shown.get(&step.id).copied().unwrap_or(0);
        (
            hints.min(step.hints.len()),
            p.solutions_shown.contains(&step.id),
        )
    }

    /// Steps of `lesson` not passed yet, by index.
    pub fn open_steps(&self, lesson: usize) -> Vec<usize> {
        let total = self.pack.lessons.get(lesson).map_or(0, |l| l.steps.len());
        (0..total)
            .filter(|&step| !self.step_passed(StepRef { lesson, step }))
            .collect()
    }

    /// The file the current step is about (what a Dockerfile or file check reads), else the
    /// lesson's first starter file: what `e` opens. Relative to the workspace.
    pub fn step_file(&self) -> Option<String> {
        let (_, lesson, step) = self.current()?;
        let checked = step.checks.iter().find_map(|c| match c {
            Check::Dockerfile(d) => Some(d.path.clone().unwrap_or_else(|| "Dockerfile".into())),
            Check::File(f) => Some(f.path.clone()),
            _ => None,
        });
        checked.or_else(|| lesson.files.first().map(|f| f.path.clone()))
    }

    /// The workspace folder of a lesson.
    pub fn workspace_dir(&self, lesson: usize) -> PathBuf {
        match self.pack.lessons.get(lesson) {
            Some(l) => workspace::folder(&self.workspaces, l),
            None => self.workspaces.clone(),
        }
    }

    /// Which bindings apply now.
    pub fn key_context(&self) -> Context {
        if self.help.is_some() {
            Context::Help
        } else if self.dialog.is_some() {
            Context::Dialog
        } else {
            match self.screen {
                Screen::List if self.list.filtering => Context::Filter,
                Screen::List => Context::List,
                Screen::Lesson => match self.lesson.as_ref().map(|l| l.focus) {
                    Some(Focus::Prompt) => Context::Prompt,
                    _ => Context::Lesson,
                },
            }
        }
    }

    /// A fresh id for a command run.
    pub(crate) fn take_run_id(&mut self) -> u64 {
        let id = self.next_run;
        self.next_run += 1;
        id
    }
}
