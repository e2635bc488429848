//! Running commands: starting one (captured, or with the whole terminal), its output as it
//! comes, cancelling it, and what its end means (re-grade, a container left running).

use crate::tui::app::{App, Choice, Focus, Output, OutputStatus, RunKind, Running};
use crate::tui::cmd::{Cmd, GradeTrigger, RunRequest};
use crate::tui::interactive;
use crate::tui::msg::RunEnd;
use crate::tui::strings;

use super::{info, lesson};

/// The most output kept per command; older output is dropped from the top.
const MAX_OUTPUT: usize = 256 * 1024;

/// Starts a command in the open lesson's workspace.
pub fn start(app: &mut App, kind: RunKind, script: String, strict: bool) -> Vec<Cmd> {
    let Some(index) = app.lesson.as_ref().map(|l| l.index) else {
        return Vec::new();
    };
    if app.running.is_some() {
        info(app, strings::still_running());
        return Vec::new();
    }
    let single_line = !script.trim().contains('\n');
    if single_line && !matches!(kind, RunKind::Setup(_)) && interactive::needs_terminal(&script) {
        return interactive(app, interactive::strip_force(&script).to_owned());
    }
    let id = app.take_run_id();
    app.running = Some(Running {
        id,
        kind,
        cancelling: false,
        containers: Default::default(),
        created: Default::default(),
        unnamed_run: kind == RunKind::Line && interactive::unnamed_run(&script),
    });
    app.output = Some(Output {
        title: title(kind, &script),
        text: String::new(),
        status: OutputStatus::Running { elapsed_secs: 0 },
        scroll: None,
    });
    vec![Cmd::Run(RunRequest {
        id,
        script,
        strict,
        dir: app.workspace_dir(index),
    })]
}

/// Runs a command the learner picked in the run dialog.
pub fn start_choice(app: &mut App, choice: Choice) -> Vec<Cmd> {
    start(app, choice.kind, choice.script, true)
}

fn title(kind: RunKind, script: &str) -> String {
    let first = script.lines().next().unwrap_or_default().trim();
    let more = if script.trim().lines().count() > 1 {
        " …"
    } else {
        ""
    };
    match kind {
        RunKind::Line | RunKind::Shown => format!("{first}{more}"),
        RunKind::Solution => format!("{}: {first}{more}", strings::solution_label()),
        RunKind::Setup(at) => strings::setup_title(at.step),
    }
}

/// Hands the terminal to a command.
fn interactive(app: &mut App, line: String) -> Vec<Cmd> {
    let Some(index) = app.lesson.as_ref().map(|l| l.index) else {
        return Vec::new();
    };
    vec![Cmd::RunInteractive {
        line,
        dir: app.workspace_dir(index),
    }]
}

/// The terminal is back from an interactive command.
pub fn interactive_finished(
    app: &mut App,
    line: &str,
    result: Result<Option<i32>, String>,
) -> Vec<Cmd> {
    let status = match result {
        Ok(code) => OutputStatus::Exited(code),
        Err(error) => OutputStatus::Failed(error),
    };
    app.output = Some(Output {
        title: strings::interactive_title(line),
        text: strings::interactive_body().to_owned(),
        status,
        scroll: None,
    });
    lesson::grade(app, GradeTrigger::Asked)
        .into_iter()
        .collect()
}

/// More output from the running command.
pub fn output(app: &mut App, id: u64, chunk: &str) -> Vec<Cmd> {
    if app.running.as_ref().is_none_or(|r| r.id != id) {
        return Vec::new();
    }
    if let Some(output) = app.output.as_mut() {
        output.text.push_str(chunk);
        if output.text.len() > MAX_OUTPUT {
            let mut cut = output.text.len() - MAX_OUTPUT;
            while !output.text.is_char_boundary(cut) {
                cut += 1;
            }
            let cut = output.text[cut..].find('\n').map_or(cut, |i| cut + i + 1);
            output.text.drain(..cut);
        }
    }
    Vec::new()
}

pub fn tick(app: &mut App, id: u64, elapsed_secs: u64) -> Vec<Cmd> {
    if app.running.as_ref().is_some_and(|r| r.id == id)
        && let Some(output) = app.output.as_mut()
    {
        output.status = OutputStatus::Running { elapsed_secs };
    }
    Vec::new()
}

/// Asks the running command to stop.
pub fn cancel(app: &mut App) -> Vec<Cmd> {
    let Some(running) = app.running.as_mut() else {
        return Vec::new();
    };
    if running.cancelling {
        return Vec::new();
    }
    running.cancelling = true;
    let id = running.id;
    info(app, strings::cancelling());
    vec![Cmd::CancelRun { id }]
}

/// The command ended: show how, name any container it left behind, and grade.
pub fn finished(app: &mut App, id: u64, end: RunEnd) -> Vec<Cmd> {
    let Some(running) = app.running.take_if(|r| r.id == id) else {
        return Vec::new();
    };
    if app
        .notice
        .as_ref()
        .is_some_and(|n| n.text == strings::cancelling())
    {
        app.notice = None;
    }
    if let Some(output) = app.output.as_mut() {
        output.status = match &end {
            RunEnd::Exited(code) => OutputStatus::Exited(*code),
            RunEnd::TimedOut { after_secs } => {
                output.text.push_str(&strings::timed_out(*after_secs));
                OutputStatus::TimedOut
            }
            RunEnd::Cancelled => OutputStatus::Cancelled,
            RunEnd::FailedToStart(error) => OutputStatus::Failed(error.clone()),
        };
        if strings::is_compose_v1_refusal(&output.title, &output.text) {
            output.text.push_str(&strings::compose_v1_hint());
        }
    }
    let stopped = matches!(end, RunEnd::Cancelled | RunEnd::TimedOut { .. });
    offer_removal(app, running, stopped);
    let mut cmds: Vec<Cmd> = lesson::grade(app, GradeTrigger::Asked)
        .into_iter()
        .collect();
    cmds.extend(lesson::pending_setup(app));
    cmds
}

/// Containers a command left behind: those a cancel left running, or the one a `docker run`
/// without `--name` made. They are named in the output, and the prompt holds the command
/// that removes them, for the learner to run or clear.
fn offer_removal(app: &mut App, running: Running, stopped: bool) {
    let left: Vec<String> = running.containers.into_iter().collect();
    // Only names the engine made up: a container another terminal named meanwhile is not ours.
    let unnamed: Vec<String> = running
        .created
        .into_iter()
        .filter(|n| running.unnamed_run && interactive::is_generated_name(n))
        .collect();
    let (names, note) = if stopped && !left.is_empty() {
        let note = strings::left_running(&left);
        (left, note)
    } else if !unnamed.is_empty() {
        let note = strings::named_by_docker(&unnamed);
        (unnamed, note)
    } else {
        return;
    };
    if let Some(output) = app.output.as_mut() {
        output.text.push_str(&note);
    }
    app.prompt.input = strings::remove_containers(&names);
    app.prompt.cursor = app.prompt.input.chars().count();
    if let Some(state) = app.lesson.as_mut() {
        state.focus = Focus::Prompt;
    }
}
