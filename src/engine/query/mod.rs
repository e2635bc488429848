//! Read-only engine queries used by checks, reduced to the facts a check grades.
//!
//! Every request runs under a timeout; streams (logs, exec output, archives) are bounded in
//! both time and size, so a chatty or hung container can never stall grading.
//!
//! [`facts`] holds the plain types a check grades and their conversion from bollard models;
//! the engine calls are grouped by subject in [`containers`], [`images`],
//! [`volumes_networks`], [`swarm`] (services), [`probe`] (throwaway containers a check runs)
//! and [`events`] (past events read back). The limits and the bounded stream readers they share live here.

mod containers;
mod events;
mod facts;
mod images;
mod probe;
mod swarm;
mod time;
mod volumes_networks;

pub use facts::{
    ContainerBrief, ContainerFacts, ContainerFilter, ContainerPath, ExecOutput, ImageFacts,
    MountFacts, NetworkFacts, PublishedPort, ServiceFacts, ServicePort, VolumeFacts,
};
pub use probe::{LABEL_LESSON, LABEL_PROBE, ProbeRun};
pub use time::parse_rfc3339;

use std::time::Duration;

use futures_util::{Stream, StreamExt};

use super::{Engine, EngineError};

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

impl Engine {
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
