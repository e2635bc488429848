//! Engine calls that list, remove, build and watch: what reset, verify, `images --prepare` and
//! live grading need. Grading's read-only queries live in `query.rs`.

use std::collections::HashMap;
use std::time::Duration;

use bollard::models::EventMessageTypeEnum;
use bollard::query_parameters::{
    BuildImageOptions, CreateImageOptions, EventsOptions, ListImagesOptions, ListNetworksOptions,
    ListVolumesOptions, RemoveContainerOptions, RemoveImageOptions, RemoveVolumeOptions,
};
use futures_util::{Stream, StreamExt};

use super::{Engine, EngineError};

/// The kinds of engine object a lesson may create.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResourceKind {
    Container,
    Image,
    Volume,
    Network,
}

impl ResourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Container => "container",
            Self::Image => "image",
            Self::Volume => "volume",
            Self::Network => "network",
        }
    }
}

/// Something that happened on the engine, reduced to what live grading needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineEvent {
    pub kind: ResourceKind,
    /// `start`, `die`, `create`, `destroy`, `tag`, ...
    pub action: String,
    /// The object's name where the engine gives one (container name, image reference), else its id.
    pub name: String,
}

/// The default networks every engine has: never removed, never reported as leaked.
pub const BUILTIN_NETWORKS: &[&str] = &["bridge", "host", "none"];

/// How long a pull may try before docktor decides no registry answers.
const PULL_TIMEOUT: Duration = Duration::from_secs(20);
/// How long building the offline busybox image may take.
const BUILD_TIMEOUT: Duration = Duration::from_secs(120);

impl Engine {
    /// Names of every object of `kind` (images as `repo:tag`), to plan a reset or spot leaks.
    pub async fn resource_names(&self, kind: ResourceKind) -> Result<Vec<String>, EngineError> {
        self.names_where(kind, HashMap::new()).await
    }

    /// Names of the objects of `kind` that carry `label` (`key` or `key=value`); untagged
    /// images are named by id.
    pub async fn labelled_resources(
        &self,
        kind: ResourceKind,
        label: &str,
    ) -> Result<Vec<String>, EngineError> {
        let filters = HashMap::from([("label".to_owned(), vec![label.to_owned()])]);
        self.names_where(kind, filters).await
    }

    async fn names_where(
        &self,
        kind: ResourceKind,
        filters: HashMap<String, Vec<String>>,
    ) -> Result<Vec<String>, EngineError> {
        match kind {
            ResourceKind::Container => {
                let list = self.list_containers_raw(&filters).await?;
                Ok(list
                    .into_iter()
                    .filter_map(|c| c.names.and_then(|n| n.into_iter().next()))
                    .map(|n| n.trim_start_matches('/').to_owned())
                    .collect())
            }
            ResourceKind::Image => {
                let opts = ListImagesOptions {
                    filters: Some(filters),
                    ..Default::default()
                };
                let list = self
                    .call("list images", self.docker.list_images(Some(opts)))
                    .await?;
                Ok(list
                    .into_iter()
                    .flat_map(|i| {
                        if i.repo_tags.is_empty()
                            || i.repo_tags.iter().all(|t| t == "<none>:<none>")
                        {
                            vec![i.id]
                        } else {
                            // Podman's `docker.io/library/x:y` is matched as `x:y`.
                            i.repo_tags
                                .iter()
                                .map(|t| super::short_reference(t))
                                .collect()
                        }
                    })
                    .collect())
            }
            ResourceKind::Volume => {
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
                    .map(|v| v.name)
                    .collect())
            }
            ResourceKind::Network => {
                let opts = ListNetworksOptions {
                    filters: Some(filters),
                };
                let list = self
                    .call("list networks", self.docker.list_networks(Some(opts)))
                    .await?;
                Ok(list.into_iter().filter_map(|n| n.name).collect())
            }
        }
    }

    /// Removes one object. A container is stopped first and its anonymous volumes go with it.
    /// Returns `false` when it was already gone.
    pub async fn remove(&self, kind: ResourceKind, name: &str) -> Result<bool, EngineError> {
        let result = match kind {
            ResourceKind::Container => {
                let opts = RemoveContainerOptions {
                    force: true,
                    v: true,
                    ..Default::default()
                };
                self.call(
                    "remove container",
                    self.docker.remove_container(name, Some(opts)),
                )
                .await
            }
            ResourceKind::Image => {
                let opts = RemoveImageOptions {
                    force: false,
                    noprune: false,
                    ..Default::default()
                };
                self.call(
                    "remove image",
                    self.docker.remove_image(name, Some(opts), None),
                )
                .await
                .map(|_| ())
            }
            ResourceKind::Volume => {
                let opts = RemoveVolumeOptions { force: false };
                self.call("remove volume", self.docker.remove_volume(name, Some(opts)))
                    .await
            }
            ResourceKind::Network => {
                self.call("remove network", self.docker.remove_network(name))
                    .await
            }
        };
        match result {
            Ok(()) => Ok(true),
            Err(e) if e.is_not_found() => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// True when the engine has an image by this reference.
    pub async fn has_image(&self, reference: &str) -> Result<bool, EngineError> {
        match self
            .call("inspect image", self.docker.inspect_image(reference))
            .await
        {
            Ok(_) => Ok(true),
            Err(e) if e.is_not_found() => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Tries to pull an image; `Err` when no registry answers in time.
    pub async fn pull(&self, reference: &str) -> Result<(), EngineError> {
        let (name, tag) = split_reference(reference);
        let opts = CreateImageOptions {
            from_image: Some(name.to_owned()),
            tag: Some(tag.to_owned()),
            ..Default::default()
        };
        let mut stream = self.docker.create_image(Some(opts), None, None);
        let pulling = async {
            while let Some(item) = stream.next().await {
                match item {
                    // Podman (and a registry failing mid-pull) report inside the stream: that
                    // is a failed pull, not a lost engine.
                    Err(bollard::errors::Error::DockerStreamError { error }) => {
                        return Err(EngineError::Api {
                            status: 500,
                            message: error,
                        });
                    }
                    Err(e) => return Err(EngineError::from_bollard(&self.host, e)),
                    Ok(info) => {
                        if let Some(message) = info.error_detail.and_then(|d| d.message) {
                            return Err(EngineError::Api {
                                status: 500,
                                message,
                            });
                        }
                    }
                }
            }
            Ok(())
        };
        tokio::time::timeout(PULL_TIMEOUT, pulling)
            .await
            .unwrap_or_else(|_| {
                Err(EngineError::Timeout {
                    host: self.host.clone(),
                    what: format!("pull {reference}"),
                })
            })
    }

    /// Builds an image from an in-memory build context (a tar archive), legacy builder,
    /// removing intermediate containers even when the build fails.
    pub async fn build_from_tar(&self, tag: &str, context: Vec<u8>) -> Result<(), EngineError> {
        let opts = BuildImageOptions {
            t: Some(tag.to_owned()),
            rm: true,
            forcerm: true,
            ..Default::default()
        };
        let body = bollard::body_full(bytes::Bytes::from(context));
        let mut stream = self.docker.build_image(opts, None, Some(body));
        let building = async {
            while let Some(item) = stream.next().await {
                let info = item.map_err(|e| EngineError::from_bollard(&self.host, e))?;
                if let Some(message) = info.error_detail.and_then(|d| d.message) {
                    return Err(EngineError::Api {
                        status: 500,
                        message,
                    });
                }
            }
            Ok(())
        };
        tokio::time::timeout(BUILD_TIMEOUT, building)
            .await
            .unwrap_or_else(|_| {
                Err(EngineError::Timeout {
                    host: self.host.clone(),
                    what: format!("build {tag}"),
                })
            })
    }

    /// The engine's events for containers, images, volumes and networks, as they happen.
    /// The stream ends (or yields an error) when the engine goes away.
    pub fn events(&self) -> impl Stream<Item = Result<EngineEvent, EngineError>> + Send + 'static {
        let filters = HashMap::from([(
            "type".to_owned(),
            vec![
                "container".to_owned(),
                "image".to_owned(),
                "volume".to_owned(),
                "network".to_owned(),
            ],
        )]);
        let opts = EventsOptions {
            filters: Some(filters),
            ..Default::default()
        };
        let host = self.host.clone();
        self.docker.events(Some(opts)).filter_map(move |item| {
            let host = host.clone();
            async move {
                match item {
                    Err(e) => Some(Err(EngineError::from_bollard(&host, e))),
                    Ok(message) => to_event(message).map(Ok),
                }
            }
        })
    }
}

fn to_event(message: bollard::models::EventMessage) -> Option<EngineEvent> {
    let kind = match message.typ? {
        EventMessageTypeEnum::CONTAINER => ResourceKind::Container,
        EventMessageTypeEnum::IMAGE => ResourceKind::Image,
        EventMessageTypeEnum::VOLUME => ResourceKind::Volume,
        EventMessageTypeEnum::NETWORK => ResourceKind::Network,
        _ => return None,
    };
    let actor = message.actor.unwrap_or_default();
    let name = actor
        .attributes
        .as_ref()
        .and_then(|a| a.get("name").cloned())
        .or(actor.id)
        .unwrap_or_default();
    Some(EngineEvent {
        kind,
        action: message.action.unwrap_or_default(),
        name,
    })
}

/// Splits `name:tag` (tag defaults to `latest`), leaving registry ports (`host:5000/x`) alone.
pub fn split_reference(reference: &str) -> (&str, &str) {
    match reference.rsplit_once(':') {
        Some((name, tag)) if !tag.contains('/') => (name, tag),
        _ => (reference, "latest"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_without_tag_means_latest() {
        assert_eq!(split_reference("busybox"), ("busybox", "latest"));
        assert_eq!(split_reference("web:1.0"), ("web", "1.0"));
        assert_eq!(
            split_reference("localhost:5000/web"),
            ("localhost:5000/web", "latest")
        );
    }
}
