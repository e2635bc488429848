//! `docktor watch LESSON[:STEP]`: grades a step, then again whenever the engine reports a
//! change or a workspace file changes (and every few seconds, for logs), printing only the
//! checks whose verdict changed. A passed step is recorded and the next open one is watched;
//! Ctrl-C ends it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use futures_util::{FutureExt, Stream, StreamExt};
use tokio::signal::unix::{Signal, SignalKind, signal};

use super::commands::{load_progress, resolve_target, workspaces};
use super::output::{Style, say, say_verdict};
use super::{Args, CliError, Status};
use crate::check::Verdict;
use crate::engine::{Engine, EngineError, EngineEvent};
use crate::grade::grade_step;
use crate::lesson::{Lesson, LessonPack};
use crate::tui::update::engine::is_relevant;
use crate::{paths, progress, workspace};
use crate::{tr, trf};

/// How often the workspace is looked at for changed files.
const FILE_POLL: Duration = Duration::from_millis(300);
/// How often a failing step is re-graded anyway: log lines and HTTP answers send no event.
const REGRADE_EVERY: Duration = Duration::from_secs(5);
/// How long to let a burst of events settle before grading once for all of them.
const SETTLE: Duration = Duration::from_millis(150);

/// Why the step is graded again.
enum Trigger {
    Event(String),
    Files,
    Timer,
    Stop,
}

/// `docktor watch LESSON[:STEP]`.
pub async fn watch(args: &Args, pack: &LessonPack, target: &str) -> Result<Status, CliError> {
    let mut progress = load_progress();
    let (lesson, mut index) = resolve_target(pack, target, &progress)?;
    // Watching a lesson starts it: reset counts what is made from now on as the lesson's.
    progress.lesson_mut(&lesson.meta.id);
    let trusted = crate::trust::is_trusted(pack, args.trust, &crate::paths::trust_file());
    let engine = Engine::connect().await?;
    let dir = workspace::folder(&workspaces(args), lesson);
    if !dir.exists() {
        say!(
            "{}",
            trf!(
                "Your workspace {} does not exist yet: `docktor start {}` prepares it.",
                dir.display(),
                lesson.meta.id
            )
        );
    }
    let style = Style::detect();
    let mut events = Box::pin(engine.events());
    let mut files = FileStamps::of(&dir);
    // Registered now, before the first grade, so an early Ctrl-C is caught too.
    let mut interrupts = signal(SignalKind::interrupt())
        .map_err(|e| CliError::Io(trf!("cannot listen for Ctrl-C: {}", e)))?;
    say!(
        "{}",
        trf!(
            "Watching `{}` in {} (Ctrl-C ends).",
            lesson.meta.id,
            dir.display()
        )
    );
    let mut shown: Option<Vec<Verdict>> = None;
    loop {
        let step = &lesson.steps[index];
        if shown.is_none() {
            say!(
                "{}",
                trf!("{} step {}: {}", lesson.meta.id, index + 1, step.title)
            );
        }
        let report = grade_step(&engine, &dir, step, trusted).await;
        show_changes(&style, shown.as_deref(), &report.verdicts);
        shown = Some(report.verdicts.clone());
        if report.passed() {
            record_pass(&mut progress, lesson, index);
            say!("{}", trf!("{} step {} passed.", style.pass("✔"), index + 1));
            match next_open_step(&progress, lesson, index) {
                Some(next) => {
                    index = next;
                    progress.lesson_mut(&lesson.meta.id).current_step = next;
                    save(&progress);
                    shown = None;
                    continue;
                }
                None => {
                    say!("{}", trf!("Lesson `{}` is complete.", lesson.meta.id));
                    return Ok(Status::Ok);
                }
            }
        }
        match next_trigger(
            &mut events,
            &mut files,
            &dir,
            &mut interrupts,
            engine.host(),
        )
        .await?
        {
            Trigger::Stop => {
                say!("{}", tr!("Stopped watching."));
                return Ok(Status::Ok);
            }
            Trigger::Event(what) => say!("  ~ {what}"),
            Trigger::Files => say!("  ~ {}", tr!("a workspace file changed")),
            Trigger::Timer => {}
        }
    }
}

/// Waits for the next reason to grade; a burst of events is one reason.
async fn next_trigger(
    events: &mut (impl Stream<Item = Result<EngineEvent, EngineError>> + Unpin),
    files: &mut FileStamps,
    dir: &Path,
    interrupts: &mut Signal,
    host: &str,
) -> Result<Trigger, CliError> {
    let mut poll = tokio::time::interval(FILE_POLL);
    let regrade = tokio::time::sleep(REGRADE_EVERY);
    tokio::pin!(regrade);
    loop {
        tokio::select! {
            _ = interrupts.recv() => return Ok(Trigger::Stop),
            () = &mut regrade => return Ok(Trigger::Timer),
            event = events.next() => match event {
                Some(Ok(e)) if is_relevant(&e) => {
                    tokio::time::sleep(SETTLE).await;
                    while let Some(Some(Ok(_))) = events.next().now_or_never() {}
                    return Ok(Trigger::Event(format!("{} {} `{}`", e.kind.as_str(), e.action, e.name)));
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e.into()),
                None => return Err(EngineError::Connection {
                    host: host.to_owned(),
                    detail: tr!("its event stream ended").to_owned(),
                }.into()),
            },
            _ = poll.tick() => {
                let now = FileStamps::of(dir);
                if now != *files {
                    *files = now;
                    return Ok(Trigger::Files);
                }
            }
        }
    }
}

/// Every verdict the first time; afterwards only those that changed.
fn show_changes(style: &Style, before: Option<&[Verdict]>, now: &[Verdict]) {
    for (i, verdict) in now.iter().enumerate() {
        let same = before
            .and_then(|b| b.get(i))
            .is_some_and(|old| old.outcome == verdict.outcome && old.message == verdict.message);
        if !same {
            say_verdict(style, verdict);
        }
    }
}

fn record_pass(progress: &mut progress::Progress, lesson: &Lesson, index: usize) {
    progress
        .lesson_mut(&lesson.meta.id)
        .passed
        .insert(lesson.steps[index].id.clone());
    save(progress);
}

/// The first step after `index` not passed yet, else the first open one before it.
fn next_open_step(progress: &progress::Progress, lesson: &Lesson, index: usize) -> Option<usize> {
    let passed = progress.lesson(&lesson.meta.id).passed;
    let open = |i: &usize| !passed.contains(&lesson.steps[*i].id);
    (index + 1..lesson.steps.len())
        .find(open)
        .or_else(|| (0..index).find(open))
}

fn save(progress: &progress::Progress) {
    if let Err(e) = progress::save(&paths::progress_file(), progress) {
        eprintln!(
            "docktor: {}",
            trf!("could not save progress ({}); grading goes on", e)
        );
    }
}

/// Size and modification time of every file under the workspace: a change to any is a
/// reason to grade again. Missing folders are simply empty.
#[derive(Debug, Default, PartialEq, Eq)]
struct FileStamps(BTreeMap<PathBuf, (u64, Option<SystemTime>)>);

impl FileStamps {
    /// At most this many files are looked at, so a huge folder cannot stall the watch.
    const LIMIT: usize = 2000;

    fn of(dir: &Path) -> Self {
        let mut stamps = BTreeMap::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(folder) = pending.pop() {
            let Ok(entries) = std::fs::read_dir(&folder) else {
                continue;
            };
            for entry in entries.flatten() {
                let Ok(meta) = entry.metadata() else { continue };
                if meta.is_dir() {
                    pending.push(entry.path());
                } else if stamps.len() < Self::LIMIT {
                    stamps.insert(entry.path(), (meta.len(), meta.modified().ok()));
                }
            }
        }
        Self(stamps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stamps_change_when_a_file_is_written() {
        let dir = std::env::temp_dir().join(format!("docktor-stamps-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).expect("mkdir");
        let before = FileStamps::of(&dir);
        std::fs::write(dir.join("sub/Dockerfile"), "FROM busybox\n").expect("write");
        let after = FileStamps::of(&dir);
        let _ = std::fs::remove_dir_all(&dir);
        assert_ne!(before, after);
        assert_eq!(
            FileStamps::of(&dir),
            FileStamps::default(),
            "a missing folder is empty"
        );
    }
}
