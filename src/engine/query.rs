//! Read-only engine queries used by checks, reduced to the facts a check grades.
//!
//! Every request runs under a timeout; streams (logs, exec output, archives) are bounded in
//! both time and size, so a chatty or hung container can never stall grading.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use bollard::exec::{CreateExecOptions, StartExecResults};
use bollard::models::{ContainerInspectResponse, ContainerSummary, ImageInspect};
use bollard::query_parameters::{
    DownloadFromContainerOptions, InspectContainerOptions, InspectNetworkOptions,
    ListContainersOptions, LogsOptions,
};
use futures_util::{Stream, StreamExt};

use super::{CALL_TIMEOUT, Engine, EngineError};

/// Compose label: project name.
pub const LABEL_COMPOSE_PROJECT: &str = "com.docker.compose.project";
/// Compose label: service name.
pub const LABEL_COMPOSE_SERVICE: &str = "com.docker.compose.service";
/// Compose label: "True" on `compose run` containers.
pub const LABEL_COMPOSE_ONEOFF: &str = "com.docker.compose.oneoff";

/// How many of the most recent log lines a logs check reads.
pub const LOGS_TAIL_LINES: usize = 5000;
/// How many bytes of logs, exec output or a file a check reads at most.
pub const READ_MAX_BYTES: usize = 4 << 20;
/// How long a command run inside a container may take, from creation to exit code.
/// There is no API to kill an exec: a lesson bounds a slow command itself (`timeout 5 ...`).
pub const EXEC_TIMEOUT: Duration = Duration::from_secs(15);
/// How many symbolic links reading a file follows before giving up.
const MAX_SYMLINK_HOPS: usize = 8;

/// What a command run inside a container gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecOutput {
    pub exit_code: i64,
    pub output: String,
}

/// A container port really published on the host (`network_settings.ports`, not what was asked).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PublishedPort {
    pub container_port: u16,
    /// `tcp`, `udp` or `sctp`.
    pub protocol: String,
    /// `0.0.0.0`, `::`, `127.0.0.1`, ...
    pub host_ip: String,
    pub host_port: u16,
}

/// A mount as the engine reports it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MountFacts {
    /// `volume`, `bind` or `tmpfs`.
    pub kind: String,
    /// The volume name (volumes only).
    pub name: Option<String>,
    /// Host path for a bind, the volume's data folder for a volume.
    pub source: String,
    pub target: String,
    pub read_only: bool,
}

/// What a container looks like: the facts container checks grade.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContainerFacts {
    pub id: String,
    /// Without the leading `/`.
    pub name: String,
    /// The engine's word: `created`, `running`, `exited`, ...
    pub status: String,
    pub exit_code: i64,
    /// The image as the learner typed it (`busybox`).
    pub image: String,
    /// The image id it was created from (`sha256:...`).
    pub image_id: String,
    /// Entrypoint and arguments as run.
    pub command: Vec<String>,
    pub ports: Vec<PublishedPort>,
    pub env: Vec<String>,
    pub mounts: Vec<MountFacts>,
    /// `no`, `always`, `unless-stopped` or `on-failure`.
    pub restart_policy: String,
    pub restart_max_retries: i64,
    pub restart_count: i64,
    /// Network name to the aliases the container answers to on it.
    pub networks: BTreeMap<String, Vec<String>>,
    pub labels: BTreeMap<String, String>,
    /// Empty for the image's default user (root unless the image says otherwise).
    pub user: String,
    pub auto_remove: bool,
    pub tty: bool,
    pub open_stdin: bool,
}

impl ContainerFacts {
    pub fn is_running(&self) -> bool {
        self.status == "running"
    }
}

/// A container as listed: enough to count it or to inspect it next.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContainerBrief {
    pub id: String,
    pub name: String,
    pub state: String,
    pub labels: BTreeMap<String, String>,
}

/// Engine-side filters for listing containers; every list includes stopped containers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContainerFilter {
    /// `key` or `key=value`; all must match.
    pub labels: Vec<String>,
    /// Created from this image or one built on it.
    pub ancestor: Option<String>,
    /// `created`, `running`, `exited`, ...
    pub status: Option<String>,
    /// A regular expression matched against `/name`.
    pub name_regex: Option<String>,
    /// Mounting this volume.
    pub volume: Option<String>,
    /// Attached to this network (name or id).
    pub network: Option<String>,
}

impl ContainerFilter {
    fn to_query(&self) -> HashMap<String, Vec<String>> {
        let mut filters = HashMap::new();
        if !self.labels.is_empty() {
            filters.insert("label".to_owned(), self.labels.clone());
        }
        let singles = [
            ("ancestor", &self.ancestor),
            ("status", &self.status),
            ("name", &self.name_regex),
            ("volume", &self.volume),
            ("network", &self.network),
        ];
        for (key, value) in singles {
            if let Some(value) = value {
                filters.insert(key.to_owned(), vec![value.clone()]);
            }
        }
        filters
    }
}

/// What an image looks like: the facts image checks grade.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImageFacts {
    pub id: String,
    pub repo_tags: Vec<String>,
    pub repo_digests: Vec<String>,
    /// Filesystem layers (`RootFS.Layers`).
    pub layers: usize,
    pub cmd: Vec<String>,
    pub entrypoint: Vec<String>,
    /// `80/tcp`, ...
    pub exposed_ports: Vec<String>,
    pub workdir: String,
    pub user: String,
    pub env: Vec<String>,
    pub labels: BTreeMap<String, String>,
    pub size_bytes: i64,
}

/// A named volume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumeFacts {
    pub name: String,
    pub driver: String,
}

/// A network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkFacts {
    pub name: String,
    pub id: String,
    pub driver: String,
}

/// A path read from a container's filesystem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContainerPath {
    /// A file's contents, cut at [`READ_MAX_BYTES`].
    File(Vec<u8>),
    Directory,
    /// A device, fifo or a link that leads nowhere readable.
    Other,
}

impl Engine {
    /// Inspects a container by exact name (or full id); `None` when there is none.
    pub async fn container(&self, name: &str) -> Result<Option<ContainerFacts>, EngineError> {
        let opts = InspectContainerOptions { size: false };
        let found = self
            .call(
                "inspect container",
                self.docker.inspect_container(name, Some(opts)),
            )
            .await;
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
        let opts = ListContainersOptions {
            all: true,
            filters: Some(filter.to_query()),
            ..Default::default()
        };
        let list = self
            .call("list containers", self.docker.list_containers(Some(opts)))
            .await?;
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

    /// Inspects an image by reference or id; `None` when the engine has no such image.
    pub async fn image(&self, reference: &str) -> Result<Option<ImageFacts>, EngineError> {
        match self
            .call("inspect image", self.docker.inspect_image(reference))
            .await
        {
            Ok(image) => Ok(Some(ImageFacts::from(image))),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The instruction that made each layer of an image, newest first, as the engine words it.
    pub async fn image_history(&self, reference: &str) -> Result<Vec<String>, EngineError> {
        let items = self
            .call("image history", self.docker.image_history(reference))
            .await?;
        Ok(items.into_iter().map(|i| i.created_by).collect())
    }

    /// Inspects a volume; `None` when there is none.
    pub async fn volume(&self, name: &str) -> Result<Option<VolumeFacts>, EngineError> {
        match self
            .call("inspect volume", self.docker.inspect_volume(name))
            .await
        {
            Ok(v) => Ok(Some(VolumeFacts {
                name: v.name,
                driver: v.driver,
            })),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Inspects a network by exact name; `None` when there is none.
    pub async fn network(&self, name: &str) -> Result<Option<NetworkFacts>, EngineError> {
        let opts = InspectNetworkOptions::default();
        match self
            .call(
                "inspect network",
                self.docker.inspect_network(name, Some(opts)),
            )
            .await
        {
            // The engine also resolves id prefixes; only the exact name counts.
            Ok(n) if n.name.as_deref() == Some(name) => Ok(Some(NetworkFacts {
                name: n.name.unwrap_or_default(),
                id: n.id.unwrap_or_default(),
                driver: n.driver.unwrap_or_default(),
            })),
            Ok(_) => Ok(None),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
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

    /// Runs a bollard future under `limit`, mapping its errors like [`Engine::call`] does.
    async fn bounded<T>(
        &self,
        what: &str,
        limit: Duration,
        work: impl Future<Output = Result<T, bollard::errors::Error>>,
    ) -> Result<T, EngineError> {
        match tokio::time::timeout(limit, work).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => Err(EngineError::from_bollard(self.host(), e)),
            Err(_) => Err(EngineError::Timeout {
                host: self.host().to_owned(),
                what: what.to_owned(),
            }),
        }
    }
}

/// Reads a byte stream until it ends or [`READ_MAX_BYTES`] have come.
async fn collect_bounded<B: AsRef<[u8]>>(
    stream: impl Stream<Item = Result<B, bollard::errors::Error>>,
) -> Result<Vec<u8>, bollard::errors::Error> {
    collect(stream, false).await
}

/// Keeps at most [`READ_MAX_BYTES`]; with `drain`, reads on to the end and drops the rest, so a
/// command that prints a lot is not left blocked on a full pipe, never reaching its exit.
async fn collect<B: AsRef<[u8]>>(
    stream: impl Stream<Item = Result<B, bollard::errors::Error>>,
    drain: bool,
) -> Result<Vec<u8>, bollard::errors::Error> {
    let mut stream = std::pin::pin!(stream);
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        let room = READ_MAX_BYTES.saturating_sub(bytes.len());
        let chunk = chunk.as_ref();
        bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if bytes.len() >= READ_MAX_BYTES && !drain {
            break;
        }
    }
    Ok(bytes)
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

impl From<ContainerInspectResponse> for ContainerFacts {
    fn from(c: ContainerInspectResponse) -> Self {
        let state = c.state.unwrap_or_default();
        let config = c.config.unwrap_or_default();
        let host = c.host_config.unwrap_or_default();
        let network = c.network_settings.unwrap_or_default();
        let restart = host.restart_policy.unwrap_or_default();
        let mut mounts: Vec<MountFacts> = c
            .mounts
            .unwrap_or_default()
            .into_iter()
            .map(|m| MountFacts {
                kind: m.typ.unwrap_or_default(),
                name: m.name.filter(|n| !n.is_empty()),
                source: m.source.unwrap_or_default(),
                target: m.destination.unwrap_or_default(),
                read_only: !m.rw.unwrap_or(true),
            })
            .collect();
        // `--tmpfs /x` mounts appear only in the host config, not in `Mounts`.
        for (target, options) in host.tmpfs.unwrap_or_default() {
            mounts.push(MountFacts {
                kind: "tmpfs".to_owned(),
                target,
                read_only: options.split(',').any(|o| o == "ro"),
                ..Default::default()
            });
        }
        let mut command: Vec<String> = c.path.into_iter().filter(|p| !p.is_empty()).collect();
        command.extend(c.args.unwrap_or_default());
        Self {
            id: c.id.unwrap_or_default(),
            name: c
                .name
                .unwrap_or_default()
                .trim_start_matches('/')
                .to_owned(),
            status: state.status.map(|s| s.to_string()).unwrap_or_default(),
            exit_code: state.exit_code.unwrap_or_default(),
            image: config.image.unwrap_or_default(),
            image_id: c.image.unwrap_or_default(),
            command,
            ports: published_ports(network.ports.unwrap_or_default()),
            env: config.env.unwrap_or_default(),
            mounts,
            restart_policy: restart
                .name
                .map(|n| n.to_string())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| "no".to_owned()),
            restart_max_retries: restart.maximum_retry_count.unwrap_or_default(),
            restart_count: c.restart_count.unwrap_or_default(),
            networks: network
                .networks
                .unwrap_or_default()
                .into_iter()
                .map(|(name, endpoint)| {
                    let mut aliases = endpoint.aliases.unwrap_or_default();
                    aliases.extend(endpoint.dns_names.unwrap_or_default());
                    (name, aliases)
                })
                .collect(),
            labels: config.labels.unwrap_or_default().into_iter().collect(),
            user: config.user.unwrap_or_default(),
            auto_remove: host.auto_remove.unwrap_or_default(),
            tty: config.tty.unwrap_or_default(),
            open_stdin: config.open_stdin.unwrap_or_default(),
        }
    }
}

/// Flattens the engine's port map (`"80/tcp" -> [bindings]`); exposed-only ports have none.
fn published_ports(map: bollard::models::PortMap) -> Vec<PublishedPort> {
    let mut ports = Vec::new();
    for (key, bindings) in map {
        let (port, protocol) = key.split_once('/').unwrap_or((key.as_str(), "tcp"));
        let Ok(container_port) = port.parse::<u16>() else {
            continue;
        };
        for binding in bindings.unwrap_or_default() {
            let host_port = binding.host_port.as_deref().and_then(|p| p.parse().ok());
            if let Some(host_port) = host_port {
                ports.push(PublishedPort {
                    container_port,
                    protocol: protocol.to_owned(),
                    host_ip: binding.host_ip.unwrap_or_default(),
                    host_port,
                });
            }
        }
    }
    ports.sort();
    ports
}

impl From<ContainerSummary> for ContainerBrief {
    fn from(c: ContainerSummary) -> Self {
        Self {
            id: c.id.unwrap_or_default(),
            name: c
                .names
                .and_then(|n| n.into_iter().next())
                .unwrap_or_default()
                .trim_start_matches('/')
                .to_owned(),
            state: c.state.map(|s| s.to_string()).unwrap_or_default(),
            labels: c.labels.unwrap_or_default().into_iter().collect(),
        }
    }
}

impl From<ImageInspect> for ImageFacts {
    fn from(i: ImageInspect) -> Self {
        let config = i.config.unwrap_or_default();
        Self {
            id: i.id.unwrap_or_default(),
            repo_tags: i.repo_tags.unwrap_or_default(),
            repo_digests: i.repo_digests.unwrap_or_default(),
            layers: i
                .root_fs
                .and_then(|r| r.layers)
                .map_or(0, |layers| layers.len()),
            cmd: config.cmd.unwrap_or_default(),
            entrypoint: config.entrypoint.unwrap_or_default(),
            exposed_ports: config.exposed_ports.unwrap_or_default(),
            workdir: config.working_dir.unwrap_or_default(),
            user: config.user.unwrap_or_default(),
            env: config.env.unwrap_or_default(),
            labels: config.labels.unwrap_or_default().into_iter().collect(),
            size_bytes: i.size.unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bollard::models::PortBinding;

    #[test]
    fn only_ports_bound_on_the_host_count_as_published() {
        let map = HashMap::from([
            (
                "80/tcp".to_owned(),
                Some(vec![PortBinding {
                    host_ip: Some("0.0.0.0".into()),
                    host_port: Some("8080".into()),
                }]),
            ),
            ("443/tcp".to_owned(), None),
        ]);
        let ports = published_ports(map);
        assert_eq!(
            ports,
            vec![PublishedPort {
                container_port: 80,
                protocol: "tcp".into(),
                host_ip: "0.0.0.0".into(),
                host_port: 8080,
            }]
        );
    }

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
    fn filters_name_only_what_was_asked() {
        let filter = ContainerFilter {
            labels: vec!["app=web".into()],
            status: Some("running".into()),
            ..Default::default()
        };
        let query = filter.to_query();
        assert_eq!(query.len(), 2);
        assert_eq!(query["label"], vec!["app=web".to_owned()]);
        assert_eq!(query["status"], vec!["running".to_owned()]);
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
