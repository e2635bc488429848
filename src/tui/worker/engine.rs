//! Watching the engine: connect, report host and version, pass its events on for live
//! grading, and when it goes away say why and reconnect with a growing pause (never a busy
//! loop; nothing at all while connected and idle).

use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::watch;

use crate::engine::Engine;
use crate::tui::msg::Msg;

/// First pause before reconnecting, doubled after each failure up to [`MAX_PAUSE`].
const FIRST_PAUSE: Duration = Duration::from_millis(250);
const MAX_PAUSE: Duration = Duration::from_secs(5);

/// A pause that doubles up to a ceiling.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    next: Duration,
}

impl Backoff {
    pub fn new() -> Self {
        Self { next: FIRST_PAUSE }
    }

    /// The pause to take now; the following one is twice as long (up to the ceiling).
    pub fn pause(&mut self) -> Duration {
        let now = self.next;
        self.next = (self.next * 2).min(MAX_PAUSE);
        now
    }

    pub fn reset(&mut self) {
        self.next = FIRST_PAUSE;
    }
}

/// The engine client as it stands: made, or why it could not be (a missing socket at start).
pub type EngineSlot = watch::Receiver<Result<Engine, String>>;

/// Makes the first client (never contacting the engine), for the slot's first value.
pub fn first_client() -> Result<Engine, String> {
    Engine::connect_lazily().map_err(|e| e.to_string())
}

/// Runs for the life of the tutor, keeping `slot` filled with a client once one can be made.
/// `images` are the ones the lessons need: the learner hears at once when one is missing.
pub async fn supervise(
    slot: watch::Sender<Result<Engine, String>>,
    tx: UnboundedSender<Msg>,
    images: Vec<String>,
    http_cache: std::sync::Arc<crate::check::HttpCache>,
) {
    let mut backoff = Backoff::new();
    let mut last_reason: Option<String> = None;
    loop {
        let current = slot.borrow().clone();
        // bollard refuses a unix socket that does not exist yet: make the client again.
        let made = current.or_else(|_| Engine::connect_lazily().map_err(|e| e.to_string()));
        let attempt = match made {
            Ok(engine) => {
                if slot.borrow().is_err() {
                    let _previous = slot.send_replace(Ok(engine.clone()));
                }
                http_cache.clear();
                connected(&engine, &tx, &images, &http_cache).await
            }
            Err(reason) => Err(reason),
        };
        match attempt {
            Ok(Watched::StreamEnded) => {
                backoff.reset();
                last_reason = None;
                // The engine went away (or restarted): ask again soon.
                tokio::time::sleep(FIRST_PAUSE).await;
            }
            Ok(Watched::Closed) => return,
            Err(reason) => {
                if last_reason.as_ref() != Some(&reason) {
                    if tx.send(Msg::EngineUnavailable(reason.clone())).is_err() {
                        return;
                    }
                    last_reason = Some(reason);
                }
                tokio::time::sleep(backoff.pause()).await;
            }
        }
    }
}

/// How watching a connected engine ended.
enum Watched {
    StreamEnded,
    /// The tutor is gone.
    Closed,
}

/// Asks the engine who it is and which lesson images it lacks, then passes its events on
/// until the stream ends.
async fn connected(
    engine: &Engine,
    tx: &UnboundedSender<Msg>,
    images: &[String],
    http_cache: &crate::check::HttpCache,
) -> Result<Watched, String> {
    let info = engine.info().await.map_err(|e| e.to_string())?;
    let mut events = Box::pin(engine.events());
    if tx.send(Msg::EngineConnected(info)).is_err() {
        return Ok(Watched::Closed);
    }
    let mut missing = Vec::new();
    for image in images {
        if !engine.has_image(image).await.map_err(|e| e.to_string())? {
            missing.push(image.clone());
        }
    }
    if !missing.is_empty() && tx.send(Msg::ImagesMissing(missing)).is_err() {
        return Ok(Watched::Closed);
    }
    while let Some(Ok(event)) = events.next().await {
        if event.kind == crate::engine::ResourceKind::Container {
            http_cache.forget(&event.name);
        }
        if tx.send(Msg::EngineEvent(event)).is_err() {
            return Ok(Watched::Closed);
        }
    }
    Ok(Watched::StreamEnded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pause_doubles_up_to_its_ceiling_and_resets() {
        let mut b = Backoff::new();
        let pauses: Vec<u128> = (0..7).map(|_| b.pause().as_millis()).collect();
        assert_eq!(pauses, vec![250, 500, 1000, 2000, 4000, 5000, 5000]);
        b.reset();
        assert_eq!(b.pause(), FIRST_PAUSE);
    }
}
