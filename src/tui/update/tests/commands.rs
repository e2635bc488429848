//! The prompt, shown commands, the output pane, cancelling.

use super::*;
use crate::tui::app::{Dialog, Focus, OutputStatus, RunKind};
use crate::tui::cmd::GradeTrigger;
use crate::tui::cmd::RunRequest;
use crate::tui::msg::RunEnd;

fn runs(cmds: &[Cmd]) -> Vec<RunRequest> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Run(r) => Some(r.clone()),
            _ => None,
        })
        .collect()
}

/// Types `line` at the prompt and presses Enter.
fn submit(app: &mut App, line: &str) -> Vec<Cmd> {
    send(app, [ch(':')]);
    type_text(app, line);
    send(app, [key(KeyCode::Enter)])
}

#[test]
fn a_typed_line_runs_in_the_lesson_workspace() {
    let mut app = in_lesson(0);
    let cmds = submit(&mut app, "docker ps");
    let run = &runs(&cmds)[0];
    assert_eq!(run.script, "docker ps");
    assert!(!run.strict);
    assert_eq!(run.dir, std::path::Path::new("/workspaces/tui-hello"));
    assert_eq!(app.prompt.history, vec!["docker ps"]);
    assert_eq!(app.prompt.input, "");
    let output = app.output.as_ref().expect("an output pane");
    assert_eq!(output.status, OutputStatus::Running { elapsed_secs: 0 });
}

#[test]
fn output_streams_into_the_pane_and_a_finished_command_regrades() {
    let mut app = in_lesson(0);
    let id = runs(&submit(&mut app, "docker ps"))[0].id;
    send(
        &mut app,
        [
            Msg::CommandOutput {
                id,
                chunk: "CONTAINER ID\n".into(),
            },
            Msg::CommandOutput {
                id: id + 7,
                chunk: "stale".into(),
            },
            Msg::CommandTick {
                id,
                elapsed_secs: 2,
            },
        ],
    );
    let output = app.output.as_ref().expect("output");
    assert_eq!(output.text, "CONTAINER ID\n");
    assert_eq!(output.status, OutputStatus::Running { elapsed_secs: 2 });
    let cmds = send(
        &mut app,
        [Msg::CommandFinished {
            id,
            end: RunEnd::Exited(Some(1)),
        }],
    );
    assert_eq!(
        app.output.as_ref().map(|o| &o.status),
        Some(&OutputStatus::Exited(Some(1)))
    );
    assert_eq!(grades(&cmds), vec![(STEP_1, GradeTrigger::Asked)]);
    assert!(app.running.is_none());
}

#[test]
fn history_recalls_earlier_lines() {
    let mut app = in_lesson(0);
    let id = runs(&submit(&mut app, "docker ps"))[0].id;
    send(
        &mut app,
        [Msg::CommandFinished {
            id,
            end: RunEnd::Exited(Some(0)),
        }],
    );
    send(&mut app, [key(KeyCode::Up)]);
    assert_eq!(app.prompt.input, "docker ps");
    send(&mut app, [key(KeyCode::Down)]);
    assert_eq!(app.prompt.input, "");
}

#[test]
fn a_second_command_waits_for_the_first() {
    let mut app = in_lesson(0);
    submit(&mut app, "sleep 5");
    type_text(&mut app, "docker ps");
    let cmds = send(&mut app, [key(KeyCode::Enter)]);
    assert!(runs(&cmds).is_empty());
    assert_eq!(app.prompt.input, "docker ps", "the line is kept");
    assert_eq!(
        app.notice.as_ref().map(|n| n.text.as_str()),
        Some(strings::still_running())
    );
}

#[test]
fn interactive_commands_get_the_whole_terminal() {
    let mut app = in_lesson(0);
    let cmds = submit(&mut app, "docker run -it busybox sh");
    assert!(
        matches!(&cmds[..], [Cmd::RunInteractive { line, .. }] if line == "docker run -it busybox sh")
    );
    let cmds = send(
        &mut app,
        [Msg::InteractiveFinished {
            line: "docker run -it busybox sh".into(),
            result: Ok(Some(0)),
        }],
    );
    assert_eq!(
        app.output.as_ref().map(|o| &o.status),
        Some(&OutputStatus::Exited(Some(0)))
    );
    assert_eq!(grades(&cmds), vec![(STEP_1, GradeTrigger::Asked)]);
}

#[test]
fn ctrl_c_cancels_and_names_the_containers_left_running() {
    let mut app = in_lesson(0);
    let id = runs(&submit(&mut app, "docker run --name web busybox sleep 100"))[0].id;
    send(
        &mut app,
        [
            container_event("create", "web"),
            container_event("start", "web"),
            container_event("start", "quick"),
            container_event("die", "quick"),
        ],
    );
    let cmds = send(&mut app, [ctrl('c')]);
    assert!(matches!(cmds[..], [Cmd::CancelRun { id: c }] if c == id));
    assert!(
        send(&mut app, [ctrl('c')]).is_empty(),
        "one cancel is enough"
    );
    let cmds = send(
        &mut app,
        [Msg::CommandFinished {
            id,
            end: RunEnd::Cancelled,
        }],
    );
    let output = app.output.as_ref().expect("output");
    assert_eq!(output.status, OutputStatus::Cancelled);
    assert!(output.text.contains("web"), "{}", output.text);
    assert!(!output.text.contains("quick"), "{}", output.text);
    assert_eq!(app.prompt.input, "docker rm -f web");
    assert_eq!(app.lesson.as_ref().map(|l| l.focus), Some(Focus::Prompt));
    assert_eq!(grades(&cmds), vec![(STEP_1, GradeTrigger::Asked)]);
}

#[test]
fn ctrl_c_in_the_prompt_clears_the_line_then_leaves() {
    let mut app = in_lesson(0);
    send(&mut app, [ch(':')]);
    type_text(&mut app, "docker");
    send(&mut app, [ctrl('c')]);
    assert_eq!(app.prompt.input, "");
    assert_eq!(app.lesson.as_ref().map(|l| l.focus), Some(Focus::Prompt));
    send(&mut app, [ctrl('c')]);
    assert_eq!(app.lesson.as_ref().map(|l| l.focus), Some(Focus::Text));
}

#[test]
fn typing_q_in_the_prompt_types_it() {
    let mut app = in_lesson(0);
    send(&mut app, [ch(':')]);
    let cmds = type_text(&mut app, "q?");
    assert!(cmds.is_empty());
    assert_eq!(app.prompt.input, "q?");
}

#[test]
fn the_run_key_shows_the_command_before_running_it() {
    let mut app = in_lesson(0);
    assert!(send(&mut app, [ch('r')]).is_empty());
    let Some(Dialog::RunCommands { choices, .. }) = &app.dialog else {
        panic!("a dialog: {:?}", app.dialog)
    };
    assert_eq!(choices.len(), 1);
    assert_eq!(choices[0].script, "docker ps -a");
    let cmds = send(&mut app, [key(KeyCode::Enter)]);
    let run = &runs(&cmds)[0];
    assert_eq!(run.script, "docker ps -a");
    assert!(run.strict);
    assert_eq!(app.running.as_ref().map(|r| r.kind), Some(RunKind::Shown));
}

#[test]
fn the_revealed_solution_can_be_run_and_a_command_edited_first() {
    let mut app = in_lesson(0);
    send(&mut app, [ch('s'), ch('y'), ch('r'), ch('j')]);
    let Some(Dialog::RunCommands { choices, selected }) = &app.dialog else {
        panic!("a dialog")
    };
    assert_eq!(choices[*selected].kind, RunKind::Solution);
    send(&mut app, [ch('e')]);
    assert_eq!(
        app.prompt.input,
        "docker run --name docktor-tui-e2e-hello busybox echo hello from docktor"
    );
    assert_eq!(app.lesson.as_ref().map(|l| l.focus), Some(Focus::Prompt));
    assert_eq!(app.dialog, None);
}
