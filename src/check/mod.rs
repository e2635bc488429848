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
mod order;
mod pattern;
mod ports;
mod probe;
mod service;
mod spec;
mod verdict;
mod volume;

pub use dockerfile::{DOCKERFILE_RULES, DockerfileRule, rule};
pub use file::{WORKSPACE_READ_MAX_BYTES, read_in_workspace};
pub use http::HttpCache;
pub use http::path_problem as http_path_problem;
pub use order::in_written_order;
pub use ports::PortSpec;
pub use spec::*;
pub use verdict::{Findings, Outcome, Verdict, closest_name};

use std::path::Path;
use std::time::SystemTime;

use crate::engine::Engine;
use crate::{tr, trf};

/// What a check may look at: the engine, and the learner's workspace folder; and what it
/// may know about the learner's step.
#[derive(Clone, Copy)]
pub struct GradeContext<'a> {
    pub engine: &'a Engine,
    pub workspace: &'a Path,
    /// Whether the pack is trusted: only then may a check that acts ([`Check::acts`]) run.
    pub trusted: bool,
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
    /// A context that knows only the engine and the workspace, for an untrusted pack (acting
    /// checks are not run): set `trusted` for the bundled course or a trusted pack.
    pub fn new(engine: &'a Engine, workspace: &'a Path) -> Self {
        Self {
            engine,
            workspace,
            trusted: false,
            step_opened_at: None,
            lesson: None,
            http_cache: None,
        }
    }
}

/// Grades one check. A check that acts is not run for an untrusted pack; its verdict says
/// what it would have done.
pub async fn evaluate(check: &Check, ctx: &GradeContext<'_>) -> Verdict {
    if !ctx.trusted
        && let Some(would) = check.actions().first()
    {
        return Verdict::not_run(check.subject(), would);
    }
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
                (Some(name), _) => trf!("container `{}`", name),
                (None, Some(label)) => trf!("container labelled `{}`", label),
                (None, None) => tr!("container").to_owned(),
            },
            Check::Image(c) => trf!("image `{}`", c.reference),
            Check::Volume(c) => volume::subject(c),
            Check::Network(c) => trf!("network `{}`", c.name),
            Check::Compose(c) => {
                trf!("compose service `{}` of project `{}`", c.service, c.project)
            }
            Check::Count(c) => match c.of {
                CountOf::Containers => tr!("containers").to_owned(),
                CountOf::Volumes => tr!("volumes").to_owned(),
            },
            Check::Dockerfile(c) => format!("`{}`", c.path.as_deref().unwrap_or("Dockerfile")),
            Check::File(c) => trf!("file `{}`", c.path),
            Check::Probe(c) => probe::subject(c),
            Check::Service(c) => trf!("service `{}`", c.name),
            Check::Swarm(_) => tr!("this engine's swarm").to_owned(),
        }
    }

    /// True when grading this check makes something happen (runs a command in a container,
    /// sends a request), as opposed to only reading: such a check runs only for a trusted pack.
    pub fn acts(&self) -> bool {
        !self.actions().is_empty()
    }

    /// What grading this check would do, in words (`run `cat /x` in container `web``): one
    /// entry per action, empty for a check that only reads. The trust prompt lists these.
    pub fn actions(&self) -> Vec<String> {
        if let Check::Probe(p) = self {
            return vec![trf!("start a probe container: {}", probe::subject(p))];
        }
        let Check::Container(c) = self else {
            return Vec::new();
        };
        let container = match (&c.name, &c.label) {
            (Some(name), _) => trf!("container `{}`", name),
            (None, Some(label)) => trf!("a container labelled `{}`", label),
            (None, None) => tr!("a container").to_owned(),
        };
        let mut actions = Vec::new();
        if let Some(exec) = &c.exec {
            actions.push(trf!("run `{}` in {}", exec.command.join(" "), container));
        }
        if let Some(http) = &c.http {
            actions.push(trf!(
                "send `GET {}` to the host port {} publishes for port {}",
                http.path.as_deref().unwrap_or("/"),
                container,
                http.port
            ));
        }
        actions
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

    /// The author's message, to put a translation in its place.
    pub fn author_message_mut(&mut self) -> &mut Option<String> {
        match self {
            Check::Container(c) => &mut c.message,
            Check::Image(c) => &mut c.message,
            Check::Volume(c) => &mut c.message,
            Check::Network(c) => &mut c.message,
            Check::Compose(c) => &mut c.message,
            Check::Count(c) => &mut c.message,
            Check::Dockerfile(c) => &mut c.message,
            Check::File(c) => &mut c.message,
            Check::Probe(c) => &mut c.message,
            Check::Service(c) => &mut c.message,
            Check::Swarm(c) => &mut c.message,
        }
    }
}
