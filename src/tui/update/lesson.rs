//! Moving through a lesson: opening it where the learner left off, stepping, grading, the
//! "step done" moment, hints and solution, setups and resets.

use crate::grade::StepReport;
use crate::tui::app::{App, Checks, Dialog, Focus, LessonState, Level, RunKind, Screen};
use crate::tui::cmd::{Cmd, GradeTrigger, ResetScope, StepRef};
use crate::tui::document::{self, Reveal};
use crate::tui::strings;
use crate::tui::view::layout;

use super::{info, notify, run, save, scroll, warn};

/// Opens the lesson the learner was in when they left, if any.
pub fn resume(app: &mut App) -> Vec<Cmd> {
    let last = app.progress.current_lesson.clone();
    let index = last.and_then(|id| app.pack.lessons.iter().position(|l| l.meta.id == id));
    match index {
        Some(index) => open(app, index),
        None => Vec::new(),
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
    let mut cmds = vec![Cmd::PrepareWorkspace {
        lesson: index,
        source,
    }];
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
    vec![save(app)]
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
    app.progress
        .lesson_mut(&id)
        .open_step(at.step, std::time::SystemTime::now());
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
        info(app, strings::SETUP_SKIPPED);
        grade(app, GradeTrigger::Asked).into_iter().collect()
    }
}

fn join_scripts(scripts: &[crate::lesson::Script]) -> String {
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
        info(
            app,
            if forward {
                strings::LAST_STEP
            } else {
                strings::FIRST_STEP
            },
        );
        return Vec::new();
    };
    if let Some(state) = app.lesson.as_mut() {
        state.step = next;
    }
    enter_step(app)
}

/// Enter: the next step once this one is done, else a check.
pub fn continue_or_check(app: &mut App) -> Vec<Cmd> {
    let done = app.current().is_some_and(|(at, _, _)| app.step_passed(at));
    let is_last = app
        .current()
        .is_some_and(|(at, lesson, _)| at.step + 1 == lesson.steps.len());
    if done && !is_last {
        go_to_step(app, true)
    } else {
        grade(app, GradeTrigger::Asked).into_iter().collect()
    }
}

/// Asks for the current step to be graded.
pub fn grade(app: &mut App, trigger: GradeTrigger) -> Option<Cmd> {
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
        opened_at,
    })
}

/// A grade came back: show it, and mark the step done the first time it passes.
pub fn graded(app: &mut App, target: StepRef, report: StepReport) -> Vec<Cmd> {
    if app.checks.target != Some(target) || app.screen != Screen::Lesson {
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
    app.progress.lesson_mut(&id).passed.insert(step_id);
    app.checks.just_passed = true;
    let text = if app.lesson_status(target.lesson).done() {
        strings::LESSON_DONE
    } else {
        strings::STEP_PASSED_NOTICE
    };
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
                strings::NO_HINTS
            } else {
                strings::NO_MORE_HINTS
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

/// Shows the solution below the text.
pub fn solution(app: &mut App) -> Vec<Cmd> {
    let Some((_, lesson, step)) = app.current() else {
        return Vec::new();
    };
    if step.solution.is_empty() {
        info(app, strings::NO_SOLUTION);
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

/// Asks before a reset of the step or the whole lesson.
pub fn ask_reset(app: &mut App, whole_lesson: bool) -> Vec<Cmd> {
    let Some((at, lesson, step)) = app.current() else {
        return Vec::new();
    };
    let (scope, setup) = if whole_lesson {
        let first = lesson.steps.first().map(|s| join_scripts(&s.setup));
        (ResetScope::Lesson(at.lesson), first.unwrap_or_default())
    } else {
        (ResetScope::Step(at), join_scripts(&step.setup))
    };
    app.dialog = Some(Dialog::Reset { scope, setup });
    Vec::new()
}

/// The learner confirmed a reset: clear progress for a lesson reset, then reset the engine side.
pub fn reset(app: &mut App, scope: ResetScope) -> Vec<Cmd> {
    let index = match scope {
        ResetScope::Step(at) => at.lesson,
        ResetScope::Lesson(index) => index,
    };
    let Some(source) = app.pack.lessons.get(index).cloned() else {
        return Vec::new();
    };
    let mut cmds = Vec::new();
    if let ResetScope::Lesson(_) = scope {
        app.progress.lessons.remove(&source.meta.id);
        app.progress.current_lesson = Some(source.meta.id.clone());
        app.setups_done.retain(|s| s.lesson != index);
        if let Some(state) = app.lesson.as_mut() {
            state.step = 0;
            state.scroll = 0;
        }
        app.checks = Checks {
            target: app.current().map(|(at, _, _)| at),
            ..Checks::default()
        };
        cmds.push(save(app));
    }
    cmds.push(Cmd::Reset {
        scope,
        source: Box::new(source),
    });
    cmds
}

/// The engine side of a reset is done: run the step's setup again, then grade.
pub fn reset_finished(
    app: &mut App,
    scope: ResetScope,
    result: Result<Vec<String>, String>,
) -> Vec<Cmd> {
    match &result {
        Ok(removed) => notify(app, strings::reset_done(removed), Level::Success),
        Err(error) => warn(app, strings::reset_failed(error)),
    }
    let target = match scope {
        ResetScope::Step(at) => at,
        ResetScope::Lesson(lesson) => StepRef { lesson, step: 0 },
    };
    let Some((now, _, step)) = app.current() else {
        return Vec::new();
    };
    if now != target {
        return Vec::new();
    }
    let setup = join_scripts(&step.setup);
    app.checks.report = None;
    app.checks.just_passed = false;
    if setup.is_empty() {
        return grade(app, GradeTrigger::Asked).into_iter().collect();
    }
    if app.running.is_some() {
        app.pending_setup = Some(target);
        return Vec::new();
    }
    app.setups_done.insert(target);
    run::start(app, RunKind::Setup(target), setup, true)
}
