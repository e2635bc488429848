//! The learner's per-lesson workspace: a folder holding the lesson's starter files, where
//! commands run (so `docker build .` and `docker-compose up` find their files).

use std::io;
use std::path::{Component, Path, PathBuf};

use crate::lesson::Lesson;

/// The workspace folder of `lesson` under `parent` (the folder is named after the lesson id,
/// which also makes it the compose project name).
pub fn folder(parent: &Path, lesson: &Lesson) -> PathBuf {
    parent.join(&lesson.meta.id)
}

/// Creates the workspace and copies in starter files that are not there yet; the learner's
/// own edits are never overwritten.
pub fn prepare(parent: &Path, lesson: &Lesson) -> io::Result<PathBuf> {
    copy_starters(parent, lesson, false)
}

/// Puts every starter file back as the lesson ships it (a lesson reset).
pub fn restore(parent: &Path, lesson: &Lesson) -> io::Result<PathBuf> {
    copy_starters(parent, lesson, true)
}

fn copy_starters(parent: &Path, lesson: &Lesson, overwrite: bool) -> io::Result<PathBuf> {
    let dir = folder(parent, lesson);
    std::fs::create_dir_all(&dir)
        .map_err(|e| with_path(e, "cannot create the workspace folder", &dir))?;
    for file in &lesson.files {
        let Some(rel) = safe_relative(&file.path) else {
            continue;
        };
        let dest = dir.join(rel);
        if !overwrite && std::fs::symlink_metadata(&dest).is_ok() {
            continue;
        }
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(|e| with_path(e, "cannot create", parent))?;
        }
        write_starter(&dir, &dest, file)?;
    }
    Ok(dir)
}

/// Writes one starter file: never through a link (a link there is replaced, not followed),
/// never outside the workspace, never with wider permissions than the pack's file (the umask may narrow them).
fn write_starter(dir: &Path, dest: &Path, file: &crate::lesson::StarterFile) -> io::Result<()> {
    let outside = || {
        io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("{} would be outside the workspace", dest.display()),
        )
    };
    let (Some(parent), Ok(root)) = (dest.parent(), std::fs::canonicalize(dir)) else {
        return Err(outside());
    };
    if !std::fs::canonicalize(parent).is_ok_and(|p| p.starts_with(&root)) {
        return Err(outside());
    }
    if std::fs::symlink_metadata(dest).is_ok_and(|m| !m.is_dir()) {
        std::fs::remove_file(dest).map_err(|e| with_path(e, "cannot replace", dest))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(file.mode & 0o777);
    }
    let mut out = options
        .open(dest)
        .map_err(|e| with_path(e, "cannot write", dest))?;
    io::Write::write_all(&mut out, &file.contents)
        .map_err(|e| with_path(e, "cannot write", dest))?;
    Ok(())
}

/// A starter file path that stays inside the workspace, or `None` (`../x`, `/etc/x`).
pub fn safe_relative(path: &str) -> Option<&Path> {
    let p = Path::new(path);
    p.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then_some(p)
}

fn with_path(e: io::Error, what: &str, path: &Path) -> io::Error {
    io::Error::new(e.kind(), format!("{what} {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_workspace_are_refused() {
        assert!(safe_relative("app/Dockerfile").is_some());
        assert!(safe_relative("../escape").is_none());
        assert!(safe_relative("/etc/passwd").is_none());
        assert!(safe_relative("a/../../b").is_none());
    }
}
