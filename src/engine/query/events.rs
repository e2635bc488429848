//! Past engine events, read back: whether something attached to a container since it
//! started (a foreground `docker-compose up` does; `up -d` does not).

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use bollard::query_parameters::EventsOptions;
use futures_util::StreamExt;

use super::time::unix_filter;
use crate::engine::{CALL_TIMEOUT, Engine, EngineError};

impl Engine {
    /// True when something attached to `container` (an id) during its current run: an
    /// `attach` event after its last `die`. Compose and `docker run` attach just before the
    /// start, so the events are read from `created` on. The engine keeps its last thousand
    /// or so events, plenty for one learner's step.
    pub async fn attached_in_current_run(
        &self,
        container: &str,
        created: SystemTime,
    ) -> Result<bool, EngineError> {
        let filters = HashMap::from([
            ("type".to_owned(), vec!["container".to_owned()]),
            ("container".to_owned(), vec![container.to_owned()]),
            (
                "event".to_owned(),
                vec!["attach".to_owned(), "die".to_owned()],
            ),
        ]);
        let since = created
            .checked_sub(Duration::from_secs(1))
            .unwrap_or(created);
        let opts = EventsOptions {
            since: Some(unix_filter(since)),
            until: Some(unix_filter(SystemTime::now())),
            filters: Some(filters),
        };
        let events = self.docker.events(Some(opts));
        let read = async {
            let mut attached = false;
            let mut events = std::pin::pin!(events);
            while let Some(event) = events.next().await {
                match event?.action.as_deref() {
                    Some("attach") => attached = true,
                    Some("die") => attached = false,
                    _ => {}
                }
            }
            Ok(attached)
        };
        self.bounded("read past engine events", CALL_TIMEOUT, read)
            .await
    }
}
