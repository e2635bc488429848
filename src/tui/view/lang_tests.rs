//! Every screen in every language at 80x24: snapshots, and proof that no fixed label or key
//! hint is cut and no line runs past the edge.

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::text::Line;

use crate::i18n::{Lang, with_lang};
use crate::progress::Progress;
use crate::tr;
use crate::tui::app::App;
use crate::tui::cmd::{ResetScope, StepRef};
use crate::tui::keys::{self, Action, Context};
use crate::tui::markdown::width_of;
use crate::tui::msg::{Msg, RunEnd};
use crate::tui::strings;
use crate::tui::testing::*;

const SIZE: (u16, u16) = (80, 24);

/// Makes the app for one screen.
type Screen = fn() -> App;
const STEP_1: StepRef = StepRef { lesson: 0, step: 0 };

/// The screen's rows as text.
fn rows(app: &App) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(app.size.0, app.size.1)).expect("terminal");
    terminal
        .draw(|frame| super::draw(frame, app))
        .expect("draws");
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect()
}

fn screen(app: &App) -> String {
    rows(app).join("\n")
}

fn list() -> App {
    let mut progress = Progress::default();
    progress
        .lesson_mut("tui-hello")
        .passed
        .insert("say-hello".into());
    let mut app = app_with(progress, SIZE);
    send(
        &mut app,
        [Msg::Started, Msg::EngineConnected(engine_info()), ch('j')],
    );
    app
}

fn lesson() -> App {
    let mut app = app_with(Progress::default(), SIZE);
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

fn failing_checks() -> App {
    let mut app = lesson();
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
            key(KeyCode::Esc),
        ],
    );
    app
}

/// A step whose checks say more than the panel holds.
fn long_checks() -> App {
    use crate::check::{Outcome, Verdict};
    let mut app = lesson();
    let verdicts = (1..=12)
        .map(|i| Verdict {
            subject: format!("file-{i}.txt"),
            outcome: Outcome::Fail,
            message: format!("file `file-{i}.txt` does not exist"),
            author_message: None,
        })
        .collect();
    send(
        &mut app,
        [Msg::Graded {
            target: STEP_1,
            report: crate::grade::StepReport { verdicts },
            generation: 0,
        }],
    );
    app
}

fn help() -> App {
    let mut app = lesson();
    send(&mut app, [ch('?')]);
    app
}

fn help_from_list() -> App {
    let mut app = list();
    send(&mut app, [ch('?')]);
    app
}

fn reset_dialog() -> App {
    use crate::engine::ResourceKind;
    use crate::reset::Target;
    let mut app = lesson();
    send(
        &mut app,
        [
            ch('R'),
            Msg::ResetPlanned {
                scope: ResetScope::Step(STEP_1),
                result: Ok(vec![Target {
                    kind: ResourceKind::Container,
                    name: "docktor-tui-e2e-hello".into(),
                }]),
            },
        ],
    );
    app
}

fn reset_lesson_dialog() -> App {
    let mut app = lesson();
    send(&mut app, [ch('X')]);
    app
}

fn run_dialog() -> App {
    let mut app = lesson();
    send(&mut app, [ch('r')]);
    app
}

fn solution_dialog() -> App {
    let mut app = lesson();
    send(&mut app, [ch('s')]);
    app
}

#[test]
fn every_language_snapshots_the_list_a_failing_step_the_help_and_a_dialog() {
    let screens: [(&str, Screen); 4] = [
        ("list", list),
        ("checks_failing", failing_checks),
        ("help", help),
        ("reset_dialog", reset_dialog),
    ];
    for lang in Lang::ALL {
        with_lang(lang, || {
            for (name, make) in screens {
                let app = make();
                assert_eq!(app.lang, lang);
                insta::assert_snapshot!(format!("{name}_{}_80x24", lang.code()), screen(&app));
            }
        });
    }
}

/// Fails unless `text` stands whole on one row of the screen.
fn assert_whole(lang: Lang, screen: &str, rows: &[String], text: &str) {
    assert!(
        rows.iter().any(|row| row.contains(text)),
        "{lang}: `{text}` is cut or missing:\n{screen}"
    );
}

/// The key line's items that are always shown: help, quit and the language.
fn essential_keys(app: &App, context: Context) -> Vec<String> {
    let mut items = Vec::new();
    for b in keys::bindings(context) {
        let key = keys::key_label(&b.keys[0]);
        match (b.action, b.short) {
            (Action::SwitchLang, _) => items.push(format!("{key} {}", app.lang.code())),
            (Action::Help | Action::Quit, Some(short)) => items.push(format!("{key} {}", short())),
            _ => {}
        }
    }
    items
}

/// Every line fits `width`.
fn assert_fits(lang: Lang, what: &str, lines: &[Line<'_>], width: u16) {
    for line in lines {
        assert!(
            line.width() <= usize::from(width),
            "{lang}: a {what} line runs past {width} columns: {line:?}"
        );
    }
}

#[test]
fn no_label_or_key_hint_is_cut_and_no_line_overflows_in_any_language() {
    for lang in Lang::ALL {
        with_lang(lang, || {
            let expect: Vec<(App, Vec<String>)> = vec![
                {
                    let app = list();
                    let mut want = essential_keys(&app, Context::List);
                    want.push(tr!("Lessons").to_owned());
                    want.push(strings::steps_done(1, 2));
                    want.push(strings::not_started().to_owned());
                    (app, want)
                },
                {
                    let app = lesson();
                    let mut want = essential_keys(&app, Context::Lesson);
                    want.push(strings::prompt_idle().to_owned());
                    want.push(strings::checks_title().to_owned());
                    want.push(strings::step_position(0, 2));
                    want.push(tr!("▼ more (j/↓)").to_owned());
                    (app, want)
                },
                {
                    let app = failing_checks();
                    let mut want = essential_keys(&app, Context::Lesson);
                    want.push(strings::checks_summary(0, 1));
                    want.push(strings::exit_status(Some(3)));
                    (app, want)
                },
                {
                    let app = help();
                    let want = vec![
                        strings::help_title().to_owned(),
                        strings::help_footer().to_owned(),
                        Context::Lesson.title().to_owned(),
                    ];
                    (app, want)
                },
                {
                    let app = help_from_list();
                    let want = vec![Context::List.title().to_owned()];
                    (app, want)
                },
                {
                    let app = reset_dialog();
                    let want = vec![
                        strings::dialog_reset_step_title().to_owned(),
                        strings::dialog_keys().to_owned(),
                        strings::dialog_reset_removes().to_owned(),
                    ];
                    (app, want)
                },
                {
                    let app = reset_lesson_dialog();
                    let want = vec![
                        strings::dialog_reset_lesson_title().to_owned(),
                        strings::dialog_wait_keys().to_owned(),
                    ];
                    (app, want)
                },
                {
                    let app = run_dialog();
                    let want = vec![
                        strings::dialog_run_title().to_owned(),
                        strings::dialog_run_keys().to_owned(),
                        strings::shown_label().to_owned(),
                    ];
                    (app, want)
                },
                {
                    let app = solution_dialog();
                    let want = vec![
                        strings::dialog_solution_title().to_owned(),
                        strings::dialog_keys().to_owned(),
                    ];
                    (app, want)
                },
            ];
            let app = long_checks();
            let rows_of_long = rows(&app);
            assert!(
                (1..40).any(|n| rows_of_long
                    .iter()
                    .any(|r| r.contains(&strings::checks_more(n)))),
                "{lang}: the checks panel's last line is cut:\n{}",
                rows_of_long.join("\n")
            );
            assert_fits(lang, "checks", &super::checks::lines(&app, SIZE.0), SIZE.0);
            for (app, want) in expect {
                let rows = rows(&app);
                let screen = rows.join("\n");
                for text in &want {
                    assert_whole(lang, &screen, &rows, text);
                    for word in text.split_whitespace() {
                        assert!(screen.contains(word), "{lang}: `{word}` missing:\n{screen}");
                    }
                }
                assert_fits(lang, "status", &super::status::lines(&app, SIZE.0), SIZE.0);
                assert_fits(lang, "checks", &super::checks::lines(&app, SIZE.0), SIZE.0);
                for row in &rows {
                    assert!(width_of(row) <= usize::from(SIZE.0), "{lang}: {row:?}");
                }
            }
        });
    }
}

#[test]
fn every_key_description_is_shown_whole_in_the_help_in_every_language() {
    for lang in Lang::ALL {
        with_lang(lang, || {
            let app = help();
            // The help box at 80 columns is 78 wide inside its border.
            let width = SIZE.0 - 2;
            let lines = super::help::lines(&app, width);
            assert_fits(lang, "help", &lines, width);
            let text: String = lines
                .iter()
                .map(|l| {
                    l.spans
                        .iter()
                        .map(|s| s.content.as_ref())
                        .collect::<String>()
                })
                .collect::<Vec<_>>()
                .join(" ");
            let words: Vec<&str> = text.split_whitespace().collect();
            for b in keys::BINDINGS {
                for word in (b.desc)().split_whitespace() {
                    assert!(
                        words.contains(&word),
                        "{lang}: `{word}` of {:?} is cut in the help",
                        (b.desc)()
                    );
                }
            }
        });
    }
}

#[test]
fn every_bundled_lesson_opens_with_its_header_and_keys_whole_in_every_language() {
    use crate::tui::app::AppInit;
    let course = crate::lesson::load_embedded();
    for lang in Lang::ALL {
        with_lang(lang, || {
            for (index, lesson) in course.lessons.iter().enumerate() {
                let mut progress = Progress {
                    current_lesson: Some(lesson.meta.id.clone()),
                    ..Default::default()
                };
                progress.lesson_mut(&lesson.meta.id).current_step = 0;
                let mut app = App::new(AppInit {
                    lang,
                    pack: course.in_lang(lang),
                    progress,
                    load_note: crate::progress::LoadNote::Loaded,
                    trusted: true,
                    workspaces: "/workspaces".into(),
                    theme: crate::tui::theme::Theme { color: true },
                    size: SIZE,
                });
                send(
                    &mut app,
                    [Msg::Started, Msg::EngineConnected(engine_info())],
                );
                assert_eq!(app.lesson.as_ref().map(|l| l.index), Some(index));
                let rows = rows(&app);
                let screen = rows.join("\n");
                assert_whole(
                    lang,
                    &screen,
                    &rows[..1],
                    &strings::step_position(0, lesson.steps.len()),
                );
                for item in essential_keys(&app, Context::Lesson) {
                    assert_whole(lang, &screen, &rows, &item);
                }
                // The bundled course speaks every language: no note that it does not.
                assert!(
                    !screen.contains(&strings::not_translated(lang, Lang::En)),
                    "{screen}"
                );
            }
        });
    }
}
