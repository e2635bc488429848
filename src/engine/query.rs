//! Read-only engine queries used by checks. (Being written.)

/// Compose label: project name.
pub const LABEL_COMPOSE_PROJECT: &str = "com.docker.compose.project";
/// Compose label: service name.
pub const LABEL_COMPOSE_SERVICE: &str = "com.docker.compose.service";
/// Compose label: "True" on `compose run` containers.
pub const LABEL_COMPOSE_ONEOFF: &str = "com.docker.compose.oneoff";

/// What a command run inside a container gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecOutput {
    pub exit_code: i64,
    pub output: String,
}
