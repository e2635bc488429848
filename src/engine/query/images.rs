//! Engine calls about images: inspecting one and reading how its layers were made.

use super::ImageFacts;
use crate::engine::{Engine, EngineError};

impl Engine {
    /// Inspects an image by reference or id; `None` when the engine has no such image.
    pub async fn image(&self, reference: &str) -> Result<Option<ImageFacts>, EngineError> {
        match self
            .call("inspect image", self.docker.inspect_image(reference))
            .await
        {
            Ok(image) => Ok(Some(ImageFacts::from(image))),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The instruction that made each layer of an image, newest first, as the engine words it.
    pub async fn image_history(&self, reference: &str) -> Result<Vec<String>, EngineError> {
        let items = self
            .call("image history", self.docker.image_history(reference))
            .await?;
        Ok(items.into_iter().map(|i| i.created_by).collect())
    }
}
