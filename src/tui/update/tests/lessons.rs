//! Steps, grading, hints, setups and resets.

use super::*;
use crate::tui::app::{Dialog, Focus};
use crate::tui::cmd::GradeTrigger;
use crate::tui::cmd::ResetScope;
use crate::tui::msg::RunEnd;

fn web_target() -> crate::reset::Target {
    crate::reset::Target {
        kind: ResourceKind::Container,
        name: "web".into(),
    }
}

/// The dry run of a reset came back with one container.
fn planned(scope: ResetScope) -> Msg {
    Msg::ResetPlanned {
        scope,
        result: Ok(vec![web_target()]),
    }
}

fn graded(target: StepRef, passing: bool) -> Msg {
    Msg::Graded {
        target,
        report: if passing {
            passing_report()
        } else {
            failing_report()
        },
        generation: 0,
    }
}

#[test]
fn a_passing_grade_marks_the_step_done_without_moving_on() {
    let mut app = in_lesson(0);
    let cmds = send(&mut app, [graded(STEP_1, true)]);
    assert!(app.step_passed(STEP_1));
    assert!(app.checks.just_passed);
    assert_eq!(app.current().map(|c| c.0), Some(STEP_1), "no auto-advance");
    assert_eq!(app.notice.as_ref().map(|n| n.level), Some(Level::Success));
    let progress = saved(&cmds).expect("saved");
    assert!(progress.lesson("tui-hello").passed.contains("say-hello"));
}

#[test]
fn a_failing_grade_is_shown_and_changes_no_progress() {
    let mut app = in_lesson(0);
    let cmds = send(&mut app, [graded(STEP_1, false)]);
    assert!(cmds.is_empty());
    assert!(!app.step_passed(STEP_1));
    assert_eq!(app.checks.report, Some(failing_report()));
    assert!(!app.checks.grading);
}

#[test]
fn a_grade_for_a_step_the_learner_left_is_ignored() {
    let mut app = in_lesson(0);
    send(&mut app, [ch('n')]);
    send(&mut app, [graded(STEP_1, true)]);
    assert!(!app.step_passed(STEP_1));
    assert_eq!(app.checks.report, None);
}

#[test]
fn a_step_once_passed_stays_passed_when_it_later_fails() {
    let mut app = in_lesson(0);
    send(&mut app, [graded(STEP_1, true), graded(STEP_1, false)]);
    assert!(app.step_passed(STEP_1));
    assert_eq!(app.checks.report, Some(failing_report()));
}

#[test]
fn next_and_previous_stay_within_the_lesson_and_save_the_step() {
    let mut app = in_lesson(0);
    send(&mut app, [ch('p')]);
    assert_eq!(app.current().map(|c| c.0), Some(STEP_1));
    let cmds = send(&mut app, [key(KeyCode::Right)]);
    assert_eq!(app.current().map(|c| c.0), Some(STEP_2));
    assert_eq!(
        saved(&cmds).map(|p| p.lesson("tui-hello").current_step),
        Some(1)
    );
    send(&mut app, [ch('n')]);
    let notice = app.notice.as_ref().map_or("", |n| n.text.as_str());
    assert!(notice.contains("last step"), "{notice}");
    assert!(notice.contains("still to do: steps 1 and 2"), "{notice}");
}

#[test]
fn enter_moves_on_only_once_the_step_is_done() {
    let mut app = in_lesson(0);
    let cmds = send(&mut app, [key(KeyCode::Enter)]);
    assert_eq!(
        grades(&cmds),
        vec![(STEP_1, GradeTrigger::Asked)],
        "not done: Enter checks"
    );
    send(&mut app, [graded(STEP_1, true), key(KeyCode::Enter)]);
    assert_eq!(app.current().map(|c| c.0), Some(STEP_2));
}

#[test]
fn hints_come_one_at_a_time_then_the_solution() {
    let mut app = in_lesson(0);
    let cmds = send(&mut app, [ch('h')]);
    assert_eq!(app.revealed(), (1, false));
    assert_eq!(
        saved(&cmds).map(|p| p.lesson("tui-hello").hints_shown["say-hello"]),
        Some(1)
    );
    send(&mut app, [ch('h'), ch('h')]);
    assert_eq!(app.revealed(), (2, false));
    assert_eq!(
        app.notice.as_ref().map(|n| n.text.as_str()),
        Some(strings::no_more_hints())
    );
    let cmds = send(&mut app, [ch('s'), ch('y')]);
    assert_eq!(app.revealed(), (2, true));
    assert!(
        saved(&cmds).is_some_and(|p| p.lesson("tui-hello").solutions_shown.contains("say-hello"))
    );
    assert!(
        app.lesson.as_ref().is_some_and(|l| l.scroll > 0),
        "scrolled to the solution"
    );
}

#[test]
fn a_trusted_pack_runs_a_step_setup_and_grades_after_it() {
    let mut app = in_lesson(0);
    let cmds = send(&mut app, [ch('n')]);
    let run = cmds.iter().find_map(|c| match c {
        Cmd::Run(r) => Some(r.clone()),
        _ => None,
    });
    let run = run.expect("the setup runs");
    assert_eq!(run.script, "rm -f note.txt");
    assert!(run.strict);
    assert!(grades(&cmds).is_empty(), "grading waits for the setup");
    let cmds = send(
        &mut app,
        [Msg::CommandFinished {
            id: run.id,
            end: RunEnd::Exited(Some(0)),
        }],
    );
    assert_eq!(grades(&cmds), vec![(STEP_2, GradeTrigger::Asked)]);
    send(&mut app, [ch('p')]);
    let again = send(&mut app, [ch('n')]);
    assert!(
        !again.iter().any(|c| matches!(c, Cmd::Run(_))),
        "a setup runs once a session"
    );
}

#[test]
fn an_untrusted_pack_asks_before_its_setup_runs() {
    let mut app = in_lesson(0);
    app.trusted = false;
    let cmds = send(&mut app, [ch('n')]);
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::Run(_))));
    assert!(
        matches!(&app.dialog, Some(Dialog::Setup { script, .. }) if script == "rm -f note.txt")
    );
    let declined = send(&mut app, [key(KeyCode::Esc)]);
    assert_eq!(grades(&declined), vec![(STEP_2, GradeTrigger::Asked)]);
    assert_eq!(
        app.notice.as_ref().map(|n| n.text.as_str()),
        Some(strings::setup_skipped())
    );

    let mut app = in_lesson(0);
    app.trusted = false;
    send(&mut app, [ch('n')]);
    let accepted = send(&mut app, [key(KeyCode::Enter)]);
    assert!(
        accepted
            .iter()
            .any(|c| matches!(c, Cmd::Run(r) if r.script == "rm -f note.txt"))
    );
}

#[test]
fn resetting_a_step_asks_first() {
    let mut app = in_lesson(0);
    send(&mut app, [ch('R')]);
    assert!(matches!(
        app.dialog,
        Some(Dialog::Reset {
            scope: ResetScope::Step(STEP_1),
            ..
        })
    ));
    assert!(send(&mut app, [key(KeyCode::Esc)]).is_empty());
    assert_eq!(app.dialog, None);
    send(&mut app, [ch('R')]);
    let cmds = send(
        &mut app,
        [planned(ResetScope::Step(STEP_1)), key(KeyCode::Enter)],
    );
    assert!(matches!(
        &cmds[..],
        [Cmd::Reset {
            scope: ResetScope::Step(STEP_1),
            targets,
            ..
        }] if *targets == [web_target()]
    ));
}

#[test]
fn a_lesson_reset_clears_its_progress_and_returns_to_step_one() {
    let mut app = in_lesson(1);
    app.progress
        .lesson_mut("tui-hello")
        .passed
        .insert("say-hello".into());
    let cmds = send(&mut app, [ch('X'), planned(ResetScope::Lesson(0)), ch('y')]);
    assert_eq!(app.current().map(|c| c.0), Some(STEP_1));
    assert!(!app.step_passed(STEP_1));
    assert!(saved(&cmds).is_some_and(|p| {
        let lesson = p.lesson("tui-hello");
        lesson.passed.is_empty() && lesson.current_step == 0
    }));
    assert!(cmds.iter().any(|c| matches!(
        c,
        Cmd::Reset {
            scope: ResetScope::Lesson(0),
            ..
        }
    )));
}

#[test]
fn a_finished_step_reset_runs_the_setup_again() {
    let mut app = in_lesson(1);
    let cmds = send(
        &mut app,
        [Msg::ResetFinished {
            scope: ResetScope::Step(STEP_2),
            result: Ok(vec!["container web".into()]),
        }],
    );
    assert!(
        cmds.iter()
            .any(|c| matches!(c, Cmd::Run(r) if r.script == "rm -f note.txt"))
    );
    assert!(
        app.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("container web"))
    );
}

#[test]
fn scrolling_stops_at_the_end_of_the_text() {
    let mut app = in_lesson(0);
    send(
        &mut app,
        [
            Msg::Resized {
                width: 80,
                height: 16,
            },
            ch('G'),
        ],
    );
    let bottom = app.lesson.as_ref().map_or(0, |l| l.scroll);
    assert!(bottom > 0, "the first step does not fit in 80x16");
    send(&mut app, [ch('j')]);
    assert_eq!(app.lesson.as_ref().map(|l| l.scroll), Some(bottom));
    send(&mut app, [ch('k'), ch('g')]);
    assert_eq!(app.lesson.as_ref().map(|l| l.scroll), Some(0));
    send(
        &mut app,
        [
            ch('G'),
            Msg::Resized {
                width: 200,
                height: 60,
            },
        ],
    );
    assert_eq!(
        app.lesson.as_ref().map(|l| l.scroll),
        Some(0),
        "all fits now"
    );
}

#[test]
fn tab_gives_the_scroll_keys_to_the_output_only_when_there_is_output() {
    let mut app = in_lesson(0);
    send(&mut app, [key(KeyCode::Tab)]);
    assert_eq!(
        app.lesson.as_ref().map(|l| l.focus),
        Some(Focus::Checks),
        "no output yet: straight to the checks"
    );
    send(&mut app, [key(KeyCode::Tab)]);
    assert_eq!(app.lesson.as_ref().map(|l| l.focus), Some(Focus::Text));
    send(&mut app, [ch(':')]);
    type_text(&mut app, "ls");
    send(
        &mut app,
        [key(KeyCode::Enter), key(KeyCode::Esc), key(KeyCode::Tab)],
    );
    assert_eq!(app.lesson.as_ref().map(|l| l.focus), Some(Focus::Output));
}
