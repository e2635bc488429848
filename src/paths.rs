//! Where docktor keeps the learner's things: progress, workspaces, trusted packs.
//!
//! `DOCKTOR_HOME` overrides the location (tests and classrooms use it); otherwise the
//! platform's data directory (`~/.local/share/docktor` on Linux).

use std::path::PathBuf;

/// The root folder of docktor's data.
pub fn data_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("DOCKTOR_HOME").filter(|h| !h.is_empty()) {
        return PathBuf::from(home);
    }
    dirs::data_dir()
        .or_else(|| dirs::home_dir().map(|h| h.join(".local/share")))
        .unwrap_or_else(std::env::temp_dir)
        .join("docktor")
}

/// The progress file.
pub fn progress_file() -> PathBuf {
    data_dir().join("progress.toml")
}

/// The default parent folder of the per-lesson workspaces.
pub fn workspaces_dir() -> PathBuf {
    data_dir().join("workspaces")
}

/// Where the fingerprints of trusted `--lessons` packs are kept.
pub fn trust_file() -> PathBuf {
    data_dir().join("trusted-packs.toml")
}
