//! One function per command: load, call the core, print, return a [`Status`].

use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use super::output::{Style, mark, say};
use super::{Args, CliError, Status};
use crate::check::{Outcome, Verdict};
use crate::engine::Engine;
use crate::grade::grade_step_in;
use crate::lesson::{Lesson, LessonPack, load_dir};
use crate::lint::{Severity, lint_pack};
use crate::progress::{self, LoadNote};
use crate::{doctor, images, paths, reset, trust, verify};

fn workspaces(args: &Args) -> PathBuf {
    args.workspace.clone().unwrap_or_else(paths::workspaces_dir)
}

fn find_lesson<'a>(pack: &'a LessonPack, key: &str) -> Result<&'a Lesson, CliError> {
    pack.find(key).ok_or_else(|| {
        let ids: Vec<&str> = pack.lessons.iter().map(|l| l.meta.id.as_str()).collect();
        CliError::Usage(format!(
            "no lesson `{key}`; lessons are: {}",
            ids.join(", ")
        ))
    })
}

fn load_progress() -> progress::Progress {
    let (progress, note) = progress::load(&paths::progress_file());
    if let LoadNote::Damaged { set_aside, reason } = note {
        eprintln!(
            "docktor: your progress file was damaged ({reason}); it was kept as {} and progress starts afresh",
            set_aside.display()
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
                    "current_step": p.current_step + 1,
                    "steps": l.steps.iter().map(|s| serde_json::json!({
                        "id": s.id, "title": s.title, "passed": p.passed.contains(&s.id)
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        say!("{}", serde_json::json!({ "lessons": lessons }));
        return Ok(Status::Ok);
    }
    let style = Style::detect();
    for (i, lesson) in pack.lessons.iter().enumerate() {
        let p = progress.lesson(&lesson.meta.id);
        let status = progress.status(lesson);
        let state = if status.done() {
            "done"
        } else if status.started || status.passed > 0 {
            "in progress"
        } else {
            "not started"
        };
        say!(
            "{:>2}. {:<14} {} {}/{} steps, {state}",
            i + 1,
            lesson.meta.id,
            style.bold(&format!("{:<34}", lesson.meta.title)),
            status.passed,
            status.total
        );
        for (n, step) in lesson.steps.iter().enumerate() {
            let here = if n == p.current_step && state == "in progress" {
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
    let (key, step_key) = match target.split_once(':') {
        Some((l, s)) => (l, Some(s)),
        None => (target, None),
    };
    let lesson = find_lesson(pack, key)?;
    let mut progress = load_progress();
    let steps: Vec<usize> = match (step_key, all_steps) {
        (Some(_), true) => {
            return Err(CliError::Usage(
                "give either LESSON:STEP or --all-steps, not both".into(),
            ));
        }
        (Some(s), false) => vec![lesson.find_step(s).ok_or_else(|| {
            CliError::Usage(format!(
                "lesson `{}` has no step `{s}` (steps are 1 to {})",
                lesson.meta.id,
                lesson.steps.len()
            ))
        })?],
        (None, true) => (0..lesson.steps.len()).collect(),
        (None, false) => vec![
            progress
                .lesson(&lesson.meta.id)
                .current_step
                .min(lesson.steps.len().saturating_sub(1)),
        ],
    };
    let engine = Engine::connect().await?;
    let workspace = crate::workspace::folder(&workspaces(args), lesson);
    let style = Style::detect();
    let (mut all_passed, mut any_error) = (true, false);
    let mut grades = Vec::new();
    for &i in &steps {
        let step = &lesson.steps[i];
        let here = progress.lesson(&lesson.meta.id);
        let ctx = crate::check::GradeContext {
            // Only the step the learner has open knows when it was opened.
            step_opened_at: here.step_opened().filter(|_| here.current_step == i),
            lesson: Some(&lesson.meta.id),
            ..crate::check::GradeContext::new(&engine, &workspace)
        };
        let report = grade_step_in(&ctx, step).await;
        all_passed &= report.passed();
        any_error |= report.has_errors();
        if report.passed() {
            progress
                .lesson_mut(&lesson.meta.id)
                .passed
                .insert(step.id.clone());
        }
        if !json {
            say!("{} step {}: {}", lesson.meta.id, i + 1, step.title);
            for v in &report.verdicts {
                if v.outcome == Outcome::Error {
                    say!(
                        "  {} {} could not be graded: {}",
                        mark(&style, v.outcome),
                        v.subject,
                        v.message
                    );
                    continue;
                }
                say!("  {} {}", mark(&style, v.outcome), v.message);
                if let Some(note) = &v.author_message {
                    say!("      {note}");
                }
            }
        }
        grades.push((i, step, report));
    }
    if json {
        let out: Vec<StepGrade> = grades
            .iter()
            .map(|(i, step, r)| StepGrade {
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
        eprintln!("docktor: could not save progress ({e}); the grades above still stand");
    }
    Ok(if any_error {
        Status::EngineFailed
    } else if all_passed {
        Status::Ok
    } else {
        Status::Failed
    })
}

/// Makes sure a `--lessons` pack may run its commands: `--trust`, remembered, or asked.
fn ensure_trusted(args: &Args, pack: &LessonPack) -> Result<(), CliError> {
    let store = paths::trust_file();
    if trust::is_trusted(pack, args.trust, &store) {
        return Ok(());
    }
    if trust::ask(pack) {
        if let Err(e) = trust::remember(pack, &store) {
            eprintln!("docktor: could not remember the trust ({e}); you will be asked again");
        }
        return Ok(());
    }
    Err(CliError::Untrusted(
        "these lessons come from a folder and run shell commands; nothing was run. Read them, then pass --trust (or answer y at the prompt)".into(),
    ))
}

/// `docktor verify [LESSON...]`.
pub async fn verify(
    args: &Args,
    pack: &LessonPack,
    keys: &[String],
    keep_going: bool,
) -> Result<Status, CliError> {
    let lessons: Vec<&Lesson> = if keys.is_empty() {
        pack.lessons.iter().collect()
    } else {
        keys.iter()
            .map(|k| find_lesson(pack, k))
            .collect::<Result<_, _>>()?
    };
    if lessons.is_empty() {
        return Err(CliError::Usage("there are no lessons to verify".into()));
    }
    ensure_trusted(args, pack)?;
    let engine = Engine::connect().await?;
    for reference in images::required(pack) {
        if !engine.has_image(&reference).await? {
            return Err(CliError::Usage(format!(
                "the lessons need image `{reference}`, which is missing: run `docktor images --prepare` first"
            )));
        }
    }
    let scratch = verify::scratch_dir();
    let style = Style::detect();
    let mut failed = Vec::new();
    for lesson in &lessons {
        say!("{} {}", style.bold("verify"), lesson.meta.id);
        let mut say = |line: &str| say!("{line}");
        let result = verify::verify_lesson(&engine, lesson, &scratch, keep_going, &mut say).await?;
        for p in &result.problems {
            say!("  PROBLEM: {p}");
        }
        for t in &result.leaked {
            say!(
                "  PROBLEM: left behind {} `{}`, which the lesson does not declare",
                t.kind.as_str(),
                t.name
            );
        }
        let verdict = if result.passed() {
            style.pass("ok")
        } else {
            style.fail("FAILED")
        };
        say!("  {} {verdict}", lesson.meta.id);
        if !result.passed() {
            failed.push(lesson.meta.id.clone());
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    let proven = lessons.len() - failed.len();
    say!("verify: {proven} passed, {} failed", failed.len());
    Ok(if failed.is_empty() {
        Status::Ok
    } else {
        Status::Failed
    })
}

/// `docktor reset LESSON | --all`.
pub async fn reset(
    pack: &LessonPack,
    key: Option<&str>,
    all: bool,
    dry_run: bool,
) -> Result<Status, CliError> {
    let lessons: Vec<&Lesson> = match (key, all) {
        (_, true) => pack.lessons.iter().collect(),
        (Some(k), false) => vec![find_lesson(pack, k)?],
        (None, false) => return Err(CliError::Usage("name a lesson, or pass --all".into())),
    };
    let resources: Vec<_> = lessons.iter().map(|l| &l.meta.resources).collect();
    let engine = Engine::connect().await?;
    let targets = reset::plan(&engine, &resources).await?;
    let swarm = reset::owns_swarm(&engine, &resources).await?;
    if targets.is_empty() && !swarm {
        say!("nothing to remove: none of the lessons' resources exist");
        return Ok(Status::Ok);
    }
    if dry_run {
        if swarm {
            say!("would leave the swarm the lesson made");
        }
        for t in &targets {
            say!("would remove {} {}", t.kind.as_str(), t.name);
        }
        return Ok(Status::Ok);
    }
    let report = reset::carry_out_for(&engine, &resources, targets).await?;
    if report.left_swarm {
        say!("left the swarm the lesson made");
    }
    for t in &report.removed {
        say!("removed {} {}", t.kind.as_str(), t.name);
    }
    for (t, e) in &report.failed {
        eprintln!("could not remove {} {}: {e}", t.kind.as_str(), t.name);
    }
    Ok(if report.failed.is_empty() {
        Status::Ok
    } else {
        Status::Failed
    })
}

/// `docktor doctor`.
pub async fn doctor(pack: &LessonPack) -> Result<Status, CliError> {
    let style = Style::detect();
    let (findings, engine_error) = doctor::examine(pack).await;
    for f in &findings {
        let m = if f.ok {
            style.pass("ok  ")
        } else {
            style.fail("FIX ")
        };
        say!("{m} {:<11} {}", f.topic, f.found);
        if let Some(fix) = &f.fix {
            say!("     {:<11} {fix}", "");
        }
    }
    for problem in &pack.problems {
        say!("{} {:<11} {problem}", style.fail("FIX "), "lessons");
    }
    Ok(if let Some(e) = &engine_error {
        Status::for_engine_error(e)
    } else if findings.iter().all(|f| f.ok) && pack.problems.is_empty() {
        Status::Ok
    } else {
        Status::Failed
    })
}

/// `docktor images [--prepare]`.
pub async fn images(
    pack: &LessonPack,
    prepare: bool,
    busybox: Option<&Path>,
) -> Result<Status, CliError> {
    let style = Style::detect();
    let engine = Engine::connect().await?;
    let mut missing = 0;
    for reference in images::required(pack) {
        if !prepare {
            let present = engine.has_image(&reference).await?;
            missing += usize::from(!present);
            let state = if present {
                style.pass("present")
            } else {
                style.fail("missing")
            };
            say!("{reference:<30} {state}");
            continue;
        }
        match images::prepare(&engine, &reference, busybox).await {
            Ok(images::Prepared::AlreadyPresent) => {
                say!("{reference:<30} {}", style.pass("present"))
            }
            Ok(images::Prepared::Pulled) => say!("{reference:<30} {}", style.pass("pulled")),
            Ok(images::Prepared::BuiltFromBusybox(bin)) => {
                say!(
                    "{reference:<30} {} (no registry answered; built from {})",
                    style.pass("built"),
                    bin.display()
                );
            }
            Err(images::PrepareError::Engine(e)) if e.is_unreachable() => return Err(e.into()),
            Err(e) => {
                missing += 1;
                say!("{reference:<30} {}: {e}", style.fail("missing"));
            }
        }
    }
    if missing > 0 && !prepare {
        say!("{missing} image(s) missing: run `docktor images --prepare`");
    }
    Ok(if missing == 0 {
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
        "lint: {} lesson(s) read, {errors} error(s), {warnings} warning(s)",
        pack.lessons.len()
    );
    if errors > 0 {
        Status::Failed
    } else {
        Status::Ok
    }
}
