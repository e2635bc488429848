//! Past engine events, read back: whether something attached to a container since it
//! started (a foreground `docker-compose up` does; `up -d` does not).

use std::collections::HashMap;
use std::time::SystemTime;

use bollard::query_parameters::EventsOptions;
use futures_util::StreamExt;

use super::time::unix_filter;
use crate::engine::{CALL_TIMEOUT, Engine, EngineError};

impl Engine {
    /// True when the engine recorded an `attach` to `container` (an id) after `since`. The
    /// engine keeps its last thousand or so events, plenty for one learner's step.
    pub async fn attached_since(
        &self,
        container: &str,
        since: SystemTime,
    ) -> Result<bool, EngineError> {
        let filters = HashMap::from([
            ("type".to_owned(), vec!["container".to_owned()]),
            ("container".to_owned(), vec![container.to_owned()]),
            ("event".to_owned(), vec!["attach".to_owned()]),
        ]);
        let opts = EventsOptions {
            since: Some(unix_filter(since)),
            until: Some(unix_filter(SystemTime::now())),
            filters: Some(filters),
        };
        let mut events = self.docker.events(Some(opts));
        let first = async {
            match events.next().await {
                Some(Ok(_)) => Ok(true),
                Some(Err(e)) => Err(e),
                None => Ok(false),
            }
        };
        self.bounded("read past engine events", CALL_TIMEOUT, first)
            .await
    }
}
