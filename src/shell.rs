//! Running lesson commands (setup, solution, a shown command, the learner's own line) in a
//! workspace, captured, under a timeout. The text runs as written by `sh`; docktor never
//! splices values into it.

use std::path::Path;
use std::process::Stdio;
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
    let child = Command::new("sh")
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
