//! `docktor verify`: proving a lesson on the live engine. For each step in order: run its
//! setup, grade (some check must fail on the fresh state), run its solution, grade again
//! (every check must pass). Afterwards reset, and report anything the lesson left behind
//! that it did not declare. This is how authoring is tested like code.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::check::GradeContext;
use crate::engine::{Engine, EngineError, ResourceKind};
use crate::grade::{StepReport, grade_step_in};
use crate::lesson::{Lesson, Script, Step};
use crate::reset::{self, Target};
use crate::shell::run_script;
use crate::workspace;
use crate::{tr, trf};

/// How long one setup or solution block may run.
const SCRIPT_LIMIT: Duration = Duration::from_secs(180);
/// How long a step may take to turn green after its solution (a server starting, a restart).
const SETTLE_LIMIT: Duration = Duration::from_secs(20);
const SETTLE_POLL: Duration = Duration::from_millis(250);

/// What verifying one step found.
#[derive(Debug, Clone)]
pub struct StepResult {
    pub number: usize,
    pub id: String,
    /// Empty when the step is proven.
    pub problems: Vec<String>,
}

/// What verifying one lesson found.
#[derive(Debug, Clone)]
pub struct LessonResult {
    pub id: String,
    pub steps: Vec<StepResult>,
    /// Created during the lesson, not declared, still there after reset.
    pub leaked: Vec<Target>,
    /// Problems outside any step (reset failures, workspace errors).
    pub problems: Vec<String>,
}

impl LessonResult {
    pub fn passed(&self) -> bool {
        self.problems.is_empty()
            && self.leaked.is_empty()
            && self.steps.iter().all(|s| s.problems.is_empty())
    }
}

/// Verifies one lesson in a fresh workspace under `scratch`; `progress` hears each line.
pub async fn verify_lesson(
    engine: &Engine,
    lesson: &Lesson,
    scratch: &Path,
    keep_going: bool,
    progress: &mut dyn FnMut(&str),
) -> Result<LessonResult, EngineError> {
    let before = snapshot(engine).await?;
    let scope = [reset::LessonScope {
        lesson,
        since: reset::Since::Existing(before.clone()),
    }];
    for kept in reset::plan(engine, &scope).await?.kept {
        progress(&trf!(
            "  note: {} (verify removes only what it makes)",
            kept.describe()
        ));
    }
    let mut result = LessonResult {
        id: lesson.meta.id.clone(),
        steps: Vec::new(),
        leaked: Vec::new(),
        problems: Vec::new(),
    };
    let dir = workspace::folder(scratch, lesson);
    let _ = std::fs::remove_dir_all(&dir);
    match workspace::prepare(scratch, lesson) {
        Ok(dir) => {
            for (i, step) in lesson.steps.iter().enumerate() {
                let step_result = verify_step(engine, &dir, i + 1, step, progress).await?;
                let failed = !step_result.problems.is_empty();
                result.steps.push(step_result);
                if failed && !keep_going {
                    progress(&trf!(
                        "  stopping {}: later steps build on this one (use --keep-going to go on)",
                        lesson.meta.id
                    ));
                    break;
                }
            }
        }
        Err(e) => result
            .problems
            .push(trf!("cannot prepare the workspace: {}", e)),
    }
    let report = reset::reset(engine, &scope).await?;
    for (target, e) in report.failed {
        result.problems.push(trf!(
            "reset could not remove {} `{}`: {}",
            target.kind.as_str(),
            target.name,
            e
        ));
    }
    result.leaked = leaked(&before, &snapshot(engine).await?);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(result)
}

async fn verify_step(
    engine: &Engine,
    dir: &Path,
    number: usize,
    step: &Step,
    progress: &mut dyn FnMut(&str),
) -> Result<StepResult, EngineError> {
    let mut problems = Vec::new();
    progress(&trf!("  step {} `{}`", number, step.id));
    // The step is opened now, as a learner would open it: work done before does not count.
    let opened = std::time::SystemTime::now();
    let ctx = GradeContext {
        // verify runs only for a trusted pack (the CLI asks first).
        trusted: true,
        step_opened_at: Some(opened),
        ..GradeContext::new(engine, dir)
    };
    if let Err(problem) = run_blocks("setup", &step.setup, dir, progress).await {
        problems.push(problem);
        return Ok(StepResult {
            number,
            id: step.id.clone(),
            problems,
        });
    }
    let fresh = grade_step_in(&ctx, step).await;
    engine_errors(&fresh, &mut problems);
    if fresh.passed() {
        problems.push(
            tr!("every check already passes before the solution: the step would be green with no work")
                .to_owned(),
        );
    } else {
        progress(&trf!(
            "    before the solution: {} of {} checks fail, as they should",
            fresh.verdicts.len() - fresh.passed_count(),
            fresh.verdicts.len()
        ));
    }
    if step.solution.is_empty() {
        problems.push(tr!("the step has no `sh solution` to prove it with").to_owned());
    } else if let Err(problem) = run_blocks("solution", &step.solution, dir, progress).await {
        problems.push(problem);
    } else {
        let solved = grade_until_passed(&ctx, step).await;
        if solved.passed() {
            progress(&trf!(
                "    after the solution: all {} checks pass",
                solved.verdicts.len()
            ));
        } else {
            engine_errors(&solved, &mut problems);
            for v in solved.verdicts.iter().filter(|v| !v.passed()) {
                problems.push(trf!("after the solution, {}", v.message));
            }
        }
    }
    for p in &problems {
        progress(&trf!("    PROBLEM: {}", p));
    }
    Ok(StepResult {
        number,
        id: step.id.clone(),
        problems,
    })
}

/// Grades until the step passes or [`SETTLE_LIMIT`] is over (servers take a moment to start).
async fn grade_until_passed(ctx: &GradeContext<'_>, step: &Step) -> StepReport {
    let deadline = Instant::now() + SETTLE_LIMIT;
    loop {
        let report = grade_step_in(ctx, step).await;
        if report.passed() || Instant::now() >= deadline {
            return report;
        }
        tokio::time::sleep(SETTLE_POLL).await;
    }
}

fn engine_errors(report: &StepReport, problems: &mut Vec<String>) {
    for v in report
        .verdicts
        .iter()
        .filter(|v| v.outcome == crate::check::Outcome::Error)
    {
        problems.push(trf!("{} could not be graded: {}", v.subject, v.message));
    }
}

async fn run_blocks(
    role: &str,
    blocks: &[Script],
    dir: &Path,
    progress: &mut dyn FnMut(&str),
) -> Result<(), String> {
    for block in blocks {
        progress(&format!("    $ {}", block.text.replace('\n', "\n      ")));
        let out = run_script(&block.text, dir, SCRIPT_LIMIT)
            .await
            .map_err(|e| trf!("the {} (line {}) could not start: {}", role, block.line, e))?;
        if !out.succeeded() {
            return Err(trf!(
                "the {} (line {}) {}: {}",
                role,
                block.line,
                out.ending(),
                out.output.trim()
            ));
        }
    }
    Ok(())
}

/// Every object on the engine, by kind, to find what a lesson left behind.
async fn snapshot(engine: &Engine) -> Result<BTreeSet<(ResourceKind, String)>, EngineError> {
    let mut all = BTreeSet::new();
    for kind in [
        ResourceKind::Container,
        ResourceKind::Image,
        ResourceKind::Volume,
        ResourceKind::Network,
    ] {
        for name in engine.resource_names(kind).await? {
            all.insert((kind, name));
        }
    }
    // A forced swarm leave can leave stale swarm networks listed that no API call removes:
    // not the lesson's leftovers (a daemon restart clears them).
    for name in engine.stale_swarm_networks().await? {
        all.remove(&(ResourceKind::Network, name));
    }
    Ok(all)
}

fn leaked(
    before: &BTreeSet<(ResourceKind, String)>,
    after: &BTreeSet<(ResourceKind, String)>,
) -> Vec<Target> {
    after
        .difference(before)
        .map(|(kind, name)| Target {
            kind: *kind,
            name: name.clone(),
        })
        .collect()
}

/// A scratch folder for verify's workspaces, apart from the learner's own.
pub fn scratch_dir() -> PathBuf {
    std::env::temp_dir().join(format!("docktor-verify-{}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_objects_new_since_the_snapshot_count_as_leaked() {
        let before: BTreeSet<_> = [(ResourceKind::Container, "old".to_owned())].into();
        let after: BTreeSet<_> = [
            (ResourceKind::Container, "old".to_owned()),
            (ResourceKind::Volume, "new".to_owned()),
        ]
        .into();
        assert_eq!(
            leaked(&before, &after),
            vec![Target {
                kind: ResourceKind::Volume,
                name: "new".into()
            }]
        );
    }
}
