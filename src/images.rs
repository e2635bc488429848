//! The images lessons need, and getting them ready with no registry: pull where one answers,
//! otherwise build `busybox` FROM scratch out of the host's static busybox binary.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::engine::{Engine, EngineError};
use crate::lesson::LessonPack;

/// Where a static busybox binary is usually found (Debian's `busybox-static` installs /bin/busybox).
pub const BUSYBOX_CANDIDATES: &[&str] =
    &["/bin/busybox", "/usr/bin/busybox", "/usr/local/bin/busybox"];

/// The Dockerfile of the offline busybox image: exec-form RUN, since there is no shell yet.
const BUSYBOX_DOCKERFILE: &str = "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\nCMD [\"sh\"]\n";

/// Every image reference the pack's lessons need, with `:latest` made explicit.
pub fn required(pack: &LessonPack) -> Vec<String> {
    let set: BTreeSet<String> = pack
        .lessons
        .iter()
        .flat_map(|l| l.meta.images.iter())
        .map(|r| normalise(r))
        .collect();
    set.into_iter().collect()
}

/// `busybox` -> `busybox:latest`; references with a tag or digest are kept.
pub fn normalise(reference: &str) -> String {
    let last = reference.rsplit('/').next().unwrap_or(reference);
    if last.contains(':') || last.contains('@') {
        reference.to_owned()
    } else {
        format!("{reference}:latest")
    }
}

/// How an image was made ready.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prepared {
    AlreadyPresent,
    Pulled,
    BuiltFromBusybox(PathBuf),
}

/// Why an image could not be made ready, with what to do.
#[derive(Debug, thiserror::Error)]
pub enum PrepareError {
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error(
        "`{reference}` could not be pulled ({pull}) and no registry-free recipe exists for it; load it with `docker load -i FILE` from a machine that has it"
    )]
    NoRecipe {
        reference: String,
        pull: EngineError,
    },
    #[error(
        "`{reference}` could not be pulled and no static busybox binary was found (looked at {looked}); install Debian's `busybox-static` package or pass --busybox PATH"
    )]
    NoBusybox { reference: String, looked: String },
    #[error("cannot read {path}: {error}")]
    Read { path: String, error: std::io::Error },
}

/// Makes `reference` present on the engine: already there, pulled, or built offline.
pub async fn prepare(
    engine: &Engine,
    reference: &str,
    busybox: Option<&Path>,
) -> Result<Prepared, PrepareError> {
    if engine.has_image(reference).await? {
        return Ok(Prepared::AlreadyPresent);
    }
    let pull_error = match engine.pull(reference).await {
        Ok(()) => return Ok(Prepared::Pulled),
        Err(e) if e.is_unreachable() && !matches!(e, EngineError::Timeout { .. }) => {
            return Err(e.into());
        }
        Err(e) => e,
    };
    if !is_busybox(reference) {
        return Err(PrepareError::NoRecipe {
            reference: reference.to_owned(),
            pull: pull_error,
        });
    }
    let binary = find_busybox(busybox).ok_or_else(|| PrepareError::NoBusybox {
        reference: reference.to_owned(),
        looked: busybox.map_or_else(
            || BUSYBOX_CANDIDATES.join(", "),
            |p| p.display().to_string(),
        ),
    })?;
    let contents = std::fs::read(&binary).map_err(|error| PrepareError::Read {
        path: binary.display().to_string(),
        error,
    })?;
    let context = busybox_context(&contents).map_err(|error| PrepareError::Read {
        path: binary.display().to_string(),
        error,
    })?;
    engine.build_from_tar(reference, context).await?;
    Ok(Prepared::BuiltFromBusybox(binary))
}

fn is_busybox(reference: &str) -> bool {
    let name = reference.split([':', '@']).next().unwrap_or(reference);
    matches!(
        name,
        "busybox" | "library/busybox" | "docker.io/library/busybox"
    )
}

fn find_busybox(given: Option<&Path>) -> Option<PathBuf> {
    match given {
        Some(path) => path.is_file().then(|| path.to_path_buf()),
        None => BUSYBOX_CANDIDATES
            .iter()
            .map(PathBuf::from)
            .find(|p| p.is_file()),
    }
}

/// The build context: the Dockerfile and the binary, as a tar archive in memory.
fn busybox_context(binary: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut archive = tar::Builder::new(Vec::new());
    append(
        &mut archive,
        "Dockerfile",
        BUSYBOX_DOCKERFILE.as_bytes(),
        0o644,
    )?;
    append(&mut archive, "busybox", binary, 0o755)?;
    archive.into_inner()
}

fn append(
    archive: &mut tar::Builder<Vec<u8>>,
    name: &str,
    data: &[u8],
    mode: u32,
) -> std::io::Result<()> {
    let mut header = tar::Header::new_gnu();
    header.set_size(data.len() as u64);
    header.set_mode(mode);
    header.set_cksum();
    archive.append_data(&mut header, name, data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_without_a_tag_mean_latest() {
        assert_eq!(normalise("busybox"), "busybox:latest");
        assert_eq!(normalise("busybox:1.36"), "busybox:1.36");
        assert_eq!(normalise("localhost:5000/app"), "localhost:5000/app:latest");
    }

    #[test]
    fn only_busybox_has_an_offline_recipe() {
        assert!(is_busybox("busybox:latest"));
        assert!(is_busybox("docker.io/library/busybox"));
        assert!(!is_busybox("alpine:3"));
    }

    #[test]
    fn the_build_context_holds_the_dockerfile_and_an_executable_busybox() {
        let tar = busybox_context(b"ELF").expect("tar");
        let mut archive = tar::Archive::new(tar.as_slice());
        let entries: Vec<(String, u32)> = archive
            .entries()
            .expect("entries")
            .map(|e| {
                let e = e.expect("entry");
                (
                    e.path().expect("path").display().to_string(),
                    e.header().mode().expect("mode"),
                )
            })
            .collect();
        assert_eq!(
            entries,
            vec![
                ("Dockerfile".to_owned(), 0o644),
                ("busybox".to_owned(), 0o755)
            ]
        );
    }
}
