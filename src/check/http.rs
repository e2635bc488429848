//! The HTTP part of a container check: a tiny HTTP/1.0 GET to the host port a container port
//! is published on, bounded in time and size, graded on status and body.
//!
//! A GET can have side effects (a visit counter counts it), so a grader that grades again and
//! again holds an [`HttpCache`]: an answer is reused while the container is the same run of the
//! same container and no engine event about it has come since.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::{Findings, GradeContext, HttpSpec, ports};
use crate::engine::ContainerFacts;
use crate::{tr, trf};

/// How long one request may take, from connecting to the end of the body.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// How long to keep retrying a server that refuses or drops connections: a learner often
/// checks a moment after `docker run`, before the server inside listens.
const STARTUP_GRACE: Duration = Duration::from_secs(3);
/// The first pause between tries; each later one doubles, up to [`RETRY_PAUSE_MAX`]. A server
/// usually listens within tens of milliseconds of its start event, so a long first pause
/// would delay the verdict the learner is waiting for.
const RETRY_PAUSE_FIRST: Duration = Duration::from_millis(10);
const RETRY_PAUSE_MAX: Duration = Duration::from_millis(320);
/// How much of a response is read.
const RESPONSE_MAX_BYTES: u64 = 1 << 20;

/// What a server answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub body: String,
}

/// Why no answer came, in a learner's words.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Failure {
    /// Worth retrying: nothing listens yet, or the proxy dropped the connection.
    NotYet(String),
    Final(String),
}

/// Why an HTTP check's `path` cannot be sent, if it cannot: it must start with `/` and hold
/// no spaces or control characters, which would end the request line and add lines of the
/// author's own to the request.
pub fn path_problem(path: &str) -> Option<String> {
    if !path.starts_with('/') {
        return Some(trf!(
            "http.path `{}` must start with `/`",
            path.escape_default()
        ));
    }
    path.chars()
        .any(|c| c.is_control() || c.is_whitespace())
        .then(|| {
            trf!(
                "http.path `{}` must not hold spaces or control characters",
                path.escape_default()
            )
        })
}

/// Records what a GET to the container's published port answers.
/// What identifies one answer: the same request to the same run of the same container.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct CacheKey {
    container: String,
    name: String,
    started_at: Option<SystemTime>,
    restart_count: i64,
    host: String,
    port: u16,
    path: String,
}

/// HTTP answers already received, kept until an engine event about their container.
#[derive(Debug, Default)]
pub struct HttpCache {
    replies: Mutex<HashMap<CacheKey, Reply>>,
}

impl HttpCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// Forgets the answers of one container (by name, id or id prefix): call it on every
    /// engine event about that container (a `docker cp` or an exec may change what it serves).
    pub fn forget(&self, container: &str) {
        if container.is_empty() {
            return self.clear();
        }
        if let Ok(mut replies) = self.replies.lock() {
            replies.retain(|key, _| key.name != container && !key.container.starts_with(container));
        }
    }

    /// Forgets every answer (an event whose container is unknown, a reconnect).
    pub fn clear(&self) {
        if let Ok(mut replies) = self.replies.lock() {
            replies.clear();
        }
    }

    /// How many answers are kept.
    pub fn len(&self) -> usize {
        self.replies.lock().map_or(0, |r| r.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn get(&self, key: &CacheKey) -> Option<Reply> {
        self.replies.lock().ok()?.get(key).cloned()
    }

    fn put(&self, key: CacheKey, reply: Reply) {
        if let Ok(mut replies) = self.replies.lock() {
            replies.insert(key, reply);
        }
    }
}

/// Records what a GET to the container's published port answers (or answered before, when
/// the context's cache has it and nothing about the container changed since).
pub async fn grade(
    spec: &HttpSpec,
    container: &ContainerFacts,
    ctx: &GradeContext<'_>,
    f: &mut Findings,
) {
    let engine_host = ctx.engine.host();
    let path = spec.path.clone().unwrap_or_else(|| "/".to_owned());
    if let Some(why) = path_problem(&path) {
        f.wrong(trf!("cannot be asked over HTTP: {}", why));
        return;
    }
    let Some(binding) = ports::tcp_binding(&container.ports, spec.port) else {
        f.wrong(trf!(
            "does not publish port {}, so it cannot be reached over HTTP",
            spec.port
        ));
        return;
    };
    let host = target_host(engine_host, &binding.host_ip);
    let shown = if host.contains(':') {
        format!("[{host}]:{}", binding.host_port)
    } else {
        format!("{host}:{}", binding.host_port)
    };
    let request = trf!("GET {} on port {}", path, binding.host_port);
    let key = CacheKey {
        container: container.id.clone(),
        name: container.name.clone(),
        started_at: container.started_at,
        restart_count: container.restart_count,
        host: host.clone(),
        port: binding.host_port,
        path: path.clone(),
    };
    let cached = ctx.http_cache.and_then(|cache| cache.get(&key));
    let reply = match cached {
        Some(reply) => reply,
        None => match get_with_grace(&host, binding.host_port, &path).await {
            Ok(reply) => {
                if let Some(cache) = ctx.http_cache {
                    cache.put(key, reply.clone());
                }
                reply
            }
            Err(why) => {
                f.wrong(trf!(
                    "does not answer {} (tried {}): {}",
                    request,
                    shown,
                    why
                ));
                return;
            }
        },
    };
    let status = spec.status.unwrap_or(200);
    f.expect(
        reply.status == status,
        trf!("answers {} with {}", request, reply.status),
        trf!(
            "answers {} with {}; expected {}",
            request,
            reply.status,
            status
        ),
    );
    if let Some(needle) = &spec.body_contains {
        f.expect(
            reply.body.contains(needle.as_str()),
            trf!("serves a page containing `{}`", needle),
            trf!("serves a page that does not contain `{}`", needle),
        );
    }
    if let Some(pattern) = &spec.body_matches {
        f.expect(
            pattern.is_match(&reply.body),
            trf!("serves a page matching {}", pattern),
            trf!("serves a page that does not match {}", pattern),
        );
    }
}

/// Where to connect: the engine's machine for a `tcp://` or `ssh://` engine (where it
/// publishes ports), else this machine.
fn target_host(engine_host: &str, binding_ip: &str) -> String {
    if let Some(remote) = crate::engine::publish_host(engine_host) {
        return remote;
    }
    match binding_ip {
        "" | "0.0.0.0" | "::" => "127.0.0.1".to_owned(),
        ip => ip.to_owned(),
    }
}

/// GETs, retrying while the server is not up yet, for at most [`STARTUP_GRACE`].
async fn get_with_grace(host: &str, port: u16, path: &str) -> Result<Reply, String> {
    let give_up = tokio::time::Instant::now() + STARTUP_GRACE;
    let mut pause = RETRY_PAUSE_FIRST;
    loop {
        match get(host, port, path).await {
            Ok(reply) => return Ok(reply),
            Err(Failure::Final(why)) => return Err(why),
            Err(Failure::NotYet(why)) if tokio::time::Instant::now() >= give_up => return Err(why),
            Err(Failure::NotYet(_)) => {
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(RETRY_PAUSE_MAX);
            }
        }
    }
}

async fn get(host: &str, port: u16, path: &str) -> Result<Reply, Failure> {
    let exchange = async {
        let mut stream = TcpStream::connect((host, port))
            .await
            .map_err(|e| Failure::NotYet(trf!("nothing accepts connections ({})", e.kind())))?;
        let request = format!(
            "GET {path} HTTP/1.0\r\nHost: {host}:{port}\r\nUser-Agent: docktor\r\nConnection: close\r\n\r\n"
        );
        stream
            .write_all(request.as_bytes())
            .await
            .map_err(|e| Failure::NotYet(trf!("the connection broke ({})", e.kind())))?;
        let mut response = Vec::new();
        (&mut stream)
            .take(RESPONSE_MAX_BYTES)
            .read_to_end(&mut response)
            .await
            .map_err(|e| Failure::NotYet(trf!("the connection broke ({})", e.kind())))?;
        parse_reply(&response)
    };
    tokio::time::timeout(REQUEST_TIMEOUT, exchange)
        .await
        .unwrap_or_else(|_| {
            Err(Failure::Final(trf!(
                "no answer within {} seconds",
                REQUEST_TIMEOUT.as_secs()
            )))
        })
}

/// Splits a raw HTTP/1.x response into its status code and body.
fn parse_reply(response: &[u8]) -> Result<Reply, Failure> {
    if response.is_empty() {
        return Err(Failure::NotYet(
            tr!("the connection closed without an answer (is the server listening inside the container?)")
                .to_owned(),
        ));
    }
    let text = String::from_utf8_lossy(response);
    let status_line = text.lines().next().unwrap_or_default();
    let status = status_line
        .strip_prefix("HTTP/")
        .and_then(|rest| rest.split_whitespace().nth(1))
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(|| Failure::Final(tr!("the answer is not HTTP").to_owned()))?;
    let body = match text
        .split_once("\r\n\r\n")
        .or_else(|| text.split_once("\n\n"))
    {
        Some((_, body)) => body.to_owned(),
        None => String::new(),
    };
    Ok(Reply { status, body })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reply_gives_its_status_and_body() {
        let raw = b"HTTP/1.0 404 Not Found\r\nContent-Type: text/html\r\n\r\n<h1>gone</h1>";
        assert_eq!(
            parse_reply(raw),
            Ok(Reply {
                status: 404,
                body: "<h1>gone</h1>".into()
            })
        );
    }

    #[test]
    fn an_empty_reply_is_worth_retrying_and_garbage_is_not() {
        assert!(matches!(parse_reply(b""), Err(Failure::NotYet(_))));
        assert!(matches!(
            parse_reply(b"SSH-2.0-OpenSSH"),
            Err(Failure::Final(_))
        ));
    }

    #[test]
    fn requests_go_to_the_engine_machine_or_to_this_one() {
        assert_eq!(
            target_host("unix:///var/run/docker.sock", "0.0.0.0"),
            "127.0.0.1"
        );
        assert_eq!(
            target_host("unix:///var/run/docker.sock", "::"),
            "127.0.0.1"
        );
        assert_eq!(target_host("unix:///x", "127.0.0.2"), "127.0.0.2");
        assert_eq!(target_host("tcp://10.0.0.5:2375", "0.0.0.0"), "10.0.0.5");
        assert_eq!(target_host("tcp://[::1]:2375", "0.0.0.0"), "::1");
    }
}
