//! Shared helpers for tests against the live engine: unique names, the docker CLI, the offline
//! busybox image, and a guard that removes what a test made even when the test panics.
#![allow(dead_code)] // Each test binary uses its own share of these helpers.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The compose project label, to find every container, network and volume of a project.
const COMPOSE_PROJECT_LABEL: &str = "com.docker.compose.project";

/// The docktor binary, speaking English whatever the developer's locale: `DOCKTOR_LANG=en`
/// wins over `LANG` and friends (a test of another language passes `--lang`, which wins over it).
pub fn docktor_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_docktor"));
    command.env("DOCKTOR_LANG", "en");
    command
}

/// A name no other test (here or in a concurrent run) uses: `prefix-<pid>-<n>`, lower case
/// so it also works as an image or compose project name.
pub fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{prefix}-{}-{n}", std::process::id()).to_lowercase()
}

/// Runs the docker CLI and returns what it gave, whatever its exit status.
pub fn docker<S: AsRef<str>>(args: &[S]) -> Output {
    run("docker", None, args)
}

/// Runs the docker CLI, panics with its output unless it succeeds, returns its trimmed stdout.
pub fn docker_ok<S: AsRef<str>>(args: &[S]) -> String {
    succeed("docker", docker(args), args)
}

/// Runs `docker-compose` (Compose v1, what this project's machines have) in `dir`.
pub fn compose_ok<S: AsRef<str>>(dir: &Path, args: &[S]) -> String {
    succeed(
        "docker-compose",
        run("docker-compose", Some(dir), args),
        args,
    )
}

fn run<S: AsRef<str>>(program: &str, dir: Option<&Path>, args: &[S]) -> Output {
    let mut command = Command::new(program);
    command.args(args.iter().map(AsRef::as_ref));
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    command
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run `{program}` (is it installed?): {e}"))
}

fn succeed<S: AsRef<str>>(program: &str, out: Output, args: &[S]) -> String {
    let shown: Vec<&str> = args.iter().map(AsRef::as_ref).collect();
    assert!(
        out.status.success(),
        "`{program} {}` failed: {}{}",
        shown.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Makes sure the engine answers and `busybox:latest` is there, building it offline from the
/// host's static busybox if needed. Panics with a clear message otherwise: these tests must
/// fail, never skip, on a machine without an engine.
pub fn ensure_busybox() {
    static READY: OnceLock<Result<(), String>> = OnceLock::new();
    let ready = READY.get_or_init(|| {
        let info = docker(&["info", "--format", "{{.ServerVersion}}"]);
        if !info.status.success() {
            return Err(format!(
                "no Docker engine answers; start one (these tests grade on the live engine): {}",
                String::from_utf8_lossy(&info.stderr)
            ));
        }
        if docker(&["image", "inspect", "busybox:latest"])
            .status
            .success()
        {
            return Ok(());
        }
        build_busybox()
    });
    if let Err(why) = ready {
        panic!("{why}");
    }
}

/// The offline recipe of `docktor images --prepare` (`docktor::images::build_busybox`): the
/// real image's layout, users and groups in one layer, from the host's static busybox. Built on
/// a thread of its own, since callers may already be inside a tokio runtime.
fn build_busybox() -> Result<(), String> {
    let host_busybox = docktor::images::BUSYBOX_CANDIDATES
        .iter()
        .map(Path::new)
        .find(|p| p.is_file())
        .ok_or("busybox:latest is missing and there is no static busybox to build it from")?
        .to_path_buf();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        runtime.block_on(async {
            let engine = docktor::engine::Engine::connect()
                .await
                .map_err(|e| e.to_string())?;
            docktor::images::build_busybox(&engine, "busybox:latest", &host_busybox)
                .await
                .map_err(|e| format!("building busybox:latest failed: {e}"))
        })
    })
    .join()
    .map_err(|_| "building busybox:latest panicked".to_owned())?
}

/// Removes the named engine objects when dropped, so a failing test leaves nothing behind.
/// Containers go first (they hold volumes and networks), images last.
#[derive(Debug, Default)]
pub struct Cleanup {
    containers: Vec<String>,
    projects: Vec<String>,
    volumes: Vec<String>,
    networks: Vec<String>,
    images: Vec<String>,
}

fn owned<S: AsRef<str>>(names: &[S]) -> Vec<String> {
    names.iter().map(|n| n.as_ref().to_owned()).collect()
}

impl Cleanup {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn containers<S: AsRef<str>>(names: &[S]) -> Self {
        Self::new().and_containers(names)
    }

    pub fn and_containers<S: AsRef<str>>(mut self, names: &[S]) -> Self {
        self.containers.extend(owned(names));
        self
    }

    /// Compose projects: every container, network and volume labelled with the project.
    pub fn projects<S: AsRef<str>>(mut self, names: &[S]) -> Self {
        self.projects.extend(owned(names));
        self
    }

    pub fn volumes<S: AsRef<str>>(mut self, names: &[S]) -> Self {
        self.volumes.extend(owned(names));
        self
    }

    pub fn networks<S: AsRef<str>>(mut self, names: &[S]) -> Self {
        self.networks.extend(owned(names));
        self
    }

    pub fn images<S: AsRef<str>>(mut self, names: &[S]) -> Self {
        self.images.extend(owned(names));
        self
    }
}

/// Ids of the objects of one kind carrying a compose project label.
fn labelled(kind: &str, project: &str) -> Vec<String> {
    let filter = format!("label={COMPOSE_PROJECT_LABEL}={project}");
    let out = match kind {
        "container" => docker(&["ps", "-aq", "--filter", &filter]),
        other => docker(&[other, "ls", "-q", "--filter", &filter]),
    };
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        // Failures are ignored: most objects a test names may never have been made.
        let mut containers = self.containers.clone();
        let mut networks = self.networks.clone();
        let mut volumes = self.volumes.clone();
        for project in &self.projects {
            containers.extend(labelled("container", project));
            networks.extend(labelled("network", project));
            volumes.extend(labelled("volume", project));
        }
        if !containers.is_empty() {
            let mut args = vec!["rm".to_owned(), "-f".to_owned(), "-v".to_owned()];
            args.extend(containers);
            docker(&args);
        }
        for network in networks {
            docker(&["network", "rm", &network]);
        }
        for volume in volumes {
            docker(&["volume", "rm", "-f", &volume]);
        }
        for image in &self.images {
            docker(&["image", "rm", "-f", image]);
        }
    }
}

/// A folder under the system temp dir, removed with everything in it when dropped.
#[derive(Debug)]
pub struct TempDir {
    pub path: std::path::PathBuf,
}

impl TempDir {
    pub fn new(prefix: &str) -> Self {
        let path = std::env::temp_dir().join(unique_name(prefix));
        std::fs::create_dir_all(&path)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", path.display()));
        Self { path }
    }

    /// Writes `contents` to `relative` inside the folder, creating parent folders.
    pub fn write(&self, relative: &str, contents: &str) -> std::path::PathBuf {
        let path = self.path.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent folder");
        }
        std::fs::write(&path, contents)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        path
    }

    /// The folder as a string, for command lines.
    pub fn display(&self) -> String {
        self.path.to_string_lossy().into_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}
