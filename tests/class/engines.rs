//! The extra engines a class test grades: the main engine reached over TCP through a `socat`
//! forwarder, and a Podman service with its own storage in a temp folder. Each is a guard
//! that stops what it started (and removes its folder) when dropped, even on a failing test.
#![allow(dead_code)] // The tests and the benchmark each use their share.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The main engine's socket.
pub const MAIN_SOCKET: &str = "/var/run/docker.sock";

/// A free TCP port on 127.0.0.1 (bound, then released for the child to take).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

fn wait_until(what: &str, limit: Duration, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(
            start.elapsed() < limit,
            "{what} did not come up within {limit:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn stop(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// `socat` listening on 127.0.0.1 and forwarding to the main engine's socket.
pub struct TcpForward {
    child: Child,
    /// `tcp://127.0.0.1:PORT`.
    pub host: String,
}

impl TcpForward {
    pub fn start() -> Self {
        let port = free_port();
        let child = Command::new("socat")
            .arg(format!("TCP-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork"))
            .arg(format!("UNIX-CONNECT:{MAIN_SOCKET}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start socat (apt-get install socat)");
        let forward = Self {
            child,
            host: format!("tcp://127.0.0.1:{port}"),
        };
        let addr = format!("127.0.0.1:{port}");
        wait_until("socat", Duration::from_secs(10), || {
            TcpStream::connect(&addr).is_ok()
        });
        forward
    }
}

impl Drop for TcpForward {
    fn drop(&mut self) {
        stop(&mut self.child);
    }
}

/// A Podman service (Docker-compatible API) with its own storage, and busybox loaded.
pub struct Podman {
    dir: PathBuf,
    child: Child,
    /// `unix:///.../podman.sock`.
    pub host: String,
}

impl Podman {
    pub fn start(tag: &str) -> Self {
        let dir = std::env::temp_dir().join(crate::support::unique_name(&format!(
            "docktor-podman-{tag}"
        )));
        std::fs::create_dir_all(&dir).expect("create the podman folder");
        let socket = dir.join("podman.sock");
        let host = format!("unix://{}", socket.display());
        let child = Command::new("podman")
            .args(Self::storage_args(&dir))
            .args(["system", "service", "--time=0", &host])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start podman (apt-get install podman)");
        let podman = Self { dir, child, host };
        wait_until("the podman service", Duration::from_secs(30), || {
            podman.docker(&["version"]).status.success()
        });
        podman.load_busybox();
        podman
    }

    fn storage_args(dir: &std::path::Path) -> Vec<String> {
        vec![
            "--root".into(),
            dir.join("root").display().to_string(),
            "--runroot".into(),
            dir.join("run").display().to_string(),
            "--tmpdir".into(),
            dir.join("tmp").display().to_string(),
        ]
    }

    fn podman(&self, args: &[&str]) -> Command {
        let mut command = Command::new("podman");
        command.args(Self::storage_args(&self.dir)).args(args);
        command
    }

    fn load_busybox(&self) {
        let saved = Command::new("docker")
            .args(["save", "busybox:latest"])
            .output()
            .expect("docker save");
        assert!(saved.status.success(), "docker save busybox:latest failed");
        let mut load = self
            .podman(&["load"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("podman load");
        if let Some(mut stdin) = load.stdin.take() {
            std::io::Write::write_all(&mut stdin, &saved.stdout).expect("feed podman load");
        }
        let out = load.wait_with_output().expect("podman load");
        assert!(
            out.status.success(),
            "podman load failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// The docker CLI pointed at this Podman service.
    pub fn docker(&self, args: &[&str]) -> Output {
        Command::new("docker")
            .arg("-H")
            .arg(&self.host)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("run docker")
    }

    /// Runs a busybox container that sleeps (Podman here needs explicit ulimits and no network).
    pub fn run_sleeper(&self, name: &str) {
        let out = self.docker(&[
            "run",
            "-d",
            "--name",
            name,
            "--network",
            "none",
            "--ulimit",
            "nofile=1024:1024",
            "--ulimit",
            "nproc=1024:1024",
            "busybox:latest",
            "sleep",
            "300",
        ]);
        assert!(
            out.status.success(),
            "podman run {name} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Podman {
    fn drop(&mut self) {
        // Only this service's own storage is touched: every container in it is the test's.
        let _ = self
            .podman(&["rm", "-f", "-a", "-t", "0"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        stop(&mut self.child);
        unmount_under(&self.dir);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Podman makes its overlay folder a mount point of its own: undo every mount under `dir`
/// (deepest first) so the folder can be removed.
fn unmount_under(dir: &std::path::Path) {
    let mounts = std::fs::read_to_string("/proc/self/mounts").unwrap_or_default();
    let prefix = dir.display().to_string();
    let mut points: Vec<&str> = mounts
        .lines()
        .filter_map(|l| l.split_whitespace().nth(1))
        .filter(|m| m.starts_with(&prefix))
        .collect();
    points.sort_by_key(|m| std::cmp::Reverse(m.len()));
    for point in points {
        let _ = Command::new("umount")
            .arg(point)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// A TCP port that accepts connections and never answers: an engine that hangs.
pub struct Silent {
    _listener: TcpListener,
    pub host: String,
}

impl Silent {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        Self {
            _listener: listener,
            host: format!("tcp://127.0.0.1:{port}"),
        }
    }
}
