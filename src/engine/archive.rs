//! Engine calls that move whole images as archives: `docker save` (export) and `docker load`
//! (import), streamed chunk by chunk so a large image never sits in memory.

use std::time::Duration;

use bollard::query_parameters::ImportImageOptions;
use bytes::Bytes;
use futures_util::{Stream, StreamExt};

use super::{Engine, EngineError};

/// How long the engine may stay silent in the middle of an export or a load.
pub const ARCHIVE_IDLE_TIMEOUT: Duration = Duration::from_secs(120);

impl Engine {
    /// The engine's image archive (the `docker save` format) of `references`, as it streams.
    /// Every chunk is bounded by [`ARCHIVE_IDLE_TIMEOUT`].
    pub fn export_images(
        &self,
        references: &[String],
    ) -> impl Stream<Item = Result<Bytes, EngineError>> + Send + 'static {
        let docker = self.docker.clone().with_timeout(ARCHIVE_IDLE_TIMEOUT);
        let names: Vec<&str> = references.iter().map(String::as_str).collect();
        let stream = docker.export_images(&names).boxed();
        let host = self.host.clone();
        futures_util::stream::unfold(Some(stream), move |state| {
            let host = host.clone();
            async move {
                let mut stream = state?;
                match tokio::time::timeout(ARCHIVE_IDLE_TIMEOUT, stream.next()).await {
                    Ok(Some(Ok(chunk))) => Some((Ok(chunk), Some(stream))),
                    Ok(Some(Err(e))) => Some((Err(EngineError::from_bollard(&host, e)), None)),
                    Ok(None) => None,
                    Err(_) => Some((
                        Err(EngineError::Timeout {
                            host,
                            what: "image export".into(),
                        }),
                        None,
                    )),
                }
            }
        })
    }

    /// Loads an image archive (the `docker save` format) sent as a stream of chunks; gives the
    /// engine's own lines (`Loaded image: busybox:latest`).
    pub async fn load_images<S>(&self, archive: S) -> Result<Vec<String>, EngineError>
    where
        S: Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static,
    {
        let docker = self.docker.clone().with_timeout(ARCHIVE_IDLE_TIMEOUT);
        let mut replies = docker
            .import_image_stream(ImportImageOptions::default(), archive, None)
            .boxed();
        let mut loaded = Vec::new();
        loop {
            match tokio::time::timeout(ARCHIVE_IDLE_TIMEOUT, replies.next()).await {
                Ok(Some(Ok(info))) => {
                    if let Some(line) = info.stream {
                        let line = line.trim();
                        if line.starts_with("Loaded image") {
                            loaded.push(line.to_owned());
                        }
                    }
                }
                Ok(Some(Err(e))) => return Err(EngineError::from_bollard(&self.host, e)),
                Ok(None) => return Ok(loaded),
                Err(_) => {
                    return Err(EngineError::Timeout {
                        host: self.host.clone(),
                        what: "image load".into(),
                    });
                }
            }
        }
    }
}
