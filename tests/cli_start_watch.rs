//! `docktor start` and `docktor watch`: working a lesson in one's own terminal, end to end
//! against the live engine.

mod cli_support;
mod support;

use std::time::Duration;

use cli_support::{Running, Scratch, text};
use support::{Cleanup, docker_ok, ensure_busybox, unique_name};

/// Step 1 wants a file in the workspace, step 2 a running container; step 2's setup writes a
/// marker file so a test can see setup ran.
fn two_step_lesson(id: &str, container: &str) -> String {
    format!(
        r#"+++
id = "{id}"
title = "Files then a box"
format_version = 1
images = ["busybox:latest"]
[resources]
containers = ["{container}"]
+++

## Write a note
Write `note.txt` in your workspace.

```toml check
[[file]]
path = "note.txt"
contains = "hello"
```

## Start the box
Run `{container}` in the background.

```sh setup
echo ready > setup-ran.txt
```

```toml check
[[container]]
name = "{container}"
status = "running"
```
"#
    )
}

#[test]
fn start_prepares_the_workspace_runs_setup_and_says_what_to_do_and_where() {
    let scratch = Scratch::new("start");
    scratch.lesson("01-two", &two_step_lesson("two", "dt-start-never-run"));
    std::fs::write(scratch.pack().join("01-two/starter.txt"), "from the lesson").expect("starter");
    let out = scratch.docktor_on_pack(&["start", "two:2"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let workspace = scratch.home().join("workspaces").join("two");
    let said = text(&out);
    assert!(said.contains("step 2 of 2: Start the box"), "{said}");
    assert!(
        said.contains("Run `dt-start-never-run` in the background"),
        "{said}"
    );
    assert!(
        said.contains(&format!("Your workspace: {}", workspace.display())),
        "{said}"
    );
    assert!(
        said.contains("docktor check two:2") && said.contains("docktor watch two"),
        "{said}"
    );
    assert_eq!(
        std::fs::read_to_string(workspace.join("setup-ran.txt"))
            .expect("setup ran in the workspace"),
        "ready\n"
    );
    assert!(
        workspace.join("starter.txt").exists(),
        "starter files are copied"
    );
    let listed = scratch.docktor_on_pack(&["list", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("json");
    assert_eq!(
        json["lessons"][0]["current_step"], 2,
        "start makes it the current step"
    );
}

#[test]
fn start_on_an_untrusted_pack_runs_no_setup_and_exits_4() {
    let scratch = Scratch::new("start-untrusted");
    scratch.lesson("01-two", &two_step_lesson("two", "dt-start-never-run-2"));
    let pack = scratch.pack();
    let out = scratch.docktor(&["--lessons", pack.to_str().expect("utf-8"), "start", "two:2"]);
    assert_eq!(out.status.code(), Some(4), "{}", text(&out));
    assert!(!scratch.home().join("workspaces/two/setup-ran.txt").exists());
    let out = scratch.docktor_on_pack(&["start", "two:9"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("has no step `9` (steps are 1 to 2)"),
        "{}",
        text(&out)
    );
}

#[test]
fn watch_prints_each_change_as_the_work_is_done_and_ends_when_the_lesson_is() {
    ensure_busybox();
    let scratch = Scratch::new("watch");
    let name = unique_name("dt-watch");
    let _cleanup = Cleanup::containers(&[&name]);
    scratch.lesson("01-two", &two_step_lesson("two", &name));
    let start = scratch.docktor_on_pack(&["start", "two:1"]);
    assert_eq!(start.status.code(), Some(0), "{}", text(&start));
    let pack = scratch.pack();
    let mut watch = Running::spawn(scratch.command(&[
        "--lessons",
        pack.to_str().expect("utf-8"),
        "--trust",
        "watch",
        "two",
    ]));
    let limit = Duration::from_secs(30);
    watch.wait_for("Watching `two`", limit);
    watch.wait_for("FAIL  file `note.txt`", limit);

    // Another process (the learner's editor) writes the file.
    let workspace = scratch.home().join("workspaces").join("two");
    std::fs::write(workspace.join("note.txt"), "hello there\n").expect("write note");
    watch.wait_for("a workspace file changed", limit);
    watch.wait_for("pass  file `note.txt`", limit);
    watch.wait_for("step 1 passed", limit);
    watch.wait_for(&format!("FAIL  container `{name}`"), limit);

    // Another terminal starts the container.
    docker_ok(&["run", "-d", "--name", &name, "busybox", "sleep", "300"]);
    // The event that set off the re-grade is named (`create` or `start`).
    let event = watch.wait_for("  ~ container ", limit);
    assert!(event.contains(&format!("`{name}`")), "{event}");
    watch.wait_for(&format!("pass  container `{name}`"), limit);
    watch.wait_for("Lesson `two` is complete", limit);
    assert_eq!(watch.wait_exit(limit), Some(0), "{}", watch.rest());
    let listed = scratch.docktor_on_pack(&["list"]);
    assert!(
        text(&listed).contains("2/2 steps, done"),
        "{}",
        text(&listed)
    );
}

#[test]
fn ctrl_c_ends_watch_cleanly() {
    ensure_busybox();
    let scratch = Scratch::new("watch-stop");
    scratch.lesson("01-two", &two_step_lesson("two", "dt-watch-never-run"));
    let pack = scratch.pack();
    let mut watch = Running::spawn(scratch.command(&[
        "--lessons",
        pack.to_str().expect("utf-8"),
        "--trust",
        "watch",
        "two:1",
    ]));
    let limit = Duration::from_secs(30);
    watch.wait_for("does not exist yet: `docktor start two` prepares it", limit);
    watch.wait_for("FAIL  file `note.txt`", limit);
    watch.interrupt();
    watch.wait_for("Stopped watching.", limit);
    assert_eq!(watch.wait_exit(limit), Some(0));
}
