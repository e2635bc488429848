//! The docker CLI's context store, read as the CLI writes it: `config.json`'s
//! `currentContext`, `contexts/meta/<sha256 of name>/meta.json` for each context's endpoint, and
//! `contexts/tls/<sha256 of name>/docker/` for its TLS files. docktor never writes there.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::EngineError;
use super::endpoint::Endpoint;

/// The context that stands for `DOCKER_HOST` and the default socket.
pub const DEFAULT_CONTEXT: &str = "default";

/// The docker CLI's configuration folder (`DOCKER_CONFIG`, default `~/.docker`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContextStore {
    dir: PathBuf,
}

#[derive(serde::Deserialize)]
struct Config {
    #[serde(rename = "currentContext", default)]
    current_context: Option<String>,
}

#[derive(serde::Deserialize)]
struct Meta {
    #[serde(rename = "Endpoints", default)]
    endpoints: std::collections::HashMap<String, MetaEndpoint>,
}

#[derive(serde::Deserialize)]
struct MetaEndpoint {
    #[serde(rename = "Host", default)]
    host: Option<String>,
    #[serde(rename = "SkipTLSVerify", default)]
    skip_tls_verify: bool,
}

impl ContextStore {
    /// The store the docker CLI of this process would read.
    pub fn from_process() -> Self {
        let dir = std::env::var_os("DOCKER_CONFIG")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| dirs::home_dir().map(|h| h.join(".docker")))
            .unwrap_or_else(|| PathBuf::from(".docker"));
        Self { dir }
    }

    /// A store in a given folder.
    pub fn at(dir: &Path) -> Self {
        Self {
            dir: dir.to_path_buf(),
        }
    }

    /// The configuration folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// `currentContext` from `config.json`, if the file names one.
    pub fn current_context(&self) -> Result<Option<String>, EngineError> {
        let path = self.dir.join("config.json");
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(store_error(&path, &e.to_string())),
        };
        let config: Config =
            serde_json::from_str(&text).map_err(|e| store_error(&path, &e.to_string()))?;
        Ok(config.current_context.filter(|c| !c.is_empty()))
    }

    /// The endpoint of context `name`, with its TLS folder when the context has TLS files.
    pub fn endpoint(&self, name: &str) -> Result<Endpoint, EngineError> {
        let id = context_id(name);
        let path = self.dir.join("contexts/meta").join(&id).join("meta.json");
        let text = std::fs::read_to_string(&path).map_err(|_| EngineError::BadHost {
            host: format!("context `{name}`"),
            detail: format!(
                "there is no such docker context (looked for {}); `docker context ls` lists them",
                path.display()
            ),
        })?;
        let meta: Meta =
            serde_json::from_str(&text).map_err(|e| store_error(&path, &e.to_string()))?;
        let docker = meta
            .endpoints
            .get("docker")
            .ok_or_else(|| EngineError::BadHost {
                host: format!("context `{name}`"),
                detail: "the context has no docker endpoint".to_owned(),
            })?;
        let tls_dir = self.dir.join("contexts/tls").join(&id).join("docker");
        let has_tls = ["ca.pem", "cert.pem", "key.pem"]
            .iter()
            .any(|f| tls_dir.join(f).is_file());
        let host = docker.host.clone().filter(|h| !h.is_empty());
        let tls_verify = if has_tls || docker.skip_tls_verify {
            Some(!docker.skip_tls_verify)
        } else {
            None
        };
        Ok(Endpoint {
            host: Some(host.unwrap_or_else(|| super::endpoint::DEFAULT_HOST.to_owned())),
            context: Some(name.to_owned()),
            tls_verify,
            cert_path: tls_verify.map(|_| tls_dir),
        })
    }
}

/// The folder name the docker CLI gives a context: the hex SHA-256 of its name.
pub fn context_id(name: &str) -> String {
    let digest = Sha256::digest(name.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn store_error(path: &Path, detail: &str) -> EngineError {
    EngineError::BadHost {
        host: path.display().to_string(),
        detail: format!("the docker CLI's configuration cannot be read: {detail}"),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A folder removed when dropped.
    pub(crate) struct TempDir(PathBuf);

    impl TempDir {
        pub(crate) fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// A config folder whose current context `name` points at `host`.
    pub(crate) fn store_with(name: &str, host: &str) -> TempDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "docktor-ctx-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let meta = dir.join("contexts/meta").join(context_id(name));
        std::fs::create_dir_all(&meta).expect("mkdir");
        let json = serde_json::json!({
            "Name": name, "Metadata": {},
            "Endpoints": { "docker": { "Host": host, "SkipTLSVerify": false } }
        });
        std::fs::write(meta.join("meta.json"), json.to_string()).expect("meta");
        let config = serde_json::json!({ "currentContext": name });
        std::fs::write(dir.join("config.json"), config.to_string()).expect("config");
        TempDir(dir)
    }

    #[test]
    fn a_context_folder_is_named_by_the_sha256_of_its_name() {
        // `docker context create colima` makes this folder.
        assert_eq!(
            context_id("default"),
            "37a8eec1ce19687d132fe29051dca629d164e2c4958ba141d5f4133a33f0688f"
        );
    }

    #[test]
    fn a_context_with_tls_files_turns_tls_on_with_its_folder() {
        let dir = store_with("lab", "tcp://lab:2376");
        let tls = dir
            .path()
            .join("contexts/tls")
            .join(context_id("lab"))
            .join("docker");
        std::fs::create_dir_all(&tls).expect("mkdir");
        std::fs::write(tls.join("ca.pem"), "x").expect("ca");
        let e = ContextStore::at(dir.path())
            .endpoint("lab")
            .expect("endpoint");
        assert_eq!(e.host.as_deref(), Some("tcp://lab:2376"));
        assert_eq!(e.tls_verify, Some(true));
        assert_eq!(e.cert_path, Some(tls));
    }

    #[test]
    fn an_unknown_context_says_how_to_list_them() {
        let dir = store_with("lab", "tcp://lab:2376");
        let err = ContextStore::at(dir.path())
            .endpoint("nope")
            .expect_err("unknown");
        assert!(err.to_string().contains("docker context ls"), "{err}");
    }
}
