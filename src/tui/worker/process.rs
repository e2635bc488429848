//! Running a captured command for the output pane: its own process group (so a cancel stops
//! everything it started, not just `sh`), output streamed as it comes, a time limit.
//!
//! Starting and stopping the process group is `shell`'s; this module streams the output.

use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::process::Child;
use tokio::sync::{mpsc, oneshot};
use tokio::time::{Instant, MissedTickBehavior};

use crate::shell::{self, GroupGuard};
use crate::tui::cmd::RunRequest;
use crate::tui::msg::{Msg, RunEnd};

/// How long a captured command may run.
pub const LIMIT: Duration = Duration::from_secs(600);
/// How often output is passed on (and the elapsed time counted) while a command runs.
const FLUSH_EVERY: Duration = Duration::from_millis(100);
/// How long to wait for the last output once the command has exited.
const DRAIN: Duration = Duration::from_millis(500);

/// Runs `request`, reporting output, ticks and the end to `tx`, until done or `cancel` fires.
pub async fn run(
    request: RunRequest,
    tx: mpsc::UnboundedSender<Msg>,
    mut cancel: oneshot::Receiver<()>,
) {
    let id = request.id;
    let (mut child, mut chunks) = match shell::spawn(&request.script, request.strict, &request.dir)
    {
        Ok(child) => with_readers(child),
        Err(e) => {
            let _ = tx.send(Msg::CommandFinished {
                id,
                end: RunEnd::FailedToStart(e.to_string()),
            });
            return;
        }
    };
    let mut guard = GroupGuard::new(&child);
    let started = Instant::now();
    let deadline = started + LIMIT;
    let mut flush = tokio::time::interval_at(started + FLUSH_EVERY, FLUSH_EVERY);
    flush.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let mut pending = String::new();
    let mut last_secs = 0;
    let end = loop {
        tokio::select! {
            status = child.wait() => break RunEnd::Exited(status.ok().and_then(|s| s.code())),
            Some(chunk) = chunks.recv() => pending.push_str(&chunk),
            _ = flush.tick() => {
                send_output(&tx, id, &mut pending);
                let secs = started.elapsed().as_secs();
                if secs != last_secs {
                    last_secs = secs;
                    let _ = tx.send(Msg::CommandTick { id, elapsed_secs: secs });
                }
            }
            _ = &mut cancel => {
                guard.stop(&mut child).await;
                break RunEnd::Cancelled;
            }
            _ = tokio::time::sleep_until(deadline) => {
                guard.stop(&mut child).await;
                break RunEnd::TimedOut { after_secs: LIMIT.as_secs() };
            }
        }
    };
    guard.disarm();
    // The pipes close once every process of the command has gone; don't wait for stragglers.
    let drain_until = Instant::now() + DRAIN;
    while let Ok(Some(chunk)) = tokio::time::timeout_at(drain_until, chunks.recv()).await {
        pending.push_str(&chunk);
    }
    send_output(&tx, id, &mut pending);
    let _ = tx.send(Msg::CommandFinished { id, end });
}

/// Reads the child's standard output and error into one channel of text.
fn with_readers(mut child: Child) -> (Child, mpsc::UnboundedReceiver<String>) {
    let (chunks_tx, chunks) = mpsc::unbounded_channel();
    if let Some(out) = child.stdout.take() {
        tokio::spawn(read_into(out, chunks_tx.clone()));
    }
    if let Some(err) = child.stderr.take() {
        tokio::spawn(read_into(err, chunks_tx));
    }
    (child, chunks)
}

fn send_output(tx: &mpsc::UnboundedSender<Msg>, id: u64, pending: &mut String) {
    if !pending.is_empty() {
        let chunk = std::mem::take(pending);
        let _ = tx.send(Msg::CommandOutput { id, chunk });
    }
}

async fn read_into(mut pipe: impl AsyncRead + Unpin, tx: mpsc::UnboundedSender<String>) {
    let mut buf = vec![0u8; 8192];
    let mut carry: Vec<u8> = Vec::new();
    loop {
        match pipe.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                carry.extend_from_slice(&buf[..n]);
                // Keep an incomplete UTF-8 sequence for the next read.
                let valid = match std::str::from_utf8(&carry) {
                    Ok(_) => carry.len(),
                    Err(e) if e.error_len().is_none() => e.valid_up_to(),
                    Err(_) => carry.len(),
                };
                let text = String::from_utf8_lossy(&carry[..valid]).into_owned();
                carry.drain(..valid);
                if tx.send(clean(&text)).is_err() {
                    break;
                }
            }
        }
    }
    if !carry.is_empty() {
        let _ = tx.send(clean(&String::from_utf8_lossy(&carry)));
    }
}

/// Makes terminal output fit a pane: colour and cursor escapes go, carriage returns become
/// new lines, tabs become spaces, other control characters are dropped.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\u{1b}' => {
                if chars.peek() == Some(&'[') {
                    chars.next();
                    // CSI: parameters and intermediates up to a final byte in @..~.
                    for c in chars.by_ref() {
                        if ('@'..='~').contains(&c) {
                            break;
                        }
                    }
                } else {
                    chars.next();
                }
            }
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\t' => out.push_str("    "),
            '\n' => out.push('\n'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn request(id: u64, script: &str) -> RunRequest {
        RunRequest {
            id,
            script: script.to_owned(),
            strict: false,
            dir: PathBuf::from("."),
        }
    }

    async fn collect(mut rx: mpsc::UnboundedReceiver<Msg>) -> (String, RunEnd) {
        let mut text = String::new();
        while let Some(msg) = rx.recv().await {
            match msg {
                Msg::CommandOutput { chunk, .. } => text.push_str(&chunk),
                Msg::CommandFinished { end, .. } => return (text, end),
                _ => {}
            }
        }
        panic!("no end reported")
    }

    #[test]
    fn escapes_and_carriage_returns_are_cleaned() {
        assert_eq!(
            clean("\u{1b}[31mred\u{1b}[0m\r\nok\rnext\t."),
            "red\nok\nnext    ."
        );
    }

    #[tokio::test]
    async fn output_and_exit_code_are_reported() {
        let (tx, rx) = mpsc::unbounded_channel();
        let (_cancel_tx, cancel) = oneshot::channel();
        run(request(1, "echo out; echo err >&2; exit 3"), tx, cancel).await;
        let (text, end) = collect(rx).await;
        assert!(text.contains("out\n") && text.contains("err\n"), "{text}");
        assert_eq!(end, RunEnd::Exited(Some(3)));
    }

    #[tokio::test]
    async fn a_cancel_stops_the_whole_command_not_just_the_shell() {
        // A sleep no other process runs, so `pgrep` finds only this command's processes.
        let sleep = format!("sleep 3{}.25", std::process::id() % 1000);
        let (tx, rx) = mpsc::unbounded_channel();
        let (cancel_tx, cancel) = oneshot::channel();
        let script = format!("{sleep}; echo after");
        let task = tokio::spawn(run(request(2, &script), tx, cancel));
        tokio::time::sleep(Duration::from_millis(300)).await;
        let _ = cancel_tx.send(());
        let (_, end) = collect(rx).await;
        task.await.expect("the runner ends");
        assert_eq!(end, RunEnd::Cancelled);
        let left = std::process::Command::new("pgrep")
            .args(["-f", &sleep])
            .output()
            .expect("pgrep runs");
        assert!(left.stdout.is_empty(), "processes left: {left:?}");
    }
}
