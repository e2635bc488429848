//! Moving through a lesson: opening it where the learner left off, stepping, grading, the
//! "step done" moment, hints and solution, setups. Resets have their own module.

use crate::grade::StepReport;
use crate::tui::app::{App, Checks, Dialog, Focus, LessonState, Level, RunKind, Screen};
use crate::tui::cmd::{Cmd, GradeTrigger, StepRef};
use crate::tui::document::{self, Reveal};
use crate::tui::strings;
use crate::tui::view::layout;

use super::{info, notify, run, save, scroll};

/// Opens the lesson the learner was in when they left, if any.
pub fn resume(app: &mut App) -> Vec<Cmd> {
    let last = app.progress.current_lesson.clone();
    let index = last.and_then(|id| app.pack.lessons.iter().position(|l| l.meta.id == id));
    match index {
        Some(index) => open(app, index),
        None => {
            // On the list, the cursor starts on the lesson in progress.
            let lessons = app.pack.lessons.len();
            let in_progress = (0..lessons).find(|&i| {
                let status = app.lesson_status(i);
                status.started && !status.done()
            });
            app.list.selected = in_progress
                .and_then(|i| app.filtered().iter().position(|&f| f == i))
                .unwrap_or(0);
            Vec::new()
        }
    }
}

/// Opens a lesson at the step the learner reached.
pub fn open(app: &mut App, index: usize) -> Vec<Cmd> {
    let Some(lesson) = app.pack.lessons.get(index) else {
        return Vec::new();
    };
    let id = lesson.meta.id.clone();
    let last_step = lesson.steps.len().saturating_sub(1);
    let source = Box::new(lesson.clone());
    let step = app.progress.lesson(&id).current_step.min(last_step);
    if app.lesson.as_ref().map(|l| l.index) != Some(index) && app.running.is_none() {
        app.output = None;
    }
    app.screen = Screen::Lesson;
    app.lesson = Some(LessonState {
        index,
        step,
        scroll: 0,
        focus: Focus::Text,
    });
    app.progress.current_lesson = Some(id);
    let mut cmds = vec![
        Cmd::PrepareWorkspace {
            lesson: index,
            source,
        },
        Cmd::WatchWorkspace(Some(app.workspace_dir(index))),
    ];
    cmds.extend(enter_step(app));
    cmds
}

/// Back to the lesson list, with the lesson just left selected.
pub fn close(app: &mut App) -> Vec<Cmd> {
    let index = app.lesson.as_ref().map(|l| l.index);
    app.screen = Screen::List;
    app.dialog = None;
    app.checks = Checks::default();
    app.list.selected = index
        .and_then(|i| app.filtered().iter().position(|&f| f == i))
        .unwrap_or(0);
    app.progress.current_lesson = None;
    vec![save(app), Cmd::WatchWorkspace(None)]
}

/// Shows the current step afresh: saves where the learner is, runs or offers its setup, grades.
pub fn enter_step(app: &mut App) -> Vec<Cmd> {
    let Some((at, lesson, step)) = app.current() else {
        return Vec::new();
    };
    let id = lesson.meta.id.clone();
    let setup = join_scripts(&step.setup);
    app.checks = Checks {
        target: Some(at),
        ..Checks::default()
    };
    if let Some(state) = app.lesson.as_mut() {
        state.scroll = 0;
    }
    // Coming back to the step already open (a relaunch) keeps the time it was first opened.
    app.progress.lesson_mut(&id).open_step(
        at.step,
        std::time::UNIX_EPOCH + std::time::Duration::from_secs(app.now),
    );
    let mut cmds = vec![save(app)];
    let wants_setup = !setup.is_empty() && !app.setups_done.contains(&at) && !app.step_passed(at);
    if wants_setup {
        cmds.extend(offer_setup(app, at, setup));
    } else {
        cmds.extend(grade(app, GradeTrigger::Asked));
    }
    cmds
}

/// Runs a step's setup (trusted pack) or asks first; waits if a command is running.
fn offer_setup(app: &mut App, at: StepRef, script: String) -> Vec<Cmd> {
    if app.running.is_some() {
        app.pending_setup = Some(at);
        return Vec::new();
    }
    if app.trusted {
        app.setups_done.insert(at);
        run::start(app, RunKind::Setup(at), script, true)
    } else {
        app.dialog = Some(Dialog::Setup { target: at, script });
        Vec::new()
    }
}

/// Offers the setup that was waiting for a command to end, if the learner is still there.
pub fn pending_setup(app: &mut App) -> Vec<Cmd> {
    let Some(at) = app.pending_setup.take() else {
        return Vec::new();
    };
    match app.current() {
        Some((now, _, step)) if now == at => {
            let script = join_scripts(&step.setup);
            offer_setup(app, at, script)
        }
        _ => Vec::new(),
    }
}

/// The learner answered the setup question.
pub fn setup_answered(app: &mut App, target: StepRef, script: String, yes: bool) -> Vec<Cmd> {
    app.setups_done.insert(target);
    if yes {
        run::start(app, RunKind::Setup(target), script, true)
    } else {
        info(app, strings::setup_skipped());
        grade(app, GradeTrigger::Asked).into_iter().collect()
    }
}

pub(super) fn join_scripts(scripts: &[crate::lesson::Script]) -> String {
    scripts
        .iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Moves to another step of the open lesson.
pub fn go_to_step(app: &mut App, forward: bool) -> Vec<Cmd> {
    let Some((at, lesson, _)) = app.current() else {
        return Vec::new();
    };
    let total = lesson.steps.len();
    let next = if forward {
        (at.step + 1 < total).then_some(at.step + 1)
    } else {
        at.step.checked_sub(1)
    };
    let Some(next) = next else {
        let text = if forward {
            strings::last_step(&app.open_steps(at.lesson))
        } else {
            strings::first_step().to_owned()
        };
        info(app, text);
        return Vec::new();
    };
    go_to(app, next)
}

/// Opens step `step` of the open lesson.
fn go_to(app: &mut App, step: usize) -> Vec<Cmd> {
    if let Some(state) = app.lesson.as_mut() {
        state.step = step;
    }
    enter_step(app)
}

/// Enter: the next step once this one is done (at the last step, the first one still open, or
/// the lesson list when none is), else a check.
pub fn continue_or_check(app: &mut App) -> Vec<Cmd> {
    let Some((at, lesson, _)) = app.current() else {
        return Vec::new();
    };
    let is_last = at.step + 1 == lesson.steps.len();
    if !app.step_passed(at) {
        return grade(app, GradeTrigger::Asked).into_iter().collect();
    }
    if !is_last {
        return go_to_step(app, true);
    }
    match app.open_steps(at.lesson).first() {
        Some(&open) => go_to(app, open),
        None => close(app),
    }
}

/// Asks for the current step to be graded.
pub fn grade(app: &mut App, trigger: GradeTrigger) -> Option<Cmd> {
    if app.resetting {
        return None;
    }
    let (target, lesson, step) = app.current()?;
    let opened_at = app.progress.lesson(&lesson.meta.id).step_opened();
    let step = Box::new(step.clone());
    let dir = app.workspace_dir(target.lesson);
    // Live re-grades keep the last verdicts on show; only an asked-for grade says "checking".
    app.checks.grading |= trigger == GradeTrigger::Asked;
    Some(Cmd::Grade {
        target,
        step,
        dir,
        trigger,
        generation: app.generation,
        opened_at,
    })
}

/// A file of the open lesson's workspace changed: grade again, debounced like engine events.
pub fn workspace_changed(app: &mut App, dir: &std::path::Path) -> Vec<Cmd> {
    let Some((at, _, _)) = app.current() else {
        return Vec::new();
    };
    if app.workspace_dir(at.lesson) != dir {
        return Vec::new();
    }
    grade(app, GradeTrigger::Event).into_iter().collect()
}

/// A grade came back: show it, and mark the step done the first time it passes. A grade asked
/// for before a reset finished is dropped: it may have seen the lesson half removed.
pub fn graded(app: &mut App, target: StepRef, report: StepReport, generation: u64) -> Vec<Cmd> {
    if generation != app.generation
        || app.checks.target != Some(target)
        || app.screen != Screen::Lesson
    {
        return Vec::new();
    }
    app.checks.grading = false;
    let passed = report.passed();
    app.checks.report = Some(report);
    if !passed || app.step_passed(target) {
        return Vec::new();
    }
    let Some((_, lesson, step)) = app.current() else {
        return Vec::new();
    };
    let (id, step_id) = (lesson.meta.id.clone(), step.id.clone());
    let last = target.step + 1 == lesson.steps.len();
    app.progress.lesson_mut(&id).passed.insert(step_id);
    app.checks.just_passed = true;
    let text = strings::step_done(last, &app.open_steps(target.lesson));
    notify(app, text, Level::Success);
    vec![save(app)]
}

/// Shows the next hint, or says there are no more.
pub fn hint(app: &mut App) -> Vec<Cmd> {
    let Some((_, lesson, step)) = app.current() else {
        return Vec::new();
    };
    let (id, step_id, total) = (lesson.meta.id.clone(), step.id.clone(), step.hints.len());
    let (shown, _) = app.revealed();
    if shown >= total {
        info(
            app,
            if total == 0 {
                strings::no_hints()
            } else {
                strings::no_more_hints()
            },
        );
        return Vec::new();
    }
    let before = Reveal {
        hints: shown,
        solution: false,
    };
    app.progress
        .lesson_mut(&id)
        .hints_shown
        .insert(step_id, shown + 1);
    scroll_to_reveal(app, before);
    vec![save(app)]
}

/// `s`: asks before revealing the solution (once shown, it only scrolls back to it).
pub fn ask_solution(app: &mut App) -> Vec<Cmd> {
    let Some((_, _, step)) = app.current() else {
        return Vec::new();
    };
    if step.solution.is_empty() {
        info(app, strings::no_solution());
        return Vec::new();
    }
    if app.revealed().1 {
        return solution(app);
    }
    app.dialog = Some(Dialog::Solution);
    Vec::new()
}

/// `e`: hands the terminal to the learner's editor on the step's file.
pub fn edit_file(app: &mut App) -> Vec<Cmd> {
    let Some((at, _, _)) = app.current() else {
        return Vec::new();
    };
    let dir = app.workspace_dir(at.lesson);
    let Some(file) = app.step_file() else {
        info(app, strings::no_file_to_edit(&dir));
        return Vec::new();
    };
    if app.running.is_some() {
        info(app, strings::still_running());
        return Vec::new();
    }
    vec![Cmd::RunInteractive {
        line: strings::editor_line(&file),
        dir,
    }]
}

/// Shows the solution below the text.
pub fn solution(app: &mut App) -> Vec<Cmd> {
    let Some((_, lesson, step)) = app.current() else {
        return Vec::new();
    };
    if step.solution.is_empty() {
        info(app, strings::no_solution());
        return Vec::new();
    }
    let (id, step_id) = (lesson.meta.id.clone(), step.id.clone());
    let (hints, _) = app.revealed();
    app.progress.lesson_mut(&id).solutions_shown.insert(step_id);
    scroll_to_reveal(
        app,
        Reveal {
            hints,
            solution: false,
        },
    );
    vec![save(app)]
}

/// Scrolls so what was just revealed (below the lines of `before`) is in view.
fn scroll_to_reveal(app: &mut App, before: Reveal) {
    let area = layout::lesson(app, layout::screen(app)).text;
    let start = document::lines_with(app, area.width, before).len();
    if let Some(state) = app.lesson.as_mut() {
        state.scroll = start.saturating_sub(1);
        state.focus = Focus::Text;
    }
    scroll::clamp_all(app);
}
