//! All access to the Docker engine: connection, typed errors that say what to do, and a
//! timeout on every call. Nothing outside this module talks to bollard directly.

mod error;
mod manage;
mod query;

pub use error::EngineError;
pub use manage::{BUILTIN_NETWORKS, EngineEvent, ResourceKind, split_reference};
pub use query::{
    ContainerBrief, ContainerFacts, ContainerFilter, ContainerPath, EXEC_TIMEOUT, ExecOutput,
    ImageFacts, LABEL_COMPOSE_ONEOFF, LABEL_COMPOSE_PROJECT, LABEL_COMPOSE_SERVICE,
    LOGS_TAIL_LINES, MountFacts, NetworkFacts, PublishedPort, READ_MAX_BYTES, VolumeFacts,
};
pub use query::{LABEL_LESSON, LABEL_PROBE, ProbeRun, ServiceFacts, ServicePort, parse_rfc3339};

use std::future::Future;
use std::time::Duration;

use bollard::Docker;

/// How long one engine request may take before it is reported as a timeout.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// A connection to the Docker engine.
#[derive(Clone)]
pub struct Engine {
    docker: Docker,
    host: String,
}

/// What the engine says about itself, for the status bar and `docktor doctor`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineInfo {
    pub host: String,
    pub version: String,
    pub api_version: String,
    pub os: String,
}

impl Engine {
    /// Connects (honouring `DOCKER_HOST`) and pings, so a missing engine is found at once.
    pub async fn connect() -> Result<Self, EngineError> {
        let engine = Self::connect_lazily()?;
        engine.ping().await?;
        Ok(engine)
    }

    /// Builds the client without sending a request (for a UI that must open regardless).
    /// Fails at once when `DOCKER_HOST` is unusable or its unix socket file does not exist.
    pub fn connect_lazily() -> Result<Self, EngineError> {
        let host = docker_host();
        let docker = Docker::connect_with_defaults()
            .map_err(|e| EngineError::from_bollard(&host, e))?
            .with_timeout(CALL_TIMEOUT);
        Ok(Self { docker, host })
    }

    /// Where the engine is expected (`unix:///var/run/docker.sock`, `tcp://...`).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// Checks that the engine answers.
    pub async fn ping(&self) -> Result<(), EngineError> {
        self.call("ping", self.docker.ping()).await.map(|_| ())
    }

    /// The engine's version and platform.
    pub async fn info(&self) -> Result<EngineInfo, EngineError> {
        let v = self.call("version", self.docker.version()).await?;
        Ok(EngineInfo {
            host: self.host.clone(),
            version: v.version.unwrap_or_default(),
            api_version: v.api_version.unwrap_or_default(),
            os: format!(
                "{}/{}",
                v.os.unwrap_or_default(),
                v.arch.unwrap_or_default()
            ),
        })
    }

    /// Runs one engine request under [`CALL_TIMEOUT`], mapping errors to [`EngineError`].
    pub(crate) async fn call<T>(
        &self,
        what: &str,
        request: impl Future<Output = Result<T, bollard::errors::Error>>,
    ) -> Result<T, EngineError> {
        match tokio::time::timeout(CALL_TIMEOUT, request).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => Err(EngineError::from_bollard(&self.host, e)),
            Err(_) => Err(EngineError::Timeout {
                host: self.host.clone(),
                what: what.to_owned(),
            }),
        }
    }
}

/// The engine address in force: `DOCKER_HOST`, or the platform default socket.
pub fn docker_host() -> String {
    match std::env::var("DOCKER_HOST") {
        Ok(h) if !h.is_empty() => h,
        _ => "unix:///var/run/docker.sock".to_owned(),
    }
}
