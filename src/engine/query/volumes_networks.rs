//! Engine calls about named volumes and networks, each found by its exact name.

use std::collections::HashMap;

use bollard::query_parameters::{InspectNetworkOptions, ListVolumesOptions};

use super::{NetworkFacts, VolumeFacts};
use crate::engine::{Engine, EngineError};

impl Engine {
    /// Inspects a volume; `None` when there is none.
    pub async fn volume(&self, name: &str) -> Result<Option<VolumeFacts>, EngineError> {
        match self
            .call("inspect volume", self.docker.inspect_volume(name))
            .await
        {
            Ok(v) => Ok(Some(VolumeFacts {
                name: v.name,
                driver: v.driver,
            })),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Volumes whose labels match `label` (`key` or `key=value`), anonymous ones included.
    pub async fn volumes_labelled(&self, label: &str) -> Result<Vec<VolumeFacts>, EngineError> {
        let filters = HashMap::from([("label".to_owned(), vec![label.to_owned()])]);
        let opts = ListVolumesOptions {
            filters: Some(filters),
        };
        let list = self
            .call("list volumes", self.docker.list_volumes(Some(opts)))
            .await?;
        Ok(list
            .volumes
            .unwrap_or_default()
            .into_iter()
            .map(|v| VolumeFacts {
                name: v.name,
                driver: v.driver,
            })
            .collect())
    }

    /// Every volume (for counting by name prefix, which the engine cannot filter by).
    pub async fn volume_names(&self) -> Result<Vec<String>, EngineError> {
        let opts = ListVolumesOptions { filters: None };
        let list = self
            .call("list volumes", self.docker.list_volumes(Some(opts)))
            .await?;
        Ok(list
            .volumes
            .unwrap_or_default()
            .into_iter()
            .map(|v| v.name)
            .collect())
    }

    /// Inspects a network by exact name; `None` when there is none.
    pub async fn network(&self, name: &str) -> Result<Option<NetworkFacts>, EngineError> {
        let opts = InspectNetworkOptions::default();
        match self
            .call(
                "inspect network",
                self.docker.inspect_network(name, Some(opts)),
            )
            .await
        {
            // The engine also resolves id prefixes; only the exact name counts.
            Ok(n) if n.name.as_deref() == Some(name) => Ok(Some(NetworkFacts {
                name: n.name.unwrap_or_default(),
                id: n.id.unwrap_or_default(),
                driver: n.driver.unwrap_or_default(),
            })),
            Ok(_) => Ok(None),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }
}
