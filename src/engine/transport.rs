//! docktor's own connection to an engine, under bollard's custom transport: a unix socket, TCP,
//! TLS over TCP, or an ssh process. One place sees every connection fail, so a TLS or ssh
//! problem is named as such; the same client also reads raw JSON where bollard's strict models
//! would refuse another engine's dialect (see [`super::dialect`]).

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bollard::{BollardRequest, Docker};
use bytes::Bytes;
use http_body_util::BodyExt;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::{Connected, Connection};
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::io::{AsyncRead, AsyncWrite};

use super::endpoint::{Address, Endpoint, parse_host};
use super::ssh::{self, FailureSlot, SshProblem};
use super::{CALL_TIMEOUT, EngineError, tls};
use crate::trf;

/// How long to wait for a failed ssh process's last words before reporting without them.
const SSH_STDERR_WAIT: Duration = Duration::from_millis(1500);

/// Why a connection could not be made, carried inside an `io::Error` through hyper to
/// [`EngineError::from_bollard`], which turns it into the matching engine error.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum DialError {
    #[error("TLS: {0}")]
    Tls(String),
    #[error("ssh: {detail}")]
    Ssh { problem: SshProblem, detail: String },
}

/// How to open one connection.
#[derive(Clone)]
enum Dial {
    Unix(PathBuf),
    Tcp {
        host: String,
        port: u16,
    },
    Tls {
        host: String,
        port: u16,
        config: Arc<rustls::ClientConfig>,
    },
    Ssh {
        address: super::endpoint::SshAddress,
        failures: FailureSlot,
    },
}

trait Io: AsyncRead + AsyncWrite + Send + Unpin {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin> Io for T {}

/// One open connection, whatever carries it.
pub struct Stream(TokioIo<Box<dyn Io>>);

impl Connection for Stream {
    fn connected(&self) -> Connected {
        Connected::new()
    }
}

impl hyper::rt::Read for Stream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl hyper::rt::Write for Stream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.0).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.0).poll_shutdown(cx)
    }
}

/// The connector hyper's pooled client calls for each new connection.
#[derive(Clone)]
struct Connector(Dial);

impl tower_service::Service<http::Uri> for Connector {
    type Response = Stream;
    type Error = std::io::Error;
    type Future = Pin<Box<dyn Future<Output = std::io::Result<Stream>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _uri: http::Uri) -> Self::Future {
        let dial = self.0.clone();
        Box::pin(async move { open(dial).await })
    }
}

async fn open(dial: Dial) -> std::io::Result<Stream> {
    let io: Box<dyn Io> = match dial {
        Dial::Unix(path) => Box::new(tokio::net::UnixStream::connect(path).await?),
        Dial::Tcp { host, port } => Box::new(tokio::net::TcpStream::connect((host, port)).await?),
        Dial::Tls { host, port, config } => {
            let tcp = tokio::net::TcpStream::connect((host.as_str(), port)).await?;
            let name = tls::server_name(&host)
                .map_err(|e| std::io::Error::other(DialError::Tls(e.to_string())))?;
            let tls = tokio_rustls::TlsConnector::from(config)
                .connect(name, tcp)
                .await
                .map_err(|e| std::io::Error::other(DialError::Tls(tls_detail(&e))))?;
            Box::new(tls)
        }
        Dial::Ssh { address, failures } => Box::new(ssh::dial(&address, failures)?),
    };
    Ok(Stream(TokioIo::new(io)))
}

/// rustls's error, read for the learner: a certificate problem is said plainly.
fn tls_detail(e: &std::io::Error) -> String {
    let text = e
        .get_ref()
        .map_or_else(|| e.to_string(), |inner| inner.to_string());
    let lower = text.to_lowercase();
    if lower.contains("unknownissuer") || lower.contains("unknown issuer") {
        trf!(
            "the engine's certificate is not signed by your CA (ca.pem) ({})",
            text
        )
    } else if lower.contains("notvalidforname") || lower.contains("not valid for name") {
        trf!(
            "the engine's certificate is for another host name ({})",
            text
        )
    } else if lower.contains("expired") {
        trf!("a certificate has expired ({})", text)
    } else if lower.contains("corrupt message") || lower.contains("invalidcontenttype") {
        trf!("the engine does not speak TLS on this port ({})", text)
    } else {
        text
    }
}

type Body = <BollardRequest as BodyOf>::Body;

trait BodyOf {
    type Body;
}

impl<B> BodyOf for http::Request<B> {
    type Body = B;
}

/// A pooled HTTP client over one endpoint's connections.
#[derive(Clone)]
pub(crate) struct Transport {
    client: Client<Connector, Body>,
    client_dial: Dial,
    /// For error messages: `unix:///...`, `tcp://...`, `ssh://...`.
    host: String,
    ssh_failures: Option<FailureSlot>,
}

impl Transport {
    /// A client for `endpoint` (its `host` filled in); nothing is contacted.
    pub(crate) fn new(endpoint: &Endpoint) -> Result<Self, EngineError> {
        let host = endpoint.address().to_owned();
        let tls_error = |detail: String| EngineError::Tls {
            host: host.clone(),
            detail,
        };
        let mut ssh_failures = None;
        let dial = match parse_host(&host)? {
            Address::Unix(path) => Dial::Unix(path),
            Address::Tcp { host: name, port } => match endpoint.tls_verify {
                None if !host.starts_with("https://") => Dial::Tcp {
                    host: name,
                    port: port.unwrap_or(2375),
                },
                verify => {
                    let folder = endpoint.cert_path.clone().unwrap_or_else(|| {
                        super::context::ContextStore::from_process()
                            .dir()
                            .to_path_buf()
                    });
                    let config = tls::client_config(&folder, verify.unwrap_or(true))
                        .map_err(|e| tls_error(e.to_string()))?;
                    Dial::Tls {
                        host: name,
                        port: port.unwrap_or(2376),
                        config,
                    }
                }
            },
            Address::Ssh(address) => {
                let failures = FailureSlot::default();
                ssh_failures = Some(failures.clone());
                Dial::Ssh { address, failures }
            }
        };
        let mut builder = Client::builder(TokioExecutor::new());
        // An idle ssh process or TLS session is cheap to keep for a few seconds, not forever.
        builder.pool_idle_timeout(Duration::from_secs(30));
        let client = builder.build(Connector(dial.clone()));
        Ok(Self {
            client,
            client_dial: dial,
            host,
            ssh_failures,
        })
    }

    /// For a plain `tcp://` endpoint whose requests fail: true when the server answers a TLS
    /// handshake, that is, TLS is needed but off here.
    pub(crate) async fn plain_tcp_speaks_tls(&self) -> bool {
        let Dial::Tcp { host, port } = &self.client_dial else {
            return false;
        };
        let Ok(config) = tls::probe_config() else {
            return false;
        };
        let Ok(name) = tls::server_name(host) else {
            return false;
        };
        let probe = async {
            let tcp = tokio::net::TcpStream::connect((host.as_str(), *port)).await?;
            tokio_rustls::TlsConnector::from(config)
                .connect(name, tcp)
                .await
                .map(|_| ())
        };
        match tokio::time::timeout(Duration::from_secs(5), probe).await {
            Ok(Ok(())) => true,
            // An alert (a client certificate is required, say) is TLS speaking too.
            Ok(Err(e)) => e
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
                .is_some_and(|r| matches!(r, rustls::Error::AlertReceived(_))),
            Err(_) => false,
        }
    }

    /// A bollard client whose every request goes through this transport.
    pub(crate) fn docker(&self) -> Result<Docker, EngineError> {
        let me = self.clone();
        let transport = move |request: BollardRequest| {
            let me = me.clone();
            async move { me.send(request).await.map_err(|e| e.into_bollard()) }
        };
        Docker::connect_with_custom_transport(
            transport,
            Some("http://docker"),
            CALL_TIMEOUT.as_secs() * 12,
            bollard::API_DEFAULT_VERSION,
        )
        .map_err(|e| EngineError::from_bollard(&self.host, e))
    }

    async fn send(
        &self,
        request: BollardRequest,
    ) -> Result<http::Response<hyper::body::Incoming>, SendError> {
        match self.client.request(request).await {
            Ok(response) => Ok(response),
            Err(e) => Err(self.explain(e).await),
        }
    }

    /// Finds our [`DialError`] in hyper's error, or, for ssh, what the process printed.
    async fn explain(&self, e: hyper_util::client::legacy::Error) -> SendError {
        if let Some(dial) = find_dial_error(&e) {
            return SendError::Dial(dial);
        }
        if let Some(slot) = &self.ssh_failures {
            let give_up = tokio::time::Instant::now() + SSH_STDERR_WAIT;
            while tokio::time::Instant::now() < give_up {
                let said = slot.lock().ok().and_then(|mut s| s.take());
                if let Some(stderr) = said {
                    return SendError::Dial(DialError::Ssh {
                        problem: SshProblem::classify(&stderr),
                        detail: stderr,
                    });
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
        SendError::Hyper(e)
    }

    /// GETs `path_and_query` and parses the JSON body, for reads bollard's models would refuse.
    pub(crate) async fn get_json(
        &self,
        path_and_query: &str,
    ) -> Result<serde_json::Value, EngineError> {
        let request = http::Request::get(format!("http://docker{path_and_query}"))
            .header("Host", "docker")
            .body(http_body_util::Either::Left(http_body_util::Full::new(
                Bytes::new(),
            )))
            .map_err(|e| EngineError::Connection {
                host: self.host.clone(),
                detail: e.to_string(),
            })?;
        let work = async {
            let response = self
                .send(request)
                .await
                .map_err(|e| EngineError::from_bollard(&self.host, e.into_bollard()))?;
            let status = response.status().as_u16();
            let body = response
                .into_body()
                .collect()
                .await
                .map_err(|e| EngineError::Connection {
                    host: self.host.clone(),
                    detail: e.to_string(),
                })?
                .to_bytes();
            Ok::<_, EngineError>((status, body))
        };
        let (status, body) = tokio::time::timeout(CALL_TIMEOUT, work)
            .await
            .map_err(|_| EngineError::Timeout {
                host: self.host.clone(),
                what: path_and_query.to_owned(),
            })??;
        if status >= 400 {
            let message = serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(str::to_owned))
                .unwrap_or_else(|| String::from_utf8_lossy(&body).into_owned());
            return Err(EngineError::Api { status, message });
        }
        serde_json::from_slice(&body).map_err(|e| EngineError::NotAnEngine {
            host: self.host.clone(),
            detail: trf!("{} did not answer with JSON ({})", path_and_query, e),
        })
    }
}

/// A request that failed: on the way there (ours), or in hyper.
enum SendError {
    Dial(DialError),
    Hyper(hyper_util::client::legacy::Error),
}

impl SendError {
    fn into_bollard(self) -> bollard::errors::Error {
        match self {
            Self::Dial(d) => bollard::errors::Error::IOError {
                err: std::io::Error::other(d),
            },
            Self::Hyper(e) => match find_io_error(&e) {
                Some(io) => bollard::errors::Error::IOError {
                    err: std::io::Error::new(io.kind(), error_chain(&e)),
                },
                None => bollard::errors::Error::IOError {
                    err: std::io::Error::other(error_chain(&e)),
                },
            },
        }
    }
}

fn sources<'a>(
    e: &'a (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'a (dyn std::error::Error + 'static)> {
    std::iter::successors(Some(e), |e| e.source())
}

fn find_dial_error(e: &(dyn std::error::Error + 'static)) -> Option<DialError> {
    sources(e).find_map(|s| {
        s.downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|inner| inner.downcast_ref::<DialError>())
            .or_else(|| s.downcast_ref::<DialError>())
            .cloned()
    })
}

fn find_io_error<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a std::io::Error> {
    sources(e).find_map(|s| s.downcast_ref::<std::io::Error>())
}

fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    sources(e)
        .map(|s| s.to_string())
        .collect::<Vec<_>>()
        .join(": ")
}
