//! Grading a class: N learners (N engine connections spread over the engines at hand: the
//! main engine's socket, the main engine over TCP through socat, and a Podman service), each
//! graded on the whole bundled course, the way `docktor class ROSTER` does it. Prints the wall
//! time for N = 3, 10, 20, 30 and the cost per learner; the target is 30 learners under 5 s.
//!
//! `cargo bench --bench class` (`DT_BENCH_QUICK=1` for fewer runs). Never fails on a timing.

#[path = "../tests/class/engines.rs"]
mod engines;
#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use docktor::class::{Roster, grade_class};
use docktor::lesson::load_embedded;

fn roster(hosts: &[String], n: usize, concurrency: usize) -> Roster {
    let mut text =
        format!("class = \"bench\"\nconcurrency = {concurrency}\ntimeout_seconds = 30\n");
    for i in 0..n {
        let host = &hosts[i % hosts.len()];
        text.push_str(&format!(
            "[[learner]]\nname = \"learner-{i:02}\"\nhost = \"{host}\"\n"
        ));
    }
    Roster::parse(&text, Path::new(".")).expect("a valid roster")
}

fn main() {
    support::ensure_busybox();
    let quick = std::env::var_os("DT_BENCH_QUICK").is_some();
    let runs = if quick { 1 } else { 3 };
    let tcp = engines::TcpForward::start();
    let podman = engines::Podman::start("bench");
    let hosts = vec![
        format!("unix://{}", engines::MAIN_SOCKET),
        tcp.host.clone(),
        podman.host.clone(),
    ];
    let pack = load_embedded();
    let steps: usize = pack.lessons.iter().map(|l| l.steps.len()).sum();
    let checks: usize = pack
        .lessons
        .iter()
        .flat_map(|l| &l.steps)
        .map(|s| s.checks.len())
        .sum();
    println!(
        "class grading: whole bundled course ({} lessons, {steps} steps, {checks} checks) per learner; engines: {}",
        pack.lessons.len(),
        hosts.join(", ")
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    println!(
        "{:>9} {:>11} {:>9} {:>9} {:>9} {:>12}",
        "learners", "concurrency", "min", "p50", "max", "p50/learner"
    );
    for concurrency in [docktor::class::DEFAULT_CONCURRENCY, 30] {
        for n in [3, 10, 20, 30] {
            let roster = roster(&hosts, n, concurrency);
            let mut times: Vec<Duration> = (0..runs)
                .map(|_| {
                    let start = Instant::now();
                    let report = runtime.block_on(grade_class(&roster, &pack));
                    let took = start.elapsed();
                    let down: Vec<_> = report.learners.iter().filter(|l| !l.reachable).collect();
                    assert!(
                        down.is_empty(),
                        "every engine answers: {:?}",
                        down.first().and_then(|l| l.problem.as_ref())
                    );
                    took
                })
                .collect();
            times.sort();
            let p50 = times[times.len() / 2];
            println!(
                "{n:>9} {concurrency:>11} {:>7.0}ms {:>7.0}ms {:>7.0}ms {:>10.1}ms",
                ms(times[0]),
                ms(p50),
                ms(times[times.len() - 1]),
                ms(p50) / n as f64
            );
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
