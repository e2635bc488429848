//! Reading a pack folder safely: files and folders only. Links that leave the pack or lead
//! nowhere, devices, FIFOs and sockets are refused with their path; files over their size
//! limit are refused; a file's type is known before it is opened, so nothing hangs.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::{LESSON_MAX_BYTES, PACK_MAX_BYTES, STARTER_MAX_BYTES};
use crate::lesson::Diagnostic;

/// The lesson folders directly under `root`, sorted. A folder may be a link only when it
/// stays inside the pack; anything else at the top (a README, a FIFO) is never opened.
pub(crate) fn lesson_folders(root: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let canon = std::fs::canonicalize(root)
        .map_err(|e| diagnostic(root, format!("cannot read the lessons folder: {e}")))?;
    let entries = std::fs::read_dir(root)
        .map_err(|e| diagnostic(root, format!("cannot read the lessons folder: {e}")))?;
    let mut folders = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let is_folder = if meta.file_type().is_symlink() {
            match std::fs::canonicalize(&path) {
                Ok(target) if target.starts_with(&canon) => target.is_dir(),
                Ok(target) if target.join("lesson.md").exists() => {
                    return Err(diagnostic(
                        &path,
                        format!(
                            "this link leads out of the pack (to {}); a pack is files and folders only",
                            target.display()
                        ),
                    ));
                }
                _ => false,
            }
        } else {
            meta.is_dir()
        };
        if is_folder && std::fs::symlink_metadata(path.join("lesson.md")).is_ok() {
            folders.push(path);
        }
    }
    folders.sort();
    Ok(folders)
}

pub(crate) fn diagnostic(path: &Path, message: String) -> Diagnostic {
    Diagnostic {
        file: path.display().to_string(),
        line: 1,
        message,
    }
}

/// Reads every file under `dir` (relative names to `folder`), refusing what a pack may not
/// hold: links that leave `root` or lead nowhere, devices, FIFOs, sockets, files over their
/// size limit. File types are looked at before anything is opened, so nothing can hang.
pub(crate) fn read_tree(
    root: &Path,
    folder: &Path,
    dir: &Path,
    budget: &AtomicU64,
    files: &mut Vec<RawFile>,
) -> Result<(), Diagnostic> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| diagnostic(dir, format!("cannot read the lesson folder: {e}")))?;
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let meta = std::fs::symlink_metadata(&path)
            .map_err(|e| diagnostic(&path, format!("cannot read: {e}")))?;
        let kind = meta.file_type();
        let readable = if kind.is_symlink() {
            link_target(root, &path)?
        } else if kind.is_dir() {
            read_tree(root, folder, &path, budget, files)?;
            continue;
        } else if kind.is_file() {
            path.clone()
        } else {
            return Err(diagnostic(
                &path,
                "this is a device, FIFO or socket; a pack holds only files and folders".to_owned(),
            ));
        };
        let rel = path
            .strip_prefix(folder)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let limit = if rel == "lesson.md" {
            LESSON_MAX_BYTES
        } else {
            STARTER_MAX_BYTES
        };
        let left = budget.load(Ordering::Relaxed);
        let size = std::fs::metadata(&readable).map_or(0, |m| m.len());
        let bytes = read_limited(&readable, limit.min(left)).map_err(|why| {
            let why = if why.is_empty() && size <= limit {
                format!(
                    "the pack is over {PACK_MAX_BYTES} bytes in all; a pack may hold at most that"
                )
            } else if why.is_empty() {
                format!("this file is over {limit} bytes, the most a pack file of its kind may be")
            } else {
                why
            };
            diagnostic(&path, why)
        })?;
        budget.fetch_sub(bytes.len() as u64, Ordering::Relaxed);
        files.push((rel, bytes, mode_of(&readable)));
    }
    Ok(())
}

/// A file as read from a pack: its path in the lesson folder, its bytes, its permission bits.
pub(crate) type RawFile = (String, Vec<u8>, u32);

/// The permission bits of a file (`0o644` where the platform has none).
fn mode_of(path: &Path) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode() & 0o777)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        0o644
    }
}

/// Where a link inside the pack leads: a regular file inside `root`, or a refusal naming it.
fn link_target(root: &Path, link: &Path) -> Result<PathBuf, Diagnostic> {
    let target = std::fs::canonicalize(link).map_err(|_| {
        let to = std::fs::read_link(link)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        diagnostic(
            link,
            format!("this link leads nowhere (to `{to}`); remove it or put the file there"),
        )
    })?;
    let canon_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if !target.starts_with(&canon_root) {
        return Err(diagnostic(
            link,
            format!(
                "this link leads out of the pack (to {}); a pack is files and folders only",
                target.display()
            ),
        ));
    }
    let meta = std::fs::metadata(&target).map_err(|e| diagnostic(link, e.to_string()))?;
    if !meta.is_file() {
        return Err(diagnostic(
            link,
            "this link does not lead to a plain file; a pack is files and folders only".to_owned(),
        ));
    }
    Ok(target)
}

/// Reads at most `limit` bytes of a regular file. `Err("")` means it is larger than that.
fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let meta = file.metadata().map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err("this is not a plain file; a pack holds only files and folders".to_owned());
    }
    if meta.len() > limit {
        return Err(String::new());
    }
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(String::new());
    }
    Ok(bytes)
}
