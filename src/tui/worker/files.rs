//! Watching the open lesson's workspace, so editing a Dockerfile or a compose file re-grades
//! the step like an engine event does. Uses the operating system's file events (inotify on
//! Linux) through `notify`: nothing polls, so an idle tutor costs no CPU.

use std::path::Path;

use notify::event::{MetadataKind, ModifyKind};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use tokio::sync::mpsc::UnboundedSender;

use crate::tui::msg::Msg;

/// A watch on one workspace; dropping it stops the watch.
pub struct WorkspaceWatch {
    _watcher: RecommendedWatcher,
}

impl WorkspaceWatch {
    /// Watches `dir` and everything under it; each change that could alter a verdict is sent
    /// as [`Msg::WorkspaceChanged`]. Bursts are left to the grader's debounce.
    pub fn start(dir: &Path, tx: UnboundedSender<Msg>) -> notify::Result<Self> {
        let watched = dir.to_path_buf();
        let mut watcher = notify::recommended_watcher(move |event: notify::Result<Event>| {
            if event.is_ok_and(|e| changes_content(&e.kind)) {
                let _ = tx.send(Msg::WorkspaceChanged(watched.clone()));
            }
        })?;
        watcher.watch(dir, RecursiveMode::Recursive)?;
        Ok(Self { _watcher: watcher })
    }
}

/// True for events that change what a check reads: files made, written, renamed, removed, or
/// their mode changed. Reads (a check opening the Dockerfile) are not changes: grading on them
/// would grade forever.
pub fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(_) | EventKind::Other => false,
        EventKind::Modify(ModifyKind::Metadata(m)) => *m != MetadataKind::AccessTime,
        EventKind::Any | EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, DataChange};
    use std::time::Duration;

    #[test]
    fn reads_are_not_changes_and_writes_are() {
        assert!(!changes_content(&EventKind::Access(AccessKind::Any)));
        assert!(!changes_content(&EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::AccessTime
        ))));
        assert!(changes_content(&EventKind::Create(CreateKind::File)));
        assert!(changes_content(&EventKind::Modify(ModifyKind::Data(
            DataChange::Content
        ))));
    }

    #[tokio::test]
    async fn writing_a_file_in_the_workspace_is_reported_and_reading_it_is_not() {
        let dir = std::env::temp_dir().join(format!("docktor-watch-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join("Dockerfile"), "FROM busybox\n").expect("write");
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let watch = WorkspaceWatch::start(&dir, tx).expect("watch");
        let _ = std::fs::read_to_string(dir.join("Dockerfile")).expect("read");
        let quiet = tokio::time::timeout(Duration::from_millis(300), rx.recv()).await;
        std::fs::write(dir.join("Dockerfile"), "FROM busybox\nUSER 1000\n").expect("write");
        let changed = tokio::time::timeout(Duration::from_secs(5), rx.recv()).await;
        drop(watch);
        let _ = std::fs::remove_dir_all(&dir);
        assert!(quiet.is_err(), "a read is no change: {quiet:?}");
        assert!(
            matches!(changed, Ok(Some(Msg::WorkspaceChanged(ref d))) if *d == dir),
            "{changed:?}"
        );
    }
}
