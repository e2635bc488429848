//! The images lessons need, and getting them ready with no registry: pull where one answers,
//! otherwise build `busybox` FROM scratch out of the host's static busybox binary.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::engine::{Engine, EngineError};
use crate::lesson::LessonPack;

/// Where a static busybox binary is usually found (Debian's `busybox-static` installs /bin/busybox).
pub const BUSYBOX_CANDIDATES: &[&str] =
    &["/bin/busybox", "/usr/bin/busybox", "/usr/local/bin/busybox"];

/// The Dockerfile of the offline busybox image: one `COPY` of a prepared root filesystem, so
/// the image has ONE layer, as Docker Hub's has.
const BUSYBOX_DOCKERFILE: &str = "FROM scratch\nCOPY rootfs/ /\nCMD [\"sh\"]\n";

/// The directories of the real busybox image, with their modes.
const BUSYBOX_DIRS: &[(&str, u32)] = &[
    ("bin", 0o755),
    ("dev", 0o755),
    ("etc", 0o755),
    ("etc/network", 0o755),
    ("home", 0o755),
    ("lib", 0o755),
    ("root", 0o700),
    ("tmp", 0o1777),
    ("usr", 0o755),
    ("usr/sbin", 0o755),
    ("var", 0o755),
    ("var/spool", 0o755),
    ("var/spool/mail", 0o755),
    ("var/www", 0o755),
];

/// `/etc/passwd` of the real image (root and nobody among the system users).
const BUSYBOX_PASSWD: &str = "root:x:0:0:root:/root:/bin/sh\n\
daemon:x:1:1:daemon:/usr/sbin:/bin/false\n\
bin:x:2:2:bin:/bin:/bin/false\n\
sys:x:3:3:sys:/dev:/bin/false\n\
sync:x:4:100:sync:/bin:/bin/sync\n\
mail:x:8:8:mail:/var/spool/mail:/bin/false\n\
www-data:x:33:33:www-data:/var/www:/bin/false\n\
operator:x:37:37:Operator:/var:/bin/false\n\
nobody:x:65534:65534:nobody:/home:/bin/false\n";

/// `/etc/group` of the real image.
const BUSYBOX_GROUP: &str = "root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\n\
disk:x:6:\nlp:x:7:\nmail:x:8:\nkmem:x:9:\nwheel:x:10:root\ncdrom:x:11:\ndialout:x:18:\n\
floppy:x:19:\nvideo:x:28:\naudio:x:29:\ntape:x:32:\nwww-data:x:33:\noperator:x:37:\n\
utmp:x:43:\nplugdev:x:46:\nstaff:x:50:\nlock:x:54:\nnetdev:x:82:\nusers:x:100:\n\
nobody:x:65534:\n";

/// Applets linked when the host's busybox cannot list its own (it always can on Linux).
const FALLBACK_APPLETS: &[&str] = &[
    "sh", "ash", "cat", "cp", "echo", "env", "grep", "hostname", "httpd", "id", "ls", "mkdir",
    "mv", "nc", "ping", "ps", "rm", "sed", "sleep", "tail", "test", "touch", "wc", "wget",
];

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
    build_busybox(engine, reference, &binary).await?;
    Ok(Prepared::BuiltFromBusybox(binary))
}

/// Builds the offline busybox image from a static binary and tags it `reference`: the
/// layout, users and groups of the real image, in one layer.
pub async fn build_busybox(
    engine: &Engine,
    reference: &str,
    binary: &Path,
) -> Result<(), PrepareError> {
    let read_error = |error| PrepareError::Read {
        path: binary.display().to_string(),
        error,
    };
    let contents = std::fs::read(binary).map_err(read_error)?;
    let applets = applets(binary);
    let context = busybox_context(&contents, &applets).map_err(read_error)?;
    engine.build_from_tar(reference, context).await?;
    Ok(())
}

/// The applets the binary has (`busybox --list`), each to be linked in `/bin`.
fn applets(binary: &Path) -> Vec<String> {
    let listed = std::process::Command::new(binary)
        .arg("--list")
        .stdin(std::process::Stdio::null())
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).into_owned())
        .unwrap_or_default();
    let mut names: Vec<String> = listed
        .lines()
        .map(str::trim)
        .filter(|n| !n.is_empty() && !n.contains('/') && *n != "busybox")
        .map(str::to_owned)
        .collect();
    if names.is_empty() {
        names = FALLBACK_APPLETS.iter().map(|n| (*n).to_owned()).collect();
    }
    names
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

/// The build context: the Dockerfile and `rootfs/`, the whole image filesystem, as a tar
/// archive in memory.
fn busybox_context(binary: &[u8], applets: &[String]) -> std::io::Result<Vec<u8>> {
    let mut archive = tar::Builder::new(Vec::new());
    append(
        &mut archive,
        "Dockerfile",
        BUSYBOX_DOCKERFILE.as_bytes(),
        0o644,
    )?;
    for (dir, mode) in BUSYBOX_DIRS {
        let mut header = tar::Header::new_gnu();
        header.set_entry_type(tar::EntryType::Directory);
        header.set_size(0);
        header.set_mode(*mode);
        header.set_cksum();
        archive.append_data(&mut header, format!("rootfs/{dir}/"), std::io::empty())?;
    }
    append(&mut archive, "rootfs/bin/busybox", binary, 0o755)?;
    for applet in applets {
        let mut header = tar::Header::new_gnu();
        header.set_entry_type(tar::EntryType::Symlink);
        header.set_size(0);
        header.set_mode(0o777);
        archive.append_link(&mut header, format!("rootfs/bin/{applet}"), "busybox")?;
    }
    append(
        &mut archive,
        "rootfs/etc/passwd",
        BUSYBOX_PASSWD.as_bytes(),
        0o644,
    )?;
    append(
        &mut archive,
        "rootfs/etc/group",
        BUSYBOX_GROUP.as_bytes(),
        0o644,
    )?;
    append(
        &mut archive,
        "rootfs/etc/nsswitch.conf",
        b"hosts: files dns\nnetworks: files\n",
        0o644,
    )?;
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
    fn the_build_context_holds_one_copy_of_a_faithful_root_filesystem() {
        let tar = busybox_context(b"ELF", &["sh".to_owned(), "ls".to_owned()]).expect("tar");
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
        let mode = |path: &str| {
            entries
                .iter()
                .find(|(p, _)| p.trim_end_matches('/') == path)
                .map(|(_, m)| *m)
        };
        assert_eq!(mode("Dockerfile"), Some(0o644));
        assert_eq!(mode("rootfs/bin/busybox"), Some(0o755));
        assert_eq!(mode("rootfs/tmp"), Some(0o1777));
        assert_eq!(mode("rootfs/root"), Some(0o700));
        assert!(mode("rootfs/bin/sh").is_some() && mode("rootfs/bin/ls").is_some());
        assert!(
            BUSYBOX_DOCKERFILE.matches("COPY").count() == 1 && !BUSYBOX_DOCKERFILE.contains("RUN")
        );
        assert!(
            BUSYBOX_PASSWD.starts_with("root:x:0:0:")
                && BUSYBOX_PASSWD.contains("\nnobody:x:65534:")
        );
        assert!(
            BUSYBOX_GROUP.starts_with("root:x:0:") && BUSYBOX_GROUP.contains("\nnobody:x:65534:")
        );
    }

    #[test]
    fn the_host_busybox_lists_its_applets_or_a_basic_set_is_used() {
        let fallback = applets(Path::new("/nonexistent/busybox"));
        assert!(fallback.contains(&"sh".to_owned()));
    }
}
