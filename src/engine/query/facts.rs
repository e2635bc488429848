//! The plain facts a check grades (containers, images, volumes, networks, ports, mounts,
//! exec output, paths read from a container) and their conversion from bollard's models.

use std::collections::{BTreeMap, HashMap};
use std::time::SystemTime;

use super::time::parse_rfc3339;

use bollard::models::{ContainerInspectResponse, ContainerSummary, ImageInspect};

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
    /// `Config.AttachStdout/AttachStderr`: true for `docker run` without `-d`.
    pub attach_stdout: bool,
    pub attach_stderr: bool,
    pub created_at: Option<SystemTime>,
    /// When it last started; `None` when it never ran.
    pub started_at: Option<SystemTime>,
    /// `starting`, `healthy` or `unhealthy`; empty without a health check.
    pub health: String,
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
    pub(super) fn to_query(&self) -> HashMap<String, Vec<String>> {
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
    /// The layers' diff ids, base first.
    pub layer_ids: Vec<String>,
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

/// A swarm service as its checks see it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceFacts {
    pub name: String,
    /// As in the spec; the engine may pin it with a digest (`busybox:latest@sha256:...`).
    pub image: String,
    /// Desired replicas; `None` for a global service.
    pub replicas: Option<u64>,
    /// Tasks running now.
    pub running: usize,
    pub ports: Vec<ServicePort>,
    /// `completed`, `updating`, ...; empty when it was never updated.
    pub update_state: String,
    pub labels: BTreeMap<String, String>,
}

/// A port a service publishes through the routing mesh.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServicePort {
    pub target: i64,
    pub published: i64,
    pub protocol: String,
}

/// A path read from a container's filesystem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContainerPath {
    /// A file's contents, cut at [`READ_MAX_BYTES`](super::READ_MAX_BYTES).
    File(Vec<u8>),
    Directory,
    /// A device, fifo or a link that leads nowhere readable.
    Other,
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
        let mut networks: BTreeMap<String, Vec<String>> = network
            .networks
            .unwrap_or_default()
            .into_iter()
            .map(|(name, endpoint)| {
                let mut aliases = endpoint.aliases.unwrap_or_default();
                aliases.extend(endpoint.dns_names.unwrap_or_default());
                (name, aliases)
            })
            .collect();
        // Podman lists no network for `none`/`host` containers: the mode says where they are.
        if networks.is_empty()
            && let Some(mode) = host.network_mode.as_deref()
            && matches!(mode, "none" | "host")
        {
            networks.insert(mode.to_owned(), Vec::new());
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
            image: crate::engine::short_reference(&config.image.unwrap_or_default()),
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
            networks,
            labels: config.labels.unwrap_or_default().into_iter().collect(),
            user: config.user.unwrap_or_default(),
            auto_remove: host.auto_remove.unwrap_or_default(),
            tty: config.tty.unwrap_or_default(),
            open_stdin: config.open_stdin.unwrap_or_default(),
            attach_stdout: config.attach_stdout.unwrap_or_default(),
            attach_stderr: config.attach_stderr.unwrap_or_default(),
            created_at: c.created.as_deref().and_then(parse_rfc3339),
            started_at: state.started_at.as_deref().and_then(parse_rfc3339),
            health: state
                .health
                .and_then(|h| h.status)
                .map(|s| s.to_string())
                .filter(|s| s != "none")
                .unwrap_or_default(),
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
        let layer_ids = i.root_fs.and_then(|r| r.layers).unwrap_or_default();
        Self {
            id: i.id.unwrap_or_default(),
            repo_tags: i
                .repo_tags
                .unwrap_or_default()
                .iter()
                .map(|t| crate::engine::short_reference(t))
                .collect(),
            repo_digests: i.repo_digests.unwrap_or_default(),
            layers: layer_ids.len(),
            layer_ids,
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
    fn a_podman_container_on_no_network_is_on_its_network_mode() {
        let c: ContainerInspectResponse = serde_json::from_value(serde_json::json!({
            "Name": "/solo",
            "Config": { "Image": "docker.io/library/busybox:latest" },
            "HostConfig": { "NetworkMode": "none" },
            "NetworkSettings": { "Networks": {} }
        }))
        .expect("an inspect answer");
        let facts = ContainerFacts::from(c);
        assert_eq!(facts.networks.keys().collect::<Vec<_>>(), vec!["none"]);
        assert_eq!(facts.image, "busybox:latest");
    }
}
