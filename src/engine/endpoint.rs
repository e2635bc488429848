//! Where a learner's engine is: an address or a docker context, and how to reach it.
//!
//! This small version reaches `unix://` and plain `tcp://` hosts; the full one (contexts, TLS,
//! ssh) replaces it.

use std::path::PathBuf;

use bollard::{API_DEFAULT_VERSION, Docker};

use super::{CALL_TIMEOUT, Engine, EngineError};

/// How to reach one engine, as a roster or a command line names it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// `unix:///path`, `tcp://host:port` or `ssh://user@host`.
    pub host: Option<String>,
    /// A docker context name.
    pub context: Option<String>,
    pub tls_verify: Option<bool>,
    pub cert_path: Option<PathBuf>,
}

impl Engine {
    /// Builds a client for `endpoint` without contacting it.
    pub fn connect_endpoint(endpoint: &Endpoint) -> Result<Engine, EngineError> {
        let Some(host) = endpoint.host.clone() else {
            return Err(EngineError::BadHost {
                host: endpoint.context.clone().unwrap_or_default(),
                detail: "docker contexts are not supported by this build".to_owned(),
            });
        };
        let bad = |detail: String| EngineError::BadHost {
            host: host.clone(),
            detail,
        };
        if endpoint.tls_verify == Some(true) || endpoint.cert_path.is_some() {
            return Err(bad("TLS is not supported by this build".to_owned()));
        }
        let timeout = CALL_TIMEOUT.as_secs();
        let docker = if let Some(path) = host.strip_prefix("unix://") {
            Docker::connect_with_unix(path, timeout, API_DEFAULT_VERSION)
        } else if host.starts_with("tcp://") {
            Docker::connect_with_http(&host, timeout, API_DEFAULT_VERSION)
        } else {
            return Err(bad("use a unix:// or tcp:// address".to_owned()));
        }
        .map_err(|e| EngineError::from_bollard(&host, e))?
        .with_timeout(CALL_TIMEOUT);
        Ok(Engine { docker, host })
    }
}
