//! Checks: the declarative vocabulary of `toml check` blocks and how each kind is graded.
//!
//! One file per kind of subject; each turns a spec into a [`Verdict`] that says what was
//! expected and what was found. Engine access goes through [`crate::engine::Engine`] only.

mod compose;
mod container;
mod count;
mod dockerfile;
mod file;
mod http;
mod image;
mod network;
mod pattern;
mod ports;
mod probe;
mod service;
mod spec;
mod verdict;
mod volume;

pub use dockerfile::{DOCKERFILE_RULES, DockerfileRule, rule};
pub use http::HttpCache;
pub use ports::PortSpec;
pub use spec::*;
pub use verdict::{Findings, Outcome, Verdict};

use std::path::Path;
use std::time::SystemTime;

use crate::engine::Engine;

/// What a check may look at: the engine, and the learner's workspace folder; and what it
/// may know about the learner's step.
#[derive(Clone, Copy)]
pub struct GradeContext<'a> {
    pub engine: &'a Engine,
    pub workspace: &'a Path,
    /// When the learner opened the step being graded: `started_since_step` compares with it.
    /// `None` when unknown (that assertion is then not judged).
    pub step_opened_at: Option<SystemTime>,
    /// The lesson being graded, for the labels of probe containers.
    pub lesson: Option<&'a str>,
    /// HTTP answers already seen, so a re-grade does not send a GET whose answer cannot
    /// have changed. `None` sends every request.
    pub http_cache: Option<&'a HttpCache>,
}

impl<'a> GradeContext<'a> {
    /// A context that knows only the engine and the workspace.
    pub fn new(engine: &'a Engine, workspace: &'a Path) -> Self {
        Self {
            engine,
            workspace,
            step_opened_at: None,
            lesson: None,
            http_cache: None,
        }
    }
}

/// Grades one check.
pub async fn evaluate(check: &Check, ctx: &GradeContext<'_>) -> Verdict {
    match check {
        Check::Container(c) => container::evaluate(c, ctx).await,
        Check::Image(c) => image::evaluate(c, ctx).await,
        Check::Volume(c) => volume::evaluate(c, ctx).await,
        Check::Network(c) => network::evaluate(c, ctx).await,
        Check::Compose(c) => compose::evaluate(c, ctx).await,
        Check::Count(c) => count::evaluate(c, ctx).await,
        Check::Dockerfile(c) => dockerfile::evaluate(c, ctx.workspace),
        Check::File(c) => file::evaluate(c, ctx.workspace),
        Check::Probe(c) => probe::evaluate(c, ctx).await,
        Check::Service(c) => service::evaluate(c, ctx).await,
        Check::Swarm(c) => service::evaluate_swarm(c, ctx).await,
    }
}

impl Check {
    /// What the check is about, in the learner's terms: "container `web`".
    pub fn subject(&self) -> String {
        match self {
            Check::Container(c) => match (&c.name, &c.label) {
                (Some(name), _) => format!("container `{name}`"),
                (None, Some(label)) => format!("container labelled `{label}`"),
                (None, None) => "container".to_owned(),
            },
            Check::Image(c) => format!("image `{}`", c.reference),
            Check::Volume(c) => volume::subject(c),
            Check::Network(c) => format!("network `{}`", c.name),
            Check::Compose(c) => {
                format!("compose service `{}` of project `{}`", c.service, c.project)
            }
            Check::Count(c) => match c.of {
                CountOf::Containers => "containers".to_owned(),
                CountOf::Volumes => "volumes".to_owned(),
            },
            Check::Dockerfile(c) => format!("`{}`", c.path.as_deref().unwrap_or("Dockerfile")),
            Check::File(c) => format!("file `{}`", c.path),
            Check::Probe(c) => probe::subject(c),
            Check::Service(c) => format!("service `{}`", c.name),
            Check::Swarm(_) => "this engine's swarm".to_owned(),
        }
    }

    /// True when grading this check needs the engine (Dockerfile and file checks do not).
    pub fn needs_engine(&self) -> bool {
        !matches!(self, Check::Dockerfile(_) | Check::File(_))
    }

    /// The lesson author's own words for when the check fails.
    pub fn author_message(&self) -> Option<&str> {
        match self {
            Check::Container(c) => c.message.as_deref(),
            Check::Image(c) => c.message.as_deref(),
            Check::Volume(c) => c.message.as_deref(),
            Check::Network(c) => c.message.as_deref(),
            Check::Compose(c) => c.message.as_deref(),
            Check::Count(c) => c.message.as_deref(),
            Check::Dockerfile(c) => c.message.as_deref(),
            Check::File(c) => c.message.as_deref(),
            Check::Probe(c) => c.message.as_deref(),
            Check::Service(c) => c.message.as_deref(),
            Check::Swarm(c) => c.message.as_deref(),
        }
    }
}
