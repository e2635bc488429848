//! The tutor end to end: the real binary in tmux, against the live engine, used as a learner
//! would. Needs tmux and a Docker engine; without either these tests fail, they never skip.

mod support;

use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use support::{Cleanup, ensure_busybox, unique_name};

/// The container name the fixture pack uses, replaced by a unique one in each run.
const FIXTURE_NAME: &str = "docktor-tui-e2e-hello";
/// How long any one thing may take to show on screen.
const DEADLINE: Duration = Duration::from_secs(20);
/// Printed by the pane's shell after docktor exits, with the terminal mode after it.
const EXITED: &str = "DOCKTOR-EXITED";

/// A private tmux server with one session; killed (with everything in it) when dropped.
struct Tmux {
    socket: String,
    session: String,
}

impl Tmux {
    fn start(command: &str) -> Self {
        let version = Command::new("tmux").arg("-V").output();
        assert!(
            version.as_ref().is_ok_and(|o| o.status.success()),
            "tmux is needed for the end-to-end test of the tutor (apt-get install tmux): {version:?}"
        );
        let tmux = Self {
            socket: unique_name("docktor-e2e"),
            session: "tutor".to_owned(),
        };
        tmux.run(&[
            "new-session",
            "-d",
            "-s",
            &tmux.session,
            "-x",
            "100",
            "-y",
            "30",
            command,
        ]);
        tmux
    }

    fn run(&self, args: &[&str]) -> Output {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux runs");
        assert!(
            out.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    fn target(&self) -> String {
        format!("{}:0", self.session)
    }

    /// Presses keys by tmux name (`Enter`, `Escape`, `q`).
    fn keys(&self, keys: &[&str]) {
        let target = self.target();
        let mut args = vec!["send-keys", "-t", &target];
        args.extend(keys);
        self.run(&args);
    }

    /// Types text as it is.
    fn type_text(&self, text: &str) {
        let target = self.target();
        self.run(&["send-keys", "-t", &target, "-l", text]);
    }

    fn screen(&self) -> String {
        let target = self.target();
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", &target]).stdout)
            .into_owned()
    }

    /// Polls the screen until it shows every one of `needles`; panics with the screen if not.
    fn wait_for(&self, needles: &[&str]) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if needles.iter().all(|n| screen.contains(n)) {
                return screen;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "after {DEADLINE:?} the screen still lacks {needles:?}:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Runs a command in a new window of the session, as another terminal would.
    fn other_window(&self, command: &str) {
        self.run(&["new-window", "-d", "-t", &self.session, command]);
    }

    /// The pid of docktor in the first window.
    fn docktor_pid(&self) -> String {
        let target = self.target();
        let shell = self.run(&["display-message", "-p", "-t", &target, "#{pane_pid}"]);
        let shell = String::from_utf8_lossy(&shell.stdout).trim().to_owned();
        let child = Command::new("pgrep")
            .args(["-P", &shell, "docktor"])
            .output()
            .expect("pgrep runs");
        let pid = String::from_utf8_lossy(&child.stdout).trim().to_owned();
        assert!(!pid.is_empty(), "docktor is not running under pane {shell}");
        pid
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// A temporary folder removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(unique_name("docktor-tui-e2e"));
        std::fs::create_dir_all(&dir).expect("temp dir");
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copies the fixture pack into `to`, giving its container a name no other run uses.
fn copy_pack(to: &Path, container: &str) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tui-pack");
    for lesson in std::fs::read_dir(&from).expect("fixture pack") {
        let lesson = lesson.expect("entry").path();
        let name = lesson.file_name().expect("folder name");
        let dest = to.join(name);
        std::fs::create_dir_all(&dest).expect("lesson folder");
        let text = std::fs::read_to_string(lesson.join("lesson.md")).expect("lesson.md");
        std::fs::write(
            dest.join("lesson.md"),
            text.replace(FIXTURE_NAME, container),
        )
        .expect("write lesson.md");
    }
}

/// The tutor on a copy of the fixture pack, in its own data folder.
struct Tutor {
    dir: TempDir,
    container: String,
}

impl Tutor {
    fn new() -> Self {
        let dir = TempDir::new();
        let container = unique_name(FIXTURE_NAME);
        copy_pack(&dir.0.join("pack"), &container);
        Self { dir, container }
    }

    /// The shell line that runs docktor, then reports how it exited and the terminal's mode.
    fn command(&self, env: &str) -> String {
        let root = self.dir.0.display();
        format!(
            "env {env} DOCKTOR_HOME={root}/home DOCKTOR_FIRST_FRAME_FILE={root}/first-frame {bin} \
             --lessons {root}/pack --trust --workspace {root}/ws; \
             echo {EXITED} rc=$?; stty -a | tr ' ;' '\\n\\n' | grep -x -- '-*icanon'; sleep 600",
            bin = env!("CARGO_BIN_EXE_docktor"),
        )
    }

    fn open(&self) -> Tmux {
        Tmux::start(&self.command(""))
    }

    /// Opens the tutor pointed at another engine address.
    fn open_with_host(&self, host: &str) -> Tmux {
        Tmux::start(&self.command(&format!("DOCKER_HOST={host}")))
    }
}

/// After docktor exited, the terminal is back in canonical (line) mode, not raw.
fn assert_restored(tmux: &Tmux) {
    let screen = tmux.wait_for(&[&format!("{EXITED} rc=0"), "icanon"]);
    assert!(
        !screen.contains("-icanon"),
        "the terminal was left in raw mode:\n{screen}"
    );
}

#[test]
fn a_learner_fails_a_step_fixes_it_elsewhere_sees_it_pass_live_and_resumes_there() {
    ensure_busybox();
    let tutor = Tutor::new();
    let _cleanup = Cleanup::containers(&[&tutor.container]);
    let tmux = tutor.open();
    tmux.wait_for(&["Hello, container", "not started", "● Docker"]);
    let first_frame = std::fs::read_to_string(tutor.dir.0.join("first-frame"))
        .expect("the first frame's time is written");
    assert!(first_frame.trim().parse::<u64>().is_ok(), "{first_frame:?}");

    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Step 1/2", "Say hello", "0/1 passing"]);

    // Wrong: the right name, but the container fails.
    tmux.keys(&[":"]);
    tmux.type_text(&format!(
        "docker run --name {} busybox sh -c 'exit 3'",
        tutor.container
    ));
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["exit 3 · $ docker run", "✘", "0/1 passing"]);

    // Right, in another terminal: the tutor notices by itself.
    let fixed = Instant::now();
    tmux.other_window(&format!(
        "docker rm -f {name} && docker run --name {name} busybox echo hello from docktor",
        name = tutor.container
    ));
    tmux.wait_for(&["Step done!", "✔", "1/1 passing"]);
    eprintln!(
        "the step turned green {:?} after the fix started",
        fixed.elapsed()
    );
    let screen = tmux.screen();
    assert!(screen.contains("Step 1/2"), "no auto-advance:\n{screen}");

    // Leave the prompt (a separate key press: Esc then n at once reads as Alt-n), move on.
    tmux.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(300));
    tmux.keys(&["n"]);
    tmux.wait_for(&["Step 2/2", "Leave a note"]);
    tmux.keys(&["q"]);
    assert_restored(&tmux);
    drop(tmux);

    let tmux = tutor.open();
    let screen = tmux.wait_for(&["Step 2/2", "Leave a note"]);
    assert!(screen.contains("●◉"), "step 1 shows passed:\n{screen}");
    tmux.keys(&["q"]);
    assert_restored(&tmux);
}

#[test]
fn sigterm_ends_the_tutor_and_restores_the_terminal() {
    ensure_busybox();
    let tutor = Tutor::new();
    let tmux = tutor.open();
    tmux.wait_for(&["Hello, container"]);
    let pid = tmux.docktor_pid();
    let killed = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    assert_restored(&tmux);
}

/// The engine's own socket, where a stand-in socket forwards to.
fn engine_socket() -> PathBuf {
    match std::env::var("DOCKER_HOST") {
        Ok(host) if !host.is_empty() => PathBuf::from(
            host.strip_prefix("unix://")
                .unwrap_or_else(|| panic!("this test forwards to a unix socket, not {host}")),
        ),
        _ => PathBuf::from("/var/run/docker.sock"),
    }
}

/// Makes the engine appear at `at`: a socket that forwards every connection to the engine's.
/// Its threads end with the test process.
fn forward_engine(at: &Path) {
    let listener = UnixListener::bind(at).expect("bind the stand-in socket");
    let engine = engine_socket();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { continue };
            let Ok(upstream) = UnixStream::connect(&engine) else {
                continue;
            };
            for (mut from, mut to) in [
                (client.try_clone(), upstream.try_clone()),
                (upstream.try_clone(), client.try_clone()),
            ]
            .into_iter()
            .filter_map(|(a, b)| Some((a.ok()?, b.ok()?)))
            {
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut from, &mut to);
                    let _ = to.shutdown(std::net::Shutdown::Write);
                });
            }
        }
    });
}

#[test]
fn the_tutor_opens_without_an_engine_and_connects_when_it_appears() {
    ensure_busybox();
    let tutor = Tutor::new();
    let socket = tutor.dir.0.join("engine.sock");
    let tmux = tutor.open_with_host(&format!("unix://{}", socket.display()));
    tmux.wait_for(&[
        "No Docker engine answers",
        "reconnects by itself",
        "Hello, container",
    ]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Step 1/2", "Say hello"]);
    forward_engine(&socket);
    tmux.wait_for(&["● Docker", "0/1 passing"]);
    tmux.keys(&["q"]);
    assert_restored(&tmux);
}
