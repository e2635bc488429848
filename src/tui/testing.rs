//! Test helpers: the fixture pack, an app on it, keys and reports, shared by the `update`
//! tests and the screen snapshots.

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::check::{Outcome, Verdict};
use crate::engine::EngineInfo;
use crate::grade::StepReport;
use crate::lesson::{LessonPack, load_dir};
use crate::progress::{LoadNote, Progress};

use super::app::{App, AppInit};
use super::cmd::Cmd;
use super::msg::Msg;
use super::theme::Theme;
use super::update::update;

/// The pack under `tests/fixtures/tui-pack`.
pub fn pack() -> LessonPack {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui-pack");
    let pack = load_dir(&dir);
    assert!(pack.problems.is_empty(), "{:?}", pack.problems);
    pack
}

/// An app on the fixture pack, trusted, in colour, with `progress`, speaking the language of
/// the thread (`i18n::with_lang`), the pack in its words.
pub fn app_with(progress: Progress, size: (u16, u16)) -> App {
    let lang = crate::i18n::current();
    App::new(AppInit {
        lang,
        pack: pack().in_lang(lang),
        progress,
        load_note: LoadNote::Loaded,
        trusted: true,
        workspaces: PathBuf::from("/workspaces"),
        theme: Theme { color: true },
        size,
    })
}

/// A fresh learner at 80x24.
pub fn app() -> App {
    app_with(Progress::default(), (80, 24))
}

pub fn engine_info() -> EngineInfo {
    EngineInfo {
        host: "unix:///var/run/docker.sock".into(),
        version: "20.10.24".into(),
        api_version: "1.41".into(),
        os: "linux/amd64".into(),
        kind: crate::engine::EngineKind::Docker,
        how_chosen: crate::engine::HowChosen::Default,
        warnings: Vec::new(),
    }
}

pub fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ch(c: char) -> Msg {
    key(KeyCode::Char(c))
}

pub fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Sends messages in order and returns every command they asked for.
pub fn send(app: &mut App, msgs: impl IntoIterator<Item = Msg>) -> Vec<Cmd> {
    msgs.into_iter().flat_map(|m| update(app, m)).collect()
}

/// Types a line into the prompt, character by character.
pub fn type_text(app: &mut App, text: &str) -> Vec<Cmd> {
    send(app, text.chars().map(ch))
}

pub fn failing_report() -> StepReport {
    StepReport {
        verdicts: vec![Verdict {
            subject: "container `docktor-tui-e2e-hello`".into(),
            outcome: Outcome::Fail,
            message: "container `docktor-tui-e2e-hello` exited, but exited with code 3; expected 0"
                .into(),
            author_message: Some("Run busybox with --name and echo the greeting.".into()),
        }],
    }
}

pub fn passing_report() -> StepReport {
    StepReport {
        verdicts: vec![Verdict {
            subject: "container `docktor-tui-e2e-hello`".into(),
            outcome: Outcome::Pass,
            message:
                "container `docktor-tui-e2e-hello` exited, with code 0, logged `hello from docktor`"
                    .into(),
            author_message: None,
        }],
    }
}
