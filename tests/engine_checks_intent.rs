//! The checks that grade a step's intent, and the newer check forms, against the live engine:
//! detached or attached, started since the step was opened, health and restarts, patterns,
//! label keys, layers added to a base image, probe containers, volumes found by label, a
//! detached compose service, and the HTTP answer cache. Each has a case that must pass and
//! one that must fail.

mod support;

use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use docktor::check::{
    Check, ComposeCheck, ContainerCheck, CountCheck, CountOf, ExecSpec, FileInContainer,
    GradeContext, HealthStatus, HttpCache, HttpSpec, ImageCheck, Outcome, Pattern, ProbeCheck,
    Verdict, VolumeCheck, evaluate,
};
use docktor::engine::Engine;
use support::{Cleanup, TempDir, compose_ok, docker, docker_ok, ensure_busybox, unique_name};

async fn engine() -> Engine {
    Engine::connect()
        .await
        .unwrap_or_else(|e| panic!("these tests grade on the live engine: {e}"))
}

async fn grade_with(check: Check, opened: Option<SystemTime>, workspace: &Path) -> Verdict {
    let engine = engine().await;
    let ctx = GradeContext {
        trusted: true,
        step_opened_at: opened,
        lesson: Some("intent-tests"),
        ..GradeContext::new(&engine, workspace)
    };
    evaluate(&check, &ctx).await
}

async fn grade(check: Check) -> Verdict {
    grade_with(check, None, &std::env::temp_dir()).await
}

#[track_caller]
fn assert_outcome(v: &Verdict, outcome: Outcome, words: &[&str]) {
    assert_eq!(v.outcome, outcome, "{v:?}");
    for w in words {
        assert!(v.message.contains(w), "`{w}` not in: {}", v.message);
    }
}

fn named(name: &str) -> ContainerCheck {
    ContainerCheck {
        name: Some(name.to_owned()),
        ..Default::default()
    }
}

fn pattern(p: &str) -> Option<Pattern> {
    Some(Pattern::new(p).expect("valid pattern"))
}

fn wait_until(what: &str, limit: Duration, condition: impl Fn() -> bool) {
    let end = Instant::now() + limit;
    while !condition() {
        assert!(Instant::now() < end, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[tokio::test]
async fn detached_passes_for_run_d_and_fails_for_a_foreground_run() {
    ensure_busybox();
    let (bg, fg) = (unique_name("intent-bg"), unique_name("intent-fg"));
    let _cleanup = Cleanup::containers(&[&bg, &fg]);
    docker_ok(&["run", "-d", "--name", &bg, "busybox", "sleep", "60"]);
    docker_ok(&["run", "--name", &fg, "busybox", "echo", "hi"]);
    let want_detached = |name: &str| {
        Check::Container(ContainerCheck {
            detached: Some(true),
            ..named(name)
        })
    };
    assert_outcome(
        &grade(want_detached(&bg)).await,
        Outcome::Pass,
        &["started detached"],
    );
    assert_outcome(
        &grade(want_detached(&fg)).await,
        Outcome::Fail,
        &["in the foreground", "expected it detached (-d)"],
    );
}

#[tokio::test]
async fn started_since_step_fails_for_older_work_and_passes_after_a_restart() {
    ensure_busybox();
    let name = unique_name("intent-since");
    let _cleanup = Cleanup::containers(&[&name]);
    docker_ok(&["run", "-d", "--name", &name, "busybox", "sleep", "60"]);
    std::thread::sleep(Duration::from_millis(50));
    let opened = SystemTime::now();
    let check = Check::Container(ContainerCheck {
        started_since_step: Some(true),
        ..named(&name)
    });
    let ws = std::env::temp_dir();
    assert_outcome(
        &grade_with(check.clone(), Some(opened), &ws).await,
        Outcome::Fail,
        &["before this step was opened"],
    );
    docker_ok(&["restart", "-t", "0", &name]);
    assert_outcome(
        &grade_with(check, Some(opened), &ws).await,
        Outcome::Pass,
        &["started after this step was opened"],
    );
}

#[tokio::test]
async fn health_and_restart_counts_are_graded() {
    ensure_busybox();
    let (well, ill, crash) = (
        unique_name("intent-healthy"),
        unique_name("intent-unhealthy"),
        unique_name("intent-crash"),
    );
    let _cleanup = Cleanup::containers(&[&well, &ill, &crash]);
    for (name, cmd) in [(&well, "true"), (&ill, "false")] {
        docker_ok(&[
            "run",
            "-d",
            "--name",
            name,
            "--health-cmd",
            cmd,
            "--health-interval",
            "1s",
            "--health-retries",
            "1",
            "busybox",
            "sleep",
            "60",
        ]);
    }
    docker_ok(&[
        "run",
        "-d",
        "--name",
        &crash,
        "--restart",
        "on-failure:2",
        "busybox",
        "sh",
        "-c",
        "exit 3",
    ]);
    let health = |name: &str| docker_ok(&["inspect", "-f", "{{.State.Health.Status}}", name]);
    wait_until("health to settle", Duration::from_secs(20), || {
        health(&well) == "healthy" && health(&ill) == "unhealthy"
    });
    let healthy = |name: &str| {
        Check::Container(ContainerCheck {
            health: Some(HealthStatus::Healthy),
            ..named(name)
        })
    };
    assert_outcome(&grade(healthy(&well)).await, Outcome::Pass, &["is healthy"]);
    assert_outcome(
        &grade(healthy(&ill)).await,
        Outcome::Fail,
        &["is unhealthy; expected healthy"],
    );
    wait_until("two restarts", Duration::from_secs(20), || {
        docker_ok(&[
            "inspect",
            "-f",
            "{{.RestartCount}} {{.State.Status}}",
            &crash,
        ]) == "2 exited"
    });
    let at_most = |max| {
        Check::Container(ContainerCheck {
            restart_count_max: Some(max),
            ..named(&crash)
        })
    };
    assert_outcome(
        &grade(at_most(2)).await,
        Outcome::Pass,
        &["restarted 2 times"],
    );
    assert_outcome(
        &grade(at_most(1)).await,
        Outcome::Fail,
        &["expected at most 1"],
    );
}

#[tokio::test]
async fn patterns_match_logs_exec_output_files_and_label_keys() {
    ensure_busybox();
    let name = unique_name("intent-pattern");
    let _cleanup = Cleanup::containers(&[&name]);
    docker_ok(&[
        "run",
        "-d",
        "--name",
        &name,
        "--label",
        "tier=web",
        "busybox",
        "sh",
        "-c",
        "echo 'visits: 42' > /count; echo 'listening on 8080'; sleep 60",
    ]);
    wait_until("the first log line", Duration::from_secs(10), || {
        docker_ok(&["logs", &name]).contains("listening")
    });
    let good = ContainerCheck {
        logs_match: pattern(r"listening on \d+"),
        exec: Some(ExecSpec {
            command: vec!["cat".into(), "/count".into()],
            output_matches: pattern(r"(?m)^visits: \d+$"),
            ..Default::default()
        }),
        label_keys: vec!["tier".into()],
        ..named(&name)
    };
    assert_outcome(
        &grade(Check::Container(good)).await,
        Outcome::Pass,
        &[r"logs match /listening on \d+/", "has label `tier`"],
    );
    let bad = ContainerCheck {
        logs_match: pattern(r"port \d+"),
        file: Some(FileInContainer {
            path: "/count".into(),
            matches: pattern(r"visits: [a-z]+"),
            ..Default::default()
        }),
        label_keys: vec!["owner".into()],
        ..named(&name)
    };
    assert_outcome(
        &grade(Check::Container(bad)).await,
        Outcome::Fail,
        &[
            r"logs do not match /port \d+/",
            "does not match /visits: [a-z]+/",
            "has no label `owner`",
        ],
    );
}

#[tokio::test]
async fn layers_added_count_only_what_the_build_put_on_its_base() {
    ensure_busybox();
    let tag = unique_name("intent-layers");
    let dir = TempDir::new("intent-layers");
    dir.write(
        "Dockerfile",
        "FROM busybox\nRUN echo a > /a\nRUN echo b > /b\nCMD [\"sh\"]\n",
    );
    let _cleanup = Cleanup::new().images(&[&tag]);
    docker_ok(&["build", "-q", "-t", &tag, &dir.display()]);
    let check = |min, max, base: &str| {
        Check::Image(ImageCheck {
            reference: tag.clone(),
            base: Some(base.to_owned()),
            layers_added_min: min,
            layers_added_max: max,
            ..Default::default()
        })
    };
    assert_outcome(
        &grade(check(Some(2), Some(2), "busybox")).await,
        Outcome::Pass,
        &["adds 2 layers to `busybox`"],
    );
    assert_outcome(
        &grade(check(None, Some(1), "busybox")).await,
        Outcome::Fail,
        &["expected at most 1"],
    );
    // The image itself is not its own base plus two: it is its own base plus none.
    assert_outcome(
        &grade(check(Some(1), None, &tag)).await,
        Outcome::Fail,
        &["adds 0 layers", "expected at least 1"],
    );
}

#[tokio::test]
async fn a_probe_reads_a_volume_from_a_fresh_container_and_is_removed() {
    ensure_busybox();
    let volume = unique_name("intent-probe-vol");
    let _cleanup = Cleanup::new().volumes(&[&volume]);
    docker_ok(&[
        "run",
        "--rm",
        "-v",
        &format!("{volume}:/data"),
        "busybox",
        "sh",
        "-c",
        "echo kept > /data/note",
    ]);
    let probe = |needle: &str| {
        Check::Probe(ProbeCheck {
            image: "busybox".into(),
            command: vec!["cat".into(), "/data/note".into()],
            mounts: vec![format!("{volume}:/data:ro")],
            output_contains: Some(needle.to_owned()),
            ..Default::default()
        })
    };
    assert!(probe("kept").acts(), "a probe acts on the engine");
    assert_outcome(
        &grade(probe("kept")).await,
        Outcome::Pass,
        &["prints `kept`"],
    );
    assert_outcome(
        &grade(probe("lost")).await,
        Outcome::Fail,
        &["does not print `lost` (it printed `kept`)"],
    );
    let failing = Check::Probe(ProbeCheck {
        image: "busybox".into(),
        command: vec!["cat".into(), "/data/missing".into()],
        mounts: vec![format!("{volume}:/data")],
        ..Default::default()
    });
    assert_outcome(
        &grade(failing).await,
        Outcome::Fail,
        &["exits with 1", "expected 0"],
    );
    let left = docker_ok(&[
        "ps",
        "-aq",
        "--filter",
        "label=docktor.probe=1",
        "--filter",
        "label=docktor.lesson=intent-tests",
    ]);
    assert_eq!(left, "", "every probe container is removed");
}

#[tokio::test]
async fn an_anonymous_volume_found_by_label_goes_with_rm_v() {
    ensure_busybox();
    let name = unique_name("intent-anon");
    let label = format!("docktor.test={name}");
    let _cleanup = Cleanup::containers(&[&name]);
    docker_ok(&[
        "run",
        "-d",
        "--name",
        &name,
        "--mount",
        &format!("type=volume,dst=/data,volume-label={label}"),
        "busybox",
        "sleep",
        "60",
    ]);
    let gone = Check::Volume(VolumeCheck {
        label: Some(label.clone()),
        exists: Some(false),
        ..Default::default()
    });
    let count = Check::Count(CountCheck {
        of: CountOf::Volumes,
        label: Some(label.clone()),
        min: Some(1),
        max: Some(1),
        ..Default::default()
    });
    assert_outcome(
        &grade(gone.clone()).await,
        Outcome::Fail,
        &["exists; expected it to be removed"],
    );
    assert_outcome(
        &grade(count.clone()).await,
        Outcome::Pass,
        &["1 volume labelled"],
    );
    docker_ok(&["rm", "-f", "-v", &name]);
    assert_outcome(&grade(gone).await, Outcome::Pass, &["does not exist"]);
    assert_outcome(
        &grade(count).await,
        Outcome::Fail,
        &["0 volumes", "expected exactly 1"],
    );
}

#[tokio::test]
async fn a_compose_service_started_by_a_foreground_up_is_not_detached() {
    ensure_busybox();
    let project = unique_name("intentcompose");
    let dir = TempDir::new("intent-compose");
    dir.write(
        "docker-compose.yml",
        "version: \"3\"\nservices:\n  app:\n    image: busybox\n    command: sleep 60\n",
    );
    let _cleanup = Cleanup::new().projects(&[&project]);
    let mut foreground = std::process::Command::new("docker-compose")
        .args(["-p", &project, "up"])
        .current_dir(&dir.path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start docker-compose up");
    let running = || {
        let filter = format!("label=com.docker.compose.project={project}");
        !docker_ok(&["ps", "-q", "--filter", &filter]).is_empty()
    };
    wait_until("the service to run", Duration::from_secs(30), running);
    std::thread::sleep(Duration::from_millis(500));
    let check = Check::Compose(ComposeCheck {
        project: project.clone(),
        service: "app".into(),
        running: Some(1),
        detached: Some(true),
        ..Default::default()
    });
    let attached = grade(check.clone()).await;
    let _ = foreground.kill();
    let _ = foreground.wait();
    assert_outcome(
        &attached,
        Outcome::Fail,
        &["foreground `up`", "expected `up -d`"],
    );
    compose_ok(&dir.path, &["-p", &project, "stop", "-t", "0"]);
    compose_ok(&dir.path, &["-p", &project, "up", "-d"]);
    assert_outcome(&grade(check).await, Outcome::Pass, &["1 running container"]);
}

#[tokio::test]
async fn the_http_cache_does_not_send_a_get_again_until_told_of_an_event() {
    ensure_busybox();
    let name = unique_name("intent-http");
    let _cleanup = Cleanup::containers(&[&name]);
    docker_ok(&[
        "run",
        "-d",
        "--name",
        &name,
        "-p",
        "80",
        "busybox",
        "sh",
        "-c",
        "mkdir -p /www && echo 'visits: 1' > /www/index.html && httpd -f -p 80 -h /www",
    ]);
    let check = Check::Container(ContainerCheck {
        http: Some(HttpSpec {
            port: 80,
            body_matches: pattern(r"visits: 1\b"),
            ..Default::default()
        }),
        ..named(&name)
    });
    let engine = engine().await;
    let cache = HttpCache::new();
    let ws = std::env::temp_dir();
    let ctx = GradeContext {
        trusted: true,
        http_cache: Some(&cache),
        ..GradeContext::new(&engine, &ws)
    };
    assert_outcome(
        &evaluate(&check, &ctx).await,
        Outcome::Pass,
        &["matching /visits: 1\\b/"],
    );
    assert_eq!(cache.len(), 1);
    docker_ok(&[
        "exec",
        &name,
        "sh",
        "-c",
        "echo 'visits: 2' > /www/index.html",
    ]);
    // No event was passed on: the answer cannot have changed as far as the grader knows.
    assert_outcome(&evaluate(&check, &ctx).await, Outcome::Pass, &["visits"]);
    let id = docker_ok(&["inspect", "-f", "{{.Id}}", &name]);
    cache.forget(&id[..12]);
    assert!(cache.is_empty());
    assert_outcome(
        &evaluate(&check, &ctx).await,
        Outcome::Fail,
        &["does not match /visits: 1\\b/"],
    );
    let _ = docker(&["rm", "-f", &name]);
}
