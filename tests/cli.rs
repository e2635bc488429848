//! The command line as a teacher's script uses it: exit codes, messages, JSON, lint, reset.
//! Runs the real binary against the live engine.

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;

use support::{Cleanup, docker, docker_ok, ensure_busybox, unique_name};

/// A throwaway DOCKTOR_HOME and pack folder for one test.
struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    fn new(tag: &str) -> Self {
        let dir = std::env::temp_dir().join(unique_name(&format!("docktor-cli-{tag}")));
        std::fs::create_dir_all(dir.join("home")).expect("create scratch");
        Self { dir }
    }

    /// Writes `lesson.md` of a lesson folder in this scratch's pack.
    fn lesson(&self, folder: &str, text: &str) -> &Self {
        let dir = self.dir.join("pack").join(folder);
        std::fs::create_dir_all(&dir).expect("create lesson folder");
        std::fs::write(dir.join("lesson.md"), text).expect("write lesson");
        self
    }

    fn pack(&self) -> PathBuf {
        self.dir.join("pack")
    }

    fn docktor(&self, args: &[&str]) -> Output {
        support::docktor_command()
            .args(args)
            .env("DOCKTOR_HOME", self.dir.join("home"))
            .env("NO_COLOR", "1")
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run docktor")
    }

    fn docktor_on_pack(&self, args: &[&str]) -> Output {
        let pack = self.pack();
        let mut all = vec!["--lessons", pack.to_str().expect("utf-8 path"), "--trust"];
        all.extend_from_slice(args);
        self.docktor(&all)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn one_step_lesson(id: &str, container: &str) -> String {
    format!(
        r#"+++
id = "{id}"
title = "Keep a box running"
format_version = 1
images = ["busybox:latest"]
[resources]
containers = ["{container}"]
+++

## Start the box
Run `{container}` in the background.

```toml check
[[container]]
name = "{container}"
status = "running"
```

```hint
docker run -d
```

```sh solution
docker run -d --name {container} busybox sleep 300
```
"#
    )
}

#[test]
fn lint_reports_each_problem_of_a_broken_pack_by_file_and_line() {
    let scratch = Scratch::new("lint");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken-pack");
    let out = scratch.docktor(&["lint", fixture.to_str().expect("utf-8")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        stdout.contains("01-typo/lesson.md:14: check: unknown field `statuss`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("02-no-front-matter/lesson.md:1: a lesson must start with `+++`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("03-bad-role/lesson.md:14: unknown block role `soluton`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("04-unknown-rule/lesson.md:7: unknown Dockerfile rule `no-such-rule`"),
        "{stdout}"
    );
}

#[test]
fn an_unreachable_engine_gives_exit_code_3_and_says_what_to_do() {
    let scratch = Scratch::new("noengine");
    scratch.lesson("01-box", &one_step_lesson("box", "never-made"));
    let pack = scratch.pack();
    let out = support::docktor_command()
        .args(["--lessons", pack.to_str().expect("utf-8"), "check", "box"])
        .env("DOCKTOR_HOME", scratch.dir.join("home"))
        .env("DOCKER_HOST", "unix:///nonexistent/docker.sock")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(
        text(&out).contains("No Docker engine answers at unix:///nonexistent/docker.sock"),
        "{}",
        text(&out)
    );
}

#[test]
fn an_unknown_lesson_is_a_usage_error_that_lists_the_lessons() {
    let scratch = Scratch::new("unknown");
    scratch.lesson("01-box", &one_step_lesson("box", "never-made-2"));
    let out = scratch.docktor_on_pack(&["check", "nope"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("no lesson `nope`; lessons are: box"),
        "{}",
        text(&out)
    );
}

#[test]
fn check_exits_1_while_the_step_is_undone_and_0_once_it_is_done() {
    ensure_busybox();
    let scratch = Scratch::new("check");
    let name = unique_name("dt-cli-check");
    let _cleanup = Cleanup::containers(&[&name]);
    scratch.lesson("01-box", &one_step_lesson("box", &name));

    let out = scratch.docktor_on_pack(&["check", "box:1", "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json[0]["passed"], false);
    assert_eq!(json[0]["checks"][0]["outcome"], "fail");
    assert!(
        json[0]["checks"][0]["message"]
            .as_str()
            .expect("message")
            .contains(&name)
    );

    docker_ok(&["run", "-d", "--name", &name, "busybox", "sleep", "300"]);
    let out = scratch.docktor_on_pack(&["check", "box:start-the-box"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("pass  container `{name}`")),
        "{}",
        text(&out)
    );

    let listed = scratch.docktor_on_pack(&["list"]);
    assert!(
        text(&listed).contains("1/1 steps, done"),
        "check records a passed step: {}",
        text(&listed)
    );
}

#[test]
fn reset_removes_declared_resources_and_spares_every_bystander() {
    ensure_busybox();
    let scratch = Scratch::new("reset");
    let p = unique_name("dtr");
    let (web, many1, many2, vol, net, img) = (
        format!("{p}-web"),
        format!("{p}-many-1"),
        format!("{p}-many-2"),
        format!("{p}-data"),
        format!("{p}-net"),
        format!("{p}-img:1"),
    );
    // Bystanders: similar names, the same image, one a prefix match of a declared exact name.
    let (labelled, by_labelled) = (format!("{p}-labelled"), format!("{p}-labelled-other"));
    let (by_web, by_prefix, by_vol, by_net, by_img) = (
        format!("{p}x-web"),
        format!("{p}-webx"),
        format!("{p}-data2"),
        format!("{p}-netx"),
        format!("{p}-img:2"),
    );
    let _cleanup = Cleanup::containers(&[&web, &many1, &many2, &by_web, &by_prefix])
        .volumes(&[&vol, &by_vol, &labelled, &by_labelled])
        .networks(&[&net, &by_net])
        .images(&[&img, &by_img]);
    scratch.lesson(
        "01-reset",
        &format!(
            "+++\nid = \"r\"\ntitle = \"R\"\nformat_version = 1\n[resources]\ncontainers = [\"{web}\", \"{p}-many-*\"]\nvolumes = [\"{vol}\"]\nnetworks = [\"{net}\"]\nimages = [\"{img}\"]\nlabels = [\"{p}.lesson=r\"]\n+++\n## S\n```toml check\n[[container]]\nname = \"{web}\"\n```\n"
        ),
    );
    // The learner starts the lesson; reset removes only what appears after that.
    let started = scratch.docktor_on_pack(&["check", "r:1"]);
    assert_eq!(started.status.code(), Some(1), "{}", text(&started));
    std::thread::sleep(std::time::Duration::from_millis(1100));
    for c in [&web, &many1, &many2, &by_web, &by_prefix] {
        docker_ok(&["create", "--name", c, "busybox", "true"]);
    }
    for v in [&vol, &by_vol] {
        docker_ok(&["volume", "create", v]);
    }
    docker_ok(&[
        "volume",
        "create",
        "--label",
        &format!("{p}.lesson=r"),
        &labelled,
    ]);
    docker_ok(&[
        "volume",
        "create",
        "--label",
        &format!("{p}.lesson=other"),
        &by_labelled,
    ]);
    for n in [&net, &by_net] {
        docker_ok(&["network", "create", n]);
    }
    for i in [&img, &by_img] {
        docker_ok(&["tag", "busybox:latest", i]);
    }

    let dry = scratch.docktor_on_pack(&["reset", "--all", "--dry-run"]);
    assert!(
        text(&dry).contains(&format!("would remove container {web}")),
        "{}",
        text(&dry)
    );
    assert!(
        docker(&["inspect", &web]).status.success(),
        "a dry run removes nothing"
    );

    let out = scratch.docktor_on_pack(&["reset", "--all"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    for gone in [&web, &many1, &many2, &vol, &net, &img, &labelled] {
        assert!(
            !docker(&["inspect", gone]).status.success(),
            "{gone} should be removed: {}",
            text(&out)
        );
    }
    for kept in [
        &by_web,
        &by_prefix,
        &by_vol,
        &by_net,
        &by_img,
        &by_labelled,
        &"busybox:latest".to_owned(),
    ] {
        assert!(
            docker(&["inspect", kept]).status.success(),
            "bystander {kept} must survive: {}",
            text(&out)
        );
    }
}

#[test]
fn a_reader_that_stops_early_ends_docktor_quietly() {
    use std::io::{BufRead, BufReader};
    let scratch = Scratch::new("pipe");
    // Enough lessons that `list` writes far more than a pipe holds, so the closed pipe is hit.
    for i in 0..1500 {
        scratch.lesson(
            &format!("{i:04}-l"),
            &one_step_lesson(&format!("l{i}"), &format!("pipe-box-{i}")),
        );
    }
    let pack = scratch.pack();
    let mut child = support::docktor_command()
        .args(["--lessons", pack.to_str().expect("utf-8"), "list"])
        .env("DOCKTOR_HOME", scratch.dir.join("home"))
        .env_remove("RUST_BACKTRACE")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run docktor list");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("a line");
    let out = child.wait_with_output().expect("wait");
    assert!(first.contains("l0"), "{first}");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "no panic, no message"
    );
}

#[test]
fn an_engine_that_stops_answering_mid_check_gives_exit_code_8() {
    use std::io::{Read, Write};
    use std::os::unix::net::UnixListener;
    let scratch = Scratch::new("midcheck");
    scratch.lesson("01-box", &one_step_lesson("box", "never-made-3"));
    // A stand-in engine: it answers the first two requests (docktor's ping and /version), then
    // every later connection is dropped unanswered, as when the engine dies between two calls.
    let socket = scratch.dir.join("engine.sock");
    let listener = UnixListener::bind(&socket).expect("bind a stand-in socket");
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { return };
            let body: &[u8] = match n {
                0 => b"OK",
                1 => br#"{"ApiVersion":"1.41"}"#,
                _ => continue,
            };
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let head = format!(
                "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body);
        }
    });
    let pack = scratch.pack();
    let out = support::docktor_command()
        .args(["--lessons", pack.to_str().expect("utf-8"), "check", "box:1"])
        .env("DOCKTOR_HOME", scratch.dir.join("home"))
        .env("DOCKER_HOST", format!("unix://{}", socket.display()))
        .env("NO_COLOR", "1")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(8), "{}", text(&out));
    assert!(
        text(&out).contains("error container `never-made-3`"),
        "{}",
        text(&out)
    );
    assert!(
        !text(&out).contains("FAIL"),
        "an unreachable engine is not a failed check: {}",
        text(&out)
    );
}

#[test]
fn an_unusable_docker_host_gives_exit_code_7() {
    let scratch = Scratch::new("badhost");
    let out = support::docktor_command()
        .args(["doctor"])
        .env("DOCKTOR_HOME", scratch.dir.join("home"))
        .env("DOCKER_HOST", "ftp://example")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(7), "{}", text(&out));
    assert!(
        text(&out).contains("`ftp://example` cannot be used")
            && text(&out).contains("chosen by DOCKER_HOST"),
        "{}",
        text(&out)
    );
}
