//! Grading a class: every learner's engine at once (bounded), each under its own timeout,
//! read-only unless the roster trusts the pack. An engine that does not answer is reported
//! as unreachable and holds nobody else up.

use std::path::Path;
use std::time::Duration;

use futures_util::StreamExt;
use futures_util::future::join_all;

use super::policy;
use super::report::{
    CheckOutcome, CheckResult, ClassReport, LearnerReport, LessonResult, StepResult,
};
use super::roster::{Learner, Roster};
use crate::check::{self, Check, GradeContext, Outcome, Verdict};
use crate::engine::Engine;
use crate::lesson::{Lesson, LessonPack, Step};
use crate::progress::Progress;
use crate::{tr, trf};

/// What grading one engine needs to know besides the engine.
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    pub pack: &'a LessonPack,
    /// Run acting checks (exec, HTTP).
    pub trusted: bool,
    /// Parent of the learner's per-lesson workspaces; without it, file checks are skipped.
    pub workspaces: Option<&'a Path>,
    pub assigned: Option<&'a [String]>,
    /// The learner's progress record, read only.
    pub progress: Option<&'a Progress>,
}

/// Grades every learner of `roster` on `pack` and gathers one report, in roster order.
pub async fn grade_class(roster: &Roster, pack: &LessonPack) -> ClassReport {
    let mut report = ClassReport::new(&roster.class, pack, roster.trusted, false);
    report.learners = futures_util::stream::iter(&roster.learners)
        .map(|l| grade_learner(l, pack, roster.trusted, roster.timeout))
        .buffered(roster.concurrency)
        .collect()
        .await;
    report.generated_at = super::clock::now_rfc3339();
    report
}

/// Grades one learner of a roster: connect, then grade, all under `timeout`.
pub async fn grade_learner(
    learner: &Learner,
    pack: &LessonPack,
    trusted: bool,
    timeout: Duration,
) -> LearnerReport {
    let source = learner
        .endpoint
        .host
        .clone()
        .or_else(|| {
            learner
                .endpoint
                .context
                .as_ref()
                .map(|c| format!("context {c}"))
        })
        .unwrap_or_default();
    let progress = match &learner.progress {
        Some(path) => crate::progress::read_strict(path).unwrap_or_else(|e| {
            eprintln!(
                "docktor: {}",
                trf!("learner `{}`: {}; graded without it", learner.name, e)
            );
            None
        }),
        None => None,
    };
    let engine = match Engine::connect_endpoint(&learner.endpoint) {
        Ok(engine) => engine,
        Err(e) => return unreachable(learner, source, e.to_string()),
    };
    let scope = Scope {
        pack,
        trusted,
        workspaces: learner.workspace.as_deref(),
        assigned: learner.lessons.as_deref(),
        progress: progress.as_ref(),
    };
    let graded = tokio::time::timeout(timeout, grade_engine(&engine, scope)).await;
    match graded {
        Ok(Ok((engine_id, lessons))) => LearnerReport {
            name: learner.name.clone(),
            source,
            self_reported: false,
            reachable: true,
            problem: None,
            engine_id: Some(engine_id).filter(|id| !id.is_empty()),
            graded_at: super::clock::now_rfc3339(),
            has_progress: progress.is_some(),
            lessons,
        },
        Ok(Err(e)) => unreachable(learner, source, e.to_string()),
        Err(_) => unreachable(
            learner,
            source,
            trf!(
                "the engine did not finish answering within {} s; check it, or raise `timeout_seconds` in the roster",
                timeout.as_secs()
            ),
        ),
    }
}

fn unreachable(learner: &Learner, source: String, problem: String) -> LearnerReport {
    LearnerReport {
        name: learner.name.clone(),
        source,
        self_reported: false,
        reachable: false,
        problem: Some(problem),
        engine_id: None,
        graded_at: super::clock::now_rfc3339(),
        has_progress: false,
        lessons: Vec::new(),
    }
}

/// Grades every assigned lesson on one engine (pinged first); returns the engine id too.
pub async fn grade_engine(
    engine: &Engine,
    scope: Scope<'_>,
) -> Result<(String, Vec<LessonResult>), crate::engine::EngineError> {
    engine.ping().await?;
    let id = engine.identity().await.unwrap_or_default();
    let lessons = join_all(
        scope
            .pack
            .lessons
            .iter()
            .map(|l| grade_lesson(engine, l, scope)),
    )
    .await;
    Ok((id, lessons))
}

async fn grade_lesson(engine: &Engine, lesson: &Lesson, scope: Scope<'_>) -> LessonResult {
    let id = &lesson.meta.id;
    let assigned = scope.assigned.is_none_or(|ids| ids.iter().any(|a| a == id));
    if !assigned {
        return LessonResult::from_steps(id, false, Vec::new());
    }
    let workspace = scope
        .workspaces
        .map(|w| crate::workspace::folder(w, lesson));
    let remembered = scope.progress.and_then(|p| p.lessons.get(id));
    let steps = join_all(lesson.steps.iter().map(|step| async {
        let checks = grade_step(engine, workspace.as_deref(), step, scope.trusted).await;
        StepResult {
            id: step.id.clone(),
            passed: step_passed(&checks),
            passed_before: remembered.is_some_and(|p| p.passed.contains(&step.id)),
            checks,
        }
    }))
    .await;
    LessonResult::from_steps(id, true, steps)
}

/// A step passes when no check fails or errs and at least one check was graded.
pub fn step_passed(checks: &[CheckResult]) -> bool {
    checks.iter().any(|c| c.outcome == CheckOutcome::Pass)
        && checks
            .iter()
            .all(|c| matches!(c.outcome, CheckOutcome::Pass | CheckOutcome::Skipped))
}

/// Grades one step's checks at once, skipping what this grading may not do.
pub async fn grade_step(
    engine: &Engine,
    workspace: Option<&Path>,
    step: &Step,
    trusted: bool,
) -> Vec<CheckResult> {
    let ctx = GradeContext {
        // The core's own gate stays on: an acting check the roster does not trust is not run.
        trusted,
        ..GradeContext::new(engine, workspace.unwrap_or(Path::new("")))
    };
    let per_check = join_all(
        step.checks
            .iter()
            .map(|c| grade_check(c, workspace.is_some(), trusted, &ctx)),
    )
    .await;
    per_check.into_iter().flatten().collect()
}

async fn grade_check(
    check: &Check,
    has_workspace: bool,
    trusted: bool,
    ctx: &GradeContext<'_>,
) -> Vec<CheckResult> {
    if !check.needs_engine() && !has_workspace {
        return vec![skipped(
            check,
            tr!(
                "needs the learner's files; give the roster a `workspace`, or have the learner `docktor submit`"
            ),
        )];
    }
    if trusted || !policy::acts(check) {
        return vec![result(check::evaluate(check, ctx).await)];
    }
    let read = check::evaluate(&policy::read_only(check), ctx).await;
    vec![
        result(read),
        skipped(
            check,
            tr!(
                "runs a command or a request in the container; set `trusted = true` in the roster to run it"
            ),
        ),
    ]
}

fn skipped(check: &Check, why: &str) -> CheckResult {
    CheckResult {
        subject: check.subject(),
        outcome: CheckOutcome::Skipped,
        message: trf!("{} not graded: {}", check.subject(), why),
        author_message: None,
    }
}

/// A check verdict as a report line.
pub fn result(v: Verdict) -> CheckResult {
    CheckResult {
        subject: v.subject,
        outcome: match v.outcome {
            Outcome::Pass => CheckOutcome::Pass,
            Outcome::Fail => CheckOutcome::Fail,
            Outcome::Error => CheckOutcome::Error,
            Outcome::NotRun => CheckOutcome::Skipped,
        },
        message: v.message,
        author_message: v.author_message,
    }
}
