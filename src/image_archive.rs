//! Offline image packs: every image a pack needs in one file, to carry on a USB stick to a
//! workshop with poor wifi.
//!
//! The file is a tar archive whose first entry, `docktor-images.json`, is docktor's manifest
//! (images, ids, sizes, docktor version, and the length and checksum of the rest); the rest is
//! the engine's own `docker save` archive, byte for byte. So `docker load -i` reads it too, and
//! docktor checks the whole file before loading anything: a cut-short or foreign file loads
//! nothing.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use bytes::Bytes;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};

use crate::engine::{Engine, EngineError};

/// The name of docktor's manifest, the archive's first entry.
pub const MANIFEST_NAME: &str = "docktor-images.json";
/// What `format` says in a docktor image archive.
pub const FORMAT: &str = "docktor-images";
/// The archive layout this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

const BLOCK: u64 = 512;
const CHUNK: usize = 1 << 20;

/// docktor's manifest, the first entry of the archive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    pub docktor_version: String,
    pub images: Vec<ImageEntry>,
    /// Where the engine's archive starts in the file, in bytes.
    pub engine_archive_offset: u64,
    pub engine_archive_bytes: u64,
    /// SHA-256 (hex) of the engine's archive: finds a damaged copy before loading.
    pub engine_archive_sha256: String,
}

/// One image of the archive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageEntry {
    pub reference: String,
    pub id: String,
    pub size_bytes: u64,
}

/// How far a save or a load has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    /// Exact for a load; for a save, the images' sizes (shared layers make it an upper bound).
    pub total: u64,
}

/// Why an archive could not be written or loaded, with what to do.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error(transparent)]
    Engine(#[from] EngineError),
    #[error("image `{0}` is not on this engine: run `docktor images --prepare` first, then save")]
    Missing(String),
    #[error("the lessons need no images, so there is nothing to save")]
    Nothing,
    #[error("{path}: {error}")]
    Io { path: String, error: std::io::Error },
    #[error(
        "{path} is not a docktor image archive ({why}). Make one with `docktor images --save FILE`; a plain `docker save` archive loads with `docker load -i FILE`"
    )]
    Foreign { path: String, why: String },
    #[error(
        "{path} is cut short: it has {found} bytes, but {expected} were written. Copy it again; nothing was loaded"
    )]
    Truncated {
        path: String,
        found: u64,
        expected: u64,
    },
    #[error("{path} is damaged ({why}). Copy it again or save it again; nothing was loaded")]
    Damaged { path: String, why: String },
    #[error(
        "{path} was made by a newer docktor (archive format {found}; this one reads {FORMAT_VERSION}): update docktor"
    )]
    TooNew { path: String, found: u32 },
}

impl ArchiveError {
    /// True when the file itself is wrong (foreign, cut short, damaged, too new).
    pub fn is_bad_archive(&self) -> bool {
        matches!(
            self,
            Self::Foreign { .. }
                | Self::Truncated { .. }
                | Self::Damaged { .. }
                | Self::TooNew { .. }
        )
    }
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> ArchiveError + '_ {
    move |error| ArchiveError::Io {
        path: path.display().to_string(),
        error,
    }
}

/// SHA-256 of the engine's archive: the crate the trust fingerprint already uses, so a damaged
/// or altered copy is found before anything is loaded.
#[derive(Clone)]
struct Digest(sha2::Sha256);

impl Digest {
    fn new() -> Self {
        use sha2::Digest as _;
        Self(sha2::Sha256::new())
    }
    fn update(&mut self, bytes: &[u8]) {
        use sha2::Digest as _;
        self.0.update(bytes);
    }
    fn hex(self) -> String {
        use sha2::Digest as _;
        self.0
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// Writes every image of `references` into `path`; calls `progress` as bytes stream in.
pub async fn save(
    engine: &Engine,
    references: &[String],
    path: &Path,
    mut progress: impl FnMut(Progress),
) -> Result<Manifest, ArchiveError> {
    if references.is_empty() {
        return Err(ArchiveError::Nothing);
    }
    let mut images = Vec::new();
    for reference in references {
        let facts = engine
            .image(reference)
            .await?
            .ok_or_else(|| ArchiveError::Missing(reference.clone()))?;
        images.push(ImageEntry {
            reference: reference.clone(),
            id: facts.id,
            size_bytes: u64::try_from(facts.size_bytes).unwrap_or(0),
        });
    }
    let total = images.iter().map(|i| i.size_bytes).sum();
    let mut manifest = Manifest {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        docktor_version: env!("CARGO_PKG_VERSION").to_owned(),
        images,
        engine_archive_offset: u64::MAX,
        engine_archive_bytes: u64::MAX,
        engine_archive_sha256: "f".repeat(64),
    };
    // Room for the manifest at its widest, so it can be written last over its placeholder.
    let reserved = json(&manifest).len() as u64 + 64;
    let reserved = reserved.div_ceil(BLOCK) * BLOCK;
    manifest.engine_archive_offset = BLOCK + reserved;

    let partial = partial_path(path);
    let result = write_archive(
        engine,
        &mut manifest,
        reserved,
        &partial,
        total,
        &mut progress,
    )
    .await;
    match result.and_then(|()| std::fs::rename(&partial, path).map_err(io_error(path))) {
        Ok(()) => Ok(manifest),
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

fn json(manifest: &Manifest) -> String {
    serde_json::to_string_pretty(manifest).unwrap_or_default()
}

fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    path.with_file_name(name)
}

async fn write_archive(
    engine: &Engine,
    manifest: &mut Manifest,
    reserved: u64,
    partial: &Path,
    total: u64,
    progress: &mut impl FnMut(Progress),
) -> Result<(), ArchiveError> {
    let err = io_error(partial);
    let mut file = File::create(partial).map_err(&err)?;
    file.write_all(&vec![0; (BLOCK + reserved) as usize])
        .map_err(&err)?;
    let references: Vec<String> = manifest
        .images
        .iter()
        .map(|i| i.reference.clone())
        .collect();
    let mut stream = Box::pin(engine.export_images(&references));
    let (mut hash, mut done) = (Digest::new(), 0u64);
    let mut out = std::io::BufWriter::with_capacity(CHUNK, file);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        hash.update(&chunk);
        out.write_all(&chunk).map_err(&err)?;
        done += chunk.len() as u64;
        progress(Progress {
            done,
            total: total.max(done),
        });
    }
    let mut file = out.into_inner().map_err(|e| err(e.into_error()))?;
    if done == 0 {
        return Err(EngineError::Api {
            status: 500,
            message: "the engine sent an empty archive".into(),
        }
        .into());
    }
    manifest.engine_archive_bytes = done;
    manifest.engine_archive_sha256 = hash.hex();
    let mut text = json(manifest).into_bytes();
    text.resize(reserved as usize, b' ');
    let mut header = tar::Header::new_ustar();
    header.set_path(MANIFEST_NAME).map_err(&err)?;
    header.set_size(reserved);
    header.set_mode(0o644);
    header.set_mtime(unix_now());
    header.set_entry_type(tar::EntryType::Regular);
    header.set_cksum();
    file.seek(SeekFrom::Start(0)).map_err(&err)?;
    file.write_all(header.as_bytes()).map_err(&err)?;
    file.write_all(&text).map_err(&err)?;
    file.sync_all().map_err(&err)
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Reads and checks the whole archive (manifest, length, checksum, the engine archive's own
/// index) without an engine: what [`load`] does before sending a byte.
pub fn inspect(path: &Path) -> Result<Manifest, ArchiveError> {
    let shown = path.display().to_string();
    let err = io_error(path);
    let mut file = File::open(path).map_err(&err)?;
    let found = file.metadata().map_err(&err)?.len();
    let manifest = read_manifest(&mut file, &shown)?;
    let expected = manifest
        .engine_archive_offset
        .saturating_add(manifest.engine_archive_bytes);
    if found < expected {
        return Err(ArchiveError::Truncated {
            path: shown,
            found,
            expected,
        });
    }
    if found > expected {
        return Err(ArchiveError::Damaged {
            path: shown,
            why: format!("{} bytes more than were written", found - expected),
        });
    }
    file.seek(SeekFrom::Start(manifest.engine_archive_offset))
        .map_err(&err)?;
    let mut hashing = Hashing {
        inner: BufReader::with_capacity(CHUNK, file),
        hash: Digest::new(),
    };
    let index = engine_index(&mut hashing).map_err(|why| ArchiveError::Damaged {
        path: shown.clone(),
        why,
    })?;
    std::io::copy(&mut hashing, &mut std::io::sink()).map_err(&err)?;
    if hashing.hash.hex() != manifest.engine_archive_sha256 {
        return Err(ArchiveError::Damaged {
            path: shown,
            why: "its checksum does not match".into(),
        });
    }
    for image in &manifest.images {
        if !index
            .tags
            .iter()
            .any(|t| same_reference(t, &image.reference))
        {
            return Err(ArchiveError::Damaged {
                path: shown,
                why: format!("`{}` is listed but not inside", image.reference),
            });
        }
    }
    Ok(manifest)
}

fn same_reference(a: &str, b: &str) -> bool {
    let strip = |s: &str| {
        s.strip_prefix("docker.io/library/")
            .or_else(|| s.strip_prefix("docker.io/"))
            .unwrap_or(s)
            .to_owned()
    };
    strip(&crate::images::normalise(a)) == strip(&crate::images::normalise(b))
}

fn read_manifest(file: &mut File, shown: &str) -> Result<Manifest, ArchiveError> {
    let foreign = |why: &str| ArchiveError::Foreign {
        path: shown.to_owned(),
        why: why.to_owned(),
    };
    let mut archive = tar::Archive::new(&mut *file);
    let mut entries = archive
        .entries()
        .map_err(|_| foreign("it is not a tar archive"))?;
    let mut first = match entries.next() {
        Some(Ok(entry)) => entry,
        _ => return Err(foreign("it is not a tar archive, or it is empty")),
    };
    let name = first
        .path()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    if name != MANIFEST_NAME || first.size() > 1 << 22 {
        return Err(foreign(&format!("it does not start with {MANIFEST_NAME}")));
    }
    let mut text = String::new();
    first
        .read_to_string(&mut text)
        .map_err(|_| ArchiveError::Truncated {
            path: shown.to_owned(),
            found: 0,
            expected: first.size(),
        })?;
    let manifest: Manifest = serde_json::from_str(text.trim_end())
        .map_err(|e| foreign(&format!("its {MANIFEST_NAME} does not read: {e}")))?;
    if manifest.format != FORMAT {
        return Err(foreign(&format!("its format is `{}`", manifest.format)));
    }
    if manifest.format_version > FORMAT_VERSION {
        return Err(ArchiveError::TooNew {
            path: shown.to_owned(),
            found: manifest.format_version,
        });
    }
    Ok(manifest)
}

/// A reader that hashes what passes through it.
struct Hashing<R> {
    inner: R,
    hash: Digest,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
}

/// What the engine's archive holds, from its own `manifest.json`.
struct EngineIndex {
    tags: Vec<String>,
}

#[derive(Deserialize)]
struct EngineManifestItem {
    #[serde(rename = "Config")]
    config: String,
    #[serde(rename = "RepoTags", default)]
    repo_tags: Option<Vec<String>>,
    #[serde(rename = "Layers", default)]
    layers: Vec<String>,
}

/// Reads every entry of the engine's archive, so a cut or a bad block shows here, and checks
/// that every file its `manifest.json` names is there.
fn engine_index(reader: &mut impl Read) -> Result<EngineIndex, String> {
    let mut archive = tar::Archive::new(reader);
    let mut names = std::collections::BTreeSet::new();
    let mut manifest: Option<Vec<EngineManifestItem>> = None;
    for entry in archive.entries().map_err(|e| e.to_string())? {
        let mut entry = entry.map_err(|e| format!("a bad entry: {e}"))?;
        let name = entry
            .path()
            .map_err(|e| e.to_string())?
            .display()
            .to_string();
        if name == "manifest.json" {
            let mut text = String::new();
            entry
                .read_to_string(&mut text)
                .map_err(|e| format!("manifest.json: {e}"))?;
            manifest =
                Some(serde_json::from_str(&text).map_err(|e| format!("manifest.json: {e}"))?);
        } else {
            std::io::copy(&mut entry, &mut std::io::sink()).map_err(|e| format!("{name}: {e}"))?;
        }
        names.insert(name.trim_end_matches('/').to_owned());
    }
    let manifest = manifest.ok_or("the engine's manifest.json is missing")?;
    let mut tags = Vec::new();
    for item in manifest {
        for file in std::iter::once(&item.config).chain(&item.layers) {
            if !names.contains(file.as_str()) {
                return Err(format!("`{file}` is missing"));
            }
        }
        tags.extend(item.repo_tags.unwrap_or_default());
    }
    Ok(EngineIndex { tags })
}

/// Loads an archive that [`inspect`] has passed (its manifest is `manifest`) into the engine;
/// gives the engine's own lines (`Loaded image: busybox:latest`).
pub async fn load(
    engine: &Engine,
    path: &Path,
    manifest: &Manifest,
    mut progress: impl FnMut(Progress) + Send + 'static,
) -> Result<Vec<String>, ArchiveError> {
    let err = io_error(path);
    let mut file = tokio::fs::File::open(path).await.map_err(&err)?;
    tokio::io::AsyncSeekExt::seek(&mut file, SeekFrom::Start(manifest.engine_archive_offset))
        .await
        .map_err(&err)?;
    let total = manifest.engine_archive_bytes;
    let body = futures_util::stream::unfold((file, 0u64), move |(mut file, done)| async move {
        if done >= total {
            return None;
        }
        let want = CHUNK.min((total - done) as usize);
        let mut buf = vec![0; want];
        match tokio::io::AsyncReadExt::read_exact(&mut file, &mut buf).await {
            Ok(_) => Some((
                Ok::<_, std::io::Error>((Bytes::from(buf), done + want as u64)),
                (file, done + want as u64),
            )),
            Err(e) => Some((Err(e), (file, total))),
        }
    })
    .map(move |item| {
        item.map(|(bytes, done)| {
            progress(Progress { done, total });
            bytes
        })
    });
    Ok(engine.load_images(body).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checksum_is_sha256() {
        let mut h = Digest::new();
        h.update(b"abc");
        assert_eq!(
            h.hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn references_compare_as_the_engine_names_them() {
        assert!(same_reference("busybox:latest", "busybox"));
        assert!(same_reference(
            "docker.io/library/busybox:latest",
            "busybox:latest"
        ));
        assert!(!same_reference("busybox:1", "busybox:latest"));
    }
}
