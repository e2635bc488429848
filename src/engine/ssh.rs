//! `ssh://` engines, reached as the docker CLI reaches them: `ssh HOST docker system
//! dial-stdio`, with HTTP spoken over that process's stdin and stdout. The user's own `ssh`,
//! config and keys are used; batch mode, so a password prompt never takes over the terminal.
//! What ssh prints on failure is turned into a sentence saying what to do.

use std::pin::Pin;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, ReadBuf};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

use super::endpoint::SshAddress;
use crate::{tr, trf};

/// How much of ssh's error output is kept.
const STDERR_MAX: usize = 4096;

/// What went wrong on the way to an engine over ssh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SshProblem {
    /// The host's key is not in known_hosts, or changed.
    HostKey,
    /// The host refused every key offered.
    KeyRefused,
    /// The host name does not resolve, or nothing listens for ssh there.
    Unreachable,
    /// ssh got in, but the far side has no `docker` command (or it cannot reach its engine).
    NoDocker,
    /// The `ssh` program is not installed here.
    NoSshClient,
    Other,
}

impl SshProblem {
    /// Reads ssh's (and the far side's) error output.
    pub fn classify(stderr: &str) -> Self {
        let s = stderr.to_lowercase();
        if s.contains("host key verification failed")
            || s.contains("remote host identification has changed")
            || s.contains("host key is known")
        {
            Self::HostKey
        } else if s.contains("permission denied (") || s.contains("too many authentication") {
            Self::KeyRefused
        } else if s.contains("could not resolve hostname")
            || s.contains("connection refused")
            || s.contains("connection timed out")
            || s.contains("no route to host")
        {
            Self::Unreachable
        } else if s.contains("command not found")
            || s.contains("docker: not found")
            || s.contains("cannot connect to the docker daemon")
            || s.contains("unknown command")
        {
            Self::NoDocker
        } else {
            Self::Other
        }
    }

    /// What to do about it, for `host`, in the learner's language.
    pub fn advice(self, host: &str) -> String {
        match self {
            Self::HostKey => trf!(
                "ssh does not trust the host key of {}: run `ssh {}` once in a terminal and accept the key (or fix ~/.ssh/known_hosts)",
                host,
                host
            ),
            Self::KeyRefused => trf!(
                "{} refused your ssh key: add your public key to ~/.ssh/authorized_keys there, or load it with `ssh-add` (docktor never asks for an ssh password)",
                host
            ),
            Self::Unreachable => trf!(
                "no ssh server answers at {}: check the host name and port, and that sshd runs there",
                host
            ),
            Self::NoDocker => trf!(
                "ssh reached {}, but `docker system dial-stdio` failed there: install the docker CLI on {} and make sure its engine runs (`ssh {} docker info`)",
                host,
                host,
                host
            ),
            Self::NoSshClient => tr!(
                "the `ssh` program is not installed here (Debian: `apt-get install openssh-client`)"
            )
            .to_owned(),
            Self::Other => trf!("ssh to {} failed", host),
        }
    }
}

/// The last failure of an ssh process of one client, shared with the transport's error mapping.
pub type FailureSlot = Arc<Mutex<Option<String>>>;

/// The arguments the docker CLI passes to ssh, plus batch mode.
pub fn arguments(address: &SshAddress) -> Vec<String> {
    let mut args = vec![
        "-o".to_owned(),
        "ConnectTimeout=30".to_owned(),
        "-o".to_owned(),
        "BatchMode=yes".to_owned(),
        "-T".to_owned(),
    ];
    if let Some(user) = &address.user {
        args.extend(["-l".to_owned(), user.clone()]);
    }
    if let Some(port) = address.port {
        args.extend(["-p".to_owned(), port.to_string()]);
    }
    args.extend([
        "--".to_owned(),
        address.host.clone(),
        "docker".to_owned(),
        "system".to_owned(),
        "dial-stdio".to_owned(),
    ]);
    args
}

/// The host name ssh really connects to for `address` (`ssh -G` resolves config aliases),
/// remembered per address; the name as given when ssh cannot say.
pub fn resolved_hostname(address: &SshAddress) -> String {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static SEEN: OnceLock<Mutex<HashMap<String, String>>> = OnceLock::new();
    let seen = SEEN.get_or_init(Mutex::default);
    if let Some(known) = seen.lock().ok().and_then(|s| s.get(&address.host).cloned()) {
        return known;
    }
    let resolved = std::process::Command::new("ssh")
        .args(["-G", "--", &address.host])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .find_map(|l| l.strip_prefix("hostname ").map(str::to_owned))
        })
        .unwrap_or_else(|| address.host.clone());
    if let Ok(mut s) = seen.lock() {
        s.insert(address.host.clone(), resolved.clone());
    }
    resolved
}

/// One ssh process: its stdout is what the engine sends, its stdin what we send.
pub struct SshStream {
    _child: Child,
    stdout: ChildStdout,
    stdin: ChildStdin,
}

/// Starts `ssh ... docker system dial-stdio`; its error output goes to `failures` if it ends.
pub fn dial(address: &SshAddress, failures: FailureSlot) -> std::io::Result<SshStream> {
    let mut child = Command::new("ssh")
        .args(arguments(address))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                std::io::Error::new(e.kind(), SshProblem::NoSshClient.advice(&address.host))
            } else {
                e
            }
        })?;
    let (Some(stdin), Some(stdout), Some(mut stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        return Err(std::io::Error::other("ssh started without its pipes"));
    };
    tokio::spawn(async move {
        let mut text = Vec::new();
        let mut chunk = [0u8; 512];
        while let Ok(n) = stderr.read(&mut chunk).await {
            if n == 0 {
                break;
            }
            let room = STDERR_MAX.saturating_sub(text.len());
            text.extend_from_slice(&chunk[..n.min(room)]);
        }
        let text = String::from_utf8_lossy(&text).trim().to_owned();
        if !text.is_empty()
            && let Ok(mut slot) = failures.lock()
        {
            *slot = Some(text);
        }
    });
    Ok(SshStream {
        _child: child,
        stdout,
        stdin,
    })
}

impl AsyncRead for SshStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stdout).poll_read(cx, buf)
    }
}

impl AsyncWrite for SshStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.stdin).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stdin).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stdin).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssh_failures_are_told_apart_by_what_ssh_prints() {
        let cases = [
            ("Host key verification failed.", SshProblem::HostKey),
            (
                "me@lab: Permission denied (publickey,password).",
                SshProblem::KeyRefused,
            ),
            (
                "ssh: connect to host lab port 22: Connection refused",
                SshProblem::Unreachable,
            ),
            (
                "bash: line 1: docker: command not found",
                SshProblem::NoDocker,
            ),
        ];
        for (stderr, problem) in cases {
            assert_eq!(SshProblem::classify(stderr), problem, "{stderr}");
        }
    }

    #[test]
    fn the_docker_cli_ssh_arguments_are_used_in_batch_mode() {
        let args = arguments(&SshAddress {
            user: Some("me".into()),
            host: "lab".into(),
            port: Some(2222),
        });
        let joined = args.join(" ");
        assert!(joined.contains("BatchMode=yes"));
        assert!(joined.ends_with("-l me -p 2222 -- lab docker system dial-stdio"));
    }
}
