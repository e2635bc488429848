//! Running lesson commands (setup, solution, a shown command, the learner's own line) in a
//! workspace, captured, under a timeout. The text runs as written by `sh`; docktor never
//! splices values into it.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::OnceLock;
use std::time::Duration;

use tokio::process::Command;

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
}

/// Runs `script` with `sh -e` in `dir`, stopping at the first failing line, under `limit`.
pub async fn run_script(
    script: &str,
    dir: &Path,
    limit: Duration,
) -> std::io::Result<CommandOutput> {
    run(&["-e", "-c", script], dir, limit).await
}

/// Runs one line typed by the learner with `sh -c` in `dir`, under `limit`.
pub async fn run_line(line: &str, dir: &Path, limit: Duration) -> std::io::Result<CommandOutput> {
    run(&["-c", line], dir, limit).await
}

async fn run(args: &[&str], dir: &Path, limit: Duration) -> std::io::Result<CommandOutput> {
    let mut command = Command::new("sh");
    if let Some(path) = path_with_compose_shim() {
        command.env("PATH", path);
    }
    let child = command
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()?;
    match tokio::time::timeout(limit, child.wait_with_output()).await {
        Ok(result) => {
            let out = result?;
            let mut output = String::from_utf8_lossy(&out.stdout).into_owned();
            output.push_str(&String::from_utf8_lossy(&out.stderr));
            Ok(CommandOutput {
                exit_code: out.status.code(),
                output,
                timed_out: false,
            })
        }
        Err(_) => Ok(CommandOutput {
            exit_code: None,
            output: format!("stopped after {} s", limit.as_secs()),
            timed_out: true,
        }),
    }
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
}
