//! Resets: the question with its dry run (what the engine would lose), carrying out exactly
//! what was shown, and what follows (setup again, a fresh grade). Grades from before or during
//! a reset never count.

use crate::reset::Target;
use crate::tui::app::{App, Checks, Dialog, Level, ResetPlan, RunKind};
use crate::tui::cmd::{Cmd, GradeTrigger, ResetScope, StepRef};
use crate::tui::strings;

use super::lesson::{grade, join_scripts};
use super::{notify, run, save, warn};

/// Asks before a reset of the step or the whole lesson.
pub fn ask(app: &mut App, whole_lesson: bool) -> Vec<Cmd> {
    let Some((at, lesson, step)) = app.current() else {
        return Vec::new();
    };
    let (scope, setup, since) = if whole_lesson {
        let first = lesson.steps.first().map(|s| join_scripts(&s.setup));
        (
            ResetScope::Lesson(at.lesson),
            first.unwrap_or_default(),
            None,
        )
    } else {
        // Progress keeps milliseconds; the engine dates its objects in seconds.
        let opened = app
            .progress
            .lesson(&lesson.meta.id)
            .step_opened_at
            .map(|ms| ms / 1000);
        // Never opened on record (progress from an older docktor): from now, so nothing made
        // before is taken for the step's work.
        let since = opened.unwrap_or(app.now);
        (ResetScope::Step(at), join_scripts(&step.setup), Some(since))
    };
    let source = Box::new(lesson.clone());
    app.dialog = Some(Dialog::Reset {
        scope,
        setup,
        plan: ResetPlan::Working,
    });
    vec![Cmd::PlanReset {
        scope,
        source,
        since,
    }]
}

/// The dry run came back: show it in the dialog that asked, if it is still open.
pub fn planned(
    app: &mut App,
    planned: ResetScope,
    result: Result<Vec<Target>, String>,
) -> Vec<Cmd> {
    if let Some(Dialog::Reset { scope, plan, .. }) = app.dialog.as_mut()
        && *scope == planned
    {
        *plan = match result {
            Ok(targets) => ResetPlan::Ready(targets),
            Err(error) => ResetPlan::Failed(error),
        };
    }
    Vec::new()
}

/// Enter in the reset dialog: nothing goes before the learner has seen what would, so while
/// the dry run is out the dialog stays.
pub fn answered(app: &mut App, dialog: Dialog) -> Vec<Cmd> {
    let Dialog::Reset { scope, plan, .. } = &dialog else {
        return Vec::new();
    };
    let targets = match plan {
        ResetPlan::Working => {
            app.dialog = Some(dialog);
            return Vec::new();
        }
        ResetPlan::Ready(targets) => targets.clone(),
        ResetPlan::Failed(_) => Vec::new(),
    };
    let scope = *scope;
    confirmed(app, scope, targets)
}

/// The learner confirmed a reset: clear progress for a lesson reset, then remove `targets`.
pub fn confirmed(app: &mut App, scope: ResetScope, targets: Vec<Target>) -> Vec<Cmd> {
    let index = match scope {
        ResetScope::Step(at) => at.lesson,
        ResetScope::Lesson(index) => index,
    };
    let Some(source) = app.pack.lessons.get(index).cloned() else {
        return Vec::new();
    };
    let mut cmds = Vec::new();
    // Grades already asked for may land mid-removal: they must not count.
    app.generation += 1;
    app.resetting = true;
    if let ResetScope::Lesson(_) = scope {
        app.progress.forget(&source.meta.id);
        app.progress.lesson_mut(&source.meta.id).step_opened_at = Some(app.now * 1000);
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
        targets,
    });
    cmds
}

/// The engine side of a reset is done: run the step's setup again, then grade.
pub fn finished(app: &mut App, scope: ResetScope, result: Result<Vec<String>, String>) -> Vec<Cmd> {
    // Grades asked for while the reset ran saw it half done.
    app.generation += 1;
    app.resetting = false;
    app.checks.grading = false;
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
