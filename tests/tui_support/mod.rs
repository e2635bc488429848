//! The tutor in tmux for the end-to-end tests: a private tmux server per test (killed with
//! everything in it when dropped), a copy of the fixture pack with unique names, and the
//! checks that the terminal was given back.
#![allow(dead_code)] // Each test binary uses its own share of these helpers.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::support::unique_name;

/// The container name the fixture pack uses, replaced by a unique one in each run.
pub const FIXTURE_NAME: &str = "docktor-tui-e2e-hello";
/// How long any one thing may take to show on screen.
pub const DEADLINE: Duration = Duration::from_secs(20);
/// Printed by the pane's shell after docktor exits, with the terminal mode after it.
pub const EXITED: &str = "DOCKTOR-EXITED";

/// A private tmux server with one session; killed (with everything in it) when dropped.
pub struct Tmux {
    socket: String,
    session: String,
}

impl Tmux {
    pub fn start(command: &str) -> Self {
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

    pub fn run(&self, args: &[&str]) -> Output {
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

    pub fn target(&self) -> String {
        format!("{}:0", self.session)
    }

    /// Presses keys by tmux name (`Enter`, `Escape`, `q`).
    pub fn keys(&self, keys: &[&str]) {
        let target = self.target();
        let mut args = vec!["send-keys", "-t", &target];
        args.extend(keys);
        self.run(&args);
    }

    /// Types text as it is.
    pub fn type_text(&self, text: &str) {
        let target = self.target();
        self.run(&["send-keys", "-t", &target, "-l", text]);
    }

    pub fn screen(&self) -> String {
        let target = self.target();
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", &target]).stdout)
            .into_owned()
    }

    /// Polls the screen until it shows every one of `needles`; panics with the screen if not.
    pub fn wait_for(&self, needles: &[&str]) -> String {
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
    pub fn other_window(&self, command: &str) {
        self.run(&["new-window", "-d", "-t", &self.session, command]);
    }

    /// The pid of docktor in the first window.
    pub fn docktor_pid(&self) -> String {
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

/// The tutor in English: a developer's locale or `DOCKTOR_LANG` cannot change what the tests see.
pub const ENGLISH: &str = "DOCKTOR_LANG=en";
/// No `DOCKTOR_LANG` and an English locale: only a saved choice changes the language.
pub const NO_LANGUAGE_SET: &str = "-u DOCKTOR_LANG -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8";

/// A temporary folder removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> Self {
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
pub fn copy_pack(to: &Path, container: &str) {
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
pub struct Tutor {
    pub dir: TempDir,
    pub container: String,
}

impl Tutor {
    pub fn new() -> Self {
        let dir = TempDir::new();
        let container = unique_name(FIXTURE_NAME);
        copy_pack(&dir.0.join("pack"), &container);
        Self { dir, container }
    }

    /// The shell line that runs docktor in English (whatever the developer's locale), then
    /// reports how it exited and the terminal's mode.
    pub fn command(&self, env: &str) -> String {
        self.command_in(ENGLISH, env)
    }

    /// [`Tutor::command`] with `lang_env` choosing (or not choosing) the language.
    pub fn command_in(&self, lang_env: &str, env: &str) -> String {
        let root = self.dir.0.display();
        format!(
            "env {lang_env} {env} DOCKTOR_HOME={root}/home DOCKTOR_FIRST_FRAME_FILE={root}/first-frame {bin} \
             --lessons {root}/pack --trust --workspace {root}/ws; \
             echo {EXITED} rc=$?; stty -a | tr ' ;' '\\n\\n' | grep -x -- '-*icanon'; sleep 600",
            bin = env!("CARGO_BIN_EXE_docktor"),
        )
    }

    pub fn open(&self) -> Tmux {
        Tmux::start(&self.command(""))
    }

    /// Opens the tutor with no language setting at all (and an English locale): the choice
    /// saved in the progress file decides.
    pub fn open_with_no_language_set(&self) -> Tmux {
        Tmux::start(&self.command_in(NO_LANGUAGE_SET, ""))
    }

    /// Opens the tutor pointed at another engine address.
    pub fn open_with_host(&self, host: &str) -> Tmux {
        Tmux::start(&self.command(&format!("DOCKER_HOST={host}")))
    }
}

/// After docktor exited, the terminal is back in canonical (line) mode, not raw.
pub fn assert_restored(tmux: &Tmux) {
    let screen = tmux.wait_for(&[&format!("{EXITED} rc=0"), "icanon"]);
    assert!(
        !screen.contains("-icanon"),
        "the terminal was left in raw mode:\n{screen}"
    );
}

impl Tmux {
    /// Pastes `text` as a terminal does: bracketed when the program asked for it.
    pub fn paste(&self, text: &str) {
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
    pub fn hello_workspace(&self) -> PathBuf {
        self.dir.0.join("ws").join("tui-hello")
    }

    /// Adds a lesson whose one step has many failing file checks, each with a message.
    pub fn add_many_checks_lesson(&self) {
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

pub fn exists(container: &str) -> bool {
    crate::support::docker(&["container", "inspect", container])
        .status
        .success()
}
