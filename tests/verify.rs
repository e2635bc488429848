//! `docktor verify` on the live engine: the bundled course is proven, and verify itself catches
//! a step that is green with no work, a leaked resource, and an untrusted pack.
//!
//! Verify's leak check compares the whole engine before and after, so the tests of this binary
//! take a lock: nothing else in this binary changes the engine while one of them runs
//! (`cargo test` runs test binaries one after another).

mod support;

use std::path::PathBuf;
use std::process::Output;
use std::sync::Mutex;

use support::{Cleanup, ensure_busybox, unique_name};

static ENGINE: Mutex<()> = Mutex::new(());

fn lock() -> std::sync::MutexGuard<'static, ()> {
    ENGINE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn docktor(home: &std::path::Path, args: &[&str]) -> Output {
    support::docktor_command()
        .args(args)
        .env("DOCKTOR_HOME", home)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run docktor")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A pack of one lesson in a temporary folder, removed on drop.
struct Pack {
    dir: PathBuf,
}

impl Pack {
    fn new(lesson: &str) -> Self {
        let dir = std::env::temp_dir().join(unique_name("docktor-verify-pack"));
        std::fs::create_dir_all(dir.join("pack/01-lesson")).expect("mkdir");
        std::fs::write(dir.join("pack/01-lesson/lesson.md"), lesson).expect("write");
        Self { dir }
    }

    fn verify(&self, trust: bool) -> Output {
        let pack = self.dir.join("pack");
        let mut args = vec!["--lessons", pack.to_str().expect("utf-8")];
        if trust {
            args.push("--trust");
        }
        args.push("verify");
        docktor(&self.dir.join("home"), &args)
    }
}

impl Drop for Pack {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn lesson(declared: &str, check: &str, solution: &str) -> String {
    format!(
        "+++\nid = \"fixture\"\ntitle = \"Fixture\"\nformat_version = 1\nimages = [\"busybox:latest\"]\n[resources]\ncontainers = [\"{declared}\"]\n+++\n## The step\n```toml check\n{check}\n```\n```hint\nh\n```\n```sh solution\n{solution}\n```\n"
    )
}

#[test]
fn the_bundled_course_lints_clean() {
    let home = std::env::temp_dir().join(unique_name("docktor-lint-home"));
    let out = docktor(&home, &["lint"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "",
        "lint must report no problem at all"
    );
    assert!(
        text(&out).contains("0 error(s), 0 warning(s)"),
        "{}",
        text(&out)
    );
    let _ = std::fs::remove_dir_all(home);
}

/// The whole course, proven in Swedish: translations share the original's checks and
/// solutions, so this proves that the Swedish course loads and grades as the original does
/// (the English words of the same lessons are read by every other test).
#[test]
fn every_bundled_lesson_verifies_on_the_live_engine_in_swedish() {
    ensure_busybox();
    let _lock = lock();
    let home = std::env::temp_dir().join(unique_name("docktor-verify-home"));
    let listed = |lang: &str| -> serde_json::Value {
        let out = docktor(&home, &["--lang", lang, "list", "--json"]);
        serde_json::from_slice(&out.stdout).expect("list --json")
    };
    let (english, swedish) = (listed("en"), listed("sv"));
    let lessons = swedish["lessons"].as_array().expect("lessons");
    assert!(
        lessons.len() >= 15,
        "the course has fifteen lessons, found {}",
        lessons.len()
    );
    for (sv, en) in lessons
        .iter()
        .zip(english["lessons"].as_array().expect("lessons"))
    {
        assert_eq!(sv["id"], en["id"]);
        assert_ne!(sv["title"], en["title"], "{} is shown in Swedish", sv["id"]);
    }
    let out = docktor(&home, &["--lang", "sv", "verify", "--json"]);
    println!("{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("verify --json");
    assert_eq!(
        report["passed"].as_u64(),
        Some(lessons.len() as u64),
        "{report}"
    );
    assert_eq!(report["failed"].as_u64(), Some(0), "{report}");
    let _ = std::fs::remove_dir_all(home);
}

#[test]
fn verify_proves_a_lesson_whose_checks_fail_before_and_pass_after_its_solution() {
    ensure_busybox();
    let _lock = lock();
    let name = unique_name("dt-verify-good");
    let _cleanup = Cleanup::containers(&[&name]);
    let pack = Pack::new(&lesson(
        &name,
        &format!(
            "[[container]]\nname = \"{name}\"\nstatus = \"exited\"\nlogs_contain = \"proven\""
        ),
        &format!("docker run --name {name} busybox echo proven"),
    ));
    let out = pack.verify(true);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("before the solution: 1 of 1 checks fail"),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains("after the solution: all 1 checks pass"),
        "{}",
        text(&out)
    );
    assert!(
        !support::docker(&["inspect", &name]).status.success(),
        "verify resets what the lesson made"
    );
}

#[test]
fn verify_fails_a_step_that_is_green_before_any_work() {
    ensure_busybox();
    let _lock = lock();
    let name = unique_name("dt-verify-free");
    let pack = Pack::new(&lesson(
        &name,
        &format!("[[container]]\nname = \"{name}\"\nexists = false"),
        "true",
    ));
    let out = pack.verify(true);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("already passes before the solution"),
        "{}",
        text(&out)
    );
}

#[test]
fn verify_reports_a_resource_the_lesson_forgot_to_declare() {
    ensure_busybox();
    let _lock = lock();
    let (declared, stray) = (
        unique_name("dt-verify-decl"),
        unique_name("dt-verify-stray"),
    );
    let _cleanup = Cleanup::containers(&[&declared, &stray]);
    let pack = Pack::new(&lesson(
        &declared,
        &format!("[[container]]\nname = \"{declared}\"\nstatus = \"exited\""),
        &format!(
            "docker run --name {declared} busybox true\ndocker create --name {stray} busybox true"
        ),
    ));
    let out = pack.verify(true);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains(&format!(
            "left behind container `{stray}`, which the lesson does not declare"
        )),
        "{}",
        text(&out)
    );
}

#[test]
fn verify_runs_nothing_from_an_untrusted_pack() {
    let marker = std::env::temp_dir().join(unique_name("docktor-untrusted-marker"));
    let name = unique_name("dt-verify-untrusted");
    let pack = Pack::new(&lesson(
        &name,
        &format!("[[container]]\nname = \"{name}\""),
        &format!("touch {}", marker.display()),
    ));
    let out = pack.verify(false);
    assert_eq!(out.status.code(), Some(4), "{}", text(&out));
    assert!(text(&out).contains("nothing was run"), "{}", text(&out));
    assert!(!marker.exists(), "the solution must not have run");
}

/// Leaves the swarm this test made, even when the test fails.
struct SwarmGuard;

impl Drop for SwarmGuard {
    fn drop(&mut self) {
        let _ = support::docker(&["swarm", "leave", "--force"]);
        let _ = support::docker(&["network", "rm", "docker_gwbridge"]);
    }
}

fn swarm_state() -> String {
    support::docker_ok(&["info", "--format", "{{.Swarm.LocalNodeState}}"])
}

#[test]
fn reset_leaves_only_a_swarm_that_carries_the_lessons_label() {
    ensure_busybox();
    let _lock = lock();
    assert_eq!(
        swarm_state(),
        "inactive",
        "this test needs an engine that is not in a swarm"
    );
    let home = std::env::temp_dir().join(unique_name("docktor-swarm-home"));
    // Swarm-scope networks listed after the engine left the swarm are stale records of the
    // daemon's that no API call removes (a restart clears them): only local ones count here.
    let networks = || {
        support::docker_ok(&[
            "network",
            "ls",
            "--filter",
            "scope=local",
            "--format",
            "{{.ID}} {{.Name}}",
        ])
    };
    // A forced leave in the middle of a service update can leave a stale `ingress` behind
    // that only a daemon restart clears: only what this test made must go.
    let before = networks();
    support::docker_ok(&["swarm", "init", "--advertise-addr", "127.0.0.1"]);
    let _guard = SwarmGuard;
    // A swarm of the learner's own: reset must not touch it.
    let out = docktor(&home, &["reset", "15-swarm"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(swarm_state(), "active", "{}", text(&out));
    // The lesson's swarm: its node carries the lesson's label.
    let node = support::docker_ok(&["node", "ls", "-q"]);
    support::docker_ok(&[
        "node",
        "update",
        "--label-add",
        "docktor.lesson=15-swarm",
        &node,
    ]);
    let out = docktor(&home, &["reset", "15-swarm"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("left the swarm the lesson made"),
        "{}",
        text(&out)
    );
    assert_eq!(swarm_state(), "inactive");
    let after = networks();
    let made: Vec<&str> = after
        .lines()
        .filter(|n| !before.lines().any(|b| b == *n))
        .collect();
    assert!(made.is_empty(), "left behind: {made:?}");
    assert!(!after.contains(" docker_gwbridge"), "{after}");
    let _ = std::fs::remove_dir_all(home);
}
