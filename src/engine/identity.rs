//! Which engine answered: its own id, so a report names the engine it graded.

use super::{Engine, EngineError};

impl Engine {
    /// The engine's id (`docker info`'s `ID`); empty when the engine gives none (Podman).
    pub async fn identity(&self) -> Result<String, EngineError> {
        let info = self.call("info", self.docker.info()).await?;
        Ok(info.id.or(info.name).unwrap_or_default())
    }
}
