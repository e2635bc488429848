//! Shared by the `tests/cli_*.rs` files: a throwaway DOCKTOR_HOME and lesson pack, the real
//! binary run against them, and a reader that waits for a line of a running docktor.
#![allow(dead_code)] // Each test binary uses its own share of these helpers.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::support::unique_name;

/// A throwaway DOCKTOR_HOME and pack folder for one test, removed when dropped.
pub struct Scratch {
    pub dir: PathBuf,
}

impl Scratch {
    pub fn new(tag: &str) -> Self {
        let dir = std::env::temp_dir().join(unique_name(&format!("docktor-cli-{tag}")));
        std::fs::create_dir_all(dir.join("home")).expect("create scratch");
        Self { dir }
    }

    /// Writes `lesson.md` (and starter files) of a lesson folder in this scratch's pack.
    pub fn lesson(&self, folder: &str, text: &str) -> &Self {
        let dir = self.pack().join(folder);
        std::fs::create_dir_all(&dir).expect("create lesson folder");
        std::fs::write(dir.join("lesson.md"), text).expect("write lesson");
        self
    }

    pub fn pack(&self) -> PathBuf {
        self.dir.join("pack")
    }

    pub fn home(&self) -> PathBuf {
        self.dir.join("home")
    }

    /// The docktor binary with this scratch's home, no colour variables, no standard input, in
    /// English (`DOCKTOR_LANG=en`) unless a test passes `--lang` or sets `DOCKTOR_LANG` itself.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_docktor"));
        command
            .args(args)
            .env("DOCKTOR_HOME", self.home())
            .env("DOCKTOR_LANG", "en")
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null());
        command
    }

    /// Runs docktor with NO_COLOR set, to completion.
    pub fn docktor(&self, args: &[&str]) -> Output {
        self.command(args)
            .env("NO_COLOR", "1")
            .output()
            .expect("run docktor")
    }

    /// Runs docktor on this scratch's pack, trusted.
    pub fn docktor_on_pack(&self, args: &[&str]) -> Output {
        let pack = self.pack();
        let mut all = vec!["--lessons", pack.to_str().expect("utf-8 path"), "--trust"];
        all.extend_from_slice(args);
        self.docktor(&all)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Standard output then standard error, as text.
pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A running docktor whose standard output is read line by line; killed when dropped.
pub struct Running {
    pub child: Child,
    lines: mpsc::Receiver<String>,
    pub seen: Vec<String>,
}

impl Running {
    pub fn spawn(mut command: Command) -> Self {
        let mut child = command
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start docktor");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { return };
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        Self {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits for a line containing `needle`, panicking with everything seen after `limit`.
    pub fn wait_for(&mut self, needle: &str, limit: Duration) -> String {
        let end = Instant::now() + limit;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(_) => panic!(
                    "no line with `{needle}` within {limit:?}; seen:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    /// Sends SIGINT, as Ctrl-C does.
    pub fn interrupt(&self) {
        let status = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -INT failed");
    }

    /// Waits for the exit, at most `limit`; the exit code.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<i32> {
        let end = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code();
            }
            assert!(
                Instant::now() < end,
                "docktor did not end within {limit:?}; seen:\n{}",
                self.seen.join("\n")
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Every line printed so far and until the output closes.
    pub fn rest(&mut self) -> String {
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(2)) {
            self.seen.push(line);
        }
        self.seen.join("\n")
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
