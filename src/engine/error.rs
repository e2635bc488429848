//! Engine errors, each with one clear sentence of what happened and what to do.

use std::fmt;
use std::io::ErrorKind;

use crate::trf;

use super::ssh::SshProblem;
use super::transport::DialError;

/// Why the engine could not answer a request. Each is worded in the learner's language
/// (see the `Display` impl); the data stays as the engine and the transport gave it.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum EngineError {
    NotRunning {
        host: String,
    },
    PermissionDenied {
        host: String,
    },
    BadHost {
        host: String,
        detail: String,
    },
    Tls {
        host: String,
        detail: String,
    },
    Ssh {
        host: String,
        problem: SshProblem,
        advice: String,
        detail: String,
    },
    NotAnEngine {
        host: String,
        detail: String,
    },
    Timeout {
        host: String,
        what: String,
    },
    Api {
        status: u16,
        message: String,
    },
    Connection {
        host: String,
        detail: String,
    },
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Self::NotRunning { host } => trf!(
                "No Docker engine answers at {}. Start Docker (for example `sudo systemctl start docker`), or point DOCKER_HOST at a running engine.",
                host
            ),
            Self::PermissionDenied { host } => trf!(
                "Permission denied on {}. Add yourself to the `docker` group (`sudo usermod -aG docker $USER`, then log in again), or run as a user who may use Docker.",
                host
            ),
            Self::BadHost { host, detail } => trf!(
                "The engine address `{}` cannot be used: {}. Fix DOCKER_HOST, --host or the docker context (unix://, tcp:// and ssh:// addresses work).",
                host,
                detail
            ),
            Self::Tls { host, detail } => trf!(
                "TLS to the engine at {} failed: {}. Check DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem) or the context's TLS files; `docker info` must work with the same settings.",
                host,
                detail
            ),
            Self::Ssh {
                host,
                advice,
                detail,
                ..
            } => trf!(
                "Cannot reach the engine at {} over ssh: {}. (ssh said: {})",
                host,
                advice,
                detail
            ),
            Self::NotAnEngine { host, detail } => trf!(
                "Something answers at {}, but it is not a Docker engine ({}). Point DOCKER_HOST, --host or the docker context at the engine's socket.",
                host,
                detail
            ),
            Self::Timeout { host, what } => trf!(
                "The Docker engine at {} did not answer `{}` in time. It may be overloaded or stopping; check `docker info`, then try again.",
                host,
                what
            ),
            Self::Api { message, .. } => {
                trf!("The Docker engine refused the request: {}", message)
            }
            Self::Connection { host, detail } => trf!(
                "The Docker engine at {} stopped answering ({}). Check that Docker is still running (`docker info`), then try again.",
                host,
                detail
            ),
        };
        f.write_str(&text)
    }
}

impl EngineError {
    /// True when the engine cannot be reached at all (as opposed to refusing one request).
    pub fn is_unreachable(&self) -> bool {
        !matches!(self, Self::Api { .. })
    }

    /// True when the engine answered "no such object".
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Api { status: 404, .. })
    }

    pub(crate) fn from_bollard(host: &str, e: bollard::errors::Error) -> Self {
        use bollard::errors::Error as B;
        match e {
            B::DockerResponseServerError {
                status_code,
                message,
            } => Self::Api {
                status: status_code,
                message,
            },
            B::RequestTimeoutError => Self::Timeout {
                host: host.to_owned(),
                what: crate::tr!("request").to_owned(),
            },
            B::IOError { err } => Self::from_io(host, &err),
            B::UnsupportedURISchemeError { uri } => Self::BadHost {
                host: host.to_owned(),
                detail: trf!("unsupported scheme in {}", uri),
            },
            other => {
                let detail = error_chain(&other);
                classify_detail(host, detail)
            }
        }
    }

    fn from_io(host: &str, err: &std::io::Error) -> Self {
        if let Some(dial) = err.get_ref().and_then(|e| e.downcast_ref::<DialError>()) {
            return Self::from_dial(host, dial.clone());
        }
        match err.kind() {
            ErrorKind::PermissionDenied => Self::PermissionDenied {
                host: host.to_owned(),
            },
            ErrorKind::NotFound | ErrorKind::ConnectionRefused => Self::NotRunning {
                host: host.to_owned(),
            },
            _ => classify_detail(host, err.to_string()),
        }
    }
}

impl EngineError {
    fn from_dial(host: &str, dial: DialError) -> Self {
        match dial {
            DialError::Tls(detail) => Self::Tls {
                host: host.to_owned(),
                detail,
            },
            DialError::Ssh { problem, detail } => {
                let far = host.trim_start_matches("ssh://");
                Self::Ssh {
                    host: host.to_owned(),
                    problem,
                    advice: problem.advice(far),
                    detail,
                }
            }
        }
    }
}

/// Hyper wraps the socket error several levels deep; read the whole chain for its cause.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

fn classify_detail(host: &str, detail: String) -> EngineError {
    let lower = detail.to_lowercase();
    if lower.contains("invalid http version")
        || lower.contains("invalid response")
        || lower.contains("invalid status")
    {
        EngineError::NotAnEngine {
            host: host.to_owned(),
            detail,
        }
    } else if lower.contains("permission denied") {
        EngineError::PermissionDenied {
            host: host.to_owned(),
        }
    } else if lower.contains("no such file")
        || lower.contains("connection refused")
        || lower.contains("not found")
    {
        EngineError::NotRunning {
            host: host.to_owned(),
        }
    } else {
        EngineError::Connection {
            host: host.to_owned(),
            detail,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, with_lang};

    #[test]
    fn an_engine_error_and_its_ssh_advice_speak_swedish() {
        let err = EngineError::NotRunning {
            host: "unix:///x.sock".into(),
        };
        let text = with_lang(Lang::Sv, || err.to_string());
        assert!(
            text.starts_with("Ingen Docker-motor svarar på unix:///x.sock. Starta Docker"),
            "{text}"
        );
        assert!(err.to_string().starts_with("No Docker engine answers at"));
        let advice = with_lang(Lang::Sv, || SshProblem::HostKey.advice("lab"));
        assert!(
            advice.starts_with("ssh litar inte på värdnyckeln för lab: kör `ssh lab`"),
            "{advice}"
        );
    }

    #[test]
    fn a_refused_socket_means_the_engine_is_not_running() {
        let e = std::io::Error::new(ErrorKind::ConnectionRefused, "refused");
        let err = EngineError::from_io("unix:///x.sock", &e);
        assert!(matches!(err, EngineError::NotRunning { .. }));
        assert!(err.to_string().contains("Start Docker"));
    }

    #[test]
    fn a_permission_error_tells_the_learner_about_the_docker_group() {
        let err = classify_detail(
            "unix:///x.sock",
            "client error (Connect): Permission denied (os error 13)".into(),
        );
        assert!(err.to_string().contains("docker` group"));
    }

    #[test]
    fn an_api_error_is_not_unreachable() {
        let err = EngineError::Api {
            status: 404,
            message: "No such container".into(),
        };
        assert!(!err.is_unreachable());
        assert!(err.is_not_found());
    }
}
