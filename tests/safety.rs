//! Safe lesson packs, tried as a careless or hostile author would: broad reset patterns,
//! acting checks in an untrusted pack, edits after trust, links and FIFOs in a pack, check
//! paths outside the workspace, injected HTTP lines, and two writers of progress.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::{Cleanup, TempDir, docker, docker_ok, ensure_busybox, unique_name};

/// A throwaway DOCKTOR_HOME and pack folder.
struct Scratch {
    dir: TempDir,
}

impl Scratch {
    fn new(tag: &str) -> Self {
        let dir = TempDir::new(&format!("docktor-safety-{tag}"));
        std::fs::create_dir_all(dir.path.join("home")).expect("home");
        Self { dir }
    }

    fn pack(&self) -> PathBuf {
        self.dir.path.join("pack")
    }

    fn lesson(&self, folder: &str, text: &str) -> PathBuf {
        self.dir.write(&format!("pack/{folder}/lesson.md"), text)
    }

    fn docktor(&self, args: &[&str]) -> Output {
        support::docktor_command()
            .args(args)
            .env("DOCKTOR_HOME", self.dir.path.join("home"))
            .env("NO_COLOR", "1")
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run docktor")
    }

    /// `docktor --lessons PACK ARGS...`, without `--trust`.
    fn on_pack(&self, args: &[&str]) -> Output {
        let pack = self.pack();
        let mut all = vec!["--lessons", pack.to_str().expect("utf-8")];
        all.extend_from_slice(args);
        self.docktor(&all)
    }
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn lesson_with(id: &str, resources: &str, checks: &str) -> String {
    format!(
        "+++\nid = \"{id}\"\ntitle = \"T\"\nformat_version = 1\n[resources]\n{resources}\n+++\n## Step\n```toml check\n{checks}\n```\n```hint\nh\n```\n```sh solution\ntrue\n```\n"
    )
}

#[test]
fn broad_reset_patterns_are_refused_at_load_with_their_line() {
    let scratch = Scratch::new("broad");
    let cases = [
        ("containers = [\"*\"]", "containers `*` is too broad"),
        ("volumes = [\"m*\"]", "volumes `m*` is too broad"),
        (
            "images = [\"a*b\"]",
            "images `a*b` may hold `*` only at its end",
        ),
        ("labels = [\"owner\"]", "labels `owner` has no value"),
        (
            "labels = [\"com.docker.compose.project=x\"]",
            "is in the `com.docker.*` namespace",
        ),
        (
            "compose_projects = [\"myproj\"]",
            "compose_projects `myproj` is not this lesson's own project",
        ),
    ];
    for (i, (line, _)) in cases.iter().enumerate() {
        scratch.lesson(
            &format!("{i:02}-l"),
            &lesson_with(&format!("l{i}"), line, "[[file]]\npath = \"x\""),
        );
    }
    let out = scratch.docktor(&["lint", scratch.pack().to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    for (i, (_, words)) in cases.iter().enumerate() {
        // Front matter line 6 holds the declaration.
        let at = format!("{i:02}-l/lesson.md:6: [resources] ");
        assert!(
            text(&out)
                .lines()
                .any(|l| l.contains(&at) && l.contains(words)),
            "case {i} `{words}`: {}",
            text(&out)
        );
    }
    let out = scratch.on_pack(&["--trust", "reset", "--all"]);
    assert!(
        text(&out).contains("nothing to remove"),
        "refused lessons reset nothing: {}",
        text(&out)
    );
}

#[test]
fn a_typo_in_any_check_kind_is_a_lint_error() {
    let scratch = Scratch::new("typo");
    let kinds = [
        "[[container]]\nname = \"c\"\nstatuss = \"running\"",
        "[[image]]\nreference = \"i\"\nlayer_min = 1",
        "[[volume]]\nname = \"v\"\ndriverr = \"local\"",
        "[[network]]\nname = \"n\"\ndrivr = \"bridge\"",
        "[[compose]]\nproject = \"l4\"\nservice = \"s\"\nrunnin = 1",
        "[[count]]\nmin = 1\nlabell = \"a=b\"",
        "[[dockerfile]]\nrule = [\"x\"]",
        "[[file]]\npath = \"x\"\ncontain = \"y\"",
        "[[container]]\nname = \"c\"\n[container.http]\nport = 80\npaht = \"/\"",
        "[[container]]\nname = \"c\"\n[container.exec]\ncommand = [\"true\"]\nexit = 0",
    ];
    for (i, check) in kinds.iter().enumerate() {
        scratch.lesson(
            &format!("{i:02}-l"),
            &lesson_with(&format!("l{i}"), "", check),
        );
    }
    let out = scratch.docktor(&["lint", scratch.pack().to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    for i in 0..kinds.len() {
        let at = format!("{i:02}-l/lesson.md:");
        assert!(
            text(&out)
                .lines()
                .any(|l| l.contains(&at) && l.contains("unknown field")),
            "kind {i}: {}",
            text(&out)
        );
    }
}

#[test]
fn impossible_numbers_paths_outside_and_injected_http_lines_are_lint_errors() {
    let scratch = Scratch::new("numbers");
    let cases = [
        ("[[count]]\nmin = 3\nmax = 1", "min 3 is above max 1"),
        (
            "[[image]]\nreference = \"busybox\"\nlayers_min = 5\nlayers_max = 2",
            "layers_min 5 is above layers_max 2",
        ),
        (
            "[[image]]\nreference = \"busybox\"\nsize_max_mb = nan",
            "size_max_mb NaN",
        ),
        (
            "[[file]]\npath = \"/etc/passwd\"",
            "must stay inside the workspace",
        ),
        (
            "[[dockerfile]]\npath = \"../x\"",
            "must stay inside the workspace",
        ),
        (
            "[[container]]\nname = \"c\"\n[container.http]\nport = 80\npath = \"/a\\r\\nX-Evil: 1\"",
            "must not hold spaces or control characters",
        ),
        (
            "[[container]]\nname = \"c\"\n[container.http]\nport = 80\npath = \"a b\"",
            "must start with `/`",
        ),
    ];
    for (i, (check, _)) in cases.iter().enumerate() {
        scratch.lesson(
            &format!("{i:02}-l"),
            &lesson_with(&format!("l{i}"), "containers = [\"c\"]", check),
        );
    }
    let out = scratch.docktor(&["lint", scratch.pack().to_str().expect("utf-8")]);
    for (i, (_, words)) in cases.iter().enumerate() {
        let at = format!("{i:02}-l/lesson.md:");
        assert!(
            text(&out)
                .lines()
                .any(|l| l.contains(&at) && l.contains(words) && !l.contains("warning")),
            "case {i} `{words}`: {}",
            text(&out)
        );
    }
}

#[cfg(unix)]
#[test]
fn a_pack_is_files_and_folders_only_and_nothing_hangs() {
    use std::os::unix::fs::symlink;
    let scratch = Scratch::new("links");
    let outside = TempDir::new("docktor-safety-outside");
    let secret = outside.write("key", "SECRET");
    let ok = lesson_with("fine", "", "[[file]]\npath = \"x\"");
    scratch.lesson("01-out", &lesson_with("out", "", "[[file]]\npath = \"x\""));
    symlink(&secret, scratch.pack().join("01-out/key")).expect("link");
    scratch.lesson(
        "02-dangling",
        &lesson_with("dangling", "", "[[file]]\npath = \"x\""),
    );
    symlink(
        "/nonexistent/nowhere",
        scratch.pack().join("02-dangling/gone"),
    )
    .expect("link");
    scratch.lesson(
        "03-fifo",
        &lesson_with("fifo", "", "[[file]]\npath = \"x\""),
    );
    let fifo = scratch.pack().join("03-fifo/pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    scratch.lesson(
        "04-zero",
        &lesson_with("zero", "", "[[file]]\npath = \"x\""),
    );
    symlink("/dev/zero", scratch.pack().join("04-zero/zero")).expect("link");
    let big = format!("{ok}\n{}", "x".repeat(2 << 20));
    scratch.lesson("05-big", &big);
    scratch.lesson("06-fine", &ok);
    scratch.dir.write("pack/06-fine/inner.txt", "in the pack");
    symlink("inner.txt", scratch.pack().join("06-fine/alias.txt")).expect("link");

    let started = std::time::Instant::now();
    let out = scratch.docktor(&["lint", scratch.pack().to_str().expect("utf-8")]);
    assert!(started.elapsed().as_secs() < 20, "lint must not hang");
    let t = text(&out);
    assert_eq!(out.status.code(), Some(1), "{t}");
    assert!(
        t.contains("01-out/key") && t.contains("leads out of the pack"),
        "{t}"
    );
    assert!(
        t.contains("02-dangling/gone") && t.contains("leads nowhere"),
        "{t}"
    );
    assert!(t.contains("03-fifo/pipe") && t.contains("FIFO"), "{t}");
    assert!(
        t.contains("04-zero/zero") && t.contains("leads out of the pack"),
        "{t}"
    );
    assert!(
        t.contains("05-big/lesson.md") && t.contains("over 1048576 bytes"),
        "{t}"
    );
    assert!(
        t.contains("1 lesson(s) read"),
        "only the fine lesson loads: {t}"
    );
}

#[cfg(unix)]
#[test]
fn starters_keep_their_modes_and_links_inside_the_pack_are_copied_as_files() {
    use std::os::unix::fs::PermissionsExt;
    let scratch = Scratch::new("modes");
    scratch.lesson("01-l", &lesson_with("l", "", "[[file]]\npath = \"key\""));
    let key = scratch.dir.write("pack/01-l/key", "PRIVATE");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    std::os::unix::fs::symlink("key", scratch.pack().join("01-l/alias")).expect("link");
    let pack = docktor::lesson::load_dir(&scratch.pack());
    assert!(pack.problems.is_empty(), "{:?}", pack.problems);
    let workspaces = scratch.dir.path.join("ws");
    let dir = docktor::workspace::prepare(&workspaces, &pack.lessons[0]).expect("prepare");
    let mode = std::fs::metadata(dir.join("key"))
        .expect("key")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600, "a 0600 starter stays 0600");
    let alias = std::fs::symlink_metadata(dir.join("alias")).expect("alias");
    assert!(
        alias.is_file(),
        "a link inside the pack is copied as a plain file"
    );
}

#[test]
fn any_edit_of_a_trusted_pack_asks_again() {
    let scratch = Scratch::new("fingerprint");
    let path = scratch.lesson(
        "01-l",
        &lesson_with("l", "containers = [\"web\"]", "[[file]]\npath = \"x\""),
    );
    let store = scratch.dir.path.join("trusted.toml");
    let pack = docktor::lesson::load_dir(&scratch.pack());
    assert!(!docktor::trust::is_trusted(&pack, false, &store));
    docktor::trust::remember(&pack, &store).expect("remember");
    assert!(docktor::trust::is_trusted(
        &docktor::lesson::load_dir(&scratch.pack()),
        false,
        &store
    ));
    let edits: [(&Path, String); 3] = [
        (
            &path,
            lesson_with("l", "containers = [\"webx\"]", "[[file]]\npath = \"x\""),
        ),
        (
            &path,
            lesson_with(
                "l",
                "containers = [\"web\"]",
                "[[container]]\nname = \"web\"\n[container.exec]\ncommand = [\"rm\", \"-f\", \"/x\"]",
            ),
        ),
        (&scratch.pack().join("01-l/starter.txt"), "new".to_owned()),
    ];
    for (file, contents) in edits {
        let before = std::fs::read(file).ok();
        std::fs::write(file, &contents).expect("edit");
        let edited = docktor::lesson::load_dir(&scratch.pack());
        assert!(
            !docktor::trust::is_trusted(&edited, false, &store),
            "an edit of {} must be asked about again",
            file.display()
        );
        match before {
            Some(b) => std::fs::write(file, b).expect("restore"),
            None => std::fs::remove_file(file).expect("restore"),
        }
    }
    assert!(docktor::trust::is_trusted(
        &docktor::lesson::load_dir(&scratch.pack()),
        false,
        &store
    ));
}

#[test]
fn the_trust_prompt_lists_commands_exec_and_http_targets_and_reset_patterns() {
    let scratch = Scratch::new("prompt");
    scratch.lesson(
        "01-l",
        &lesson_with(
            "l",
            "containers = [\"web\"]\nvolumes = [\"l-data\"]",
            "[[container]]\nname = \"web\"\n[container.exec]\ncommand = [\"cat\", \"/etc/hostname\"]\n[container.http]\nport = 80\npath = \"/health\"",
        ),
    );
    let pack = docktor::lesson::load_dir(&scratch.pack());
    let lines = docktor::trust::what_it_would_do(&pack).join("\n");
    for words in [
        "solution runs: true",
        "run `cat /etc/hostname` in container `web`",
        "send `GET /health`",
        "reset may remove containers: web",
        "volumes: l-data",
    ] {
        assert!(lines.contains(words), "`{words}` in:\n{lines}");
    }
}

/// Runs `docker exec NAME ARGS...` and says whether it succeeded.
fn exec_ok(name: &str, args: &[&str]) -> bool {
    let mut all = vec!["exec", name];
    all.extend_from_slice(args);
    docker(&all).status.success()
}

#[test]
fn an_untrusted_packs_exec_check_is_not_run_and_says_what_it_would_do() {
    ensure_busybox();
    let scratch = Scratch::new("exec");
    let p = unique_name("dts-exec");
    let (boxed, vol) = (format!("{p}-box"), format!("{p}-data"));
    let _cleanup = Cleanup::containers(&[&boxed]).volumes(&[&vol]);
    docker_ok(&[
        "run",
        "-d",
        "--name",
        &boxed,
        "-v",
        &format!("{vol}:/data"),
        "busybox",
        "sh",
        "-c",
        "echo keep > /data/precious.txt && sleep 300",
    ]);
    let check = format!(
        "[[container]]\nname = \"{boxed}\"\n[container.exec]\ncommand = [\"rm\", \"-f\", \"/data/precious.txt\"]"
    );
    scratch.lesson(
        "01-l",
        &lesson_with("l", &format!("containers = [\"{boxed}\"]"), &check),
    );
    // Wait for the file, so a pass with --trust below proves the exec really ran.
    for _ in 0..50 {
        if exec_ok(&boxed, &["test", "-f", "/data/precious.txt"]) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }

    let out = scratch.on_pack(&["check", "l:1"]);
    assert_eq!(out.status.code(), Some(4), "{}", text(&out));
    assert!(
        text(&out).contains(&format!(
            "not run: this pack is not trusted; it would run `rm -f /data/precious.txt` in container `{boxed}`"
        )),
        "{}",
        text(&out)
    );
    assert!(
        exec_ok(&boxed, &["test", "-f", "/data/precious.txt"]),
        "an untrusted check must not touch the learner's container"
    );
    let json = scratch.on_pack(&["check", "l:1", "--json"]);
    assert!(text(&json).contains("\"not_run\""), "{}", text(&json));

    let trusted = scratch.on_pack(&["--trust", "check", "l:1"]);
    assert_eq!(trusted.status.code(), Some(0), "{}", text(&trusted));
    assert!(!exec_ok(&boxed, &["test", "-f", "/data/precious.txt"]));
}

/// What exists now: `docker inspect` finds it.
fn exists(name: &str) -> bool {
    docker(&["inspect", name]).status.success()
}

#[test]
fn reset_removes_only_what_the_lesson_made_after_it_started_and_keeps_the_learners_things() {
    ensure_busybox();
    let scratch = Scratch::new("reset");
    let p = unique_name("dts");
    let id = format!("l{}", p.replace('-', ""));
    let web = format!("{p}-web");
    let data = format!("{p}-data");
    let proj = format!("{p}-proj-1");
    let labelled = format!("{p}-labelled");
    let mine = format!("{p}-mine:1");
    let net = format!("{p}-net");
    let (new_box, new_vol, new_net, made) = (
        format!("{p}-new-box"),
        format!("{p}-new-vol"),
        format!("{p}-new-net"),
        format!("{p}-made:1"),
    );
    let (used, user) = (format!("{p}-made-used:1"), format!("{p}-user"));
    let _cleanup = Cleanup::containers(&[&web, &proj, &new_box, &user])
        .projects(&[&id])
        .volumes(&[&data, &labelled, &new_vol])
        .networks(&[&net, &new_net])
        .images(&[&mine, &made, &used]);
    // The learner's own things, made before the lesson starts, all named by the pack.
    docker_ok(&[
        "run",
        "-d",
        "--name",
        &web,
        "-v",
        &format!("{data}:/data"),
        "busybox",
        "sleep",
        "300",
    ]);
    docker_ok(&[
        "create",
        "--name",
        &proj,
        "--label",
        &format!("com.docker.compose.project={id}"),
        "busybox",
        "true",
    ]);
    docker_ok(&[
        "volume",
        "create",
        "--label",
        &format!("{p}.owner=me"),
        &labelled,
    ]);
    docker_ok(&["tag", "busybox:latest", &mine]);
    docker_ok(&["network", "create", &net]);
    let resources = format!(
        "containers = [\"{web}\", \"{p}-new-*\"]\nvolumes = [\"{data}\", \"{p}-new-*\"]\nnetworks = [\"{net}\", \"{p}-new-*\"]\nimages = [\"{mine}\", \"{made}\", \"{used}\", \"busybox\"]\ncompose_projects = [\"{id}\"]\nlabels = [\"{p}.owner=me\"]"
    );
    scratch.lesson(
        "01-l",
        &lesson_with(&id, &resources, "[[file]]\npath = \"x\""),
    );
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let start = scratch.on_pack(&["check", &format!("{id}:1")]);
    assert_eq!(
        start.status.code(),
        Some(1),
        "the lesson starts: {}",
        text(&start)
    );
    std::thread::sleep(std::time::Duration::from_millis(1100));
    // What the lesson makes.
    docker_ok(&["create", "--name", &new_box, "busybox", "true"]);
    docker_ok(&["volume", "create", &new_vol]);
    docker_ok(&["network", "create", &new_net]);
    docker_ok(&["commit", &new_box, &made]);
    // An image the lesson made, which a container of the learner's (not declared) now uses.
    docker_ok(&["commit", &new_box, &used]);
    docker_ok(&["create", "--name", &user, &used, "true"]);

    let untrusted = scratch.on_pack(&["reset", "--all"]);
    assert_eq!(untrusted.status.code(), Some(4), "{}", text(&untrusted));
    assert!(exists(&new_box), "an untrusted reset removes nothing");

    let dry = scratch.on_pack(&["reset", "--all", "--dry-run"]);
    assert!(
        text(&dry).contains(&format!("would remove container {new_box}")),
        "{}",
        text(&dry)
    );
    assert!(
        text(&dry).contains(&format!(
            "kept container `{web}`: it existed before you started this lesson"
        )),
        "{}",
        text(&dry)
    );

    let out = scratch.on_pack(&["--trust", "reset", "--all"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    for gone in [&new_box, &new_vol, &new_net, &made] {
        assert!(
            !exists(gone),
            "{gone} was made by the lesson: {}",
            text(&out)
        );
    }
    assert!(
        text(&out).contains(&format!("kept image `{used}`: container `{user}` uses it")),
        "{}",
        text(&out)
    );
    for kept in [
        &web,
        &data,
        &proj,
        &labelled,
        &mine,
        &net,
        &used,
        &user,
        &"busybox:latest".to_owned(),
    ] {
        assert!(
            exists(kept),
            "the learner's {kept} must survive: {}",
            text(&out)
        );
    }
    assert!(
        docker_ok(&["inspect", "-f", "{{.State.Running}}", &web]) == "true",
        "the learner's running container keeps running"
    );
    assert!(
        text(&out)
            .contains("kept image `busybox:latest`: it existed before you started this lesson"),
        "{}",
        text(&out)
    );
}

#[test]
fn progress_saved_by_many_writers_at_once_keeps_every_pass() {
    let dir = TempDir::new("docktor-safety-progress");
    let path = dir.path.join("progress.toml");
    let stale = dir.path.join("progress.toml.tmp-999999");
    std::fs::write(&stale, "half a file").expect("stale temp");
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                for n in 0..10 {
                    // Each writer knows only its own passes, as two tutors would.
                    let mut mine = docktor::progress::Progress::default();
                    for k in 0..=n {
                        mine.lesson_mut("l").passed.insert(format!("w{w}-s{k}"));
                    }
                    docktor::progress::save(&path, &mine).expect("save");
                }
            })
        })
        .collect();
    for w in writers {
        w.join().expect("writer");
    }
    let (saved, _) = docktor::progress::load(&path);
    let passed = &saved.lessons["l"].passed;
    assert_eq!(
        passed.len(),
        80,
        "every writer's passes are kept: {passed:?}"
    );
    assert!(saved.lessons["l"].started_at.is_some());
    assert!(
        !stale.exists(),
        "a crashed writer's temporary file is cleaned up"
    );
}

#[test]
fn a_lesson_reset_forgets_its_passes_even_when_another_writer_had_them() {
    let dir = TempDir::new("docktor-safety-forget");
    let path = dir.path.join("progress.toml");
    let mut other = docktor::progress::Progress::default();
    other.lesson_mut("l").passed.insert("one".into());
    docktor::progress::save(&path, &other).expect("save");
    let (mut mine, _) = docktor::progress::load(&path);
    mine.forget("l");
    docktor::progress::save(&path, &mine).expect("save");
    let (saved, _) = docktor::progress::load(&path);
    assert!(saved.lesson("l").passed.is_empty(), "{saved:?}");
    assert!(
        saved.lesson("l").started_at.is_some(),
        "when it started is kept"
    );
}

#[test]
fn an_engine_that_answers_the_ping_then_never_again_ends_within_the_timeout() {
    use std::io::{Read, Write};
    use std::os::unix::net::UnixListener;
    let scratch = Scratch::new("hang");
    scratch.lesson(
        "01-l",
        &lesson_with("l", "containers = [\"c\"]", "[[container]]\nname = \"c\""),
    );
    let socket = scratch.dir.path.join("engine.sock");
    let listener = UnixListener::bind(&socket).expect("bind");
    let (stop_tx, stop_rx) = std::sync::mpsc::channel::<()>();
    let server = std::thread::spawn(move || {
        let mut held = Vec::new();
        listener.set_nonblocking(true).expect("nonblocking");
        let mut answered = false;
        while stop_rx.try_recv().is_err() {
            match listener.accept() {
                Ok((mut stream, _)) => {
                    let mut request = [0u8; 4096];
                    let _ = stream.set_nonblocking(false);
                    let _ = stream.read(&mut request);
                    if !answered {
                        answered = true;
                        let _ = stream.write_all(
                            b"HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Length: 2\r\n\r\nOK",
                        );
                    }
                    held.push(stream); // read, kept open, never answered
                }
                Err(_) => std::thread::sleep(std::time::Duration::from_millis(20)),
            }
        }
    });
    let started = std::time::Instant::now();
    let out = support::docktor_command()
        .args([
            "--lessons",
            scratch.pack().to_str().expect("utf-8"),
            "check",
            "l:1",
        ])
        .env("DOCKTOR_HOME", scratch.dir.path.join("home"))
        .env("DOCKER_HOST", format!("unix://{}", socket.display()))
        .env("NO_COLOR", "1")
        .output()
        .expect("run");
    let took = started.elapsed();
    let _ = stop_tx.send(());
    let _ = server.join();
    let limit = docktor::engine::CALL_TIMEOUT + std::time::Duration::from_secs(10);
    assert!(
        took < limit,
        "took {took:?}, over the documented {:?}",
        docktor::engine::CALL_TIMEOUT
    );
    assert_eq!(out.status.code(), Some(8), "{}", text(&out));
}

#[test]
fn a_pack_over_its_total_size_is_refused_and_a_starter_over_its_own_limit_too() {
    let scratch = Scratch::new("size");
    let chunk = "x".repeat(3_900_000);
    for i in 0..9 {
        scratch.lesson(
            &format!("{i:02}-l"),
            &lesson_with(&format!("l{i}"), "", "[[file]]\npath = \"x\""),
        );
        scratch.dir.write(&format!("pack/{i:02}-l/blob"), &chunk);
    }
    scratch.lesson(
        "20-huge",
        &lesson_with("huge", "", "[[file]]\npath = \"x\""),
    );
    scratch
        .dir
        .write("pack/20-huge/blob", &"y".repeat(5_000_000));
    let pack = docktor::lesson::load_dir(&scratch.pack());
    let problems: Vec<String> = pack.problems.iter().map(ToString::to_string).collect();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("20-huge/blob") && p.contains("over 4194304 bytes")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("over 33554432 bytes in all")),
        "{problems:?}"
    );
}
