//! Running lesson commands (setup, solution, a shown command, the learner's own line) in a
//! workspace, captured, under a timeout. The text runs as written by `sh`; docktor never
//! splices values into it.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::OnceLock;
use std::time::Duration;

use tokio::process::{Child, Command};

/// How a command ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandOutput {
    /// `None` when it was killed (timeout) or ended by a signal.
    pub exit_code: Option<i32>,
    /// Standard output then standard error.
    pub output: String,
    pub timed_out: bool,
}

impl CommandOutput {
    pub fn succeeded(&self) -> bool {
        self.exit_code == Some(0)
    }

    /// How it ended, for a message: "exited with code 125", "was killed by a signal",
    /// "timed out".
    pub fn ending(&self) -> String {
        match (self.timed_out, self.exit_code) {
            (true, _) => "timed out".to_owned(),
            (false, Some(code)) => format!("exited with code {code}"),
            (false, None) => "was killed by a signal".to_owned(),
        }
    }
}

/// Runs `script` with `sh -e` in `dir`, stopping at the first failing line, under `limit`.
pub async fn run_script(
    script: &str,
    dir: &Path,
    limit: Duration,
) -> std::io::Result<CommandOutput> {
    run(script, true, dir, limit).await
}

/// Runs one line typed by the learner with `sh -c` in `dir`, under `limit`.
pub async fn run_line(line: &str, dir: &Path, limit: Duration) -> std::io::Result<CommandOutput> {
    run(line, false, dir, limit).await
}

/// How long a stopped command gets after an interrupt before it is killed.
const GRACE: Duration = Duration::from_secs(2);
/// How long to wait for the last output once the command has exited (a background process
/// it left may hold the pipes open).
const DRAIN: Duration = Duration::from_millis(500);

async fn run(
    script: &str,
    strict: bool,
    dir: &Path,
    limit: Duration,
) -> std::io::Result<CommandOutput> {
    let mut child = spawn(script, strict, dir)?;
    let mut guard = GroupGuard::new(&child);
    let stdout = child.stdout.take().map(|pipe| tokio::spawn(read_all(pipe)));
    let stderr = child.stderr.take().map(|pipe| tokio::spawn(read_all(pipe)));
    let (exit_code, timed_out) = match tokio::time::timeout(limit, child.wait()).await {
        Ok(status) => (status?.code(), false),
        Err(_) => {
            guard.stop(&mut child).await;
            (None, true)
        }
    };
    guard.disarm();
    let mut output = String::new();
    for reader in [stdout, stderr].into_iter().flatten() {
        if let Ok(Ok(bytes)) = tokio::time::timeout(DRAIN, reader).await {
            output.push_str(&String::from_utf8_lossy(&bytes));
        }
    }
    if timed_out {
        output.push_str(&format!("\nstopped after {} s", limit.as_secs()));
    }
    Ok(CommandOutput {
        exit_code,
        output,
        timed_out,
    })
}

async fn read_all(mut pipe: impl tokio::io::AsyncRead + Unpin) -> Vec<u8> {
    let mut bytes = Vec::new();
    let _ = tokio::io::AsyncReadExt::read_to_end(&mut pipe, &mut bytes).await;
    bytes
}

/// Starts `script` with `sh` (`-e` when `strict`) in `dir`, output piped, in a process group
/// of its own: dash forks commands instead of replacing itself, so stopping `sh` alone would
/// leave the `docker` process it started running.
pub fn spawn(script: &str, strict: bool, dir: &Path) -> std::io::Result<Child> {
    let mut command = Command::new("sh");
    if let Some(path) = path_with_compose_shim() {
        command.env("PATH", path);
    }
    crate::engine::point_command(&mut command);
    if strict {
        command.arg("-e");
    }
    command
        .args(["-c", script])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    #[cfg(unix)]
    command.process_group(0);
    command.spawn()
}

/// Kills a command's whole process group when dropped before the command ended (a timeout, a
/// cancel, docktor quitting); [`GroupGuard::disarm`] once it has ended.
pub struct GroupGuard {
    pgid: Option<u32>,
}

impl GroupGuard {
    /// Guards the group `child` leads (it was started by [`spawn`]).
    pub fn new(child: &Child) -> Self {
        Self {
            pgid: child.id().filter(|id| *id != 0),
        }
    }

    /// The command ended by itself: nothing to kill.
    pub fn disarm(&mut self) {
        self.pgid = None;
    }

    /// Interrupts the group as Ctrl-C would, then kills it if it has not ended after a grace period.
    pub async fn stop(&mut self, child: &mut Child) {
        let Some(pgid) = self.pgid else { return };
        signal_group(pgid, "INT").await;
        if tokio::time::timeout(GRACE, child.wait()).await.is_err() {
            signal_group(pgid, "KILL").await;
            let _ = child.wait().await;
        }
        self.pgid = None;
    }
}

impl Drop for GroupGuard {
    fn drop(&mut self) {
        if let Some(pgid) = self.pgid {
            let _ = std::process::Command::new("sh")
                .args(["-c", &format!("kill -s KILL -- -{pgid} 2>/dev/null")])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
}

/// Sends `signal` to every process of the group (through `kill`, so docktor needs no unsafe code).
async fn signal_group(pgid: u32, signal: &str) {
    let _ = Command::new("sh")
        .args(["-c", &format!("kill -s {signal} -- -{pgid} 2>/dev/null")])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .await;
}

/// Lessons write `docker-compose`; where only the v2 plugin (`docker compose`) exists, a
/// one-line `docker-compose` shim is put first on PATH for lesson commands.
pub fn path_with_compose_shim() -> Option<&'static OsString> {
    static PATH: OnceLock<Option<OsString>> = OnceLock::new();
    PATH.get_or_init(|| {
        let path = std::env::var_os("PATH")?;
        if on_path(&path, "docker-compose") || !has_compose_plugin() {
            return None;
        }
        let shim_dir = crate::paths::data_dir().join("shims");
        let shim = shim_dir.join("docker-compose");
        std::fs::create_dir_all(&shim_dir).ok()?;
        std::fs::write(&shim, "#!/bin/sh\nexec docker compose \"$@\"\n").ok()?;
        make_executable(&shim).ok()?;
        let mut dirs = vec![shim_dir];
        dirs.extend(std::env::split_paths(&path));
        std::env::join_paths(dirs).ok()
    })
    .as_ref()
}

fn on_path(path: &OsString, program: &str) -> bool {
    std::env::split_paths(path).any(|d: PathBuf| d.join(program).is_file())
}

fn has_compose_plugin() -> bool {
    std::process::Command::new("docker")
        .args(["compose", "version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[cfg(unix)]
fn make_executable(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_script_stops_at_its_first_failing_line() {
        let out = run_script(
            "echo one\nfalse\necho two",
            Path::new("."),
            Duration::from_secs(5),
        )
        .await
        .expect("runs");
        assert_eq!(out.exit_code, Some(1));
        assert_eq!(out.output, "one\n");
    }

    #[tokio::test]
    async fn a_command_past_its_limit_is_stopped() {
        let out = run_line("sleep 5", Path::new("."), Duration::from_millis(100))
            .await
            .expect("runs");
        assert!(out.timed_out);
        assert!(!out.succeeded());
    }

    #[tokio::test]
    async fn a_timeout_stops_what_the_shell_started_not_just_the_shell() {
        let marker =
            std::env::temp_dir().join(format!("docktor-shell-orphan-{}", std::process::id()));
        let _ = std::fs::remove_file(&marker);
        // dash forks the inner `sh -c`: it would outlive a killed outer shell.
        let script = format!("sh -c 'sleep 1; touch {}'; true", marker.display());
        let out = run_line(&script, Path::new("."), Duration::from_millis(200))
            .await
            .expect("runs");
        assert!(out.timed_out);
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert!(
            !marker.exists(),
            "the forked child kept running after the timeout"
        );
    }
}
