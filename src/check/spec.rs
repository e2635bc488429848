//! The check vocabulary: what a `toml check` block may say must be true.
//!
//! Every field is optional; a check asserts only what its author wrote. Unknown fields are
//! rejected so a typo in a lesson is a lint error, not a check that silently passes.

use std::collections::BTreeMap;

use serde::Deserialize;

pub use super::pattern::Pattern;
pub use super::probe::ProbeCheck;

/// All checks of one `toml check` block, grouped by kind as TOML arrays of tables.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckBlock {
    #[serde(default)]
    pub container: Vec<ContainerCheck>,
    #[serde(default)]
    pub image: Vec<ImageCheck>,
    #[serde(default)]
    pub volume: Vec<VolumeCheck>,
    #[serde(default)]
    pub network: Vec<NetworkCheck>,
    #[serde(default)]
    pub compose: Vec<ComposeCheck>,
    #[serde(default)]
    pub count: Vec<CountCheck>,
    #[serde(default)]
    pub dockerfile: Vec<DockerfileCheck>,
    #[serde(default)]
    pub file: Vec<FileCheck>,
    #[serde(default)]
    pub probe: Vec<ProbeCheck>,
    #[serde(default)]
    pub service: Vec<ServiceCheck>,
    #[serde(default)]
    pub swarm: Vec<SwarmCheck>,
}

/// One check, whatever its kind.
// Checks are parsed once and held in a small Vec per step; boxing the large variant would buy
// nothing measurable and cost every match an indirection.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    Container(ContainerCheck),
    Image(ImageCheck),
    Volume(VolumeCheck),
    Network(NetworkCheck),
    Compose(ComposeCheck),
    Count(CountCheck),
    Dockerfile(DockerfileCheck),
    File(FileCheck),
    Probe(ProbeCheck),
    Service(ServiceCheck),
    Swarm(SwarmCheck),
}

impl CheckBlock {
    /// Flattens the block into checks, kind by kind in a fixed order.
    pub fn into_checks(self) -> Vec<Check> {
        let mut checks = Vec::new();
        checks.extend(self.container.into_iter().map(Check::Container));
        checks.extend(self.image.into_iter().map(Check::Image));
        checks.extend(self.volume.into_iter().map(Check::Volume));
        checks.extend(self.network.into_iter().map(Check::Network));
        checks.extend(self.compose.into_iter().map(Check::Compose));
        checks.extend(self.count.into_iter().map(Check::Count));
        checks.extend(self.dockerfile.into_iter().map(Check::Dockerfile));
        checks.extend(self.file.into_iter().map(Check::File));
        checks.extend(self.probe.into_iter().map(Check::Probe));
        checks.extend(self.service.into_iter().map(Check::Service));
        checks.extend(self.swarm.into_iter().map(Check::Swarm));
        checks
    }
}

/// A container's health as its `HEALTHCHECK` reports it.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum HealthStatus {
    Starting,
    Healthy,
    Unhealthy,
    /// The container has no health check.
    None,
}

impl HealthStatus {
    /// The engine's own word (`healthy`); `none` for a container without a health check.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Starting => "starting",
            Self::Healthy => "healthy",
            Self::Unhealthy => "unhealthy",
            Self::None => "none",
        }
    }
}

/// A container state as the engine reports it.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ContainerStatus {
    Created,
    Running,
    Paused,
    Restarting,
    Exited,
    Dead,
}

impl ContainerStatus {
    /// The engine's own word for the state (`running`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Created => "created",
            Self::Running => "running",
            Self::Paused => "paused",
            Self::Restarting => "restarting",
            Self::Exited => "exited",
            Self::Dead => "dead",
        }
    }
}

/// What must be true of a container, found by `name` or by `label`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ContainerCheck {
    /// Exact container name (without the leading `/`).
    pub name: Option<String>,
    /// Label selector: `key` or `key=value`. With several matches, one must satisfy the check.
    pub label: Option<String>,
    /// `false` asserts that no such container exists. Default `true`.
    pub exists: Option<bool>,
    pub status: Option<ContainerStatus>,
    pub exit_code: Option<i64>,
    /// Image the container was created from, as the learner typed it (`busybox`, `web:1.0`).
    pub image: Option<String>,
    /// Text the container's command (entrypoint + args, space-joined) must contain.
    pub command_contains: Option<String>,
    /// Published ports as really bound: `"8080:80"`, `"8080:80/udp"`, or `"80"` for any host
    /// port. An empty list asserts that nothing is published.
    pub ports: Option<Vec<String>>,
    /// Environment entries: `KEY=value`, or `KEY` for "set to anything".
    #[serde(default)]
    pub env: Vec<String>,
    #[serde(default)]
    pub mounts: Vec<MountSpec>,
    /// `no`, `always`, `unless-stopped` or `on-failure`.
    pub restart_policy: Option<String>,
    pub restart_count_min: Option<i64>,
    pub restart_count_max: Option<i64>,
    /// `healthy`, `unhealthy`, `starting`, or `none` for no health check.
    pub health: Option<HealthStatus>,
    /// `true`: started with `-d` (nothing attached to its output); `false`: attached.
    pub detached: Option<bool>,
    /// `true`: created or (re)started after the learner opened the step, so work done before
    /// (or a skipped step) does not count.
    pub started_since_step: Option<bool>,
    /// Label keys that must be set, to any value.
    #[serde(default)]
    pub label_keys: Vec<String>,
    /// Networks the container must have joined.
    #[serde(default)]
    pub networks: Vec<String>,
    /// Network aliases it must answer to, on any of its networks.
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// User the container runs as (`1000`, `app`, `1000:1000`).
    pub user: Option<String>,
    /// Whether it was started with `--rm`.
    pub auto_remove: Option<bool>,
    /// Whether it was started with `-t`.
    pub tty: Option<bool>,
    /// Whether it was started with `-i`.
    pub interactive: Option<bool>,
    /// Text its logs (stdout and stderr) must contain.
    pub logs_contain: Option<String>,
    /// A regular expression its logs must match.
    pub logs_match: Option<Pattern>,
    pub exec: Option<ExecSpec>,
    pub file: Option<FileInContainer>,
    pub http: Option<HttpSpec>,
    /// The author's own words, shown when the check fails.
    pub message: Option<String>,
}

/// A volume or bind mount a container must have.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MountSpec {
    pub target: String,
    /// Volume name, or host path for a bind (a relative path is taken from the workspace).
    pub source: Option<String>,
    /// `volume`, `bind` or `tmpfs`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub read_only: Option<bool>,
}

/// A command run inside a running container, and what it must give.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ExecSpec {
    /// Argument vector, never a shell string: `["cat", "/etc/hostname"]`.
    pub command: Vec<String>,
    /// Default 0.
    pub exit_code: Option<i64>,
    pub output_contains: Option<String>,
    pub output_matches: Option<Pattern>,
}

/// A file inside a container's filesystem (read from the archive API, so stopped containers work).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FileInContainer {
    pub path: String,
    /// `false` asserts the file is not there. Default `true`.
    pub exists: Option<bool>,
    pub contains: Option<String>,
    pub matches: Option<Pattern>,
}

/// An HTTP GET to the host port that a container port is published on.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HttpSpec {
    /// The container-side port; the request goes to whatever host port it is published on.
    pub port: u16,
    /// Default `/`.
    pub path: Option<String>,
    /// Default 200.
    pub status: Option<u16>,
    pub body_contains: Option<String>,
    pub body_matches: Option<Pattern>,
}

/// What must be true of an image, found by reference.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ImageCheck {
    /// `name`, `name:tag` (tag defaults to `latest`) or an id.
    pub reference: String,
    pub exists: Option<bool>,
    /// Filesystem layers (`RootFS.Layers`).
    pub layers_min: Option<usize>,
    pub layers_max: Option<usize>,
    /// The image it was built `FROM`; `layers_added_*` count the layers on top of it.
    pub base: Option<String>,
    pub layers_added_min: Option<usize>,
    pub layers_added_max: Option<usize>,
    /// Texts that some history entry's instruction must contain (`"apt-get update"`, `"USER"`).
    #[serde(default)]
    pub history_contains: Vec<String>,
    pub cmd: Option<Vec<String>>,
    pub entrypoint: Option<Vec<String>>,
    /// `"80"` or `"80/tcp"`.
    #[serde(default)]
    pub exposed_ports: Vec<String>,
    pub workdir: Option<String>,
    pub user: Option<String>,
    #[serde(default)]
    pub env: Vec<String>,
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    pub size_max_mb: Option<f64>,
    /// Label keys that must be set, to any value.
    #[serde(default)]
    pub label_keys: Vec<String>,
    pub message: Option<String>,
}

/// What must be true of a volume, found by `name` or by `label` (`key` or `key=value`).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct VolumeCheck {
    /// Empty when the volume is found by `label`.
    #[serde(default)]
    pub name: String,
    /// Label selector; with `exists = false`, no volume may carry it.
    pub label: Option<String>,
    pub exists: Option<bool>,
    pub driver: Option<String>,
    /// Containers (by name) that must mount it.
    #[serde(default)]
    pub used_by: Vec<String>,
    pub message: Option<String>,
}

/// What must be true of a network.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NetworkCheck {
    pub name: String,
    pub exists: Option<bool>,
    pub driver: Option<String>,
    /// Containers (by name) that must be attached.
    #[serde(default)]
    pub containers: Vec<String>,
    pub message: Option<String>,
}

/// What must be true of a compose service, found by compose labels (v1 and v2 alike).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ComposeCheck {
    pub project: String,
    pub service: String,
    /// Exactly this many running containers (one-off `run` containers excluded).
    pub running: Option<usize>,
    pub running_min: Option<usize>,
    /// Ports that some container of the service publishes (`"8080:80"`, `"80"`).
    #[serde(default)]
    pub ports: Vec<String>,
    /// Text that some one-off (`compose run`) container of the service logged.
    pub oneoff_logs_contain: Option<String>,
    /// `true`: its running containers were started by `up -d`, with nothing attached to them.
    pub detached: Option<bool>,
    pub message: Option<String>,
}

/// What a `[[count]]` counts.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum CountOf {
    #[default]
    Containers,
    Volumes,
}

/// How many containers (or volumes) match a selector.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CountCheck {
    /// `containers` (the default) or `volumes`; volumes take only `label` and `name_prefix`.
    #[serde(default)]
    pub of: CountOf,
    /// Created from this image (the engine's `ancestor` filter).
    pub image: Option<String>,
    pub status: Option<ContainerStatus>,
    /// `key` or `key=value`.
    pub label: Option<String>,
    /// Container names start with this.
    pub name_prefix: Option<String>,
    pub min: Option<usize>,
    pub max: Option<usize>,
    pub message: Option<String>,
}

/// Teaching rules over a Dockerfile in the workspace.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DockerfileCheck {
    /// Relative to the workspace. Default `Dockerfile`.
    pub path: Option<String>,
    /// Rule ids that must hold (see `docs/lesson-format.md`).
    #[serde(default)]
    pub rules: Vec<String>,
    /// Instructions that must appear, as text an instruction line contains (`"USER app"`).
    #[serde(default)]
    pub contains: Vec<String>,
    /// For the `manifest-before-source` rule: the dependency manifests (`["package.json"]`).
    #[serde(default)]
    pub manifests: Vec<String>,
    pub message: Option<String>,
}

/// A file in the learner's workspace.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FileCheck {
    pub path: String,
    pub exists: Option<bool>,
    /// Text the file must contain (each line of `lines` must appear as a whole line).
    pub contains: Option<String>,
    #[serde(default)]
    pub lines: Vec<String>,
    pub message: Option<String>,
}

/// What must be true of a swarm service, found by name.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ServiceCheck {
    pub name: String,
    /// `false` asserts no such service exists. Default `true`.
    pub exists: Option<bool>,
    /// Desired replicas (`--replicas`, `docker service scale`).
    pub replicas: Option<u64>,
    /// Exactly this many tasks running.
    pub running: Option<usize>,
    /// Image of the service's spec, as typed (`busybox`, `web:2`).
    pub image: Option<String>,
    /// Ports published through the routing mesh: `"8080:80"`.
    #[serde(default)]
    pub ports: Vec<String>,
    /// State of the last rolling update: `completed`, `updating`, `paused`, `rollback_completed`.
    pub update_state: Option<String>,
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    pub message: Option<String>,
}

/// Whether this engine is in a swarm, and its own node's labels.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SwarmCheck {
    /// `true` (the default): in an active swarm; `false`: not in one.
    pub active: Option<bool>,
    /// Labels of this engine's node (`docker node update --label-add`).
    #[serde(default)]
    pub node_labels: BTreeMap<String, String>,
    pub message: Option<String>,
}
