//! One function per command (list, check, reset, lint, the tutor) and the helpers commands share:
//! finding a lesson, loading progress, the workspace folder, asking trust.

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use super::json::{self, SCHEMA_VERSION};
use super::output::{Style, say, say_verdict};
use super::{Args, CliError, Status};
use crate::check::{Outcome, Verdict};
use crate::engine::Engine;
use crate::grade::grade_step_in;
use crate::lesson::{Lesson, LessonPack, load_dir};
use crate::lint::{Severity, lint_pack};
use crate::progress::{self, LoadNote};
use crate::{paths, reset, trust};
use crate::{tr, trf};

pub(super) fn workspaces(args: &Args) -> PathBuf {
    args.workspace.clone().unwrap_or_else(paths::workspaces_dir)
}

pub(super) fn find_lesson<'a>(pack: &'a LessonPack, key: &str) -> Result<&'a Lesson, CliError> {
    pack.find(key).ok_or_else(|| {
        let ids: Vec<String> = pack.lessons.iter().map(|l| l.meta.id.clone()).collect();
        let near = crate::check::closest_name(key, &ids)
            .map(|id| trf!("did you mean `{}`? ", id))
            .unwrap_or_default();
        CliError::Usage(trf!(
            "no lesson `{}`; {}lessons are: {}",
            key,
            near,
            ids.join(", ")
        ))
    })
}

/// Splits `LESSON[:STEP]` and finds both; without a step, the learner's current one.
pub(super) fn resolve_target<'a>(
    pack: &'a LessonPack,
    target: &str,
    progress: &progress::Progress,
) -> Result<(&'a Lesson, usize), CliError> {
    let (key, step_key) = match target.split_once(':') {
        Some((l, s)) => (l, Some(s)),
        None => (target, None),
    };
    let lesson = find_lesson(pack, key)?;
    if lesson.steps.is_empty() {
        return Err(CliError::Usage(trf!(
            "lesson `{}` has no steps",
            lesson.meta.id
        )));
    }
    let index = match step_key {
        Some(s) => lesson.find_step(s).ok_or_else(|| {
            CliError::Usage(trf!(
                "lesson `{}` has no step `{}` (steps are 1 to {})",
                lesson.meta.id,
                s,
                lesson.steps.len()
            ))
        })?,
        None => progress
            .lesson(&lesson.meta.id)
            .current_step
            .min(lesson.steps.len() - 1),
    };
    Ok((lesson, index))
}

pub(super) fn load_progress() -> progress::Progress {
    let (progress, note) = progress::load(&paths::progress_file());
    if let LoadNote::Damaged { set_aside, reason } = note {
        eprintln!(
            "docktor: {}",
            trf!(
                "your progress file was damaged ({}); it was kept as {} and progress starts afresh",
                reason,
                set_aside.display()
            )
        );
    }
    progress
}

/// No command: the tutor.
pub fn tutor(args: &Args, pack: LessonPack, started: Instant) -> Result<Status, CliError> {
    let trusted = trust::is_trusted(&pack, args.trust, &paths::trust_file());
    let config = crate::tui::TuiConfig {
        pack,
        workspaces: workspaces(args),
        progress_path: paths::progress_file(),
        trusted,
        started,
    };
    crate::tui::run(config).map_err(|e| CliError::Io(format!("{e:#}")))?;
    Ok(Status::Ok)
}

/// `docktor list`.
pub fn list(_args: &Args, pack: &LessonPack, json: bool) -> Result<Status, CliError> {
    let progress = load_progress();
    if json {
        let lessons: Vec<_> = pack
            .lessons
            .iter()
            .map(|l| {
                let p = progress.lesson(&l.meta.id);
                serde_json::json!({
                    "id": l.meta.id, "title": l.meta.title, "summary": l.meta.summary,
                    "lang": l.lang.code(), "languages": l.languages().iter().map(|g| g.code()).collect::<Vec<_>>(),
                    "current_step": p.current_step + 1,
                    "steps": l.steps.iter().map(|s| serde_json::json!({
                        "id": s.id, "title": s.title, "passed": p.passed.contains(&s.id)
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        json::print(serde_json::json!({ "lessons": lessons }))?;
        return Ok(Status::Ok);
    }
    let style = Style::detect();
    for (i, lesson) in pack.lessons.iter().enumerate() {
        let p = progress.lesson(&lesson.meta.id);
        let status = progress.status(lesson);
        let in_progress = !status.done() && (status.started || status.passed > 0);
        let state = if status.done() {
            tr!("done")
        } else if in_progress {
            tr!("in progress")
        } else {
            tr!("not started")
        };
        let steps = trf!("{}/{} steps, {}", status.passed, status.total, state);
        say!(
            "{:>2}. {:<14} {} {steps}",
            i + 1,
            lesson.meta.id,
            style.bold(&format!("{:<34}", lesson.meta.title)),
        );
        for (n, step) in lesson.steps.iter().enumerate() {
            let here = if n == p.current_step && in_progress {
                ">"
            } else {
                " "
            };
            let tick = if p.passed.contains(&step.id) {
                style.pass("✔")
            } else {
                " ".to_owned()
            };
            say!("      {here}{tick} {}. {}", n + 1, step.title);
        }
    }
    Ok(Status::Ok)
}

#[derive(Serialize)]
struct StepGrade<'a> {
    schema_version: u32,
    lesson: &'a str,
    step: &'a str,
    number: usize,
    passed: bool,
    checks: &'a [Verdict],
}

/// `docktor check LESSON[:STEP]`.
pub async fn check(
    args: &Args,
    pack: &LessonPack,
    target: &str,
    json: bool,
    all_steps: bool,
) -> Result<Status, CliError> {
    if all_steps && target.contains(':') {
        return Err(CliError::Usage(
            tr!("give either LESSON:STEP or --all-steps, not both").into(),
        ));
    }
    let mut progress = load_progress();
    let (lesson, current) = resolve_target(pack, target, &progress)?;
    // Checking a lesson starts it: reset counts what is made from now on as the lesson's.
    progress.lesson_mut(&lesson.meta.id);
    let steps: Vec<usize> = if all_steps {
        (0..lesson.steps.len()).collect()
    } else {
        vec![current]
    };
    let engine = Engine::connect().await?;
    for warning in engine.warnings() {
        eprintln!("docktor: {}", trf!("warning: {}", warning));
    }
    let workspace = crate::workspace::folder(&workspaces(args), lesson);
    let trusted = trust::is_trusted(pack, args.trust, &paths::trust_file());
    let style = Style::detect();
    let (mut all_passed, mut any_error, mut any_failed) = (true, false, false);
    let mut grades = Vec::new();
    for &i in &steps {
        let step = &lesson.steps[i];
        let here = progress.lesson(&lesson.meta.id);
        let ctx = crate::check::GradeContext {
            // Only the step the learner has open knows when it was opened.
            step_opened_at: here.step_opened().filter(|_| here.current_step == i),
            lesson: Some(&lesson.meta.id),
            trusted,
            ..crate::check::GradeContext::new(&engine, &workspace)
        };
        let report = grade_step_in(&ctx, step).await;
        all_passed &= report.passed();
        any_error |= report.has_errors();
        any_failed |= report.verdicts.iter().any(|v| v.outcome == Outcome::Fail);
        if report.passed() {
            progress
                .lesson_mut(&lesson.meta.id)
                .passed
                .insert(step.id.clone());
        }
        if !json {
            say!(
                "{}",
                trf!("{} step {}: {}", lesson.meta.id, i + 1, step.title)
            );
            for v in &report.verdicts {
                say_verdict(&style, v);
            }
        }
        if !report.passed() {
            point_to_start(&workspace, lesson, i, step);
        }
        grades.push((i, step, report));
    }
    if json {
        let out: Vec<StepGrade> = grades
            .iter()
            .map(|(i, step, r)| StepGrade {
                schema_version: SCHEMA_VERSION,
                lesson: &lesson.meta.id,
                step: &step.id,
                number: i + 1,
                passed: r.passed(),
                checks: &r.verdicts,
            })
            .collect();
        let text = serde_json::to_string_pretty(&out).map_err(|e| CliError::Io(e.to_string()))?;
        say!("{text}");
    }
    if let Err(e) = progress::save(&paths::progress_file(), &progress) {
        eprintln!(
            "docktor: {}",
            trf!(
                "could not save progress ({}); the grades above still stand",
                e
            )
        );
    }
    let not_run = grades.iter().any(|(_, _, r)| r.has_not_run());
    if not_run && !json {
        eprintln!(
            "docktor: {}",
            tr!(
                "some checks were not run because this pack is not trusted; read the lessons, then pass --trust"
            )
        );
    }
    Ok(if any_error {
        Status::EngineFailed
    } else if all_passed {
        Status::Ok
    } else if not_run && !any_failed {
        Status::Untrusted
    } else {
        Status::Failed
    })
}

/// A step that grades workspace files cannot pass in a workspace that was never prepared:
/// say where it should be and how to prepare it (on stderr, so `--json` stays clean).
fn point_to_start(workspace: &Path, lesson: &Lesson, index: usize, step: &crate::lesson::Step) {
    let reads_files = step.checks.iter().any(|c| !c.needs_engine());
    if reads_files && !workspace.exists() {
        eprintln!(
            "docktor: {}",
            trf!(
                "your workspace for `{}` is {}, which does not exist yet: run `docktor start {}:{}` to prepare it",
                lesson.meta.id,
                workspace.display(),
                lesson.meta.id,
                index + 1
            )
        );
    }
}

/// Makes sure a `--lessons` pack may run its commands: `--trust`, remembered, or asked.
pub(super) fn ensure_trusted(args: &Args, pack: &LessonPack) -> Result<(), CliError> {
    let store = paths::trust_file();
    if trust::is_trusted(pack, args.trust, &store) {
        return Ok(());
    }
    if trust::ask(pack) {
        if let Err(e) = trust::remember(pack, &store) {
            eprintln!(
                "docktor: {}",
                trf!(
                    "could not remember the trust ({}); you will be asked again",
                    e
                )
            );
        }
        return Ok(());
    }
    Err(CliError::Untrusted(
        tr!("these lessons come from a folder and run shell commands; nothing was run. Read them, then pass --trust (or answer y at the prompt)").into(),
    ))
}

/// `docktor reset LESSON | --all`: removes only what the lessons made since the learner
/// started them; a pack from a folder must be trusted first (a dry run needs no trust).
pub async fn reset(
    args: &Args,
    pack: &LessonPack,
    key: Option<&str>,
    all: bool,
    dry_run: bool,
) -> Result<Status, CliError> {
    let lessons: Vec<&Lesson> = match (key, all) {
        (_, true) => pack.lessons.iter().collect(),
        (Some(k), false) => vec![find_lesson(pack, k)?],
        (None, false) => return Err(CliError::Usage(tr!("name a lesson, or pass --all").into())),
    };
    if !dry_run {
        ensure_trusted(args, pack)?;
    }
    let progress = progress::read(&paths::progress_file());
    let scopes: Vec<_> = lessons
        .iter()
        .map(|l| reset::LessonScope::for_learner(l, &progress))
        .collect();
    let engine = Engine::connect().await?;
    let plan = reset::plan(&engine, &scopes).await?;
    let resources: Vec<_> = lessons.iter().map(|l| &l.meta.resources).collect();
    let swarm = reset::owns_swarm(&engine, &resources).await?;
    for kept in &plan.kept {
        say!("{}", kept.describe());
    }
    if plan.remove.is_empty() && !swarm {
        say!(
            "{}",
            tr!("nothing to remove: none of the objects the lessons made exist")
        );
        return Ok(Status::Ok);
    }
    if dry_run {
        if swarm {
            say!("{}", tr!("would leave the swarm the lesson made"));
        }
        for t in &plan.remove {
            say!("{}", trf!("would remove {} {}", t.kind.as_str(), t.name));
        }
        return Ok(Status::Ok);
    }
    let report = reset::carry_out_for(&engine, &resources, plan.remove).await?;
    if report.left_swarm {
        say!("{}", tr!("left the swarm the lesson made"));
    }
    for t in &report.removed {
        say!("{}", trf!("removed {} {}", t.kind.as_str(), t.name));
    }
    for (t, e) in &report.failed {
        eprintln!(
            "{}",
            trf!("could not remove {} {}: {}", t.kind.as_str(), t.name, e)
        );
    }
    Ok(if report.failed.is_empty() {
        Status::Ok
    } else {
        Status::Failed
    })
}

/// `docktor lint [DIR]`: no engine needed.
pub fn lint(dir: Option<&Path>, pack: LessonPack, _from_flag: bool) -> Status {
    let pack = match dir {
        Some(dir) => load_dir(dir),
        None => pack,
    };
    let problems = lint_pack(&pack);
    for p in &problems {
        say!("{p}");
    }
    let errors = problems
        .iter()
        .filter(|p| p.severity == Severity::Error)
        .count();
    let warnings = problems.len() - errors;
    eprintln!(
        "{}",
        trf!(
            "lint: {} lesson(s) read, {} error(s), {} warning(s)",
            pack.lessons.len(),
            errors,
            warnings
        )
    );
    if errors > 0 {
        Status::Failed
    } else {
        Status::Ok
    }
}
