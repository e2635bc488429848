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

// ---- The walk-through of issue 13 (and the signal case of issue 8) ----

impl Tmux {
    /// Pastes `text` as a terminal does: bracketed when the program asked for it.
    fn paste(&self, text: &str) {
        let target = self.target();
        self.run(&["set-buffer", "-b", "docktor-paste", text]);
        self.run(&[
            "paste-buffer",
            "-p",
            "-d",
            "-b",
            "docktor-paste",
            "-t",
            &target,
        ]);
    }
}

impl Tutor {
    /// The workspace of the fixture's first lesson.
    fn hello_workspace(&self) -> PathBuf {
        self.dir.0.join("ws").join("tui-hello")
    }

    /// Adds a lesson whose one step has many failing file checks, each with a message.
    fn add_many_checks_lesson(&self) {
        let dir = self.dir.0.join("pack").join("03-many");
        std::fs::create_dir_all(&dir).expect("lesson folder");
        let mut text = String::from(
            "+++\nid = \"tui-many\"\ntitle = \"Many checks\"\nformat_version = 1\n+++\n\n## Write many files\n\nWrite the files.\n\n```toml check\n",
        );
        for i in 1..=12 {
            text.push_str(&format!(
                "[[file]]\npath = \"file-{i}.txt\"\nmessage = \"Write file-{i}.txt next.\"\n\n"
            ));
        }
        text.push_str("```\n");
        std::fs::write(dir.join("lesson.md"), text).expect("write lesson.md");
    }
}

fn exists(container: &str) -> bool {
    support::docker(&["container", "inspect", container])
        .status
        .success()
}

#[test]
fn a_pasted_block_lands_in_the_prompt_and_runs_nothing() {
    ensure_busybox();
    let tutor = Tutor::new();
    let _cleanup = Cleanup::containers(&[&tutor.container]);
    let tmux = tutor.open();
    tmux.wait_for(&["Hello, container", "● Docker"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Step 1/2", "0/1 passing"]);
    // In the lesson view, pasted letters are not keys (q would quit, X would reset).
    tmux.paste(&format!(
        "docker run --name {} busybox echo hello from docktor\nq\n",
        tutor.container
    ));
    tmux.wait_for(&["nothing ran", &format!("--name {}", tutor.container)]);
    std::thread::sleep(Duration::from_millis(1500));
    let screen = tmux.screen();
    assert!(
        !screen.contains(EXITED),
        "the paste quit the tutor:\n{screen}"
    );
    assert!(!exists(&tutor.container), "the paste ran:\n{screen}");
    assert!(
        screen.contains("Step 1/2") && screen.contains("0/1 passing"),
        "{screen}"
    );
    // Enter runs what was pasted, once the learner has seen it.
    tmux.keys(&["C-e", "BSpace", "BSpace", "BSpace", "Enter"]);
    tmux.wait_for(&["Step done!", "1/1 passing"]);
    tmux.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(300));
    tmux.keys(&["q"]);
    assert_restored(&tmux);
}

#[test]
fn editing_a_workspace_file_regrades_without_a_key() {
    ensure_busybox();
    let tutor = Tutor::new();
    let tmux = tutor.open();
    tmux.wait_for(&["Hello, container", "● Docker"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Step 1/2"]);
    tmux.keys(&["n"]);
    tmux.wait_for(&["Step 2/2", "Leave a note", "0/1 passing"]);
    let workspace = tutor.hello_workspace().display().to_string();
    let screen = tmux.screen();
    assert!(
        screen.contains("Your workspace:"),
        "the workspace is shown:\n{screen}"
    );
    std::thread::sleep(Duration::from_millis(500));
    let edited = Instant::now();
    std::fs::write(tutor.hello_workspace().join("note.txt"), "done\n").expect("write note");
    tmux.wait_for(&["1/1 passing"]);
    eprintln!(
        "{workspace}/note.txt was re-graded {:?} after the edit",
        edited.elapsed()
    );
    tmux.keys(&["q"]);
    assert_restored(&tmux);
}

#[test]
fn a_step_reset_lists_and_removes_only_what_the_step_made() {
    ensure_busybox();
    let tutor = Tutor::new();
    let _cleanup = Cleanup::containers(&[&tutor.container]);
    let tmux = tutor.open();
    tmux.wait_for(&["Hello, container", "● Docker"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Step 1/2", "0/1 passing"]);
    // Made after step 1 was opened: step 1's work.
    std::thread::sleep(Duration::from_millis(1100));
    support::docker_ok(&[
        "run",
        "--name",
        &tutor.container,
        "busybox",
        "echo",
        "hello from docktor",
    ]);
    tmux.wait_for(&["1/1 passing"]);
    // Step 2 was opened after the container was made: resetting it keeps the container.
    std::thread::sleep(Duration::from_millis(1100));
    tmux.keys(&["n"]);
    tmux.wait_for(&["Step 2/2"]);
    tmux.keys(&["R"]);
    tmux.wait_for(&["Reset this step?", "Nothing on the engine would be removed"]);
    tmux.keys(&["Escape"]);
    assert!(exists(&tutor.container), "step 2's reset dialog removed it");
    // Step 1 reset from a session that opened it before the container: lists and removes it.
    drop(tmux);
    let progress = tutor.dir.0.join("home").join("progress.toml");
    let text = std::fs::read_to_string(&progress).expect("progress saved");
    let rewound = text
        .replace("current_step = 1", "current_step = 0")
        .lines()
        .map(|l| {
            if l.starts_with("step_opened_at") {
                "step_opened_at = 1".to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&progress, rewound).expect("rewind progress");
    let tmux = tutor.open();
    tmux.wait_for(&["Step 1/2", "● Docker"]);
    tmux.keys(&["R"]);
    tmux.wait_for(&[
        "Reset this step?",
        "These will be removed:",
        &format!("container {}", tutor.container),
    ]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&[&format!(
        "Reset done: removed container {}",
        tutor.container
    )]);
    assert!(!exists(&tutor.container));
    tmux.keys(&["q"]);
    assert_restored(&tmux);
}

#[test]
fn a_lesson_reset_lists_its_objects_and_step_one_is_not_passed_after_it() {
    ensure_busybox();
    let tutor = Tutor::new();
    let _cleanup = Cleanup::containers(&[&tutor.container]);
    let tmux = tutor.open();
    tmux.wait_for(&["Hello, container", "● Docker"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Step 1/2"]);
    support::docker_ok(&[
        "run",
        "--name",
        &tutor.container,
        "busybox",
        "echo",
        "hello from docktor",
    ]);
    tmux.wait_for(&["1/1 passing"]);
    tmux.keys(&["X"]);
    tmux.wait_for(&[
        "Reset the whole lesson?",
        &format!("container {}", tutor.container),
    ]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Reset done", "0/1 passing"]);
    std::thread::sleep(Duration::from_secs(2));
    let screen = tmux.screen();
    assert!(!screen.contains("Step done"), "{screen}");
    tmux.keys(&["q"]);
    assert_restored(&tmux);
    let progress =
        std::fs::read_to_string(tutor.dir.0.join("home").join("progress.toml")).unwrap_or_default();
    assert!(
        !progress.contains("say-hello"),
        "step 1 recorded as passed:\n{progress}"
    );
}

#[test]
fn the_checks_panel_scrolls_to_every_check() {
    ensure_busybox();
    let tutor = Tutor::new();
    tutor.add_many_checks_lesson();
    let tmux = tutor.open();
    tmux.wait_for(&["Many checks", "● Docker"]);
    tmux.keys(&["G", "Enter"]);
    let screen = tmux.wait_for(&["0/12 passing", "more lines"]);
    assert!(!screen.contains("file-12.txt"), "{screen}");
    tmux.keys(&["Tab"]);
    for _ in 0..30 {
        tmux.keys(&["j"]);
    }
    tmux.wait_for(&["file-12.txt", "Write file-12.txt next."]);
    tmux.keys(&["q"]);
    assert_restored(&tmux);
}

#[test]
fn sigterm_while_a_shell_has_the_terminal_ends_both_at_once() {
    ensure_busybox();
    let tutor = Tutor::new();
    let tmux = tutor.open();
    tmux.wait_for(&["Hello, container"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Step 1/2"]);
    tmux.keys(&[":"]);
    tmux.type_text("sh");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["docktor comes back when it ends"]);
    let pid = tmux.docktor_pid();
    let killed = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    assert_restored(&tmux);
}

#[test]
fn e_opens_the_steps_file_in_the_editor_and_the_edit_is_graded() {
    ensure_busybox();
    let tutor = Tutor::new();
    // A stand-in editor: writes the answer into the file it is given.
    let editor = tutor.dir.0.join("editor.sh");
    std::fs::write(&editor, "#!/bin/sh\necho done > \"$1\"\n").expect("write editor");
    let made_runnable = Command::new("chmod")
        .args(["+x", &editor.display().to_string()])
        .status()
        .expect("chmod runs");
    assert!(made_runnable.success());
    let tmux = Tmux::start(&tutor.command(&format!("VISUAL= EDITOR={}", editor.display())));
    tmux.wait_for(&["Hello, container", "● Docker"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Step 1/2"]);
    tmux.keys(&["n"]);
    tmux.wait_for(&["Step 2/2", "e opens", "0/1 passing"]);
    tmux.keys(&["e"]);
    tmux.wait_for(&["Press any key"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["1/1 passing"]);
    tmux.keys(&["q"]);
    assert_restored(&tmux);
}

#[test]
fn each_hand_over_starts_on_a_clear_screen_and_leaves_nothing_behind() {
    ensure_busybox();
    let tutor = Tutor::new();
    let tmux = tutor.open();
    tmux.wait_for(&["Hello, container"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Step 1/2"]);
    tmux.keys(&[":"]);
    for word in ["first-hand-over", "second-hand-over"] {
        // The prompt keeps the keys after a hand-over.
        tmux.type_text(&format!("!echo {word}"));
        tmux.keys(&["Enter"]);
        let screen = tmux.wait_for(&[word, "Press any key"]);
        assert!(
            word == "first-hand-over" || !screen.contains("first-hand-over"),
            "the first hand-over is still on screen:\n{screen}"
        );
        tmux.keys(&["Enter"]);
        tmux.wait_for(&["Step 1/2"]);
    }
    tmux.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(300));
    tmux.keys(&["q"]);
    let screen = tmux.wait_for(&[EXITED]);
    assert!(
        !screen.contains("hand-over"),
        "hand-over text stayed after quitting:\n{screen}"
    );
    assert_restored(&tmux);
}
