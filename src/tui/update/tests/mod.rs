//! `update` driven by sequences of messages, as the event loop would send them.

mod commands;
mod lang;
mod lessons;
mod walkthrough;

use crossterm::event::KeyCode;

use crate::engine::{EngineEvent, ResourceKind};
use crate::progress::{LoadNote, Progress};
use crate::tui::app::{App, AppInit, EngineStatus, Level, Screen};
use crate::tui::cmd::{Cmd, GradeTrigger, StepRef};
use crate::tui::msg::Msg;
use crate::tui::strings;
use crate::tui::testing::*;
use crate::tui::theme::Theme;

/// Progress with the learner in `lesson` at `step`.
fn progress_at(lesson: &str, step: usize) -> Progress {
    let mut p = Progress {
        current_lesson: Some(lesson.into()),
        ..Default::default()
    };
    p.lesson_mut(lesson).current_step = step;
    p
}

/// An app opened on the first lesson's `step`, engine connected, commands of opening dropped.
fn in_lesson(step: usize) -> App {
    let mut app = app_with(progress_at("tui-hello", step), (80, 24));
    send(
        &mut app,
        [Msg::Started, Msg::EngineConnected(engine_info())],
    );
    if step == 1 {
        // Step 2 has a setup; let it finish.
        let id = app.running.as_ref().map_or(0, |r| r.id);
        send(
            &mut app,
            [Msg::CommandFinished {
                id,
                end: crate::tui::msg::RunEnd::Exited(Some(0)),
            }],
        );
    }
    app
}

fn container_event(action: &str, name: &str) -> Msg {
    Msg::EngineEvent(EngineEvent {
        kind: ResourceKind::Container,
        action: action.into(),
        name: name.into(),
    })
}

fn saved(cmds: &[Cmd]) -> Option<&Progress> {
    cmds.iter().rev().find_map(|c| match c {
        Cmd::SaveProgress(p) => Some(p.as_ref()),
        _ => None,
    })
}

fn grades(cmds: &[Cmd]) -> Vec<(StepRef, GradeTrigger)> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Grade {
                target, trigger, ..
            } => Some((*target, *trigger)),
            _ => None,
        })
        .collect()
}

const STEP_1: StepRef = StepRef { lesson: 0, step: 0 };
const STEP_2: StepRef = StepRef { lesson: 0, step: 1 };

#[test]
fn a_new_learner_starts_on_the_lesson_list() {
    let mut app = app();
    let cmds = send(&mut app, [Msg::Started]);
    assert_eq!(app.screen, Screen::List);
    assert!(cmds.is_empty());
}

#[test]
fn a_returning_learner_lands_on_the_step_they_left() {
    let mut app = app_with(progress_at("tui-hello", 1), (80, 24));
    let cmds = send(&mut app, [Msg::Started]);
    assert_eq!(app.screen, Screen::Lesson);
    assert_eq!(app.current().map(|c| c.0), Some(STEP_2));
    assert!(matches!(cmds[0], Cmd::PrepareWorkspace { lesson: 0, .. }));
}

#[test]
fn a_damaged_progress_file_is_a_warning_not_a_crash() {
    let app = App::new(AppInit {
        lang: crate::i18n::Lang::En,
        pack: pack(),
        progress: Progress::default(),
        load_note: LoadNote::Damaged {
            set_aside: "/data/progress.toml.damaged-1".into(),
            reason: "expected a table".into(),
        },
        trusted: true,
        workspaces: "/workspaces".into(),
        theme: Theme { color: true },
        size: (80, 24),
    });
    let notice = app.notice.expect("a notice");
    assert_eq!(notice.level, Level::Warning);
    assert!(notice.text.contains("/data/progress.toml.damaged-1"));
    assert!(notice.text.contains("expected a table"));
}

#[test]
fn quitting_and_signals_end_the_tutor() {
    let mut app = app();
    assert!(matches!(send(&mut app, [ch('q')])[..], [Cmd::Quit]));
    let mut app = in_lesson(0);
    assert!(matches!(send(&mut app, [Msg::Terminate])[..], [Cmd::Quit]));
    let mut app = in_lesson(0);
    assert!(matches!(send(&mut app, [ctrl('c')])[..], [Cmd::Quit]));
}

#[test]
fn the_engine_coming_back_regrades_the_open_step() {
    let mut app = in_lesson(0);
    send(&mut app, [Msg::EngineUnavailable("no engine".into())]);
    assert_eq!(app.engine, EngineStatus::Unavailable("no engine".into()));
    let cmds = send(&mut app, [Msg::EngineConnected(engine_info())]);
    assert_eq!(grades(&cmds), vec![(STEP_1, GradeTrigger::Asked)]);
}

#[test]
fn a_missing_lesson_image_is_a_warning_that_names_the_fix() {
    let mut app = in_lesson(0);
    let cmds = send(
        &mut app,
        [Msg::ImagesMissing(vec!["busybox:latest".into()])],
    );
    assert!(cmds.is_empty());
    let notice = app.notice.expect("a notice");
    assert_eq!(notice.level, Level::Warning);
    assert!(notice.text.contains("busybox:latest"), "{}", notice.text);
    assert!(
        notice.text.contains("docktor images --prepare"),
        "{}",
        notice.text
    );
}

#[test]
fn engine_events_regrade_the_step_debounced() {
    let mut app = in_lesson(0);
    let cmds = send(
        &mut app,
        [container_event("create", "docktor-tui-e2e-hello")],
    );
    assert_eq!(grades(&cmds), vec![(STEP_1, GradeTrigger::Event)]);
    let quiet = send(&mut app, [container_event("exec_start: cat /x", "web")]);
    assert!(
        grades(&quiet).is_empty(),
        "a check's own exec must not regrade"
    );
}

#[test]
fn the_event_that_ends_a_learners_action_grades_at_once() {
    let mut app = in_lesson(0);
    for action in ["start", "die", "destroy"] {
        let cmds = send(&mut app, [container_event(action, "docktor-tui-e2e-hello")]);
        assert_eq!(
            grades(&cmds),
            vec![(STEP_1, GradeTrigger::SettlingEvent)],
            "{action} grades with no quiet time"
        );
    }
}

#[test]
fn a_step_graded_only_on_files_ignores_engine_events() {
    let mut app = in_lesson(1);
    let cmds = send(&mut app, [container_event("start", "anything")]);
    assert!(grades(&cmds).is_empty());
}

#[test]
fn the_filter_narrows_the_list_and_enter_opens_the_match() {
    let mut app = app();
    send(&mut app, [Msg::Started, ch('/')]);
    type_text(&mut app, "port");
    assert_eq!(app.filtered(), vec![1]);
    send(&mut app, [key(KeyCode::Enter)]);
    assert!(!app.list.filtering);
    let cmds = send(&mut app, [key(KeyCode::Enter)]);
    assert_eq!(app.current().map(|c| c.1.meta.id.as_str()), Some("tui-web"));
    assert_eq!(
        saved(&cmds).and_then(|p| p.current_lesson.as_deref()),
        Some("tui-web")
    );
}

#[test]
fn esc_clears_the_filter_and_keeps_the_selection() {
    let mut app = app();
    send(&mut app, [Msg::Started, ch('/')]);
    type_text(&mut app, "web");
    send(&mut app, [key(KeyCode::Esc)]);
    assert_eq!(app.list.filter, "");
    assert_eq!(app.selected_lesson(), Some(1));
}

#[test]
fn esc_in_a_lesson_returns_to_the_list_with_it_selected() {
    let mut app = app_with(progress_at("tui-web", 0), (80, 24));
    send(&mut app, [Msg::Started]);
    let cmds = send(&mut app, [key(KeyCode::Esc)]);
    assert_eq!(app.screen, Screen::List);
    assert_eq!(app.selected_lesson(), Some(1));
    assert_eq!(saved(&cmds).map(|p| p.current_lesson.clone()), Some(None));
}

#[test]
fn help_opens_from_the_key_table_and_closes_with_esc() {
    let mut app = in_lesson(0);
    send(&mut app, [ch('?')]);
    assert_eq!(app.help, Some(0));
    send(&mut app, [ch('j')]);
    assert_eq!(app.help, Some(1));
    send(&mut app, [key(KeyCode::Esc)]);
    assert_eq!(app.help, None);
    assert_eq!(
        app.screen,
        Screen::Lesson,
        "Esc closed the help, not the lesson"
    );
}

#[test]
fn a_notice_lasts_until_the_next_key() {
    let mut app = in_lesson(0);
    send(&mut app, [ch('p')]);
    assert_eq!(
        app.notice.as_ref().map(|n| n.text.as_str()),
        Some(strings::first_step())
    );
    send(&mut app, [ch('j')]);
    assert_eq!(app.notice, None);
}
