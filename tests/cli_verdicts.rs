//! Verdict wording as `docktor check` prints it against the live engine: a stopped container
//! gets its cause once, a mistyped name gets "did you mean", and a step whose workspace was
//! never prepared says where it is and how to prepare it.

mod cli_support;
mod support;

use cli_support::{Scratch, text};
use support::{Cleanup, docker_ok, ensure_busybox, unique_name};

fn lesson_with_check(id: &str, check: &str) -> String {
    format!(
        "+++\nid = \"{id}\"\ntitle = \"T\"\nformat_version = 1\nimages = [\"busybox:latest\"]\n+++\n\n## Serve it\nDo it.\n\n```toml check\n{check}\n```\n"
    )
}

#[test]
fn an_exited_container_started_with_p_gets_its_cause_once_not_a_port_and_http_cascade() {
    ensure_busybox();
    let scratch = Scratch::new("cause");
    let name = unique_name("dt-cause");
    let _cleanup = Cleanup::containers(&[&name]);
    scratch.lesson(
        "01-web",
        &lesson_with_check(
            "web",
            &format!("[[container]]\nname = \"{name}\"\nstatus = \"running\"\nports = [\"80\"]\nhttp = {{ port = 80 }}"),
        ),
    );
    docker_ok(&[
        "run",
        "-d",
        "--name",
        &name,
        "-p",
        "127.0.0.1::80",
        "busybox",
        "sh",
        "-c",
        "echo 'sh: httpd-typo: not found' >&2; exit 127",
    ]);
    docker_ok(&["wait", &name]);
    let out = scratch.docktor_on_pack(&["check", "web:1"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let fails: Vec<&str> = stdout.lines().filter(|l| l.contains("FAIL")).collect();
    assert_eq!(fails.len(), 1, "{stdout}");
    let line = fails[0];
    assert!(
        line.contains(&format!("container `{name}` is exited (code 127"))
            && line.contains("it last logged `sh: httpd-typo: not found`")
            && line.contains(&format!("`docker logs {name}` shows all")),
        "{line}"
    );
    for consequence in ["publishes no port", "HTTP", "port 80", "; and "] {
        assert!(
            !line.contains(consequence),
            "`{consequence}` is a consequence: {line}"
        );
    }
}

#[test]
fn a_running_container_with_a_real_fault_still_gets_that_fault() {
    ensure_busybox();
    let scratch = Scratch::new("real-fault");
    let name = unique_name("dt-fault");
    let _cleanup = Cleanup::containers(&[&name]);
    scratch.lesson(
        "01-web",
        &lesson_with_check(
            "web",
            &format!("[[container]]\nname = \"{name}\"\nstatus = \"running\"\nports = [\"80\"]"),
        ),
    );
    docker_ok(&["run", "-d", "--name", &name, "busybox", "sleep", "300"]);
    let out = scratch.docktor_on_pack(&["check", "web:1"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("is running, but publishes no port; expected 80 on any host port"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_mistyped_container_name_gets_did_you_mean() {
    ensure_busybox();
    let scratch = Scratch::new("typo-name");
    let prefix = unique_name("dt-run");
    let (wanted, typed) = (format!("{prefix}-hello"), format!("{prefix}-helo"));
    let _cleanup = Cleanup::containers(&[&wanted, &typed]);
    scratch.lesson(
        "01-hello",
        &lesson_with_check("hello", &format!("[[container]]\nname = \"{wanted}\"")),
    );
    let out = scratch.docktor_on_pack(&["check", "hello:1"]);
    assert!(
        text(&out).contains(&format!("container `{wanted}` does not exist"))
            && !text(&out).contains("did you mean"),
        "no suggestion while nothing near exists: {}",
        text(&out)
    );
    docker_ok(&["create", "--name", &typed, "busybox", "true"]);
    let out = scratch.docktor_on_pack(&["check", "hello:1"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains(&format!(
            "container `{wanted}` does not exist; did you mean `{typed}`? (it exists)"
        )),
        "{}",
        text(&out)
    );
}

#[test]
fn a_file_check_in_a_never_prepared_workspace_says_where_and_points_to_start() {
    let scratch = Scratch::new("no-workspace");
    scratch.lesson(
        "01-files",
        &lesson_with_check("files", "[[file]]\npath = \"Dockerfile\""),
    );
    let out = scratch.docktor_on_pack(&["check", "files:1"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let workspace = scratch.home().join("workspaces").join("files");
    let said = text(&out);
    assert!(
        said.contains(&format!(
            "{}, which does not exist yet",
            workspace.display()
        )) && said.contains("run `docktor start files:1`"),
        "{said}"
    );
}

#[test]
fn a_compose_service_that_stopped_gets_that_one_fault_not_a_missing_port_besides() {
    ensure_busybox();
    let scratch = Scratch::new("compose-cause");
    let project = unique_name("dtcause");
    let _cleanup = Cleanup::new().projects(&[&project]);
    scratch.lesson(
        "01-c",
        &lesson_with_check(
            "c",
            &format!("[[compose]]\nproject = \"{project}\"\nservice = \"web\"\nrunning = 1\nports = [\"80\"]"),
        ),
    );
    let dir = scratch.dir.join("compose");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(
        dir.join("docker-compose.yml"),
        "version: \"3\"\nservices:\n  web:\n    image: busybox:latest\n    command: [\"sh\", \"-c\", \"exit 1\"]\n    ports: [\"127.0.0.1::80\"]\n",
    )
    .expect("write compose file");
    support::compose_ok(&dir, &["-p", &project, "up", "-d"]);
    support::compose_ok(&dir, &["-p", &project, "stop"]);
    let out = scratch.docktor_on_pack(&["check", "c:1"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let said = text(&out);
    assert!(
        said.contains("has 0 running containers and 1 stopped; expected 1 running"),
        "{said}"
    );
    assert!(
        !said.contains("publishes no port"),
        "a consequence is not a fault: {said}"
    );
}

#[test]
fn a_compose_service_with_nothing_running_and_no_count_asked_still_fails_on_its_port() {
    ensure_busybox();
    let scratch = Scratch::new("compose-port");
    let project = unique_name("dtport");
    let _cleanup = Cleanup::new().projects(&[&project]);
    scratch.lesson(
        "01-c",
        &lesson_with_check(
            "c",
            &format!("[[compose]]\nproject = \"{project}\"\nservice = \"web\"\nports = [\"80\"]"),
        ),
    );
    let dir = scratch.dir.join("compose");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(
        dir.join("docker-compose.yml"),
        "version: \"3\"\nservices:\n  web:\n    image: busybox:latest\n    command: [\"sleep\", \"300\"]\n    ports: [\"127.0.0.1::80\"]\n",
    )
    .expect("write compose file");
    support::compose_ok(&dir, &["-p", &project, "create"]);
    let out = scratch.docktor_on_pack(&["check", "c:1"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("expected a running one publishing 80 on any host port"),
        "{}",
        text(&out)
    );
}

#[test]
fn check_in_swedish_words_a_failing_then_a_passing_container_with_its_facts() {
    ensure_busybox();
    let scratch = Scratch::new("sv");
    let name = unique_name("dt-sv");
    let _cleanup = Cleanup::containers(&[&name]);
    scratch.lesson(
        "01-web",
        &lesson_with_check(
            "web",
            &format!("[[container]]\nname = \"{name}\"\nstatus = \"running\""),
        ),
    );
    docker_ok(&[
        "run", "-d", "--name", &name, "busybox", "sh", "-c", "exit 1",
    ]);
    docker_ok(&["wait", &name]);
    let out = scratch.docktor_on_pack(&["--lang", "sv", "check", "web:1"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("web steg 1: Serve it"), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "behållaren `{name}` är exited (kod 1); förväntat running: den loggade ingenting"
        )),
        "{stdout}"
    );

    docker_ok(&["rm", "-f", &name]);
    docker_ok(&["run", "-d", "--name", &name, "busybox", "sleep", "300"]);
    let out = scratch.docktor_on_pack(&["--lang", "sv", "check", "web:1"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("pass  behållaren `{name}` är running")),
        "{stdout}"
    );
}
