//! Grading a step: all its checks, concurrently, into one report.

use std::path::Path;

use futures_util::future::join_all;
use serde::Serialize;

use crate::check::{self, GradeContext, Outcome, Verdict};
use crate::engine::Engine;
use crate::lesson::Step;

/// The verdicts of every check of one step.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepReport {
    pub verdicts: Vec<Verdict>,
}

impl StepReport {
    /// True when every check passed.
    pub fn passed(&self) -> bool {
        !self.verdicts.is_empty() && self.verdicts.iter().all(Verdict::passed)
    }

    /// True when some check could not be evaluated (as opposed to failing).
    pub fn has_errors(&self) -> bool {
        self.verdicts.iter().any(|v| v.outcome == Outcome::Error)
    }

    /// True when some check was not run because the pack is not trusted.
    pub fn has_not_run(&self) -> bool {
        self.verdicts.iter().any(|v| v.outcome == Outcome::NotRun)
    }

    pub fn passed_count(&self) -> usize {
        self.verdicts.iter().filter(|v| v.passed()).count()
    }
}

/// Grades every check of `step` at once against the engine and the workspace. For a pack
/// that is not `trusted`, checks that act are reported as not run instead of running.
pub async fn grade_step(
    engine: &Engine,
    workspace: &Path,
    step: &Step,
    trusted: bool,
) -> StepReport {
    let ctx = GradeContext {
        trusted,
        ..GradeContext::new(engine, workspace)
    };
    grade_step_in(&ctx, step).await
}

/// Grades every check of `step` at once in a context that may know more: when the step
/// was opened, the lesson, an HTTP cache.
pub async fn grade_step_in(ctx: &GradeContext<'_>, step: &Step) -> StepReport {
    let verdicts = join_all(step.checks.iter().map(|c| check::evaluate(c, ctx))).await;
    StepReport { verdicts }
}
