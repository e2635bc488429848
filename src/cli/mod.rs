//! The command line: `docktor list`, `start`, `check`, `watch`, `verify`, `lint`, `reset`,
//! `doctor`, `images`, `handout`, `completions`, `man`, and, with no command, the tutor. A thin
//! face on the core: each command loads lessons, calls the core, and prints; exit codes say how
//! it went.

mod args;
mod classroom;
pub mod color;
mod commands;
mod json;
mod manual;
mod output;
mod readiness;
mod start;
mod verification;
mod watch;
mod workshop;

pub use args::{Args, Command, HandoutFormat, HandoutPaper, ProgressAction};

use std::time::Instant;

use crate::engine::{EngineError, SshProblem};
use crate::lesson::{LessonPack, load_dir, load_embedded};
use crate::trf;

/// How a command ended; each has a distinct exit code that scripts can rely on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Everything passed.
    Ok,
    /// Some check, verification or lint rule failed.
    Failed,
    /// The command line or a lesson was wrong (unknown lesson, broken pack).
    Usage,
    /// No Docker engine answers where DOCKER_HOST (or the default socket) points.
    EngineUnreachable,
    /// A pack's commands were not trusted, so they were not run.
    Untrusted,
    /// Something on this machine failed: a file could not be written, a command not started.
    Io,
    /// The engine's socket refused this user.
    EnginePermission,
    /// DOCKER_HOST names an address docktor cannot use.
    EngineAddress,
    /// The engine answered at first, then stopped answering or failed during the command.
    EngineFailed,
    /// A needed program (a headless Chromium for `handout --pdf`) is not installed.
    MissingTool,
    /// An image archive given to `images --load` is foreign, cut short or damaged.
    BadArchive,
}

impl Status {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Self::Ok => 0,
            Self::Failed => 1,
            Self::Usage => 2,
            Self::EngineUnreachable => 3,
            Self::Untrusted => 4,
            Self::Io => 5,
            Self::EnginePermission => 6,
            Self::EngineAddress => 7,
            Self::EngineFailed => 8,
            Self::MissingTool => 9,
            Self::BadArchive => 10,
        }
    }
}

impl Status {
    /// Each way the engine can fail has its own code, so a script can tell them apart.
    pub fn for_engine_error(e: &EngineError) -> Self {
        match e {
            EngineError::NotRunning { .. } | EngineError::Connection { .. } => {
                Self::EngineUnreachable
            }
            EngineError::PermissionDenied { .. } => Self::EnginePermission,
            EngineError::BadHost { .. }
            | EngineError::Tls { .. }
            | EngineError::NotAnEngine { .. } => Self::EngineAddress,
            EngineError::Ssh { problem, .. } => match problem {
                SshProblem::HostKey => Self::EngineAddress,
                SshProblem::KeyRefused => Self::EnginePermission,
                _ => Self::EngineUnreachable,
            },
            EngineError::Timeout { .. } | EngineError::Api { .. } => Self::EngineFailed,
        }
    }
}

/// A command's failure to run at all (as opposed to checks that failed).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error("{0}")]
    Untrusted(String),
    #[error("{0}")]
    Io(String),
    #[error("{0}")]
    MissingTool(String),
    #[error("{0}")]
    BadArchive(String),
}

impl CliError {
    fn status(&self) -> Status {
        match self {
            Self::Usage(_) => Status::Usage,
            Self::Engine(e) => Status::for_engine_error(e),
            Self::Untrusted(_) => Status::Untrusted,
            Self::Io(_) => Status::Io,
            Self::MissingTool(_) => Status::MissingTool,
            Self::BadArchive(_) => Status::BadArchive,
        }
    }
}

/// Runs the parsed command line and returns how it went. Errors are printed here.
pub fn run(args: Args, started: Instant) -> Status {
    color::set_choice(args.color);
    choose_language(&args);
    match &args.command {
        Some(Command::Completions { shell }) => return manual::completions(*shell),
        Some(Command::Man) => return manual::man_page(),
        _ => {}
    }
    crate::engine::choose(crate::engine::Endpoint::resolve(
        args.host.as_deref(),
        args.context.as_deref(),
    ));
    let pack = match &args.lessons {
        Some(dir) => load_dir(dir),
        None => load_embedded(),
    };
    // Every face shows the lessons in the chosen language; grading is the same in all of them.
    let pack = pack.in_lang(crate::i18n::current());
    let result = match args.command.clone() {
        None => commands::tutor(&args, pack, started),
        Some(command) => dispatch(&args, command, pack),
    };
    match result {
        Ok(status) => status,
        Err(e) => {
            eprintln!("docktor: {e}");
            e.status()
        }
    }
}

/// Sets the language of everything docktor writes from `--lang`, `DOCKTOR_LANG`, the tutor's
/// saved choice or the locale (see `i18n::choose`).
fn choose_language(args: &Args) {
    let choice = language_choice(args);
    if let Some(warning) = &choice.warning {
        eprintln!("docktor: {warning}");
    }
    crate::i18n::set(choice.lang);
}

/// The language `args`, the environment and the saved choice pick, and where it came from.
pub(crate) fn language_choice(args: &Args) -> crate::i18n::Choice {
    let saved = crate::progress::read(&crate::paths::progress_file()).lang;
    crate::i18n::choose(args.lang, saved, |var| std::env::var(var).ok())
}

fn dispatch(args: &Args, command: Command, pack: LessonPack) -> Result<Status, CliError> {
    if let Command::Lint { dir } = &command {
        return Ok(commands::lint(dir.as_deref(), pack, args.lessons.is_some()));
    }
    if let Command::Progress { action } = &command {
        return match action {
            ProgressAction::Export { file } => classroom::progress_export(file),
            ProgressAction::Import { file } => classroom::progress_import(file),
        };
    }
    if let Command::Handout { .. } = &command {
        warn_about_broken_lessons(&pack);
        return workshop::handout(args, &pack, &command);
    }
    if !matches!(command, Command::Doctor { .. }) {
        warn_about_broken_lessons(&pack);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Io(trf!("cannot start the async runtime: {}", e)))?;
    runtime.block_on(async {
        match command {
            Command::List { json } => commands::list(args, &pack, json),
            Command::Check {
                target,
                json,
                all_steps,
            } => commands::check(args, &pack, &target, json, all_steps).await,
            Command::Start { target } => start::start(args, &pack, &target).await,
            Command::Watch { target } => watch::watch(args, &pack, &target).await,
            Command::Verify {
                targets,
                keep_going,
                json,
            } => verification::verify(args, &pack, &targets, keep_going, json).await,
            Command::Reset {
                lesson,
                all,
                dry_run,
            } => commands::reset(args, &pack, lesson.as_deref(), all, dry_run).await,
            Command::Doctor { json } => readiness::doctor(args, &pack, json).await,
            Command::Images {
                save: Some(file), ..
            } => workshop::images_save(&pack, &file).await,
            Command::Images {
                load: Some(file), ..
            } => workshop::images_load(&file).await,
            Command::Images {
                prepare,
                busybox,
                json,
                ..
            } => readiness::images(&pack, prepare, busybox.as_deref(), json).await,
            Command::Class {
                roster,
                json,
                csv,
                html,
                watch,
                from,
            } => {
                let faces = classroom::ClassFaces {
                    json,
                    csv,
                    html,
                    watch,
                    from,
                };
                classroom::class(pack, roster.as_deref(), &faces).await
            }
            Command::Submit { out, name } => {
                classroom::submit(args, &pack, out.as_deref(), name.as_deref()).await
            }
            Command::Lint { .. }
            | Command::Completions { .. }
            | Command::Man
            | Command::Handout { .. }
            | Command::Progress { .. } => unreachable!("handled above"),
        }
    })
}

/// A pack with broken lessons still serves the good ones; say which were left out.
fn warn_about_broken_lessons(pack: &LessonPack) {
    if !pack.problems.is_empty() {
        eprintln!(
            "docktor: {}",
            trf!(
                "{} problem(s) in the lessons; those lessons are left out (run `docktor lint` for details):",
                pack.problems.len()
            )
        );
        for problem in pack.problems.iter().take(5) {
            eprintln!("  {problem}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_engine_failure_has_its_own_exit_code() {
        let host = || "unix:///x.sock".to_owned();
        let codes: Vec<u8> = [
            EngineError::NotRunning { host: host() },
            EngineError::PermissionDenied { host: host() },
            EngineError::BadHost {
                host: host(),
                detail: "bad scheme".into(),
            },
            EngineError::Timeout {
                host: host(),
                what: "ping".into(),
            },
        ]
        .iter()
        .map(|e| Status::for_engine_error(e).code())
        .collect();
        assert_eq!(codes, vec![3, 6, 7, 8]);
        for code in codes {
            assert!(
                ![0, 1, 2, 4, 5].contains(&code),
                "engine codes differ from the others"
            );
        }
    }
}
