//! Container reads that go around bollard's strict models: the JSON is read as it comes,
//! another engine's words (Podman's `stopped`) are mapped to Docker's (see [`super::dialect`]),
//! and only then turned into bollard's types.

use std::collections::HashMap;

use bollard::models::{ContainerInspectResponse, ContainerSummary};

use super::{Engine, EngineError, dialect};

impl Engine {
    /// `GET /containers/json?all=1&filters=...`, dialect-mapped.
    pub(crate) async fn list_containers_raw(
        &self,
        filters: &HashMap<String, Vec<String>>,
    ) -> Result<Vec<ContainerSummary>, EngineError> {
        let filters = serde_json::to_string(filters).unwrap_or_else(|_| "{}".to_owned());
        let path = format!("/containers/json?all=1&filters={}", encode(&filters));
        let value = self.transport.get_json(&path).await?;
        let serde_json::Value::Array(items) = value else {
            return Err(self.unexpected("/containers/json", "not a list"));
        };
        items
            .into_iter()
            .map(|mut item| {
                dialect::normalise_container(&mut item);
                serde_json::from_value(item)
                    .map_err(|e| self.unexpected("/containers/json", &e.to_string()))
            })
            .collect()
    }

    /// `GET /containers/{name}/json`, dialect-mapped.
    pub(crate) async fn inspect_container_raw(
        &self,
        name: &str,
    ) -> Result<ContainerInspectResponse, EngineError> {
        let path = format!("/containers/{}/json", encode(name));
        let mut value = self.transport.get_json(&path).await?;
        dialect::normalise_container(&mut value);
        serde_json::from_value(value).map_err(|e| self.unexpected(&path, &e.to_string()))
    }

    fn unexpected(&self, what: &str, detail: &str) -> EngineError {
        EngineError::NotAnEngine {
            host: self.host.clone(),
            detail: format!("its answer to {what} is not a Docker one: {detail}"),
        }
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(
            super::encode(r#"{"name":["^/web$"]}"#),
            "%7B%22name%22%3A%5B%22%5E%2Fweb%24%22%5D%7D"
        );
    }
}
