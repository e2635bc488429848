//! Handouts: generating the whole bundled course's handout (HTML and Markdown, participant and
//! instructor editions) from lessons already loaded, and from scratch including loading the
//! embedded course. The goal is "well under a second"; this prints the numbers.
//!
//! `cargo bench --bench handout`. Prints numbers; never fails on a timing.

use std::hint::black_box;
use std::time::{Duration, Instant};

use docktor::handout::{self, Edition, Handout};
use docktor::lesson::load_embedded;

const ROUNDS: u32 = 50;

fn time<T>(rounds: u32, mut f: impl FnMut() -> T) -> Duration {
    let started = Instant::now();
    for _ in 0..rounds {
        black_box(f());
    }
    started.elapsed() / rounds
}

fn main() {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!("machine: {cpus} cpus (no engine needed)");
    let pack = load_embedded();
    let tasks: usize = pack.lessons.iter().map(|l| l.steps.len()).sum();
    let checks: usize = pack
        .lessons
        .iter()
        .flat_map(|l| &l.steps)
        .map(|s| s.checks.len())
        .sum();
    println!(
        "course: {} lessons, {tasks} tasks, {checks} checks",
        pack.lessons.len()
    );
    for (name, edition) in [
        ("participant", Edition::Participant),
        ("instructor", Edition::Instructor),
    ] {
        let doc = Handout::new(&pack, Vec::new(), edition);
        let bytes = handout::html(&doc).len();
        let html = time(ROUNDS, || handout::html(&doc));
        let md = time(ROUNDS, || handout::markdown(&doc));
        println!(
            "{name:<12} html {:>8.2} ms ({} KB)   markdown {:>8.2} ms",
            html.as_secs_f64() * 1e3,
            bytes / 1024,
            md.as_secs_f64() * 1e3
        );
    }
    let whole = time(ROUNDS, || {
        let pack = load_embedded();
        let doc = Handout::new(&pack, Vec::new(), Edition::Participant);
        handout::html(&doc).len()
    });
    println!(
        "load the course and write its handout: {:.2} ms (goal: well under 1000 ms)",
        whole.as_secs_f64() * 1e3
    );
}
