//! `docktor verify [LESSON...] [--json]`: proves lessons on the live engine and reports each
//! lesson, step and leftover, as lines or as one JSON document (docs/json.md).

use serde::Serialize;

use super::commands::{ensure_trusted, find_lesson};
use super::json;
use super::output::{Style, say};
use super::{Args, CliError, Status};
use crate::engine::Engine;
use crate::lesson::{Lesson, LessonPack};
use crate::{images, verify};
use crate::{tr, trf};

/// One lesson in `docktor verify --json`.
#[derive(Serialize)]
struct VerifiedLesson<'a> {
    id: &'a str,
    passed: bool,
    steps: Vec<VerifiedStep<'a>>,
    leaked: Vec<LeakedObject<'a>>,
    problems: &'a [String],
}

#[derive(Serialize)]
struct VerifiedStep<'a> {
    number: usize,
    id: &'a str,
    passed: bool,
    problems: &'a [String],
}

#[derive(Serialize)]
struct LeakedObject<'a> {
    kind: &'a str,
    name: &'a str,
}

impl<'a> VerifiedLesson<'a> {
    fn of(result: &'a verify::LessonResult) -> Self {
        Self {
            id: &result.id,
            passed: result.passed(),
            steps: result
                .steps
                .iter()
                .map(|s| VerifiedStep {
                    number: s.number,
                    id: &s.id,
                    passed: s.problems.is_empty(),
                    problems: &s.problems,
                })
                .collect(),
            leaked: result
                .leaked
                .iter()
                .map(|t| LeakedObject {
                    kind: t.kind.as_str(),
                    name: &t.name,
                })
                .collect(),
            problems: &result.problems,
        }
    }
}

/// `docktor verify [LESSON...]`.
pub async fn verify(
    args: &Args,
    pack: &LessonPack,
    keys: &[String],
    keep_going: bool,
    json: bool,
) -> Result<Status, CliError> {
    let lessons: Vec<&Lesson> = if keys.is_empty() {
        pack.lessons.iter().collect()
    } else {
        keys.iter()
            .map(|k| find_lesson(pack, k))
            .collect::<Result<_, _>>()?
    };
    if lessons.is_empty() {
        return Err(CliError::Usage(
            tr!("there are no lessons to verify").into(),
        ));
    }
    ensure_trusted(args, pack)?;
    let engine = Engine::connect().await?;
    for reference in images::required(pack) {
        if !engine.has_image(&reference).await? {
            return Err(CliError::Usage(trf!(
                "the lessons need image `{}`, which is missing: run `docktor images --prepare` first",
                reference
            )));
        }
    }
    let scratch = verify::scratch_dir();
    let style = Style::detect();
    // With --json, standard output carries the document only; progress goes to stderr.
    let progress = |line: &str| {
        if json {
            eprintln!("{line}");
        } else {
            say!("{line}");
        }
    };
    let mut results = Vec::new();
    for lesson in &lessons {
        progress(&format!("{} {}", style.bold("verify"), lesson.meta.id));
        let mut say = |line: &str| progress(line);
        let result =
            match verify::verify_lesson(&engine, lesson, &scratch, keep_going, &mut say).await {
                Ok(result) => result,
                Err(e) => {
                    // The engine went away mid-way: leave no scratch workspace behind, and say that
                    // the engine failed during the command (exit 8), whatever way it failed.
                    let _ = std::fs::remove_dir_all(&scratch);
                    eprintln!(
                        "docktor: {}",
                        trf!("verify stopped in {}: {}", lesson.meta.id, e)
                    );
                    return Ok(Status::EngineFailed);
                }
            };
        say_outcome(&style, &result, &progress);
        results.push(result);
    }
    let _ = std::fs::remove_dir_all(&scratch);
    let failed = results.iter().filter(|r| !r.passed()).count();
    let proven = results.len() - failed;
    if json {
        let lessons: Vec<VerifiedLesson> = results.iter().map(VerifiedLesson::of).collect();
        json::print(serde_json::json!({
            "passed": proven, "failed": failed, "lessons": lessons,
        }))?;
    } else {
        say!("{}", trf!("verify: {} passed, {} failed", proven, failed));
    }
    Ok(if failed == 0 {
        Status::Ok
    } else {
        Status::Failed
    })
}

/// A lesson's problems, leftovers and verdict, after its steps.
fn say_outcome(style: &Style, result: &verify::LessonResult, progress: &dyn Fn(&str)) {
    for p in &result.problems {
        progress(&trf!("  PROBLEM: {}", p));
    }
    for t in &result.leaked {
        progress(&trf!(
            "  PROBLEM: left behind {} `{}`, which the lesson does not declare",
            t.kind.as_str(),
            t.name
        ));
    }
    let verdict = if result.passed() {
        style.pass("ok")
    } else {
        style.fail("FAILED")
    };
    progress(&format!("  {} {verdict}", result.id));
}
