//! Engine objects with the time the engine says they were made: what reset needs to tell an
//! object a lesson made from one the learner had before.

use std::collections::HashMap;

use bollard::query_parameters::{
    ListContainersOptions, ListImagesOptions, ListNetworksOptions, ListVolumesOptions,
};

use super::{Engine, EngineError, ResourceKind};

/// One object on the engine, dated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedObject {
    /// The name reset removes it by (containers, volumes, networks by name; images by
    /// `repo:tag`, untagged ones by id).
    pub name: String,
    /// The engine's id (for images, the image id that several tags may share).
    pub id: String,
    /// When it was made, seconds since the Unix epoch; `None` when the engine does not say.
    /// For images, the later of its build and its last tagging (`docker tag` makes a new
    /// name for an old image).
    pub created: Option<i64>,
    /// For an image: how many tags the image has. For a container: its image id.
    pub tags: usize,
    pub image_id: String,
}

impl Engine {
    /// Every object of `kind` (with `label`, `key=value`, when given), dated.
    pub async fn dated_objects(
        &self,
        kind: ResourceKind,
        label: Option<&str>,
    ) -> Result<Vec<DatedObject>, EngineError> {
        let filters = Some(match label {
            Some(label) => HashMap::from([("label".to_owned(), vec![label.to_owned()])]),
            None => HashMap::new(),
        });
        let blank = DatedObject {
            name: String::new(),
            id: String::new(),
            created: None,
            tags: 0,
            image_id: String::new(),
        };
        match kind {
            ResourceKind::Container => {
                let opts = ListContainersOptions {
                    all: true,
                    filters,
                    ..Default::default()
                };
                let list = self
                    .call("list containers", self.docker.list_containers(Some(opts)))
                    .await?;
                Ok(list
                    .into_iter()
                    .filter_map(|c| {
                        let name = c.names?.into_iter().next()?;
                        Some(DatedObject {
                            name: name.trim_start_matches('/').to_owned(),
                            id: c.id.unwrap_or_default(),
                            created: c.created,
                            image_id: c.image_id.unwrap_or_default(),
                            ..blank.clone()
                        })
                    })
                    .collect())
            }
            ResourceKind::Image => {
                let opts = ListImagesOptions {
                    filters,
                    ..Default::default()
                };
                let list = self
                    .call("list images", self.docker.list_images(Some(opts)))
                    .await?;
                let mut objects = Vec::new();
                for image in list {
                    let tags: Vec<String> = image
                        .repo_tags
                        .into_iter()
                        .filter(|t| t != "<none>:<none>")
                        .collect();
                    let names = if tags.is_empty() {
                        vec![image.id.clone()]
                    } else {
                        tags.clone()
                    };
                    for name in names {
                        objects.push(DatedObject {
                            // Podman's `localhost/x:1` is the lesson's `x:1`.
                            name: super::short_reference(&name),
                            id: image.id.clone(),
                            created: Some(image.created),
                            tags: tags.len(),
                            ..blank.clone()
                        });
                    }
                }
                Ok(objects)
            }
            ResourceKind::Volume => {
                let opts = ListVolumesOptions { filters };
                let list = self
                    .call("list volumes", self.docker.list_volumes(Some(opts)))
                    .await?;
                Ok(list
                    .volumes
                    .unwrap_or_default()
                    .into_iter()
                    .map(|v| DatedObject {
                        created: v.created_at.as_deref().and_then(parse_time),
                        name: v.name.clone(),
                        id: v.name,
                        ..blank.clone()
                    })
                    .collect())
            }
            ResourceKind::Network => {
                let opts = ListNetworksOptions { filters };
                let list = self
                    .call("list networks", self.docker.list_networks(Some(opts)))
                    .await?;
                Ok(list
                    .into_iter()
                    .filter_map(|n| {
                        Some(DatedObject {
                            created: n.created.as_deref().and_then(parse_time),
                            name: n.name?,
                            id: n.id.unwrap_or_default(),
                            ..blank.clone()
                        })
                    })
                    .collect())
            }
        }
    }

    /// When an image was last tagged (`docker tag`, `docker build -t`), if the engine says.
    pub async fn image_last_tagged(&self, reference: &str) -> Result<Option<i64>, EngineError> {
        let inspected = self
            .call("inspect image", self.docker.inspect_image(reference))
            .await?;
        Ok(inspected
            .metadata
            .and_then(|m| m.last_tag_time)
            .as_deref()
            .and_then(parse_time))
    }
}

/// Seconds since the Unix epoch of an RFC 3339 time (`2026-12-01T10:27:22.123Z`,
/// `...+01:00`). The zero time Docker uses for "never" (`0001-01-01T00:00:00Z`) is `None`.
pub fn parse_time(text: &str) -> Option<i64> {
    // One reader of the engine's times for the whole engine module.
    let at = super::parse_rfc3339(text)?;
    let secs = at.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    i64::try_from(secs).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_times_read_as_unix_seconds() {
        assert_eq!(parse_time("1970-01-01T00:00:01Z"), Some(1));
        assert_eq!(
            parse_time("2026-12-01T10:27:22.123456789Z"),
            Some(1_796_120_842)
        );
        assert_eq!(parse_time("2026-12-01T11:27:22+01:00"), Some(1_796_120_842));
        assert_eq!(parse_time("0001-01-01T00:00:00Z"), None);
        assert_eq!(parse_time("yesterday"), None);
    }
}
