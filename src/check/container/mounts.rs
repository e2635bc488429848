//! What a container mounts where: volumes by name, binds by host path (a relative source
//! taken from the learner's workspace), tmpfs, and whether each is read-only.

use std::path::{Component, Path, PathBuf};

use crate::check::{Findings, MountSpec};
use crate::engine::MountFacts;
use crate::{tr, trf};

pub(super) fn grade_mount(
    spec: &MountSpec,
    mounts: &[MountFacts],
    workspace: &Path,
    f: &mut Findings,
) {
    let target = spec.target.trim_end_matches('/');
    let wanted = match (spec.kind.as_deref(), spec.source.as_deref()) {
        (Some(kind), Some(source)) => format!("{kind} `{source}`"),
        (Some(kind), None) => trf!("a {} mount", kind),
        (None, Some(source)) => format!("`{source}`"),
        (None, None) => tr!("a mount").to_owned(),
    };
    let Some(m) = mounts
        .iter()
        .find(|m| m.target.trim_end_matches('/') == target)
    else {
        f.wrong(trf!("mounts nothing at `{}`; expected {}", target, wanted));
        return;
    };
    let found = match (m.kind.as_str(), &m.name) {
        ("volume", Some(name)) => trf!("volume `{}`", name),
        ("tmpfs", _) => tr!("a tmpfs").to_owned(),
        (kind, _) => format!("{kind} `{}`", m.source),
    };
    let kind_ok = spec.kind.as_deref().is_none_or(|k| k == m.kind);
    let source_ok = spec
        .source
        .as_deref()
        .is_none_or(|s| mount_source_matches(s, m, workspace));
    f.expect(
        kind_ok && source_ok,
        trf!("mounts {} at `{}`", found, target),
        trf!("mounts {} at `{}`; expected {}", found, target, wanted),
    );
    if let Some(want) = spec.read_only {
        let mode = |ro: bool| if ro { "read-only" } else { "read-write" };
        f.expect(
            m.read_only == want,
            trf!("mounts `{}` {}", target, mode(m.read_only)),
            trf!(
                "mounts `{}` {}; expected {}",
                target,
                mode(m.read_only),
                mode(want)
            ),
        );
    }
}

/// A volume matches by name; a bind by host path, a relative one taken from the workspace.
fn mount_source_matches(source: &str, m: &MountFacts, workspace: &Path) -> bool {
    match m.kind.as_str() {
        "volume" => m.name.as_deref() == Some(source),
        "bind" => {
            let wanted = lexical(&workspace.join(source));
            let found = lexical(Path::new(&m.source));
            wanted == found
                || matches!(
                    (wanted.canonicalize(), found.canonicalize()),
                    (Ok(a), Ok(b)) if a == b
                )
        }
        _ => false,
    }
}

/// A path without `.` and `..`, without touching the filesystem.
fn lexical(path: &Path) -> PathBuf {
    let mut clean = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    clean
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_mount_names_what_was_expected() {
        let mut f = Findings::new("container `db`");
        let spec = MountSpec {
            target: "/data".into(),
            source: Some("dbdata".into()),
            kind: Some("volume".into()),
            read_only: None,
        };
        grade_mount(&spec, &[], Path::new("/ws"), &mut f);
        assert_eq!(
            f.into_verdict(None).message,
            "container `db` mounts nothing at `/data`; expected volume `dbdata`"
        );
    }

    #[test]
    fn a_relative_bind_source_is_taken_from_the_workspace() {
        let mount = MountFacts {
            kind: "bind".into(),
            source: "/ws/site".into(),
            target: "/www".into(),
            ..Default::default()
        };
        assert!(mount_source_matches("./site", &mount, Path::new("/ws")));
        assert!(mount_source_matches(
            "/ws/site/",
            &mount,
            Path::new("/elsewhere")
        ));
        assert!(!mount_source_matches("other", &mount, Path::new("/ws")));
    }
}
