//! `update`: the only place the model changes. Pure: it returns the I/O it wants as commands
//! and never performs any itself, so every behaviour here is tested as a list of messages.

pub(crate) mod engine;
mod input;
mod lang;
mod lesson;
mod list;
mod prompt;
mod reset;
mod run;
mod scroll;

#[cfg(test)]
mod tests;

use super::app::{App, Level, Notice};
use super::cmd::Cmd;
use super::msg::Msg;
use super::strings;

/// Applies one message to the model and returns what must be done about it.
pub fn update(app: &mut App, msg: Msg) -> Vec<Cmd> {
    match msg {
        Msg::Started => lesson::resume(app),
        Msg::Key(key) => input::key(app, &key),
        Msg::Paste(text) => input::paste(app, &text),
        Msg::Resized { width, height } => {
            app.size = (width, height);
            scroll::clamp_all(app);
            Vec::new()
        }
        Msg::EngineConnected(info) => engine::connected(app, info),
        Msg::EngineUnavailable(reason) => engine::unavailable(app, reason),
        Msg::ImagesMissing(images) => {
            warn(app, strings::images_missing(&images));
            Vec::new()
        }
        Msg::EngineEvent(event) => engine::event(app, &event),
        Msg::Graded {
            target,
            report,
            generation,
        } => lesson::graded(app, target, report, generation),
        Msg::WorkspaceChanged(dir) => lesson::workspace_changed(app, &dir),
        Msg::ResetPlanned { scope, result } => reset::planned(app, scope, result),
        Msg::CommandOutput { id, chunk } => run::output(app, id, &chunk),
        Msg::CommandTick { id, elapsed_secs } => run::tick(app, id, elapsed_secs),
        Msg::CommandFinished { id, end } => run::finished(app, id, end),
        Msg::InteractiveFinished { line, result } => run::interactive_finished(app, &line, result),
        Msg::WorkspaceFailed { error, .. } => {
            warn(app, strings::workspace_failed(&error));
            Vec::new()
        }
        Msg::ResetFinished { scope, result } => reset::finished(app, scope, result),
        Msg::ProgressSaveFailed(error) => {
            warn(app, strings::save_failed(&error));
            Vec::new()
        }
        Msg::Terminate => quit(app),
    }
}

/// Leaves the tutor (progress is saved on every change, so nothing is pending).
fn quit(app: &mut App) -> Vec<Cmd> {
    app.quitting = true;
    vec![Cmd::Quit]
}

/// The command that saves the learner's progress as it is now.
fn save(app: &App) -> Cmd {
    Cmd::SaveProgress(Box::new(app.progress.clone()))
}

fn notify(app: &mut App, text: impl Into<String>, level: Level) {
    app.notice = Some(Notice {
        text: text.into(),
        level,
    });
}

fn info(app: &mut App, text: impl Into<String>) {
    notify(app, text, Level::Info);
}

fn warn(app: &mut App, text: impl Into<String>) {
    notify(app, text, Level::Warning);
}
