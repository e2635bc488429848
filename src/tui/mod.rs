//! The terminal UI: the tutor a learner gets from `docktor` with no arguments.
//!
//! Built as The Elm Architecture: [`app::App`] is the model, [`update::update`] the only place
//! it changes (pure: it returns [`cmd::Cmd`]s instead of doing I/O), the worker carries the
//! commands out and reports back as [`msg::Msg`]s, and [`view::draw`] only reads.

pub mod app;
pub mod cmd;
mod document;
pub mod interactive;
pub mod keys;
pub mod markdown;
pub mod msg;
mod runtime;
mod signals;
pub mod strings;
mod terminal;
#[cfg(test)]
mod testing;
pub mod theme;
pub mod update;
pub mod view;
mod worker;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context as _;

use crate::lesson::LessonPack;
use crate::progress;

use self::app::{App, AppInit};
use self::theme::Theme;

/// What the tutor needs to start.
pub struct TuiConfig {
    /// The lessons to teach.
    pub pack: LessonPack,
    /// Parent folder of the per-lesson workspaces.
    pub workspaces: PathBuf,
    /// The progress file.
    pub progress_path: PathBuf,
    /// Whether the pack's commands may run without asking (embedded packs, or `--trust`).
    pub trusted: bool,
    /// When the process started, for the first-frame benchmark.
    pub started: Instant,
}

/// How long quitting waits for running work (a command, a grade) to stop.
const SHUTDOWN: Duration = Duration::from_millis(500);

/// Runs the tutor until the learner quits.
pub fn run(config: TuiConfig) -> anyhow::Result<()> {
    let (progress, load_note) = progress::load(&config.progress_path);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context(crate::tr!("cannot start docktor's runtime"))?;
    let result = runtime.block_on(async {
        let (terminal, _restore) = terminal::enter()
            .context(crate::tr!("docktor's tutor needs an interactive terminal"))?;
        let size = terminal
            .size()
            .context(crate::tr!("cannot read the terminal's size"))?;
        let app = App::new(AppInit {
            // `cli::run` chose the language and set it before handing over the pack.
            lang: crate::i18n::current(),
            pack: config.pack,
            progress,
            load_note,
            trusted: config.trusted,
            workspaces: config.workspaces.clone(),
            theme: Theme::from_env(),
            size: (size.width, size.height),
        });
        let (tx, messages) = tokio::sync::mpsc::unbounded_channel();
        let images = crate::images::required(&app.pack);
        let worker = worker::Worker::start(
            tx,
            config.workspaces,
            config.progress_path,
            images,
            config.trusted,
        );
        runtime::run(runtime::Loop {
            terminal,
            app,
            worker,
            messages,
            started: config.started,
        })
        .await
    });
    runtime.shutdown_timeout(SHUTDOWN);
    result
}
