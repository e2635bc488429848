//! The worker: carries out `update`'s commands (grading, running, resetting, saving) off the
//! event loop and reports each result back as a message. It holds no model state of its own.

mod engine;
mod files;
mod grader;
mod process;

use std::path::PathBuf;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;

use crate::engine::Engine;
use crate::lesson::Lesson;
use crate::progress::{self, Progress};
use crate::reset::Target;
use crate::tui::cmd::{Cmd, ResetScope};
use crate::tui::msg::Msg;
use crate::workspace;

use self::engine::EngineSlot;
use self::grader::GradeJob;

/// How long quitting waits for the last progress save.
const SAVE_ON_EXIT: Duration = Duration::from_secs(3);

/// Carries out commands; results come back on the message channel.
pub struct Worker {
    tx: mpsc::UnboundedSender<Msg>,
    engine: EngineSlot,
    workspaces: PathBuf,
    grades: mpsc::UnboundedSender<GradeJob>,
    saves: Option<mpsc::UnboundedSender<Box<Progress>>>,
    saver: JoinHandle<()>,
    running: Option<(u64, oneshot::Sender<()>)>,
    /// Whether the pack is trusted: an untrusted pack's reset touches no engine object.
    trusted: bool,
    watch: Option<files::WorkspaceWatch>,
}

impl Worker {
    /// Starts the engine watcher, the grader and the progress saver.
    pub fn start(
        tx: mpsc::UnboundedSender<Msg>,
        workspaces: PathBuf,
        progress_path: PathBuf,
        images: Vec<String>,
        trusted: bool,
    ) -> Self {
        let (slot, engine) = watch::channel(engine::first_client());
        // HTTP answers, kept by the grader until an engine event about their container.
        let http_cache = std::sync::Arc::new(crate::check::HttpCache::new());
        tokio::spawn(engine::supervise(
            slot,
            tx.clone(),
            images,
            http_cache.clone(),
        ));
        let (grades, jobs) = mpsc::unbounded_channel();
        tokio::spawn(grader::serve(
            engine.clone(),
            jobs,
            tx.clone(),
            trusted,
            http_cache,
        ));
        let (saves, pending) = mpsc::unbounded_channel();
        let saver = tokio::spawn(save_progress(progress_path, pending, tx.clone()));
        Self {
            tx,
            engine,
            workspaces,
            grades,
            saves: Some(saves),
            saver,
            running: None,
            trusted,
            watch: None,
        }
    }

    /// Carries out one command (`RunInteractive`, `SetLang` and `Quit` belong to the event loop).
    pub fn execute(&mut self, cmd: Cmd) {
        match cmd {
            Cmd::PrepareWorkspace { lesson, source } => {
                if let Err(e) = workspace::prepare(&self.workspaces, &source) {
                    let _ = self.tx.send(Msg::WorkspaceFailed {
                        lesson,
                        error: e.to_string(),
                    });
                }
            }
            Cmd::Grade {
                target,
                step,
                dir,
                trigger,
                generation,
                opened_at,
            } => {
                let _ = self.grades.send(GradeJob {
                    target,
                    step,
                    dir,
                    trigger,
                    generation,
                    opened_at,
                });
            }
            Cmd::Run(request) => {
                let (cancel, cancelled) = oneshot::channel();
                self.running = Some((request.id, cancel));
                tokio::spawn(process::run(request, self.tx.clone(), cancelled));
            }
            Cmd::CancelRun { id } => {
                if let Some((_, cancel)) = self.running.take_if(|(running, _)| *running == id) {
                    let _ = cancel.send(());
                }
            }
            Cmd::PlanReset {
                scope,
                source,
                since,
            } => {
                let engine = if self.trusted {
                    self.engine.borrow().clone()
                } else {
                    Err(crate::reset::untrusted().to_owned())
                };
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let result = plan(engine, &source, since).await;
                    let _ = tx.send(Msg::ResetPlanned { scope, result });
                });
            }
            Cmd::Reset {
                scope,
                source,
                targets,
            } => {
                let engine = self.engine.borrow().clone();
                let workspaces = self.workspaces.clone();
                let tx = self.tx.clone();
                let engine = if self.trusted {
                    engine
                } else {
                    Err(crate::reset::untrusted().to_owned())
                };
                tokio::spawn(async move {
                    let result = reset(engine, scope, &source, &workspaces, targets).await;
                    let _ = tx.send(Msg::ResetFinished { scope, result });
                });
            }
            Cmd::WatchWorkspace(dir) => {
                // The old watch ends first: one workspace is watched at a time.
                self.watch = None;
                if let Some(dir) = dir {
                    // Without a watch the tutor still grades on engine events and on `c`.
                    self.watch = files::WorkspaceWatch::start(&dir, self.tx.clone()).ok();
                }
            }
            Cmd::SaveProgress(progress) => {
                if let Some(saves) = &self.saves {
                    let _ = saves.send(progress);
                }
            }
            Cmd::RunInteractive { .. } | Cmd::SetLang(_) | Cmd::Quit => {}
        }
    }

    /// Waits (briefly) for the last progress save before the tutor exits.
    pub async fn finish(mut self) {
        self.saves = None;
        let _ = tokio::time::timeout(SAVE_ON_EXIT, &mut self.saver).await;
    }
}

/// Saves progress in order, skipping to the newest when saves queue up.
async fn save_progress(
    path: PathBuf,
    mut pending: mpsc::UnboundedReceiver<Box<Progress>>,
    tx: mpsc::UnboundedSender<Msg>,
) {
    while let Some(mut progress) = pending.recv().await {
        while let Ok(newer) = pending.try_recv() {
            progress = newer;
        }
        let path = path.clone();
        let saved = tokio::task::spawn_blocking(move || progress::save(&path, &progress)).await;
        let error = match saved {
            Ok(Ok(())) => continue,
            Ok(Err(e)) => e.to_string(),
            Err(e) => e.to_string(),
        };
        let _ = tx.send(Msg::ProgressSaveFailed(error));
    }
}

/// The reset's dry run: what the lesson made since the learner started it, and for a step only
/// what the engine made after the step was opened (the step's own work; earlier steps' stays).
async fn plan(
    engine: Result<Engine, String>,
    lesson: &Lesson,
    since: Option<u64>,
) -> Result<Vec<Target>, String> {
    let engine = engine?;
    let progress = crate::progress::read(&crate::paths::progress_file());
    let mut scope = crate::reset::LessonScope::for_learner(lesson, &progress);
    if let (Some(opened), crate::reset::Since::Started(started)) = (since, &scope.since) {
        let opened = i64::try_from(opened).unwrap_or(i64::MAX);
        scope.since = crate::reset::Since::Started(opened.max(*started));
    }
    let plan = crate::reset::plan(&engine, &[scope])
        .await
        .map_err(|e| e.to_string())?;
    Ok(plan.remove)
}

/// Removes `targets` (the dry run the learner confirmed); for a whole lesson, restores its
/// starter files too.
async fn reset(
    engine: Result<Engine, String>,
    scope: ResetScope,
    lesson: &Lesson,
    workspaces: &std::path::Path,
    targets: Vec<Target>,
) -> Result<Vec<String>, String> {
    if let ResetScope::Lesson(_) = scope {
        workspace::restore(workspaces, lesson).map_err(|e| e.to_string())?;
    }
    let engine = match engine {
        Ok(engine) => engine,
        // Nothing to remove (an untrusted pack plans nothing): the files alone are reset.
        Err(_) if targets.is_empty() => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let report = if let ResetScope::Lesson(_) = scope {
        // A lesson reset also leaves a swarm the lesson made (and what leaving leaves).
        crate::reset::carry_out_for(&engine, &[&lesson.meta.resources], targets)
            .await
            .map_err(|e| e.to_string())?
    } else if targets.is_empty() {
        return Ok(Vec::new());
    } else {
        crate::reset::carry_out(&engine, targets).await
    };
    if let Some((target, error)) = report.failed.first() {
        return Err(crate::trf!(
            "{} `{}` could not be removed: {}",
            target.kind.as_str(),
            target.name,
            error
        ));
    }
    Ok(report
        .removed
        .iter()
        .map(|t| format!("{} {}", t.kind.as_str(), t.name))
        .collect())
}
