//! The event loop: turns terminal events, worker results and signals into messages, runs
//! `update`, hands commands to the worker, and draws only after something happened.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use crossterm::event::{Event, EventStream, KeyEventKind};
use futures_util::StreamExt;
use ratatui::DefaultTerminal;
use tokio::sync::mpsc::UnboundedReceiver;

use super::app::App;
use super::cmd::Cmd;
use super::msg::Msg;
use super::signals::{Signal, Signals};
use super::worker::Worker;
use super::{strings, terminal, update, view};

/// Everything the loop works with.
pub struct Loop {
    pub terminal: DefaultTerminal,
    pub app: App,
    pub worker: Worker,
    pub messages: UnboundedReceiver<Msg>,
    pub started: Instant,
}

/// Runs until the learner quits or a signal asks the tutor to end.
pub async fn run(mut l: Loop) -> anyhow::Result<()> {
    let mut signals = Signals::new().context(crate::tr!("cannot watch for signals"))?;
    let mut keys = Some(EventStream::new());
    let mut pending: VecDeque<Msg> = VecDeque::from([Msg::Started]);
    let mut first_frame = true;
    'running: loop {
        while let Some(msg) = pending.pop_front() {
            l.app.now = unix_now();
            for cmd in update::update(&mut l.app, msg) {
                match cmd {
                    Cmd::Quit => break 'running,
                    // Before the commands after it: a grade asked for next speaks it too.
                    Cmd::SetLang(lang) => crate::i18n::set(lang),
                    Cmd::RunInteractive { line, dir } => {
                        let (result, terminate) =
                            hand_over(&mut l.terminal, &mut keys, &mut signals, &line, &dir)
                                .await?;
                        pending.push_back(Msg::InteractiveFinished { line, result });
                        if terminate {
                            pending.push_back(Msg::Terminate);
                        }
                    }
                    other => l.worker.execute(other),
                }
            }
            while let Ok(more) = l.messages.try_recv() {
                pending.push_back(more);
            }
        }
        l.terminal
            .draw(|frame| view::draw(frame, &l.app))
            .context(crate::tr!("cannot draw on the terminal"))?;
        if first_frame {
            first_frame = false;
            record_first_frame(l.started);
        }
        let next = tokio::select! {
            event = next_event(&mut keys) => match event {
                Some(Ok(event)) => message_for(event),
                Some(Err(e)) => return Err(e).context(crate::tr!("cannot read the terminal")),
                None => Some(Msg::Terminate),
            },
            Some(msg) = l.messages.recv() => Some(msg),
            _ = signals.recv() => Some(Msg::Terminate),
        };
        pending.extend(next);
    }
    l.worker.finish().await;
    Ok(())
}

async fn next_event(keys: &mut Option<EventStream>) -> Option<std::io::Result<Event>> {
    match keys {
        Some(stream) => stream.next().await,
        None => std::future::pending().await,
    }
}

fn message_for(event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => Some(Msg::Key(key)),
        Event::Resize(width, height) => Some(Msg::Resized { width, height }),
        Event::Paste(text) => Some(Msg::Paste(text)),
        _ => None,
    }
}

/// The wall clock in Unix seconds.
fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// How long a command that was passed SIGTERM or SIGHUP may take to end before it is killed.
const GRACE: Duration = Duration::from_secs(2);

/// For the start-up benchmark: microseconds from process start to the first frame on screen.
fn record_first_frame(started: Instant) {
    if let Some(path) = std::env::var_os("DOCKTOR_FIRST_FRAME_FILE").filter(|p| !p.is_empty()) {
        let micros = started.elapsed().as_micros();
        let _ = std::fs::write(PathBuf::from(path), format!("{micros}\n"));
    }
}

/// Lends the whole terminal to `line` and takes it back when it ends (and a key is pressed).
/// Returns how it ended, and whether a terminating signal came meanwhile.
async fn hand_over(
    term: &mut DefaultTerminal,
    keys: &mut Option<EventStream>,
    signals: &mut Signals,
    line: &str,
    dir: &Path,
) -> anyhow::Result<(Result<Option<i32>, String>, bool)> {
    // The event stream would read the keys meant for the command.
    *keys = None;
    terminal::suspend().context(crate::tr!("cannot give the terminal to the command"))?;
    terminal::say(&strings::interactive_banner(line, dir));
    let mut terminate = false;
    let mut command = tokio::process::Command::new("sh");
    if let Some(path) = crate::shell::path_with_compose_shim() {
        command.env("PATH", path);
    }
    crate::engine::point_command(&mut command);
    let spawned = command
        .args(["-c", line])
        .current_dir(dir)
        .stdin(Stdio::inherit())
        .stdout(Stdio::inherit())
        .stderr(Stdio::inherit())
        .spawn();
    let result = match spawned {
        Err(e) => Err(e.to_string()),
        Ok(mut child) => loop {
            tokio::select! {
                status = child.wait() => break status.map(|s| s.code()).map_err(|e| e.to_string()),
                // Ctrl-C in the command's terminal is the command's; SIGTERM and SIGHUP end
                // the command (passed on to it) and then the tutor, with no wait for the learner.
                signal = signals.recv() => if signal != Signal::Interrupt {
                    terminate = true;
                    break end_command(&mut child, signal).await;
                },
            }
        },
    };
    if terminate {
        // The tutor ends now; the restore guard gives the terminal back as it was.
        *keys = Some(EventStream::new());
        return Ok((result, true));
    }
    terminal::say(&strings::interactive_done(result.clone().ok().flatten()));
    let interrupted = async { while signals.recv().await == Signal::Interrupt {} };
    let waited = terminal::wait_for_key(interrupted).await;
    terminate = waited.is_err();
    terminal::resume(term).context(crate::tr!("cannot take the terminal back"))?;
    *keys = Some(EventStream::new());
    Ok((result, terminate))
}

/// Passes `signal` to the command (and what it started), gives it [`GRACE`] to end, then kills
/// it. Returns how it ended.
async fn end_command(
    child: &mut tokio::process::Child,
    signal: Signal,
) -> Result<Option<i32>, String> {
    if let Some(pid) = child.id() {
        super::signals::forward(pid, signal.name());
    }
    match tokio::time::timeout(GRACE, child.wait()).await {
        Ok(status) => status.map(|s| s.code()).map_err(|e| e.to_string()),
        Err(_) => {
            if let Some(pid) = child.id() {
                super::signals::forward(pid, "KILL");
            }
            let _ = child.start_kill();
            child
                .wait()
                .await
                .map(|s| s.code())
                .map_err(|e| e.to_string())
        }
    }
}
