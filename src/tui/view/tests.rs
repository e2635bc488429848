//! Snapshots of the main screens at 80x24 and at a wide size, drawn into a test backend.

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

const SIZES: [(u16, u16); 2] = [(80, 24), (140, 40)];
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
