//! The terminal: taking it over, always giving it back (quit, error, panic, signal), and
//! lending it to an interactive command and taking it back afterwards.

use std::io::{self, Write};
use std::time::Duration;

use crossterm::cursor::MoveTo;
use crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event, EventStream, KeyEventKind,
};
use crossterm::execute;
use crossterm::terminal::{Clear, ClearType, EnterAlternateScreen, enable_raw_mode};
use futures_util::StreamExt;
use ratatui::DefaultTerminal;

/// Gives the terminal back when dropped, whatever way the tutor ends.
pub struct RestoreGuard;

impl Drop for RestoreGuard {
    fn drop(&mut self) {
        stop_paste();
        ratatui::restore();
    }
}

/// Bracketed paste: the terminal marks pasted text, so it arrives as text, never as keys.
fn start_paste() -> io::Result<()> {
    execute!(io::stdout(), EnableBracketedPaste)
}

fn stop_paste() {
    let _ = execute!(io::stdout(), DisableBracketedPaste);
}

/// Clears the normal screen, so nothing of one hand-over is left for the next, or behind
/// docktor once it quits.
fn clear_main_screen() -> io::Result<()> {
    execute!(io::stdout(), Clear(ClearType::All), MoveTo(0, 0))
}

/// Takes over the terminal: raw mode and the alternate screen. A panic anywhere (the event
/// loop or a worker task) restores the terminal, prints the panic, and ends the process, so
/// the learner is never left in a half-working screen.
pub fn enter() -> io::Result<(DefaultTerminal, RestoreGuard)> {
    // `try_init` installs a hook that restores the terminal before the previous hook prints.
    let terminal = match ratatui::try_init() {
        Ok(terminal) => terminal,
        Err(e) => {
            if crossterm::terminal::is_raw_mode_enabled().unwrap_or(false) {
                ratatui::restore();
            }
            return Err(e);
        }
    };
    let guard = RestoreGuard;
    start_paste()?;
    let restore_then_print = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        stop_paste();
        restore_then_print(info);
        std::process::exit(101);
    }));
    Ok((terminal, guard))
}

/// Leaves raw mode and the alternate screen so a command can use the terminal, on a clear
/// screen.
pub fn suspend() -> io::Result<()> {
    stop_paste();
    ratatui::try_restore()?;
    clear_main_screen()
}

/// Waits for a key press (in raw mode, without echo) after an interactive command ended.
/// Returns early if `interrupted` resolves first.
pub async fn wait_for_key(interrupted: impl std::future::Future<Output = ()>) -> io::Result<()> {
    enable_raw_mode()?;
    let mut keys = EventStream::new();
    tokio::pin!(interrupted);
    loop {
        tokio::select! {
            event = keys.next() => match event {
                Some(Ok(Event::Key(key))) if key.kind == KeyEventKind::Press => return Ok(()),
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e),
                None => return Ok(()),
            },
            () = &mut interrupted => return Ok(()),
        }
    }
}

/// Takes the terminal back after a command: raw mode, alternate screen, stray input dropped,
/// and a full repaint on the next draw.
pub fn resume(terminal: &mut DefaultTerminal) -> io::Result<()> {
    enable_raw_mode()?;
    clear_main_screen()?;
    execute!(io::stdout(), EnterAlternateScreen)?;
    start_paste()?;
    while event::poll(Duration::ZERO)? {
        let _ = event::read()?;
    }
    terminal.clear()
}

/// Prints a line while the terminal is lent out.
pub fn say(text: &str) {
    let mut out = io::stdout();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}
