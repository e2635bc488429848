//! News from the engine: connection changes, and events that may change the current step's
//! verdict (live grading).

use crate::engine::{EngineEvent, EngineInfo, ResourceKind};
use crate::tui::app::{App, EngineStatus};
use crate::tui::cmd::{Cmd, GradeTrigger};

use super::lesson;

/// Container actions that change nothing a check looks at (and that checks cause themselves:
/// an `exec` check creates execs, a file check reads the archive).
const QUIET_CONTAINER_ACTIONS: &[&str] = &[
    "exec_create",
    "exec_start",
    "exec_die",
    "exec_detach",
    "archive-path",
    "extract-to-dir",
    "attach",
    "detach",
    "resize",
    "top",
    "export",
    "copy",
];

/// Container actions that end what a learner did (`docker run -d`, `docker stop`, `docker rm`):
/// the step is graded at once, with no quiet time, so its verdict follows the work directly.
/// The events before them (create, network connect, kill) still wait for quiet.
const SETTLING_CONTAINER_ACTIONS: &[&str] = &["start", "die", "destroy"];

/// True when an event ends a learner's action, so grading need not wait for more events.
fn settles_at_once(event: &EngineEvent) -> bool {
    event.kind == ResourceKind::Container
        && SETTLING_CONTAINER_ACTIONS.contains(&event.action.as_str())
}

/// True when an event may change a verdict.
pub fn is_relevant(event: &EngineEvent) -> bool {
    if event.kind != ResourceKind::Container {
        return true;
    }
    let action = event.action.split(':').next().unwrap_or("").trim();
    !QUIET_CONTAINER_ACTIONS.contains(&action)
}

pub fn connected(app: &mut App, info: EngineInfo) -> Vec<Cmd> {
    app.engine = EngineStatus::Connected(info);
    // Things may have changed while no one was watching.
    lesson::grade(app, GradeTrigger::Asked)
        .into_iter()
        .collect()
}

pub fn unavailable(app: &mut App, reason: String) -> Vec<Cmd> {
    app.engine = EngineStatus::Unavailable(reason);
    Vec::new()
}

pub fn event(app: &mut App, event: &EngineEvent) -> Vec<Cmd> {
    if event.kind == ResourceKind::Container {
        track_containers(app, event);
    }
    if !is_relevant(event) {
        return Vec::new();
    }
    let watches_engine = app
        .current()
        .is_some_and(|(_, _, step)| step.checks.iter().any(|c| c.needs_engine()));
    if !watches_engine {
        return Vec::new();
    }
    lesson::grade(
        app,
        if settles_at_once(event) {
            GradeTrigger::SettlingEvent
        } else {
            GradeTrigger::Event
        },
    )
    .into_iter()
    .collect()
}

/// Remembers which containers started while a command runs, so a cancel can name them.
fn track_containers(app: &mut App, event: &EngineEvent) {
    let Some(running) = app.running.as_mut() else {
        return;
    };
    match event.action.as_str() {
        "create" => {
            running.created.insert(event.name.clone());
        }
        "start" | "restart" => {
            running.containers.insert(event.name.clone());
        }
        "die" => {
            running.containers.remove(&event.name);
        }
        "destroy" => {
            running.containers.remove(&event.name);
            running.created.remove(&event.name);
        }
        _ => {}
    }
}
