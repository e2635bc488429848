//! Snapshots of the main screens at 80x24 and at two wide sizes, drawn into a test backend.

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

use crate::engine::EngineError;
use crate::progress::Progress;
use crate::tui::app::App;
use crate::tui::cmd::StepRef;
use crate::tui::msg::{Msg, RunEnd};
use crate::tui::testing::*;
use crate::tui::theme::Theme;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 36), (140, 40)];
const STEP_1: StepRef = StepRef { lesson: 0, step: 0 };

fn draw(app: &App) -> Terminal<TestBackend> {
    let mut terminal =
        Terminal::new(TestBackend::new(app.size.0, app.size.1)).expect("a test terminal");
    terminal
        .draw(|frame| super::draw(frame, app))
        .expect("draws");
    terminal
}

fn screen(app: &App) -> String {
    draw(app).backend().to_string()
}

/// Snapshots `make(size)` at both sizes as `<name>_<w>x<h>`.
fn snapshot_both(name: &str, make: impl Fn((u16, u16)) -> App) {
    for size in SIZES {
        let app = make(size);
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), screen(&app));
    }
}

/// Some progress: the first lesson half done.
fn some_progress() -> Progress {
    let mut p = Progress::default();
    p.lesson_mut("tui-hello").passed.insert("say-hello".into());
    p.lesson_mut("tui-hello").current_step = 1;
    p
}

/// The first lesson open on its first step, engine connected.
fn lesson(size: (u16, u16)) -> App {
    let mut app = app_with(Progress::default(), size);
    send(
        &mut app,
        [
            Msg::Started,
            Msg::EngineConnected(engine_info()),
            key(KeyCode::Enter),
        ],
    );
    app
}

#[test]
fn lesson_list() {
    snapshot_both("list", |size| {
        let mut app = app_with(some_progress(), size);
        send(
            &mut app,
            [Msg::Started, Msg::EngineConnected(engine_info()), ch('j')],
        );
        app
    });
}

#[test]
fn lesson_step() {
    snapshot_both("lesson", lesson);
}

#[test]
fn checks_failing_with_output() {
    snapshot_both("checks_failing", |size| {
        let mut app = lesson(size);
        send(&mut app, [ch(':')]);
        type_text(
            &mut app,
            "docker run --name docktor-tui-e2e-hello busybox sh -c 'exit 3'",
        );
        send(&mut app, [key(KeyCode::Enter)]);
        let id = app.running.as_ref().map_or(0, |r| r.id);
        send(
            &mut app,
            [
                Msg::CommandFinished {
                    id,
                    end: RunEnd::Exited(Some(3)),
                },
                Msg::Graded {
                    target: STEP_1,
                    report: failing_report(),
                    generation: 0,
                },
            ],
        );
        app
    });
}

#[test]
fn checks_passing() {
    snapshot_both("checks_passing", |size| {
        let mut app = lesson(size);
        send(
            &mut app,
            [Msg::Graded {
                target: STEP_1,
                report: passing_report(),
                generation: 0,
            }],
        );
        app
    });
}

#[test]
fn help_screen() {
    snapshot_both("help", |size| {
        let mut app = lesson(size);
        send(&mut app, [ch('?')]);
        app
    });
}

#[test]
fn engine_unreachable() {
    snapshot_both("engine_unreachable", |size| {
        let mut app = lesson(size);
        let reason = EngineError::NotRunning {
            host: "unix:///var/run/docker.sock".into(),
        };
        send(&mut app, [Msg::EngineUnavailable(reason.to_string())]);
        app
    });
}

#[test]
fn run_dialog_shows_the_command() {
    snapshot_both("run_dialog", |size| {
        let mut app = lesson(size);
        send(&mut app, [ch('r')]);
        app
    });
}

#[test]
fn no_color_draws_no_colour() {
    let mut app = lesson((80, 24));
    app.theme = Theme { color: false };
    send(
        &mut app,
        [Msg::Graded {
            target: STEP_1,
            report: failing_report(),
            generation: 0,
        }],
    );
    let terminal = draw(&app);
    for cell in terminal.backend().buffer().content() {
        assert_eq!(cell.fg, Color::Reset, "coloured cell {cell:?}");
        assert_eq!(cell.bg, Color::Reset, "coloured cell {cell:?}");
    }
}

#[test]
fn a_tiny_terminal_does_not_panic() {
    for size in [(20, 6), (1, 1), (80, 3)] {
        let mut app = lesson(size);
        send(&mut app, [ch('?')]);
        screen(&app);
        send(&mut app, [key(KeyCode::Esc), ch('r')]);
        screen(&app);
    }
}

/// A step whose checks say more than the panel holds: a Dockerfile verdict of many lines.
fn long_report() -> crate::grade::StepReport {
    use crate::check::{Outcome, Verdict};
    let mut verdicts = vec![Verdict {
        subject: "image `web`".into(),
        outcome: Outcome::Pass,
        message: "image `web` exists".into(),
        author_message: None,
    }];
    verdicts.extend((1..=9).map(|i| Verdict {
        subject: format!("Dockerfile rule {i}"),
        outcome: Outcome::Fail,
        message: format!("Dockerfile line {i}: this instruction breaks rule {i} of the step"),
        author_message: (i == 1).then(|| "Copy the manifest before the source.".to_owned()),
    }));
    crate::grade::StepReport { verdicts }
}

#[test]
fn a_long_checks_panel_says_how_to_scroll_and_puts_failures_first() {
    snapshot_both("checks_long", |size| {
        let mut app = lesson(size);
        send(
            &mut app,
            [Msg::Graded {
                target: STEP_1,
                report: long_report(),
                generation: 0,
            }],
        );
        app
    });
}

#[test]
fn the_checks_panel_scrolls_once_it_has_the_keys() {
    snapshot_both("checks_scrolled", |size| {
        let mut app = lesson(size);
        send(
            &mut app,
            [
                Msg::Graded {
                    target: STEP_1,
                    report: long_report(),
                    generation: 0,
                },
                key(KeyCode::Tab),
                ch('j'),
                ch('j'),
            ],
        );
        app
    });
}

#[test]
fn the_step_reset_dialog_lists_what_will_be_removed() {
    use crate::engine::ResourceKind;
    use crate::reset::Target;
    use crate::tui::cmd::ResetScope;
    snapshot_both("reset_step_dialog", |size| {
        let mut app = lesson(size);
        send(
            &mut app,
            [
                ch('R'),
                Msg::ResetPlanned {
                    scope: ResetScope::Step(STEP_1),
                    result: Ok(vec![
                        Target {
                            kind: ResourceKind::Container,
                            name: "docktor-tui-e2e-hello".into(),
                        },
                        Target {
                            kind: ResourceKind::Volume,
                            name: "hello-data".into(),
                        },
                    ]),
                },
            ],
        );
        app
    });
}

#[test]
fn the_lesson_reset_dialog_waits_for_the_dry_run() {
    snapshot_both("reset_lesson_dialog", |size| {
        let mut app = lesson(size);
        send(&mut app, [ch('X')]);
        app
    });
}

#[test]
fn the_solution_asks_first() {
    snapshot_both("solution_dialog", |size| {
        let mut app = lesson(size);
        send(&mut app, [ch('s')]);
        app
    });
}

#[test]
fn help_from_the_list_shows_the_lists_keys_first() {
    snapshot_both("help_from_list", |size| {
        let mut app = app_with(Progress::default(), size);
        send(&mut app, [Msg::Started, ch('?')]);
        app
    });
}

#[test]
fn the_last_step_done_with_one_skipped_names_it() {
    snapshot_both("last_step_done_one_open", |size| {
        let mut progress = Progress {
            current_lesson: Some("tui-hello".into()),
            ..Default::default()
        };
        progress.lesson_mut("tui-hello").current_step = 1;
        let mut app = app_with(progress, size);
        send(
            &mut app,
            [Msg::Started, Msg::EngineConnected(engine_info())],
        );
        let id = app.running.as_ref().map_or(0, |r| r.id);
        send(
            &mut app,
            [
                Msg::CommandFinished {
                    id,
                    end: RunEnd::Exited(Some(0)),
                },
                Msg::Graded {
                    target: StepRef { lesson: 0, step: 1 },
                    report: passing_report(),
                    generation: 0,
                },
            ],
        );
        app
    });
}
