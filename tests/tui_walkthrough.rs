//! The walk-through of issue 13 end to end, in tmux against the live engine: pastes, the
//! file-edit re-grade, resets that list what goes, the checks panel, the editor, hand-overs,
//! and SIGTERM while a command has the terminal (issue 8).

mod support;
mod tui_support;

use std::process::Command;
use std::time::{Duration, Instant};

use support::{Cleanup, ensure_busybox};
use tui_support::{EXITED, Tmux, Tutor, assert_restored, exists};

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
    let hello = |tutor: &Tutor| {
        // A second later than the step's opening, so the engine's time is after it.
        std::thread::sleep(Duration::from_millis(1100));
        support::docker_ok(&[
            "run",
            "--name",
            &tutor.container,
            "busybox",
            "echo",
            "hello from docktor",
        ]);
    };
    let tmux = tutor.open();
    tmux.wait_for(&["Hello, container", "● Docker"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Step 1/2", "0/1 passing"]);
    // Made while step 1 is open: step 1's work, listed and removed by its reset.
    hello(&tutor);
    tmux.wait_for(&["1/1 passing"]);
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
    // Made again, then step 2 opened: resetting step 2 keeps what step 1 made.
    hello(&tutor);
    std::thread::sleep(Duration::from_millis(1100));
    tmux.keys(&["n"]);
    tmux.wait_for(&["Step 2/2"]);
    tmux.keys(&["R"]);
    tmux.wait_for(&["Reset this step?", "Nothing on the engine would be removed"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Reset done"]);
    assert!(
        exists(&tutor.container),
        "step 2's reset removed step 1's work"
    );
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
fn sigterm_or_sighup_while_a_shell_has_the_terminal_ends_both_at_once() {
    ensure_busybox();
    for signal in ["-TERM", "-HUP"] {
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
            .args([signal, &pid])
            .status()
            .expect("kill runs");
        assert!(killed.success());
        // No key pressed, no `exit` typed in the shell: the tutor ends by itself.
        assert_restored(&tmux);
    }
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

/// Removes every container carrying `label` when dropped, even if the test failed.
struct LabelledContainers(String);

impl Drop for LabelledContainers {
    fn drop(&mut self) {
        let filter = format!("label={}", self.0);
        let ids = support::docker(&["ps", "-aq", "--filter", &filter]);
        for id in String::from_utf8_lossy(&ids.stdout).split_whitespace() {
            let _ = support::docker(&["rm", "-f", id]);
        }
    }
}

#[test]
fn a_container_run_without_a_name_is_named_and_its_removal_offered() {
    ensure_busybox();
    let tutor = Tutor::new();
    let label = support::unique_name("docktor-tui-unnamed");
    let _cleanup = LabelledContainers(label.clone());
    let tmux = tutor.open();
    tmux.wait_for(&["Hello, container", "● Docker"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(&["Step 1/2"]);
    tmux.keys(&[":"]);
    tmux.type_text(&format!("docker run --label {label} busybox echo hi"));
    tmux.keys(&["Enter"]);
    tmux.wait_for(&[
        "Without --name, Docker named the container",
        "docker rm -f ",
    ]);
    let filter = format!("label={label}");
    let listed = support::docker_ok(&["ps", "-aq", "--filter", &filter]);
    assert_eq!(listed.split_whitespace().count(), 1, "one container made");
    tmux.keys(&["Enter"]);
    let deadline = Instant::now() + Duration::from_secs(20);
    while !support::docker_ok(&["ps", "-aq", "--filter", &filter])
        .trim()
        .is_empty()
    {
        assert!(
            Instant::now() < deadline,
            "the offered removal did not remove it"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    tmux.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(300));
    tmux.keys(&["q"]);
    assert_restored(&tmux);
}
