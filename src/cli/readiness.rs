//! `docktor doctor` and `docktor images`: is this machine ready for the lessons, and getting
//! the images they need, as lines or as JSON (docs/json.md).

use std::path::Path;

use serde::Serialize;

use super::json;
use super::output::{Style, say};
use super::{CliError, Status};
use crate::engine::Engine;
use crate::lesson::LessonPack;
use crate::{doctor, images};
use crate::{tr, trf};

/// `docktor doctor [--json]`.
pub async fn doctor(args: &super::Args, pack: &LessonPack, json: bool) -> Result<Status, CliError> {
    let style = Style::detect();
    let choice = super::language_choice(args);
    let (mut findings, engine_error) = doctor::examine(pack).await;
    findings.push(doctor::language(&choice));
    let status = if let Some(e) = &engine_error {
        Status::for_engine_error(e)
    } else if findings.iter().all(|f| f.ok) && pack.problems.is_empty() {
        Status::Ok
    } else {
        Status::Failed
    };
    if json {
        let problems: Vec<String> = pack.problems.iter().map(ToString::to_string).collect();
        json::print(serde_json::json!({
            "ok": status == Status::Ok,
            "exit_code": status.code(),
            "findings": findings,
            "language": doctor::language_json(&choice),
            "lesson_problems": problems,
        }))?;
        return Ok(status);
    }
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
    Ok(status)
}

/// One image in `docktor images --json`.
#[derive(Serialize)]
struct ImageState {
    reference: String,
    /// `present`, `missing`, `pulled` or `built`.
    state: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    built_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

impl ImageState {
    fn new(reference: &str, state: &'static str) -> Self {
        Self {
            reference: reference.to_owned(),
            state,
            built_from: None,
            error: None,
        }
    }
}

/// `docktor images [--prepare] [--json]`.
pub async fn images(
    pack: &LessonPack,
    prepare: bool,
    busybox: Option<&Path>,
    json: bool,
) -> Result<Status, CliError> {
    let engine = Engine::connect().await?;
    let mut states = Vec::new();
    for reference in images::required(pack) {
        let state = if prepare {
            prepare_one(&engine, &reference, busybox, json).await?
        } else if engine.has_image(&reference).await? {
            ImageState::new(&reference, "present")
        } else {
            ImageState::new(&reference, "missing")
        };
        if !json {
            say_image(&state);
        }
        states.push(state);
    }
    let missing = states.iter().filter(|s| s.state == "missing").count();
    if json {
        json::print(serde_json::json!({ "missing": missing, "images": states }))?;
    } else if missing > 0 && !prepare {
        say!(
            "{}",
            trf!(
                "{} image(s) missing: run `docktor images --prepare`",
                missing
            )
        );
    }
    Ok(if missing == 0 {
        Status::Ok
    } else {
        Status::Failed
    })
}

/// Makes one image ready, saying first what it is about to do: a pull can wait for a
/// registry, and a build takes a while.
async fn prepare_one(
    engine: &Engine,
    reference: &str,
    busybox: Option<&Path>,
    json: bool,
) -> Result<ImageState, CliError> {
    if engine.has_image(reference).await? {
        return Ok(ImageState::new(reference, "present"));
    }
    let doing = format!(
        "{reference:<30} {}",
        tr!("getting it: pulling, or where no registry answers building it offline...")
    );
    if json {
        eprintln!("{doing}");
    } else {
        say!("{doing}");
    }
    Ok(match images::prepare(engine, reference, busybox).await {
        Ok(images::Prepared::AlreadyPresent) => ImageState::new(reference, "present"),
        Ok(images::Prepared::Pulled) => ImageState::new(reference, "pulled"),
        Ok(images::Prepared::BuiltFromBusybox(bin)) => ImageState {
            built_from: Some(bin.display().to_string()),
            ..ImageState::new(reference, "built")
        },
        Err(images::PrepareError::Engine(e)) if e.is_unreachable() => return Err(e.into()),
        Err(e) => ImageState {
            error: Some(e.to_string()),
            ..ImageState::new(reference, "missing")
        },
    })
}

fn say_image(image: &ImageState) {
    let style = Style::detect();
    let reference = &image.reference;
    match (image.state, &image.built_from, &image.error) {
        ("built", Some(bin), _) => say!(
            "{reference:<30} {} {}",
            style.pass("built"),
            trf!("(no registry answered; built from {})", bin)
        ),
        ("missing", _, Some(e)) => say!("{reference:<30} {}: {e}", style.fail("missing")),
        ("missing", _, None) => say!("{reference:<30} {}", style.fail("missing")),
        (state, _, _) => say!("{reference:<30} {}", style.pass(state)),
    }
}
