//! What every docktor benchmark shares: a tiny timing helper (warm up, repeat, print min / p50 /
//! p95 / mean), the benchmark's own containers on the live engine, and a guard that removes them
//! however the benchmark ends.
//!
//! Every container a benchmark makes is named `dt-bench-<pid>-...`, so a run removes exactly
//! its own (and those of earlier runs whose process is gone), never anything else.

// Each benchmark binary uses a different part of this module.
#![allow(dead_code)]

use std::collections::HashMap;
use std::future::Future;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use bollard::Docker;
use bollard::models::{ContainerCreateBody, HostConfig, PortBinding};
use bollard::query_parameters::{
    CreateContainerOptions, ListContainersOptions, RemoveContainerOptions,
};
use futures_util::StreamExt;

use docktor::check::Outcome;
use docktor::grade::StepReport;
use docktor::lesson::{Step, parse_lesson};

/// The only image the benchmarks use; it must already be on the engine (nothing is pulled).
pub const IMAGE: &str = "busybox:latest";

/// The benchmark step, with `__CONTAINER__` for the container's name. The shell grader
/// (`fixtures/grade-step.sh`) makes the same assertions.
pub const LESSON_TEMPLATE: &str = include_str!("../fixtures/grading-lesson.md");

/// The shell-script grader the benchmarks compare against.
pub const SHELL_GRADER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/benches/fixtures/grade-step.sh"
);

/// What the benchmark's web server serves, and what it logs when it is up.
pub const PAGE_TEXT: &str = "hello from docktor bench";
pub const READY_TEXT: &str = "bench server ready";

/// The web server's command: a page, a line in the logs, then busybox httpd on port 80.
pub fn server_command() -> Vec<String> {
    vec![
        "sh".into(),
        "-c".into(),
        format!(
            "mkdir -p /www && echo '{PAGE_TEXT}' > /www/index.html && echo '{READY_TEXT}' && exec httpd -f -p 80 -h /www"
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// Timing
// ---------------------------------------------------------------------------------------------

/// Summary of repeated measurements.
#[derive(Debug, Clone, Copy)]
pub struct Stats {
    pub n: usize,
    pub min: Duration,
    pub p50: Duration,
    pub p95: Duration,
    pub mean: Duration,
}

impl Stats {
    /// Nearest-rank percentiles over `samples` (which must not be empty).
    pub fn of(samples: &[Duration]) -> Self {
        let mut sorted = samples.to_vec();
        sorted.sort();
        let n = sorted.len().max(1);
        let rank = |p: f64| {
            let i = ((p * n as f64).ceil() as usize).clamp(1, n) - 1;
            sorted.get(i).copied().unwrap_or_default()
        };
        let total: Duration = sorted.iter().sum();
        Self {
            n: sorted.len(),
            min: sorted.first().copied().unwrap_or_default(),
            p50: rank(0.50),
            p95: rank(0.95),
            mean: total / n as u32,
        }
    }

    /// Prints one aligned line: `label  n  min  p50  p95  mean`.
    pub fn print(&self, label: &str) {
        println!(
            "{label:<58} n={:<4} min {:>10}  p50 {:>10}  p95 {:>10}  mean {:>10}",
            self.n,
            fmt_duration(self.min),
            fmt_duration(self.p50),
            fmt_duration(self.p95),
            fmt_duration(self.mean),
        );
    }
}

/// `1.234 ms`, `56.7 µs`, `2.345 s`.
pub fn fmt_duration(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs >= 1.0 {
        format!("{secs:.3} s")
    } else if secs >= 1e-3 {
        format!("{:.3} ms", secs * 1e3)
    } else {
        format!("{:.1} µs", secs * 1e6)
    }
}

/// Prints how many times slower `slow` is than `fast`, on p50 and on mean.
pub fn print_ratio(label: &str, slow: &Stats, fast: &Stats) {
    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64().max(1e-12);
    println!(
        "{label:<58} p50 {:>7.1}x   mean {:>7.1}x",
        ratio(slow.p50, fast.p50),
        ratio(slow.mean, fast.mean)
    );
}

/// Runs `f` `warmup` times unmeasured, then `iters` times measured; prints and returns stats.
pub fn time_sync<R>(label: &str, warmup: usize, iters: usize, mut f: impl FnMut() -> R) -> Stats {
    for _ in 0..warmup {
        std::hint::black_box(f());
    }
    let mut samples = Vec::with_capacity(iters);
    for _ in 0..iters {
        let start = Instant::now();
        std::hint::black_box(f());
        samples.push(start.elapsed());
    }
    let stats = Stats::of(&samples);
    stats.print(label);
    stats
}

/// The async twin of [`time_sync`]; an error in any run (measured or not) stops it.
pub async fn time_async<T>(
    label: &str,
    warmup: usize,
    iters: usize,
    mut f: impl AsyncFnMut() -> Result<T>,
) -> Result<Stats> {
    for _ in 0..warmup {
        std::hint::black_box(f().await?);
    }
    let mut samples = Vec::with_capacity(iters);
    for _ in 0..iters {
        let start = Instant::now();
        std::hint::black_box(f().await?);
        samples.push(start.elapsed());
    }
    let stats = Stats::of(&samples);
    stats.print(label);
    Ok(stats)
}

/// `DT_BENCH_QUICK=1` divides the repetitions by five, for a fast look.
pub fn iterations(n: usize) -> usize {
    if std::env::var_os("DT_BENCH_QUICK").is_some_and(|v| !v.is_empty() && v != "0") {
        (n / 5).max(3)
    } else {
        n
    }
}

/// The words given after `cargo bench --bench NAME --`, without the `--bench` cargo adds.
/// A section runs when no words were given or one of them is in its name.
pub fn selected(section: &str) -> bool {
    let words: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    words.is_empty() || words.iter().any(|w| section.contains(w.as_str()))
}

// ---------------------------------------------------------------------------------------------
// Lessons and reports
// ---------------------------------------------------------------------------------------------

/// The benchmark step for container `name` (five checks, one of them an exec), parsed the
/// way every lesson is.
pub fn bench_step(name: &str) -> Result<Step> {
    bench_steps(name)?
        .into_iter()
        .next()
        .context("the benchmark lesson has no step")
}

/// Both steps of the benchmark lesson: the five checks, and the same without the exec.
pub fn bench_steps(name: &str) -> Result<Vec<Step>> {
    let text = LESSON_TEMPLATE.replace("__CONTAINER__", name);
    let lesson =
        parse_lesson("benches/fixtures/grading-lesson.md", &text, Vec::new()).map_err(|diags| {
            let lines: Vec<String> = diags.iter().map(ToString::to_string).collect();
            anyhow::anyhow!("the benchmark lesson does not parse:\n{}", lines.join("\n"))
        })?;
    Ok(lesson.steps)
}

/// One line per verdict, for a report that did not pass.
pub fn describe(report: &StepReport) -> String {
    report
        .verdicts
        .iter()
        .map(|v| {
            let mark = match v.outcome {
                Outcome::Pass => "PASS",
                Outcome::Fail => "FAIL",
                Outcome::Error | Outcome::NotRun => "ERROR",
            };
            format!("  {mark} {}", v.message)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------------------------
// Engine fixtures and clean-up
// ---------------------------------------------------------------------------------------------

/// This run's container name prefix: `dt-bench-<pid>-`.
pub fn run_prefix() -> String {
    format!("dt-bench-{}-", std::process::id())
}

pub fn docker() -> Result<Docker> {
    Docker::connect_with_defaults().context("cannot make a Docker client (is DOCKER_HOST right?)")
}

/// Fails with a clear message when the benchmark image is not on the engine: it is never pulled.
pub async fn require_image(docker: &Docker) -> Result<()> {
    match docker.inspect_image(IMAGE).await {
        Ok(_) => Ok(()),
        Err(e) => bail!(
            "the image {IMAGE} is not on the engine ({e}); the benchmarks never pull. Run `docktor images --prepare` first"
        ),
    }
}

/// Creates (and with `start`, starts) the benchmark web server `name`, its port 80
/// published on a free port of 127.0.0.1 chosen by the engine.
pub async fn create_server(docker: &Docker, name: &str, start: bool) -> Result<()> {
    let bindings = HashMap::from([(
        "80/tcp".to_owned(),
        Some(vec![PortBinding {
            host_ip: Some("127.0.0.1".to_owned()),
            host_port: Some(String::new()),
        }]),
    )]);
    let config = ContainerCreateBody {
        image: Some("busybox".to_owned()),
        cmd: Some(server_command()),
        exposed_ports: Some(vec!["80/tcp".to_owned()]),
        host_config: Some(HostConfig {
            port_bindings: Some(bindings),
            ..Default::default()
        }),
        ..Default::default()
    };
    let opts = CreateContainerOptions {
        name: Some(name.to_owned()),
        ..Default::default()
    };
    docker
        .create_container(Some(opts), config)
        .await
        .with_context(|| format!("cannot create container {name}"))?;
    if start {
        docker
            .start_container(name, None)
            .await
            .with_context(|| format!("cannot start container {name}"))?;
    }
    Ok(())
}

/// Creates `count` idle containers `<prefix>idle-<n>` (created, never started), numbered from
/// `first`, a few at a time.
pub async fn create_idle(docker: &Docker, prefix: &str, first: usize, count: usize) -> Result<()> {
    let results: Vec<Result<()>> = futures_util::stream::iter(first..first + count)
        .map(|n| {
            let name = format!("{prefix}idle-{n:04}");
            async move {
                let config = ContainerCreateBody {
                    image: Some("busybox".to_owned()),
                    cmd: Some(vec!["sleep".into(), "3600".into()]),
                    ..Default::default()
                };
                let opts = CreateContainerOptions {
                    name: Some(name.clone()),
                    ..Default::default()
                };
                docker
                    .create_container(Some(opts), config)
                    .await
                    .map(|_| ())
                    .with_context(|| format!("cannot create container {name}"))
            }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    results.into_iter().collect()
}

/// How many containers the engine has, running or not.
pub async fn container_count(docker: &Docker) -> Result<usize> {
    let opts = ListContainersOptions {
        all: true,
        ..Default::default()
    };
    Ok(docker.list_containers(Some(opts)).await?.len())
}

/// Removes (forcibly, with anonymous volumes) every container whose name satisfies `doomed`;
/// returns how many were removed.
pub async fn remove_where(docker: &Docker, doomed: impl Fn(&str) -> bool) -> Result<usize> {
    let opts = ListContainersOptions {
        all: true,
        filters: Some(HashMap::from([(
            "name".to_owned(),
            vec!["^/dt-bench-".to_owned()],
        )])),
        ..Default::default()
    };
    let names: Vec<String> = docker
        .list_containers(Some(opts))
        .await?
        .into_iter()
        .flat_map(|c| c.names.unwrap_or_default())
        .map(|n| n.trim_start_matches('/').to_owned())
        .filter(|n| doomed(n))
        .collect();
    let removed: Vec<bool> = futures_util::stream::iter(names)
        .map(|name| async move {
            let opts = RemoveContainerOptions {
                force: true,
                v: true,
                ..Default::default()
            };
            docker.remove_container(&name, Some(opts)).await.is_ok()
        })
        .buffer_unordered(8)
        .collect()
        .await;
    Ok(removed.into_iter().filter(|&ok| ok).count())
}

/// Removes the containers of earlier benchmark runs whose process is gone (a run killed
/// before its guard could act). A live run's containers are left alone.
pub async fn sweep_stale(docker: &Docker) -> Result<usize> {
    remove_where(docker, |name| {
        let pid = name
            .strip_prefix("dt-bench-")
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok());
        match pid {
            Some(pid) => !std::path::Path::new(&format!("/proc/{pid}")).exists(),
            // Not named by a run: nobody owns it any more.
            None => true,
        }
    })
    .await
}

/// Removes every container named with `prefix` when dropped: at the end of a run, on an error,
/// on a panic, and (through [`until_interrupted`]) on Ctrl-C or SIGTERM.
pub struct Cleanup {
    prefix: String,
}

impl Cleanup {
    pub fn new(prefix: &str) -> Self {
        Self {
            prefix: prefix.to_owned(),
        }
    }
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        let prefix = self.prefix.clone();
        // A thread of its own, so the guard works whether or not a runtime is around.
        let done = std::thread::spawn(move || -> Result<usize> {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(async {
                let docker = docker()?;
                remove_where(&docker, |name| name.starts_with(&prefix)).await
            })
        })
        .join();
        match done {
            Ok(Ok(n)) => eprintln!("cleanup: removed {n} container(s) named {}*", self.prefix),
            Ok(Err(e)) => eprintln!(
                "cleanup FAILED for {}*: {e:#}; remove them with: docker ps -aq --filter name=^/{} | xargs -r docker rm -f",
                self.prefix, self.prefix
            ),
            Err(_) => eprintln!("cleanup thread panicked for {}*", self.prefix),
        }
    }
}

/// Runs `work` until it ends or the process is asked to stop (Ctrl-C, SIGTERM); being stopped
/// is an error, so the caller's guard still cleans up on the way out.
pub async fn until_interrupted<T>(work: impl Future<Output = Result<T>>) -> Result<T> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    tokio::select! {
        result = work => result,
        _ = term.recv() => bail!("stopped by SIGTERM"),
        _ = int.recv() => bail!("interrupted"),
    }
}

/// `nproc`, memory and the engine's version, printed at the top of every benchmark.
pub async fn print_machine(docker: &Docker) {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find(|l| l.starts_with("MemTotal:"))
                .map(|l| l.trim_start_matches("MemTotal:").trim().to_owned())
        })
        .unwrap_or_else(|| "?".to_owned());
    let engine = match docker.version().await {
        Ok(v) => format!(
            "{} (API {})",
            v.version.unwrap_or_default(),
            v.api_version.unwrap_or_default()
        ),
        Err(e) => format!("unreachable: {e}"),
    };
    println!("machine: {cpus} cpus, {mem} memory; Docker engine {engine}");
}
