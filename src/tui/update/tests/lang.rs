//! The language switch: `L` moves to the next language, keeps the learner's place, saves the
//! choice and asks for a new grade, all as commands.

use super::*;
use crate::i18n::Lang;
use crate::lesson::load_embedded;
use crate::tui::document;

/// An app on the bundled course (which has every translation), speaking `lang`, open on the
/// first lesson's second step.
fn course_in(lang: Lang) -> App {
    let course = load_embedded();
    let id = course.lessons[0].meta.id.clone();
    let mut app = App::new(AppInit {
        lang,
        pack: course.in_lang(lang),
        progress: progress_at(&id, 1),
        load_note: LoadNote::Loaded,
        trusted: true,
        workspaces: "/workspaces".into(),
        theme: Theme { color: true },
        size: (80, 24),
    });
    send(
        &mut app,
        [Msg::Started, Msg::EngineConnected(engine_info())],
    );
    app
}

fn switched_to(cmds: &[Cmd]) -> Option<Lang> {
    cmds.iter().find_map(|c| match c {
        Cmd::SetLang(lang) => Some(*lang),
        _ => None,
    })
}

#[test]
fn l_on_the_list_switches_to_the_next_language_and_saves_the_choice() {
    let mut app = app();
    send(&mut app, [Msg::Started]);
    let cmds = send(&mut app, [ch('L')]);
    assert_eq!(app.lang, Lang::Sv);
    assert_eq!(switched_to(&cmds), Some(Lang::Sv));
    assert!(
        matches!(cmds.first(), Some(Cmd::SetLang(Lang::Sv))),
        "the language is set before anything else is carried out: {cmds:?}"
    );
    assert_eq!(saved(&cmds).and_then(|p| p.lang), Some(Lang::Sv));
    assert_eq!(app.screen, Screen::List);
}

#[test]
fn l_walks_every_language_and_comes_back_to_english() {
    let mut app = app();
    send(&mut app, [Msg::Started]);
    let mut seen = Vec::new();
    for _ in Lang::ALL {
        let cmds = send(&mut app, [ch('L')]);
        seen.extend(switched_to(&cmds));
    }
    assert_eq!(seen, vec![Lang::Sv, Lang::Nl, Lang::Nb, Lang::En]);
    assert_eq!(app.progress.lang, Some(Lang::En));
}

#[test]
fn l_in_a_lesson_swaps_the_words_keeps_the_step_and_grades_it_again() {
    let mut app = course_in(Lang::En);
    let before = app.lesson.clone().expect("a lesson is open");
    let english = app
        .current()
        .map(|(_, l, s)| (l.meta.title.clone(), s.title.clone()));
    let cmds = send(&mut app, [ch('L')]);
    assert_eq!(
        app.lesson.as_ref().map(|l| (l.index, l.step)),
        Some((before.index, before.step))
    );
    let swedish = load_embedded().lessons[before.index].in_lang(Lang::Sv);
    let (at, lesson, step) = app.current().expect("still in the lesson");
    assert_eq!(lesson.lang, Lang::Sv);
    assert_eq!(lesson.meta.title, swedish.meta.title);
    assert_eq!(step.title, swedish.steps[before.step].title);
    assert_ne!(
        Some((lesson.meta.title.clone(), step.title.clone())),
        english
    );
    assert_eq!(switched_to(&cmds), Some(Lang::Sv));
    let graded = cmds.iter().find_map(|c| match c {
        Cmd::Grade {
            target,
            step,
            trigger,
            ..
        } => Some((*target, step.title.clone(), *trigger)),
        _ => None,
    });
    assert_eq!(
        graded,
        Some((
            at,
            swedish.steps[before.step].title.clone(),
            GradeTrigger::Asked
        )),
        "the step is graded again, with its Swedish words"
    );
    assert!(app.checks.grading);
}

#[test]
fn switching_back_gives_the_original_words_again() {
    let mut app = course_in(Lang::En);
    let english = app
        .current()
        .map(|(_, l, s)| (l.meta.title.clone(), s.body.clone()));
    for _ in Lang::ALL {
        send(&mut app, [ch('L')]);
    }
    assert_eq!(app.lang, Lang::En);
    let back = app
        .current()
        .map(|(_, l, s)| (l.meta.title.clone(), s.body.clone()));
    assert_eq!(back, english);
}

#[test]
fn l_while_typing_a_command_is_a_letter() {
    let mut app = in_lesson(0);
    send(&mut app, [ch(':')]);
    let cmds = type_text(&mut app, "L");
    assert_eq!(app.prompt.input, "L");
    assert_eq!(app.lang, Lang::En);
    assert_eq!(switched_to(&cmds), None);
}

#[test]
fn a_lesson_without_the_tutors_language_says_so() {
    crate::i18n::with_lang(Lang::Nl, || {
        // The fixture pack is English only.
        let app = in_lesson(0);
        let text = document::source(
            &app,
            document::Reveal {
                hints: 0,
                solution: false,
            },
        );
        let note = strings::not_translated(Lang::Nl, Lang::En);
        assert!(note.starts_with("Nog niet vertaald"), "{note}");
        assert!(text.contains(&note), "{text}");
    });
}

#[test]
fn a_step_marked_untranslated_says_so_and_the_others_do_not() {
    crate::i18n::with_lang(Lang::Sv, || {
        let mut app = in_lesson(0);
        let mut pack = (*app.pack).clone();
        for lesson in &mut pack.lessons {
            lesson.lang = Lang::Sv;
        }
        pack.lessons[0].steps[0].untranslated = true;
        app.pack = std::sync::Arc::new(pack);
        let reveal = document::Reveal {
            hints: 0,
            solution: false,
        };
        let note = strings::step_not_translated(Lang::Sv, Lang::En);
        let text = document::source(&app, reveal);
        assert!(text.contains(&note), "{text}");
        assert!(!text.contains(&strings::not_translated(Lang::Sv, Lang::En)));
        send(&mut app, [ch('n')]);
        assert!(!document::source(&app, reveal).contains(&note));
    });
}

#[test]
fn an_english_tutor_on_an_english_lesson_adds_no_note() {
    let app = in_lesson(0);
    let text = document::source(
        &app,
        document::Reveal {
            hints: 0,
            solution: false,
        },
    );
    assert!(!text.contains("translated"), "{text}");
}

#[test]
fn the_list_keeps_the_same_lesson_selected_across_a_switch() {
    let mut app = app();
    send(&mut app, [Msg::Started, ch('j')]);
    let before = app.selected_lesson();
    assert_eq!(before, Some(1));
    send(&mut app, [ch('L')]);
    assert_eq!(app.selected_lesson(), before);
}
