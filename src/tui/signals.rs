//! Signals that end the tutor cleanly: SIGTERM, SIGHUP and SIGINT (Ctrl-C from outside; in
//! raw mode the key itself arrives as a key press), and passing one on to a command that has
//! the terminal, so the tutor never waits for the learner to leave a shell before it ends.

use std::io;

/// Which signal arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    Terminate,
    Hangup,
    Interrupt,
}

/// The signals the tutor listens to.
pub struct Signals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
    #[cfg(unix)]
    hup: tokio::signal::unix::Signal,
    #[cfg(unix)]
    int: tokio::signal::unix::Signal,
}

impl Signals {
    /// Starts listening. From here on these signals no longer kill the process outright.
    pub fn new() -> io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Self {
                term: signal(SignalKind::terminate())?,
                hup: signal(SignalKind::hangup())?,
                int: signal(SignalKind::interrupt())?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Self {})
        }
    }

    /// The next signal.
    pub async fn recv(&mut self) -> Signal {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.term.recv() => Signal::Terminate,
                _ = self.hup.recv() => Signal::Hangup,
                _ = self.int.recv() => Signal::Interrupt,
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            Signal::Interrupt
        }
    }
}

impl Signal {
    /// The signal's name as `kill -s` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Terminate => "TERM",
            Self::Hangup => "HUP",
            Self::Interrupt => "INT",
        }
    }
}

/// Sends `signal` to the process `root` and every process below it (the shell running the
/// learner's line and the `docker` it started). Uses the shell's own `kill`, so no unsafe code
/// and no extra crate; a process that is already gone is no error.
pub fn forward(root: u32, signal: &str) {
    // The command first, so it cannot carry on once what it waits for has ended.
    let below = descendants(root);
    let pids: Vec<String> = std::iter::once(root)
        .chain(below)
        .map(|pid| pid.to_string())
        .collect();
    let _ = std::process::Command::new("sh")
        .args(["-c", "kill -s \"$0\" \"$@\" 2>/dev/null", signal])
        .args(&pids)
        .stdin(std::process::Stdio::null())
        .status();
}

/// Every process below `root`, read from `/proc` (empty where there is none).
fn descendants(root: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let parents: Vec<(u32, u32)> = entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| Some((pid, parent_of(pid)?)))
        .collect();
    let mut found = vec![root];
    let mut i = 0;
    while i < found.len() {
        let parent = found[i];
        found.extend(
            parents
                .iter()
                .filter(|(_, p)| *p == parent)
                .map(|(c, _)| *c),
        );
        i += 1;
    }
    found.remove(0);
    found
}

/// The parent of `pid`: the field after the state in `/proc/PID/stat` (the command name
/// before it may hold spaces and parentheses, so it is skipped up to the last `)`).
fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = &stat[stat.rfind(')')? + 1..];
    after.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forwarded_signal_reaches_the_command_and_what_it_started() {
        let mut child = std::process::Command::new("sh")
            .args(["-c", "sleep 30 & wait"])
            .spawn()
            .expect("sh starts");
        let root = child.id();
        let started = std::time::Instant::now();
        while descendants(root).is_empty() && started.elapsed().as_secs() < 5 {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let below = descendants(root);
        assert_eq!(below.len(), 1, "the sleep under the shell: {below:?}");
        forward(root, Signal::Terminate.name());
        let status = child.wait().expect("sh ends");
        use std::os::unix::process::ExitStatusExt as _;
        assert_eq!(status.signal(), Some(15), "{status:?}");
        let gone = || {
            std::fs::read_to_string(format!("/proc/{}/stat", below[0])).map_or(true, |stat| {
                stat.rsplit(')')
                    .next()
                    .is_some_and(|r| r.trim_start().starts_with('Z'))
            })
        };
        while !gone() && started.elapsed().as_secs() < 5 {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(gone(), "the sleep is gone too, not left behind");
    }
}
