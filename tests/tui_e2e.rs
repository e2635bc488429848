//! The tutor end to end: the real binary in tmux, against the live engine, used as a learner
//! would. Needs tmux and a Docker engine; without either these tests fail, they never skip.

mod support;
mod tui_support;

use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use support::{Cleanup, ensure_busybox};
use tui_support::{Tutor, assert_restored};

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

// ---- Languages (issue 14) ----

#[test]
fn l_switches_the_tutor_to_each_language_live_and_the_choice_is_remembered() {
    let tutor = Tutor::new();
    let tmux = tutor.open_with_no_language_set();
    tmux.wait_for(&["Hello, container", "Lessons", "not started", "L en"]);

    tmux.keys(&["L"]);
    tmux.wait_for(&["Lektioner", "inte påbörjad", "L sv"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Steg 1/2", "Inte översatt till svenska", "L sv"]);

    // The learner stays on the same step as the words change.
    tmux.keys(&["L"]);
    tmux.wait_for(&[
        "Stap 1/2",
        "Nog niet vertaald naar Nederlands",
        "Say hello",
        "L nl",
    ]);
    tmux.keys(&["L"]);
    tmux.wait_for(&[
        "Steg 1/2",
        "Ikke oversatt til norsk bokmål",
        "Say hello",
        "L nb",
    ]);
    tmux.keys(&["q"]);
    assert_restored(&tmux);
    drop(tmux);

    let tmux = tutor.open_with_no_language_set();
    tmux.wait_for(&["Steg 1/2", "Ikke oversatt til norsk bokmål", "L nb"]);
    tmux.keys(&["q"]);
    assert_restored(&tmux);
    drop(tmux);

    // DOCKTOR_LANG still wins over the remembered choice.
    let tmux = tutor.open();
    tmux.wait_for(&["Step 1/2", "Say hello", "L en"]);
    tmux.keys(&["q"]);
    assert_restored(&tmux);
}
