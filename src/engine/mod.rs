//! All access to the Docker engine: connection, typed errors that say what to do, and a
//! timeout on every call. Nothing outside this module talks to bollard directly.

mod archive;
mod context;
mod dated;
mod dialect;
mod endpoint;
mod error;
mod identity;
mod manage;
mod query;
mod raw;
mod ssh;
mod tls;
mod transport;

pub use context::{ContextStore, DEFAULT_CONTEXT, context_id};
pub use dated::{DatedObject, parse_time};
pub use dialect::{EngineKind, docker_state, short_reference};
pub use endpoint::{
    Address, DEFAULT_HOST, Endpoint, Environment, HowChosen, Resolved, SshAddress, parse_host,
};
pub use error::EngineError;
pub use manage::{BUILTIN_NETWORKS, EngineEvent, ResourceKind, split_reference};
pub use query::{
    ContainerBrief, ContainerFacts, ContainerFilter, ContainerPath, EXEC_TIMEOUT, ExecOutput,
    ImageFacts, LABEL_COMPOSE_ONEOFF, LABEL_COMPOSE_PROJECT, LABEL_COMPOSE_SERVICE,
    LOGS_TAIL_LINES, MountFacts, NetworkFacts, PublishedPort, READ_MAX_BYTES, VolumeFacts,
};
pub use query::{LABEL_LESSON, LABEL_PROBE, ProbeRun, ServiceFacts, ServicePort, parse_rfc3339};
pub use ssh::SshProblem;

use std::future::Future;
use std::sync::OnceLock;
use std::time::Duration;

use bollard::Docker;

/// What to say when a server wants TLS and docktor was not told to use it.
const TLS_IS_OFF: &str = "the engine speaks TLS, but TLS is off here (set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH, or use the engine's docker context)";

/// How long one engine request may take before it is reported as a timeout.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// A connection to the Docker engine.
#[derive(Clone)]
pub struct Engine {
    docker: Docker,
    transport: transport::Transport,
    host: String,
    how_chosen: HowChosen,
    warnings: Vec<String>,
}

/// What the engine says about itself, for the status bar and `docktor doctor`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineInfo {
    pub host: String,
    pub version: String,
    pub api_version: String,
    pub os: String,
    /// Docker, Podman, Docker Desktop, rootless Docker.
    pub kind: EngineKind,
    /// How the engine was chosen ("context `colima`").
    pub how_chosen: HowChosen,
    /// When a `docker` command elsewhere may talk to another engine than this one.
    pub warnings: Vec<String>,
}

/// The engine this process uses, chosen once from the command line (see [`choose`]).
static CHOSEN: OnceLock<Result<Resolved, EngineError>> = OnceLock::new();

/// Records the engine the command line chose (or why its choice is unusable), for every later
/// [`Engine::connect`]. The first choice stands.
pub fn choose(choice: Result<Resolved, EngineError>) {
    let _ = CHOSEN.set(choice);
}

/// The engine in force: the one [`choose`]n, else the docker CLI's own choice.
pub fn chosen() -> Result<Resolved, EngineError> {
    match CHOSEN.get() {
        Some(choice) => choice.clone(),
        None => Endpoint::resolve(None, None),
    }
}

/// Variables to give a `docker` command docktor runs, so it reaches the engine docktor grades
/// when that was chosen by `--host`/`--context` (otherwise the command inherits the same
/// environment and chooses the same way): `(name, Some(value))` to set, `(name, None)` to unset.
pub fn command_env() -> Vec<(&'static str, Option<String>)> {
    let Ok(resolved) = chosen() else {
        return Vec::new();
    };
    let e = &resolved.endpoint;
    match &resolved.how_chosen {
        HowChosen::HostOption => {
            let mut vars = vec![("DOCKER_HOST", Some(e.address().to_owned()))];
            vars.push((
                "DOCKER_TLS_VERIFY",
                (e.tls_verify == Some(true)).then(|| "1".to_owned()),
            ));
            vars.push((
                "DOCKER_TLS",
                (e.tls_verify == Some(false)).then(|| "1".to_owned()),
            ));
            if let Some(dir) = &e.cert_path {
                vars.push(("DOCKER_CERT_PATH", Some(dir.display().to_string())));
            }
            vars
        }
        HowChosen::ContextOption(name) => vec![
            ("DOCKER_HOST", None),
            ("DOCKER_CONTEXT", Some(name.clone())),
        ],
        _ => Vec::new(),
    }
}

/// The machine where the engine at `host` publishes ports, when it is not this one: the host of
/// a `tcp://` address, or of an `ssh://` one as ssh resolves it (`ssh -G`, so aliases from
/// ~/.ssh/config work).
pub fn publish_host(host: &str) -> Option<String> {
    match parse_host(host).ok()? {
        Address::Unix(_) => None,
        Address::Tcp { host, .. } => Some(host),
        Address::Ssh(address) => Some(ssh::resolved_hostname(&address)),
    }
}

/// Applies [`command_env`] to a command about to start.
pub fn point_command(command: &mut tokio::process::Command) {
    for (name, value) in command_env() {
        match value {
            Some(v) => command.env(name, v),
            None => command.env_remove(name),
        };
    }
}

impl Engine {
    /// Connects to the chosen engine (see [`chosen`]) and makes sure it is a Docker engine, so
    /// a missing engine, or another server at its address, is found at once.
    pub async fn connect() -> Result<Self, EngineError> {
        let engine = Self::connect_lazily()?;
        engine.ping().await?;
        Ok(engine)
    }

    /// Builds the client without sending a request (for a UI that must open regardless).
    /// Fails at once when the engine address is unusable.
    pub fn connect_lazily() -> Result<Self, EngineError> {
        let resolved = chosen()?;
        Self::connect_resolved(&resolved)
    }

    /// Builds a client for `endpoint` without contacting it.
    pub fn connect_endpoint(endpoint: &Endpoint) -> Result<Engine, EngineError> {
        Self::connect_resolved(&endpoint.complete()?)
    }

    fn connect_resolved(resolved: &Resolved) -> Result<Self, EngineError> {
        let transport = transport::Transport::new(&resolved.endpoint)?;
        let docker = transport.docker()?.with_timeout(CALL_TIMEOUT);
        Ok(Self {
            docker,
            transport,
            host: resolved.endpoint.address().to_owned(),
            how_chosen: resolved.how_chosen.clone(),
            warnings: resolved.warnings.clone(),
        })
    }

    /// How this engine was chosen.
    pub fn how_chosen(&self) -> &HowChosen {
        &self.how_chosen
    }

    /// Sentences for the learner when their `docker` command may reach another engine.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Where the engine is expected (`unix:///var/run/docker.sock`, `tcp://...`).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// Checks that the engine answers, and that what answers is a Docker engine.
    pub async fn ping(&self) -> Result<(), EngineError> {
        let not_an_engine = |detail: String| EngineError::NotAnEngine {
            host: self.host.clone(),
            detail,
        };
        match self.call("ping", self.docker.ping()).await {
            Ok(_) => {}
            Err(EngineError::Api { message, .. }) if message.contains("HTTPS server") => {
                return Err(EngineError::Tls {
                    host: self.host.clone(),
                    detail: TLS_IS_OFF.to_owned(),
                });
            }
            Err(EngineError::NotAnEngine { host, detail }) => {
                return Err(EngineError::NotAnEngine {
                    host,
                    detail: format!(
                        "{detail}; if it is an engine that speaks TLS, set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH"
                    ),
                });
            }
            Err(e @ EngineError::Connection { .. }) => {
                if self.transport.plain_tcp_speaks_tls().await {
                    return Err(EngineError::Tls {
                        host: self.host.clone(),
                        detail: TLS_IS_OFF.to_owned(),
                    });
                }
                return Err(e);
            }
            Err(EngineError::Api { status, message }) => {
                return Err(not_an_engine(format!(
                    "GET /_ping answered {status} {}",
                    message.chars().take(80).collect::<String>()
                )));
            }
            Err(e) => return Err(e),
        }
        match self.transport.get_json("/version").await {
            Ok(v) if v.get("ApiVersion").is_some() => Ok(()),
            Ok(_) => Err(not_an_engine("GET /version has no ApiVersion".to_owned())),
            Err(EngineError::Api { status, .. }) => {
                Err(not_an_engine(format!("GET /version answered {status}")))
            }
            Err(e) => Err(e),
        }
    }

    /// The engine's version and platform.
    pub async fn info(&self) -> Result<EngineInfo, EngineError> {
        // A web server at the engine's address is named as such, not graded against.
        self.ping().await?;
        let v = self.call("version", self.docker.version()).await?;
        let raw_version = self.transport.get_json("/version").await?;
        let raw_info = self.transport.get_json("/info").await?;
        Ok(EngineInfo {
            kind: EngineKind::detect(&raw_version, &raw_info),
            how_chosen: self.how_chosen.clone(),
            warnings: self.warnings.clone(),
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

/// The engine address in force: the chosen engine's, or what is wrong with the choice.
pub fn docker_host() -> String {
    match chosen() {
        Ok(r) => r.endpoint.address().to_owned(),
        Err(e) => e.to_string(),
    }
}
