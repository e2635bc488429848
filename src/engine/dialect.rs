//! What differs between engines that speak the Docker API: Podman's container states and image
//! names, and which kind of engine answers (Docker, Docker Desktop, rootless, Podman) with the
//! differences a learner will meet there.

use serde_json::Value;

/// The Docker state nearest to an engine's own container state (`stopped` is Podman's).
pub fn docker_state(state: &str) -> &'static str {
    match state.to_ascii_lowercase().as_str() {
        "running" => "running",
        "paused" => "paused",
        "restarting" => "restarting",
        "removing" => "removing",
        "dead" => "dead",
        "created" | "configured" | "initialized" => "created",
        "stopping" => "stopping",
        "" => "",
        // `exited`, Podman's `stopped`, and anything unknown: not running.
        _ => "exited",
    }
}

/// Rewrites container states in a `/containers/json` item (`State`) or a
/// `/containers/{id}/json` answer (`State.Status`) to Docker's words.
pub fn normalise_container(value: &mut Value) {
    if let Some(state) = value.get_mut("State") {
        match state {
            Value::String(s) => *s = docker_state(s).to_owned(),
            Value::Object(map) => {
                if let Some(Value::String(s)) = map.get_mut("Status") {
                    *s = docker_state(s).to_owned();
                }
            }
            _ => {}
        }
    }
}

/// `docker.io/library/busybox:latest` -> `busybox:latest`, `docker.io/me/app` -> `me/app`,
/// Podman's local `localhost/app:1` -> `app:1`: the names a learner types.
pub fn short_reference(reference: &str) -> String {
    for prefix in ["docker.io/library/", "docker.io/", "localhost/"] {
        if let Some(rest) = reference.strip_prefix(prefix)
            && !rest.is_empty()
        {
            return rest.to_owned();
        }
    }
    reference.to_owned()
}

/// Which kind of engine answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EngineKind {
    Docker,
    RootlessDocker,
    DockerDesktop,
    Podman,
}

impl EngineKind {
    /// Reads `/version` and `/info` answers.
    pub fn detect(version: &Value, info: &Value) -> Self {
        let components = version.get("Components").and_then(Value::as_array);
        let podman = components.is_some_and(|c| {
            c.iter().any(|c| {
                c.get("Name")
                    .and_then(Value::as_str)
                    .is_some_and(|n| n.to_lowercase().contains("podman"))
            })
        });
        if podman {
            return Self::Podman;
        }
        let os = info
            .get("OperatingSystem")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if os.contains("Docker Desktop") {
            return Self::DockerDesktop;
        }
        let rootless = info
            .get("SecurityOptions")
            .and_then(Value::as_array)
            .is_some_and(|o| o.iter().any(|o| o.as_str() == Some("name=rootless")));
        if rootless {
            Self::RootlessDocker
        } else {
            Self::Docker
        }
    }

    /// The engine's name as a learner knows it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Docker => "Docker",
            Self::RootlessDocker => "Docker (rootless)",
            Self::DockerDesktop => "Docker Desktop",
            Self::Podman => "Podman",
        }
    }

    /// What a learner will meet on this engine that the lessons describe for plain Docker.
    pub fn differences(self) -> &'static [&'static str] {
        match self {
            Self::Docker => &[],
            Self::RootlessDocker => &[
                "ports below 1024 cannot be published unless the host allows it (net.ipv4.ip_unprivileged_port_start)",
                "bind mounts see files as your user, not root",
            ],
            Self::DockerDesktop => &[
                "containers run in a VM: bind mounts work only under the folders Docker Desktop shares",
            ],
            Self::Podman => &[
                "images are named docker.io/library/NAME:TAG and local builds localhost/NAME:TAG (docktor reads both as NAME:TAG)",
                "`docker stop` through the compat API kills at once (exit 137, not 0 or 143)",
                "`docker commit` does not work through the compat API: the image lesson's commit step cannot pass here",
                "stopped containers are `stopped` in Podman's words; docktor reads them as `exited`",
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn podman_states_map_to_the_nearest_docker_state() {
        assert_eq!(docker_state("stopped"), "exited");
        assert_eq!(docker_state("configured"), "created");
        assert_eq!(docker_state("something-new"), "exited");
        assert_eq!(docker_state("running"), "running");
    }

    #[test]
    fn a_podman_inspect_answer_gets_docker_state_words() {
        let mut list_item = serde_json::json!({ "State": "stopped" });
        normalise_container(&mut list_item);
        assert_eq!(list_item["State"], "exited");
        let mut inspect = serde_json::json!({ "State": { "Status": "stopped", "ExitCode": 0 } });
        normalise_container(&mut inspect);
        assert_eq!(inspect["State"]["Status"], "exited");
    }

    #[test]
    fn registry_prefixes_are_dropped_from_image_references() {
        assert_eq!(
            short_reference("docker.io/library/busybox:latest"),
            "busybox:latest"
        );
        assert_eq!(short_reference("docker.io/me/app:1"), "me/app:1");
        assert_eq!(short_reference("localhost/app:1"), "app:1");
        assert_eq!(short_reference("ghcr.io/x/y:2"), "ghcr.io/x/y:2");
    }

    #[test]
    fn podman_is_told_from_docker_by_its_version_components() {
        let version = serde_json::json!({ "Components": [ { "Name": "Podman Engine" } ] });
        let info = serde_json::json!({});
        assert_eq!(EngineKind::detect(&version, &info), EngineKind::Podman);
        let info = serde_json::json!({ "SecurityOptions": ["name=seccomp", "name=rootless"] });
        let docker = serde_json::json!({ "Components": [ { "Name": "Engine" } ] });
        assert_eq!(
            EngineKind::detect(&docker, &info),
            EngineKind::RootlessDocker
        );
    }
}
