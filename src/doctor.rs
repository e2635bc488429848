//! `docktor doctor`: is this machine ready for the lessons? Each finding says what was found
//! and, where something is wrong, what to do about it.

use std::time::Duration;

use tokio::process::Command;

use crate::engine::{Engine, EngineError};
use crate::i18n::{Choice, Source};
use crate::images;
use crate::lesson::LessonPack;
use crate::{tr, trf};

/// One thing the doctor looked at (serialized as-is by `docktor doctor --json`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    pub ok: bool,
    pub topic: &'static str,
    pub found: String,
    /// What to do, when not ok.
    pub fix: Option<String>,
}

impl Finding {
    fn good(topic: &'static str, found: impl Into<String>) -> Self {
        Self {
            ok: true,
            topic,
            found: found.into(),
            fix: None,
        }
    }

    fn bad(topic: &'static str, found: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            ok: false,
            topic,
            found: found.into(),
            fix: Some(fix.into()),
        }
    }
}

/// The compose tools this machine has: v2 (`docker compose`) and v1 (`docker-compose`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComposeTools {
    pub v2: Option<String>,
    pub v1: Option<String>,
}

/// Asks the docker CLI and docker-compose for their versions.
pub async fn compose_tools() -> ComposeTools {
    ComposeTools {
        v2: first_line_of("docker", &["compose", "version"]).await,
        v1: first_line_of("docker-compose", &["version", "--short"]).await,
    }
}

/// Everything the doctor checks, in the order a learner should fix them, and the engine's
/// error when it could not be reached (the rest is then not examined).
pub async fn examine(pack: &LessonPack) -> (Vec<Finding>, Option<EngineError>) {
    let mut findings = Vec::new();
    findings.push(match first_line_of("docker", &["--version"]).await {
        Some(v) => Finding::good("docker CLI", v),
        None => Finding::bad(
            "docker CLI",
            tr!("`docker` is not on PATH"),
            tr!("install the Docker CLI (Debian: `apt-get install docker.io`); lessons ask you to type docker commands"),
        ),
    });
    let engine = match Engine::connect().await {
        Ok(engine) => engine,
        Err(e) => {
            findings.push(Finding::bad(
                "engine",
                match crate::engine::chosen() {
                    Ok(r) => trf!(
                        "not reachable at {} (chosen by {})",
                        r.endpoint.address(),
                        r.how_chosen
                    ),
                    Err(_) => tr!("no usable engine address").to_owned(),
                },
                e.to_string(),
            ));
            return (findings, Some(e));
        }
    };
    match engine.info().await {
        Ok(info) => {
            findings.push(Finding::good(
                "engine",
                trf!(
                    "{} {} (API {}, {}) at {}, chosen by {}",
                    info.kind.name(),
                    info.version,
                    info.api_version,
                    info.os,
                    info.host,
                    info.how_chosen
                ),
            ));
            for difference in info.kind.differences() {
                findings.push(Finding::good(
                    "difference",
                    format!("{}: {difference}", info.kind.name()),
                ));
            }
            for warning in &info.warnings {
                findings.push(Finding::bad(
                    "engine",
                    tr!("the docker CLI may talk to another engine"),
                    warning.clone(),
                ));
            }
        }
        Err(e) => findings.push(Finding::bad(
            "engine",
            tr!("answers ping but not version"),
            e.to_string(),
        )),
    }
    let tools = compose_tools().await;
    findings.push(match (&tools.v2, &tools.v1) {
        (None, None) => Finding::bad(
            "compose",
            tr!("neither `docker compose` nor `docker-compose` found"),
            tr!(
                "install Compose (Debian: `apt-get install docker-compose`) for the compose lesson"
            ),
        ),
        (v2, v1) => Finding::good(
            "compose",
            [
                v2.as_ref().map(|v| trf!("v2: {}", v)),
                v1.as_ref().map(|v| trf!("v1 (docker-compose): {}", v)),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("; "),
        ),
    });
    for reference in images::required(pack) {
        findings.push(match engine.has_image(&reference).await {
            Ok(true) => Finding::good("image", trf!("{} is present", reference)),
            Ok(false) => Finding::bad(
                "image",
                trf!("{} is missing", reference),
                tr!("run `docktor images --prepare` (works with no registry: it builds busybox from a static binary)"),
            ),
            Err(e) => Finding::bad("image", trf!("{}: cannot tell", reference), e.to_string()),
        });
    }
    (findings, None)
}

/// The language docktor speaks and what chose it: `--lang`, `DOCKTOR_LANG`, the tutor's saved
/// choice, a locale variable, or nothing (English).
pub fn language(choice: &Choice) -> Finding {
    let how = match &choice.source {
        Source::Flag => "--lang".to_owned(),
        Source::Env => "DOCKTOR_LANG".to_owned(),
        Source::Saved => tr!("the tutor's saved choice").to_owned(),
        Source::Locale(var) => trf!("the locale ({})", var),
        Source::Default => tr!("nothing (the default)").to_owned(),
    };
    let found = trf!(
        "{} ({}), chosen by {}",
        choice.lang.name(),
        choice.lang.code(),
        how
    );
    match &choice.warning {
        Some(warning) => Finding::bad("language", found, warning.clone()),
        None => Finding::good("language", found),
    }
}

/// The language for `docktor doctor --json`: its code and what chose it, as machine values.
pub fn language_json(choice: &Choice) -> serde_json::Value {
    let (source, variable) = match &choice.source {
        Source::Flag => ("flag", None),
        Source::Env => ("env", Some("DOCKTOR_LANG")),
        Source::Saved => ("saved", None),
        Source::Locale(var) => ("locale", Some(*var)),
        Source::Default => ("default", None),
    };
    serde_json::json!({
        "code": choice.lang.code(),
        "name": choice.lang.name(),
        "source": source,
        "variable": variable,
    })
}

async fn first_line_of(program: &str, args: &[&str]) -> Option<String> {
    let run = Command::new(program).args(args).kill_on_drop(true).output();
    let out = tokio::time::timeout(Duration::from_secs(10), run)
        .await
        .ok()?
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .next()
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
}
