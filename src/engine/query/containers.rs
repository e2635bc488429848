//! Engine calls about containers: inspecting and listing them, and what needs the container
//! itself: its logs, a command run inside it, a path read from its filesystem.

use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use bollard::exec::{CreateExecOptions, StartExecResults};
use bollard::query_parameters::{DownloadFromContainerOptions, LogsOptions};

use super::{
    ContainerBrief, ContainerFacts, ContainerFilter, ContainerPath, EXEC_TIMEOUT, ExecOutput,
    LOGS_TAIL_LINES, READ_MAX_BYTES, collect, collect_bounded,
};
use crate::engine::{CALL_TIMEOUT, Engine, EngineError};

/// How many symbolic links reading a file follows before giving up.
const MAX_SYMLINK_HOPS: usize = 8;

impl Engine {
    /// Inspects a container by exact name (or full id); `None` when there is none.
    pub async fn container(&self, name: &str) -> Result<Option<ContainerFacts>, EngineError> {
        let found = self.inspect_container_raw(name).await;
        let facts = match found {
            Ok(c) => ContainerFacts::from(c),
            Err(e) if e.is_not_found() => return Ok(None),
            Err(e) => return Err(e),
        };
        // The engine also resolves unique id prefixes: `cafe` could find an unrelated container.
        let exact = facts.name == name.trim_start_matches('/') || facts.id == name;
        Ok(exact.then_some(facts))
    }

    /// Lists containers (stopped ones too) that match every filter, filtered by the engine.
    pub async fn containers(
        &self,
        filter: &ContainerFilter,
    ) -> Result<Vec<ContainerBrief>, EngineError> {
        let list = self.list_containers_raw(&filter.to_query()).await?;
        Ok(list.into_iter().map(ContainerBrief::from).collect())
    }

    /// Inspects every container that matches `filter`; ones removed meanwhile are left out.
    pub async fn containers_facts(
        &self,
        filter: &ContainerFilter,
    ) -> Result<Vec<ContainerFacts>, EngineError> {
        let mut all = Vec::new();
        for brief in self.containers(filter).await? {
            if let Some(facts) = self.container(&brief.id).await? {
                all.push(facts);
            }
        }
        Ok(all)
    }

    /// The most recent logs of a container, stdout and stderr interleaved, at most
    /// [`LOGS_TAIL_LINES`] lines and [`READ_MAX_BYTES`] bytes.
    pub async fn logs(&self, container: &str) -> Result<String, EngineError> {
        let opts = LogsOptions {
            stdout: true,
            stderr: true,
            follow: false,
            tail: LOGS_TAIL_LINES.to_string(),
            ..Default::default()
        };
        let stream = self.docker.logs(container, Some(opts));
        let bytes = self
            .bounded("read logs", CALL_TIMEOUT, collect_bounded(stream))
            .await?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Runs `command` (an argument vector) inside a running container and waits for its exit
    /// code; the whole run is bounded by [`EXEC_TIMEOUT`].
    pub async fn exec(
        &self,
        container: &str,
        command: &[String],
    ) -> Result<ExecOutput, EngineError> {
        let running = async {
            let config = CreateExecOptions {
                attach_stdout: Some(true),
                attach_stderr: Some(true),
                cmd: Some(command.to_vec()),
                ..Default::default()
            };
            let created = self.docker.create_exec(container, config).await?;
            let mut output = Vec::new();
            if let StartExecResults::Attached { output: stream, .. } =
                self.docker.start_exec(&created.id, None).await?
            {
                output = collect(stream, true).await?;
            }
            // The stream can end a moment before the engine records the exit code.
            loop {
                let inspected = self.docker.inspect_exec(&created.id).await?;
                match (inspected.running, inspected.exit_code) {
                    (Some(true), _) | (_, None) => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                    (_, Some(exit_code)) => {
                        return Ok(ExecOutput {
                            exit_code,
                            output: String::from_utf8_lossy(&output).into_owned(),
                        });
                    }
                }
            }
        };
        self.bounded("run a command in the container", EXEC_TIMEOUT, running)
            .await
    }

    /// Reads a path from a container's filesystem through the archive API, so stopped
    /// containers work too; symbolic links are followed. `None` when nothing is there.
    pub async fn read_path(
        &self,
        container: &str,
        path: &str,
    ) -> Result<Option<ContainerPath>, EngineError> {
        let mut path = PathBuf::from(path);
        for _ in 0..MAX_SYMLINK_HOPS {
            let opts = DownloadFromContainerOptions {
                path: path.to_string_lossy().into_owned(),
            };
            let stream = self.docker.download_from_container(container, Some(opts));
            let archive = match self
                .bounded("read a file", CALL_TIMEOUT, collect_bounded(stream))
                .await
            {
                Ok(archive) => archive,
                Err(e) if e.is_not_found() => return Ok(None),
                Err(e) => return Err(e),
            };
            match first_entry(&archive) {
                Entry::Link(target) => path = resolve_link(&path, &target),
                Entry::Path(found) => return Ok(Some(found)),
                Entry::Unreadable(detail) => {
                    return Err(EngineError::Api {
                        status: 500,
                        message: format!("could not read {}: {detail}", path.display()),
                    });
                }
            }
        }
        Ok(Some(ContainerPath::Other))
    }
}

/// The first entry of a tar archive from the archive API.
enum Entry {
    Path(ContainerPath),
    Link(PathBuf),
    Unreadable(String),
}

fn first_entry(archive: &[u8]) -> Entry {
    let mut archive = tar::Archive::new(archive);
    let mut entries = match archive.entries() {
        Ok(entries) => entries,
        Err(e) => return Entry::Unreadable(e.to_string()),
    };
    let mut entry = match entries.next() {
        Some(Ok(entry)) => entry,
        Some(Err(e)) => return Entry::Unreadable(e.to_string()),
        None => return Entry::Unreadable("the engine sent an empty archive".to_owned()),
    };
    let kind = entry.header().entry_type();
    if kind.is_symlink() {
        return match entry.link_name() {
            Ok(Some(target)) => Entry::Link(target.into_owned()),
            _ => Entry::Path(ContainerPath::Other),
        };
    }
    if kind.is_dir() {
        return Entry::Path(ContainerPath::Directory);
    }
    if !kind.is_file() {
        return Entry::Path(ContainerPath::Other);
    }
    // An archive cut at READ_MAX_BYTES ends early: keep what arrived.
    let mut contents = Vec::new();
    let _ = (&mut entry)
        .take(READ_MAX_BYTES as u64)
        .read_to_end(&mut contents);
    Entry::Path(ContainerPath::File(contents))
}

/// Where a symbolic link at `path` pointing to `target` leads, without `.` and `..`.
fn resolve_link(path: &Path, target: &Path) -> PathBuf {
    let joined = if target.is_absolute() {
        target.to_path_buf()
    } else {
        path.parent().unwrap_or(Path::new("/")).join(target)
    };
    let mut clean = PathBuf::from("/");
    for part in joined.components() {
        match part {
            Component::Normal(p) => clean.push(p),
            Component::ParentDir => {
                clean.pop();
            }
            _ => {}
        }
    }
    clean
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relative_link_resolves_next_to_the_link() {
        assert_eq!(
            resolve_link(Path::new("/etc/alt/conf"), Path::new("../real/conf")),
            PathBuf::from("/etc/real/conf")
        );
        assert_eq!(
            resolve_link(Path::new("/bin/sh"), Path::new("/bin/busybox")),
            PathBuf::from("/bin/busybox")
        );
    }

    #[test]
    fn the_first_archive_entry_gives_the_file_contents() {
        let mut builder = tar::Builder::new(Vec::new());
        let mut header = tar::Header::new_gnu();
        header.set_size(5);
        header.set_entry_type(tar::EntryType::Regular);
        builder
            .append_data(&mut header, "hello.txt", &b"hello"[..])
            .expect("append");
        let archive = builder.into_inner().expect("finish");
        assert!(matches!(
            first_entry(&archive),
            Entry::Path(ContainerPath::File(bytes)) if bytes == b"hello"
        ));
    }
}
