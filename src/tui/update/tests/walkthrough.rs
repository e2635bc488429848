//! What a new learner met on a walk through the course (issue 13): moving on from the prompt,
//! steps left open, resets that undo only what they should, pastes, the solution, stray keys.

use super::*;
use crate::grade::StepReport;
use crate::reset::Target;
use crate::tui::app::{Dialog, Focus, ResetPlan};
use crate::tui::cmd::ResetScope;
use crate::tui::keys::Context;
use crate::tui::msg::RunEnd;

fn graded_at(target: StepRef, report: StepReport, generation: u64) -> Msg {
    Msg::Graded {
        target,
        report,
        generation,
    }
}

fn passed(app: &App, target: StepRef) -> Msg {
    graded_at(target, passing_report(), app.generation)
}

fn target(kind: ResourceKind, name: &str) -> Target {
    Target {
        kind,
        name: name.into(),
    }
}

fn focus(app: &App) -> Option<Focus> {
    app.lesson.as_ref().map(|l| l.focus)
}

fn notice(app: &App) -> &str {
    app.notice.as_ref().map_or("", |n| n.text.as_str())
}

#[test]
fn enter_on_an_empty_prompt_moves_on_once_the_step_is_done() {
    let mut app = in_lesson(0);
    send(&mut app, [ch(':')]);
    let pass = passed(&app, STEP_1);
    send(&mut app, [pass]);
    assert!(notice(&app).contains("Press Enter"), "{}", notice(&app));
    send(&mut app, [key(KeyCode::Enter)]);
    assert_eq!(app.current().map(|c| c.0), Some(STEP_2));
}

#[test]
fn lesson_complete_enter_goes_to_the_list_in_one_key() {
    let mut app = in_lesson(1);
    app.progress
        .lesson_mut("tui-hello")
        .passed
        .insert("say-hello".into());
    send(&mut app, [ch(':')]);
    let pass = passed(&app, STEP_2);
    send(&mut app, [pass]);
    assert_eq!(notice(&app), strings::lesson_done());
    send(&mut app, [key(KeyCode::Enter)]);
    assert_eq!(app.screen, Screen::List);
}

#[test]
fn passing_the_last_step_with_one_skipped_names_it_and_enter_goes_there() {
    let mut app = in_lesson(1);
    let pass = passed(&app, STEP_2);
    send(&mut app, [pass]);
    assert!(
        notice(&app).contains("Still to do: step 1"),
        "{}",
        notice(&app)
    );
    send(&mut app, [key(KeyCode::Enter)]);
    assert_eq!(app.current().map(|c| c.0), Some(STEP_1));
}

#[test]
fn a_grade_asked_before_a_lesson_reset_never_passes_step_one() {
    let mut app = in_lesson(0);
    let before = grades(&send(&mut app, [ch('c')]));
    assert_eq!(before.len(), 1);
    let old = app.generation;
    let cmds = send(&mut app, [ch('X')]);
    assert!(cmds.iter().any(|c| matches!(
        c,
        Cmd::PlanReset {
            scope: ResetScope::Lesson(0),
            since: None,
            ..
        }
    )));
    send(
        &mut app,
        [
            Msg::ResetPlanned {
                scope: ResetScope::Lesson(0),
                result: Ok(vec![target(
                    ResourceKind::Container,
                    "docktor-tui-e2e-hello",
                )]),
            },
            ch('y'),
        ],
    );
    // The grade asked before the reset lands between the removal and the setup.
    send(&mut app, [graded_at(STEP_1, passing_report(), old)]);
    assert!(!app.step_passed(STEP_1), "a stale grade passed step 1");
    let during = send(
        &mut app,
        [container_event("destroy", "docktor-tui-e2e-hello")],
    );
    assert!(grades(&during).is_empty(), "no grade while the reset runs");
    let after = send(
        &mut app,
        [Msg::ResetFinished {
            scope: ResetScope::Lesson(0),
            result: Ok(vec!["container docktor-tui-e2e-hello".into()]),
        }],
    );
    assert_eq!(grades(&after), vec![(STEP_1, GradeTrigger::Asked)]);
    let fresh = passed(&app, STEP_1);
    send(&mut app, [fresh]);
    assert!(app.step_passed(STEP_1), "a grade after the reset counts");
}

#[test]
fn a_step_reset_plans_only_what_was_made_since_the_step_was_opened() {
    let mut app = app_with(progress_at("tui-hello", 0), (80, 24));
    app.now = 1_000;
    send(
        &mut app,
        [Msg::Started, Msg::EngineConnected(engine_info())],
    );
    assert_eq!(
        app.progress.lesson("tui-hello").step_opened_at,
        Some(1_000_000),
        "progress keeps milliseconds"
    );
    app.now = 2_000;
    let cmds = send(&mut app, [ch('R')]);
    assert!(cmds.iter().any(|c| matches!(
        c,
        Cmd::PlanReset {
            scope: ResetScope::Step(STEP_1),
            since: Some(1_000),
            ..
        }
    )));
    assert!(matches!(
        app.dialog,
        Some(Dialog::Reset {
            plan: ResetPlan::Working,
            ..
        })
    ));
    let early = send(&mut app, [key(KeyCode::Enter)]);
    assert!(early.is_empty(), "nothing goes before the dry run is shown");
    send(
        &mut app,
        [Msg::ResetPlanned {
            scope: ResetScope::Step(STEP_1),
            result: Ok(Vec::new()),
        }],
    );
    let cmds = send(&mut app, [key(KeyCode::Enter)]);
    assert!(cmds.iter().any(|c| matches!(
        c,
        Cmd::Reset { targets, .. } if targets.is_empty()
    )));
}

#[test]
fn reopening_the_same_step_keeps_when_it_was_opened_and_a_new_step_gets_a_new_time() {
    let mut progress = progress_at("tui-hello", 0);
    progress.lesson_mut("tui-hello").step_opened_at = Some(500_000);
    let mut app = app_with(progress, (80, 24));
    app.now = 1_000;
    send(&mut app, [Msg::Started]);
    assert_eq!(
        app.progress.lesson("tui-hello").step_opened_at,
        Some(500_000)
    );
    app.now = 1_100;
    send(&mut app, [ch('n')]);
    assert_eq!(
        app.progress.lesson("tui-hello").step_opened_at,
        Some(1_100_000)
    );
}

#[test]
fn a_multi_line_paste_goes_into_the_prompt_and_never_runs() {
    let mut app = in_lesson(0);
    send(&mut app, [ch(':')]);
    let cmds = send(
        &mut app,
        [Msg::Paste(
            "docker rm -f web\ndocker run -d --name web busybox\n".into(),
        )],
    );
    assert!(cmds.is_empty(), "a paste runs nothing: {cmds:?}");
    assert_eq!(
        app.prompt.input,
        "docker rm -f web; docker run -d --name web busybox"
    );
    assert!(notice(&app).contains("nothing ran"), "{}", notice(&app));
}

#[test]
fn a_paste_in_the_lesson_view_fires_no_keys() {
    let mut app = in_lesson(0);
    let cmds = send(&mut app, [Msg::Paste("q\nX R s".into())]);
    assert!(cmds.is_empty(), "{cmds:?}");
    assert!(!app.quitting);
    assert_eq!(app.dialog, None);
    assert_eq!(focus(&app), Some(Focus::Prompt));
    assert_eq!(app.prompt.input, "q; X R s");
}

#[test]
fn a_paste_on_the_lesson_list_does_nothing() {
    let mut app = app();
    send(&mut app, [Msg::Started]);
    let cmds = send(&mut app, [Msg::Paste("q".into())]);
    assert!(cmds.is_empty());
    assert!(!app.quitting);
}

#[test]
fn the_solution_is_shown_only_once_confirmed() {
    let mut app = in_lesson(0);
    send(&mut app, [ch('s')]);
    assert_eq!(app.dialog, Some(Dialog::Solution));
    send(&mut app, [key(KeyCode::Esc)]);
    assert_eq!(app.revealed(), (0, false));
    send(&mut app, [ch('s'), key(KeyCode::Enter)]);
    assert_eq!(app.revealed(), (0, true));
    send(&mut app, [ch('s')]);
    assert_eq!(app.dialog, None, "once shown, s only scrolls back to it");
}

#[test]
fn a_command_typed_after_one_esc_too_many_goes_to_the_prompt() {
    let mut app = in_lesson(0);
    let cmds = type_text(&mut app, "-qO-");
    assert!(!app.quitting, "q quit the tutor: {cmds:?}");
    assert_eq!(focus(&app), Some(Focus::Prompt));
    assert_eq!(app.prompt.input, "-qO-");
}

#[test]
fn help_from_the_list_starts_with_the_lists_keys() {
    let mut app = app();
    send(&mut app, [Msg::Started, ch('?')]);
    assert_eq!(app.help_from, Context::List);
    let lines = crate::tui::view::help::lines(&app, 80);
    let headings: Vec<String> = lines
        .iter()
        .map(|l| l.to_string())
        .filter(|l| Context::ALL.iter().any(|c| c.title() == l))
        .collect();
    assert_eq!(headings.first().map(String::as_str), Some("Lesson list"));
}

#[test]
fn on_relaunch_the_list_cursor_is_on_the_lesson_in_progress() {
    let mut progress = Progress::default();
    progress.lesson_mut("tui-web");
    let mut app = app_with(progress, (80, 24));
    send(&mut app, [Msg::Started]);
    assert_eq!(app.screen, Screen::List);
    assert_eq!(app.selected_lesson(), Some(1));
}

fn run_id(cmds: &[Cmd]) -> u64 {
    cmds.iter()
        .find_map(|c| match c {
            Cmd::Run(r) => Some(r.id),
            _ => None,
        })
        .expect("a command runs")
}

#[test]
fn a_container_started_without_a_name_is_named_and_offered_for_removal() {
    let mut app = in_lesson(0);
    send(&mut app, [ch(':')]);
    type_text(&mut app, "docker run busybox echo hi");
    let id = run_id(&send(&mut app, [key(KeyCode::Enter)]));
    send(
        &mut app,
        [
            container_event("create", "eager_turing"),
            // Named in another terminal meanwhile: not offered for removal.
            container_event("create", "learners-own-db"),
            container_event("start", "eager_turing"),
            container_event("die", "eager_turing"),
            Msg::CommandFinished {
                id,
                end: RunEnd::Exited(Some(0)),
            },
        ],
    );
    let text = &app.output.as_ref().expect("output").text;
    assert!(text.contains("eager_turing"), "{text}");
    assert_eq!(app.prompt.input, "docker rm -f eager_turing");
    assert_eq!(focus(&app), Some(Focus::Prompt));
}

#[test]
fn a_named_container_is_not_offered_for_removal() {
    let mut app = in_lesson(0);
    send(&mut app, [ch(':')]);
    type_text(&mut app, "docker run --name hi busybox echo hi");
    let id = run_id(&send(&mut app, [key(KeyCode::Enter)]));
    send(
        &mut app,
        [
            container_event("create", "hi"),
            Msg::CommandFinished {
                id,
                end: RunEnd::Exited(Some(0)),
            },
        ],
    );
    assert_eq!(app.prompt.input, "");
}

#[test]
fn compose_v2_refused_by_a_v1_machine_says_to_type_docker_compose() {
    let mut app = in_lesson(0);
    send(&mut app, [ch(':')]);
    type_text(&mut app, "docker compose up -d");
    let id = run_id(&send(&mut app, [key(KeyCode::Enter)]));
    send(
        &mut app,
        [
            Msg::CommandOutput {
                id,
                chunk: "unknown shorthand flag: 'd' in -d\n".into(),
            },
            Msg::CommandFinished {
                id,
                end: RunEnd::Exited(Some(125)),
            },
        ],
    );
    let text = &app.output.as_ref().expect("output").text;
    assert!(text.contains("`docker-compose`"), "{text}");
}

#[test]
fn a_file_change_in_the_open_workspace_regrades_debounced() {
    let mut app = in_lesson(1);
    let dir = app.workspace_dir(0);
    let cmds = send(&mut app, [Msg::WorkspaceChanged(dir)]);
    assert_eq!(grades(&cmds), vec![(STEP_2, GradeTrigger::Event)]);
    let other = send(&mut app, [Msg::WorkspaceChanged("/elsewhere".into())]);
    assert!(grades(&other).is_empty());
}

#[test]
fn opening_a_lesson_watches_its_workspace_and_leaving_stops() {
    let mut app = app_with(progress_at("tui-hello", 0), (80, 24));
    let cmds = send(&mut app, [Msg::Started]);
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::WatchWorkspace(Some(d)) if d.ends_with("tui-hello")))
    );
    let cmds = send(&mut app, [key(KeyCode::Esc)]);
    assert!(cmds.iter().any(|c| matches!(c, Cmd::WatchWorkspace(None))));
}

#[test]
fn e_opens_the_steps_file_in_the_editor() {
    let mut app = in_lesson(1);
    let cmds = send(&mut app, [ch('e')]);
    let Some(Cmd::RunInteractive { line, dir }) = cmds.first() else {
        panic!("the editor gets the terminal: {cmds:?}")
    };
    assert_eq!(line, "${VISUAL:-${EDITOR:-vi}} 'note.txt'");
    assert!(dir.ends_with("tui-hello"));
}

#[test]
fn tab_reaches_the_checks_and_j_scrolls_them() {
    let mut app = in_lesson(0);
    let many = StepReport {
        verdicts: (0..30)
            .map(|_| failing_report().verdicts[0].clone())
            .collect(),
    };
    let report = graded_at(STEP_1, many, app.generation);
    send(&mut app, [report, key(KeyCode::Tab)]);
    assert_eq!(focus(&app), Some(Focus::Checks));
    send(&mut app, [ch('j'), ch('j')]);
    assert_eq!(app.checks.scroll, 2);
    send(&mut app, [ch('G')]);
    assert!(app.checks.scroll > 2);
}

#[test]
fn a_command_typed_on_the_list_after_two_escs_filters_instead_of_quitting() {
    let mut app = in_lesson(0);
    send(&mut app, [key(KeyCode::Esc)]);
    assert_eq!(app.screen, Screen::List);
    type_text(&mut app, "-qO-");
    assert!(!app.quitting);
    assert!(app.list.filtering);
    assert_eq!(app.list.filter, "-qO-");
}
