//! Live grading: the time from the engine event of a learner's action to the step's verdict
//! being ready, as the tutor does it: subscribed to `Engine::events`, grading the step when the
//! relevant event arrives.
//!
//! The learner's action is the docker CLI: `docker start` of a stopped server, and
//! `docker run -d` of a new one. The clock starts at the event's own time as the engine
//! stamped it (`timeNano`). `docktor::engine::EngineEvent` carries no time, so a second, raw
//! subscription to the same engine reads the stamp of the same event. Each run gives:
//!   event -> verdict  the whole latency (the figure the target is about)
//!   event -> arrival  until `Engine::events` yields it
//!   arrival -> verdict  `grade_step` itself
//! A verdict that fails is graded again when the tutor would look again (300 ms, then 1.2 s
//! later), to count the correct steps that would stay red on the tutor's screen.
//!
//! `cargo bench --bench live` (`-- start` or `-- run` for one; `DT_BENCH_QUICK=1` for fewer runs).
//! Prints numbers; never fails on a timing.

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::pin::Pin;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};
use bollard::Docker;
use bollard::query_parameters::{EventsOptions, KillContainerOptions, RemoveContainerOptions};
use futures_util::{Stream, StreamExt};
use tokio::sync::mpsc;

use common::{Cleanup, Stats};
use docktor::check::Check;
use docktor::engine::{Engine, EngineError, EngineEvent, ResourceKind};
use docktor::grade::grade_step;
use docktor::lesson::Step;

type Events = Pin<Box<dyn Stream<Item = Result<EngineEvent, EngineError>> + Send>>;

/// How long an expected event may take before the run is abandoned as broken.
const EVENT_WAIT: Duration = Duration::from_secs(20);
/// The tutor's second looks after a failing live grade (`SECOND_LOOKS` in the private module
/// src/tui/worker/grader.rs, so repeated here).
const SECOND_LOOKS: [Duration; 2] = [Duration::from_millis(300), Duration::from_millis(1200)];

fn main() -> Result<()> {
    let prefix = common::run_prefix();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let _cleanup = Cleanup::new(&prefix);
    runtime.block_on(common::until_interrupted(run(&prefix)))
}

/// The learner's action.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    /// `docker start NAME` of a stopped server that has run before.
    Start,
    /// `docker run -d --name NAME-i ...` of a new server.
    Run,
}

struct Sample {
    total: Duration,
    arrival: Duration,
    grade: Duration,
    passed: bool,
    /// For a step that failed on the event: the second look (1 or 2) that passed, if any.
    second_look: Option<usize>,
    /// Messages of the checks that did not pass on the event.
    failures: Vec<String>,
}

async fn run(prefix: &str) -> Result<()> {
    let docker = common::docker()?;
    common::print_machine(&docker).await;
    common::require_image(&docker).await?;
    common::sweep_stale(&docker).await?;
    let engine = Engine::connect()
        .await
        .context("the benchmarks need a running Docker engine")?;
    let workspace = std::env::temp_dir().join(format!("{prefix}workspace"));
    std::fs::create_dir_all(&workspace)?;

    // The event stamps, from a raw subscription of our own: (container name, action) -> time.
    let mut stamps = subscribe_stamps(&docker, prefix)?;
    let mut events: Events = Box::pin(engine.events());
    // Let both subscriptions settle before the first action.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let runs = common::iterations(50);
    let scenarios = [
        ("start", Action::Start, false, "`docker start`"),
        ("run", Action::Run, false, "`docker run -d`"),
        (
            "start-without-http",
            Action::Start,
            true,
            "`docker start`, the step without its HTTP check (diagnosis)",
        ),
    ];
    let mut server_made = false;
    for (word, action, without_http, title) in scenarios {
        if !common::selected(word) {
            continue;
        }
        println!("\n## (3) live grading on {title}: {runs} runs after 3 warm-up runs");
        let mut samples = Vec::new();
        if action == Action::Start && !server_made {
            common::create_server(&docker, &format!("{prefix}live"), false).await?;
            server_made = true;
        }
        for i in 0..runs + 3 {
            let name = match action {
                Action::Start => format!("{prefix}live"),
                Action::Run => format!("{prefix}run-{i:03}"),
            };
            let mut step = common::bench_step(&name)?;
            if without_http {
                step.checks
                    .retain(|c| !matches!(c, Check::Container(c) if c.http.is_some()));
            }
            let run = Run {
                action,
                name: &name,
                step: &step,
                engine: &engine,
                docker: &docker,
                workspace: &workspace,
            };
            let sample = run.once(&mut events, &mut stamps).await?;
            if i >= 3 {
                samples.push(sample);
            }
        }
        summarise(word, &samples);
    }
    let _ = std::fs::remove_dir_all(&workspace);
    Ok(())
}

/// One learner action on one container, and the step that grades it.
struct Run<'a> {
    action: Action,
    name: &'a str,
    step: &'a Step,
    engine: &'a Engine,
    docker: &'a Docker,
    workspace: &'a Path,
}

impl Run<'_> {
    /// Does the action, times its event to the verdict, then puts the server back.
    async fn once(
        &self,
        events: &mut Events,
        stamps: &mut mpsc::UnboundedReceiver<(String, String, i64)>,
    ) -> Result<Sample> {
        let Run {
            action,
            name,
            step,
            engine,
            docker,
            workspace,
        } = *self;
        let mut cli = tokio::process::Command::new("docker");
        match action {
            Action::Start => {
                cli.args(["start", name]);
            }
            Action::Run => {
                cli.args([
                    "run",
                    "-d",
                    "--name",
                    name,
                    "-p",
                    "127.0.0.1::80",
                    "busybox",
                ]);
                cli.args(common::server_command());
            }
        }
        cli.stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped());
        let child = cli.spawn().context("cannot run the docker CLI")?;

        // The tutor's path: the event arrives, the step is graded.
        wait_for(events, name, "start").await?;
        let arrived = SystemTime::now();
        let report = grade_step(engine, workspace, step, true).await;
        let verdict = SystemTime::now();
        let mut graded_at = tokio::time::Instant::now();

        let out = child.wait_with_output().await?;
        if !out.status.success() {
            bail!(
                "the docker CLI failed for {name}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let stamp = stamp_of(stamps, name, "start").await?;
        let since = |t: SystemTime| t.duration_since(stamp).unwrap_or_default();

        // The tutor's second looks, for a step that failed on the event.
        let mut second_look = None;
        if !report.passed() {
            for (n, wait) in SECOND_LOOKS.iter().enumerate() {
                tokio::time::sleep_until(graded_at + *wait).await;
                let again = grade_step(engine, workspace, step, true).await;
                graded_at = tokio::time::Instant::now();
                if again.passed() {
                    second_look = Some(n + 1);
                    break;
                }
            }
        }

        // Back to where the next run starts from.
        match action {
            Action::Start => {
                let opts = KillContainerOptions {
                    signal: "KILL".to_owned(),
                };
                docker.kill_container(name, Some(opts)).await?;
                wait_for(events, name, "die").await?;
            }
            Action::Run => {
                let opts = RemoveContainerOptions {
                    force: true,
                    ..Default::default()
                };
                docker.remove_container(name, Some(opts)).await?;
                wait_for(events, name, "destroy").await?;
            }
        }
        Ok(Sample {
            total: since(verdict),
            arrival: since(arrived),
            grade: verdict.duration_since(arrived).unwrap_or_default(),
            passed: report.passed(),
            second_look,
            failures: report
                .verdicts
                .iter()
                .filter(|v| !v.passed())
                .map(|v| v.message.replace(name, "NAME"))
                .collect(),
        })
    }
}

/// Reads `Engine::events` until `name` does `action`.
async fn wait_for(events: &mut Events, name: &str, action: &str) -> Result<()> {
    let found = tokio::time::timeout(EVENT_WAIT, async {
        while let Some(item) = events.next().await {
            let event = item?;
            if event.kind == ResourceKind::Container && event.action == action && event.name == name
            {
                return Ok(());
            }
        }
        bail!("the engine's event stream ended")
    })
    .await;
    found.unwrap_or_else(|_| bail!("no `{action}` event for {name} within {EVENT_WAIT:?}"))
}

/// Subscribes to the engine's container events directly, to learn when each was stamped.
fn subscribe_stamps(
    docker: &Docker,
    prefix: &str,
) -> Result<mpsc::UnboundedReceiver<(String, String, i64)>> {
    let opts = EventsOptions {
        filters: Some(HashMap::from([(
            "type".to_owned(),
            vec!["container".to_owned()],
        )])),
        ..Default::default()
    };
    let mut stream = Box::pin(docker.events(Some(opts)));
    let (tx, rx) = mpsc::unbounded_channel();
    let prefix = prefix.to_owned();
    tokio::spawn(async move {
        while let Some(Ok(message)) = stream.next().await {
            let name = message
                .actor
                .and_then(|a| a.attributes)
                .and_then(|a| a.get("name").cloned())
                .unwrap_or_default();
            let (Some(action), Some(nanos)) = (message.action, message.time_nano) else {
                continue;
            };
            if name.starts_with(&prefix) && tx.send((name, action, nanos)).is_err() {
                return;
            }
        }
    });
    Ok(rx)
}

/// The engine's own time for `name` doing `action`.
async fn stamp_of(
    stamps: &mut mpsc::UnboundedReceiver<(String, String, i64)>,
    name: &str,
    action: &str,
) -> Result<SystemTime> {
    let found = tokio::time::timeout(EVENT_WAIT, async {
        while let Some((n, a, nanos)) = stamps.recv().await {
            if n == name && a == action {
                let nanos = u64::try_from(nanos).context("an event from before 1970")?;
                return Ok(UNIX_EPOCH + Duration::from_nanos(nanos));
            }
        }
        bail!("the raw event subscription ended")
    })
    .await;
    found.unwrap_or_else(|_| bail!("no stamped `{action}` event for {name}"))
}

fn summarise(word: &str, samples: &[Sample]) {
    let pick = |f: fn(&Sample) -> Duration| samples.iter().map(f).collect::<Vec<_>>();
    Stats::of(&pick(|s| s.total)).print(&format!("event -> verdict ready (docker {word})"));
    Stats::of(&pick(|s| s.arrival)).print("  event -> arrival on Engine::events");
    Stats::of(&pick(|s| s.grade)).print("  arrival -> verdict (grade_step)");
    let passed = samples.iter().filter(|s| s.passed).count();
    println!(
        "  verdict on the event: step passed in {passed} of {} runs",
        samples.len()
    );
    let slow = samples
        .iter()
        .filter(|s| s.total > Duration::from_millis(200))
        .count();
    println!("  runs slower than 200 ms: {slow}");
    let failed = samples.len() - passed;
    if failed > 0 {
        let at = |n| samples.iter().filter(|s| s.second_look == Some(n)).count();
        let red = samples
            .iter()
            .filter(|s| !s.passed && s.second_look.is_none())
            .count();
        println!(
            "  of the {failed} failed on the event, passed on the tutor's second look after 300 ms: {}, after 1.2 s more: {}; still red: {red}",
            at(1),
            at(2)
        );
    }
    let mut tally: HashMap<&str, usize> = HashMap::new();
    for message in samples.iter().flat_map(|s| &s.failures) {
        *tally.entry(message.as_str()).or_default() += 1;
    }
    for (message, n) in tally {
        println!("  failed {n} time(s): {message}");
    }
}
