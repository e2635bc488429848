//! Lesson loading: parsing 1,000 generated lessons (front matter, about seven steps each with
//! prose, lists, a table, commands, a setup or a solution, a `toml check` block of several
//! kinds of checks, and hints, so about the size of a bundled lesson), from memory with
//! `parse_lesson` and from a folder with `load_dir`; and the bundled course with
//! `load_embedded`, for scale. No engine needed.
//!
//! `cargo bench --bench lessons`. Prints numbers; never fails on a timing.

mod common;

use std::fmt::Write as _;

use anyhow::{Context, Result, bail};

use docktor::lesson::{load_dir, load_embedded, parse_lesson};

const LESSONS: usize = 1000;

fn main() -> Result<()> {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!("machine: {cpus} cpus (no engine needed)");

    let texts: Vec<(String, String)> = (0..LESSONS)
        .map(|i| {
            (
                format!("generated/{i:04}/lesson.md"),
                generate(i, &mut Rng(0x9e37_79b9_7f4a_7c15 ^ (i as u64 + 1))),
            )
        })
        .collect();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let lines: usize = texts.iter().map(|(_, t)| t.lines().count()).sum();
    let mut steps = 0;
    let mut checks = 0;
    for (source, text) in &texts {
        let lesson = parse_lesson(source, text, Vec::new()).map_err(|diags| {
            let lines: Vec<String> = diags.iter().map(ToString::to_string).collect();
            anyhow::anyhow!("a generated lesson does not parse:\n{}", lines.join("\n"))
        })?;
        steps += lesson.steps.len();
        checks += lesson.steps.iter().map(|s| s.checks.len()).sum::<usize>();
    }
    println!(
        "{LESSONS} generated lessons: {:.1} MB, {lines} lines, {steps} steps, {checks} checks; a lesson averages {:.1} KB, {} lines",
        bytes as f64 / 1e6,
        bytes as f64 / 1e3 / LESSONS as f64,
        lines / LESSONS
    );
    if let Some((n, b, l)) = bundled_size() {
        println!(
            "(the bundled course: {n} lessons averaging {:.1} KB, {} lines)",
            b as f64 / 1e3 / n as f64,
            l / n
        );
    }

    println!("\n## (5) lesson loading");
    let parse = common::time_sync(
        "parse_lesson x 1000 (from memory)",
        2,
        common::iterations(20),
        || {
            texts
                .iter()
                .map(|(source, text)| parse_lesson(source, text, Vec::new()).is_ok())
                .filter(|&ok| ok)
                .count()
        },
    );
    println!(
        "  throughput {:.1} MB/s, {:.0} µs per lesson (p50)",
        bytes as f64 / 1e6 / parse.p50.as_secs_f64(),
        parse.p50.as_secs_f64() * 1e6 / LESSONS as f64
    );

    println!("-- where parse_lesson's time goes: its two parsers alone, on the same text");
    // The options `parse_lesson`'s structural pass uses (src/lesson/parse.rs): no extensions.
    let options = pulldown_cmark::Options::empty();
    common::time_sync(
        "  pulldown-cmark: every event with its offset",
        2,
        common::iterations(20),
        || {
            texts
                .iter()
                .map(|(_, text)| {
                    pulldown_cmark::Parser::new_ext(text, options)
                        .into_offset_iter()
                        .count()
                })
                .sum::<usize>()
        },
    );
    let tomls: Vec<(&str, Vec<&str>)> = texts.iter().map(|(_, t)| toml_parts(t)).collect();
    common::time_sync(
        "  toml: front matter and check blocks, deserialised",
        2,
        common::iterations(20),
        || {
            tomls
                .iter()
                .map(|(meta, blocks)| {
                    let meta = toml::from_str::<docktor::lesson::LessonMeta>(meta).is_ok();
                    let ok = blocks
                        .iter()
                        .filter(|b| toml::from_str::<docktor::check::CheckBlock>(b).is_ok())
                        .count();
                    ok + usize::from(meta)
                })
                .sum::<usize>()
        },
    );

    let dir = std::env::temp_dir().join(format!("{}lessons", common::run_prefix()));
    let written = write_pack(&dir, &texts);
    let result = written.and_then(|()| {
        let pack = load_dir(&dir);
        if pack.lessons.len() != LESSONS || !pack.problems.is_empty() {
            bail!(
                "load_dir found {} lessons and {} problems",
                pack.lessons.len(),
                pack.problems.len()
            );
        }
        common::time_sync(
            "load_dir of 1000 lesson folders (read + parse)",
            1,
            common::iterations(10),
            || load_dir(&dir).lessons.len(),
        );
        Ok(())
    });
    // Removed whatever happened above.
    let _ = std::fs::remove_dir_all(&dir);
    result?;

    let embedded = load_embedded();
    let label = format!(
        "load_embedded (the bundled course: {} lessons)",
        embedded.lessons.len()
    );
    common::time_sync(&label, 5, common::iterations(100), || {
        load_embedded().lessons.len()
    });
    Ok(())
}

/// The TOML a lesson holds: its front matter, and the body of each `toml check` block.
fn toml_parts(text: &str) -> (&str, Vec<&str>) {
    let rest = text.strip_prefix("+++\n").unwrap_or(text);
    let (meta, body) = rest.split_once("\n+++\n").unwrap_or(("", rest));
    let mut blocks = Vec::new();
    let mut at = body;
    while let Some(start) = at.find("```toml check\n") {
        let block = &at[start + "```toml check\n".len()..];
        let end = block.find("```\n").unwrap_or(block.len());
        blocks.push(&block[..end]);
        at = &block[end..];
    }
    (meta, blocks)
}

/// Lessons, bytes and lines of the course in `lessons/`, for comparison.
fn bundled_size() -> Option<(usize, usize, usize)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    let mut sizes = (0, 0, 0);
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        if let Ok(text) = std::fs::read_to_string(entry.path().join("lesson.md")) {
            sizes.0 += 1;
            sizes.1 += text.len();
            sizes.2 += text.lines().count();
        }
    }
    (sizes.0 > 0).then_some(sizes)
}

fn write_pack(dir: &std::path::Path, texts: &[(String, String)]) -> Result<()> {
    for (i, (_, text)) in texts.iter().enumerate() {
        let folder = dir.join(format!("{i:04}-generated"));
        std::fs::create_dir_all(&folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
        std::fs::write(folder.join("lesson.md"), text)?;
        if i % 4 == 0 {
            std::fs::write(
                folder.join("Dockerfile"),
                "FROM busybox\nCOPY . /app\nCMD [\"sh\"]\n",
            )?;
        }
    }
    Ok(())
}

/// A small deterministic generator (xorshift), so every run parses the same lessons.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.below(words.len())]
    }
}

const WORDS: &[&str] = &[
    "container",
    "image",
    "layer",
    "port",
    "volume",
    "network",
    "engine",
    "process",
    "command",
    "the",
    "a",
    "runs",
    "starts",
    "stops",
    "keeps",
    "shows",
    "lists",
    "builds",
    "publishes",
    "quickly",
    "again",
    "inside",
    "outside",
    "every",
    "only",
    "its",
    "your",
    "machine",
    "file",
];

fn sentence(rng: &mut Rng) -> String {
    let n = 6 + rng.below(8);
    let mut s = String::new();
    for i in 0..n {
        let w = rng.pick(WORDS);
        match rng.below(12) {
            0 => write!(s, "**{w}**"),
            1 => write!(s, "`docker {w}`"),
            2 => write!(s, "*{w}*"),
            _ if i == 0 => {
                let mut c = w.chars();
                let first = c.next().map(|c| c.to_ascii_uppercase()).unwrap_or('A');
                write!(s, "{first}{}", c.as_str())
            }
            _ => write!(s, "{w}"),
        }
        .expect("write to a String");
        s.push(if i + 1 == n { '.' } else { ' ' });
    }
    s
}

fn paragraph(rng: &mut Rng) -> String {
    let n = 1 + rng.below(3);
    let mut p = (0..n).map(|_| sentence(rng)).collect::<Vec<_>>().join(" ");
    p.push_str("\n\n");
    p
}

/// One lesson of about the size and shape of a bundled one.
fn generate(i: usize, rng: &mut Rng) -> String {
    let id = format!("gen-{i:04}");
    let mut t = String::new();
    let w = |t: &mut String, s: &str| t.push_str(s);
    write!(
        t,
        "+++\nid = \"{id}\"\ntitle = \"Generated lesson {i}\"\nsummary = \"{}\"\nformat_version = 1\nimages = [\"busybox:latest\"]\n\n[resources]\ncontainers = [\"{id}-*\"]\nimages = [\"{id}-img:*\"]\nvolumes = [\"{id}-data\"]\nnetworks = [\"{id}-net\"]\n+++\n\n",
        sentence(rng).replace(['`', '*'], "")
    )
    .expect("write to a String");
    for _ in 0..2 + rng.below(2) {
        let p = paragraph(rng);
        w(&mut t, &p);
    }
    let steps = 5 + rng.below(5);
    for s in 1..=steps {
        let c = format!("{id}-c{s}");
        let port = 18000 + (i * 10 + s) % 2000;
        write!(
            t,
            "## Step {s}: {} {}\n\n",
            rng.pick(WORDS),
            rng.pick(WORDS)
        )
        .expect("write to a String");
        for _ in 0..1 + rng.below(3) {
            let p = paragraph(rng);
            w(&mut t, &p);
        }
        if rng.below(2) == 0 {
            for _ in 0..3 {
                let line = format!("- {}\n", sentence(rng));
                w(&mut t, &line);
            }
            w(&mut t, "\n");
        }
        if rng.below(3) == 0 {
            w(
                &mut t,
                "| flag | meaning |\n|---|---|\n| `-d` | in the background |\n| `-p` | publish a port |\n| `--name` | a name of your own |\n\n",
            );
        }
        if rng.below(4) == 0 {
            write!(
                t,
                "```sh setup\ndocker rm -f {c} >/dev/null 2>&1 || true\n```\n\n"
            )
            .expect("write to a String");
        }
        write!(
            t,
            "```sh\ndocker run -d --name {c} -p {port}:80 busybox httpd -f -p 80\ndocker ps --filter name={c}\n```\n\n"
        )
        .expect("write to a String");
        let p = paragraph(rng);
        w(&mut t, &p);
        write!(
            t,
            "```toml check\n[[container]]\nname = \"{c}\"\nstatus = \"running\"\nimage = \"busybox\"\nports = [\"{port}:80\"]\nmessage = \"Run `{c}` with `-p {port}:80`.\"\n"
        )
        .expect("write to a String");
        match rng.below(5) {
            0 => write!(
                t,
                "\n[[image]]\nreference = \"{id}-img:1.0\"\nlayers_max = 4\nhistory_contains = [\"COPY\"]\n"
            ),
            1 => write!(
                t,
                "\n[[volume]]\nname = \"{id}-data\"\nused_by = [\"{c}\"]\n"
            ),
            2 => write!(
                t,
                "\n[[network]]\nname = \"{id}-net\"\ncontainers = [\"{c}\"]\n"
            ),
            3 => write!(
                t,
                "\n[[count]]\nname_prefix = \"{id}-\"\nstatus = \"running\"\nmin = 1\n"
            ),
            _ => write!(
                t,
                "\n[[file]]\npath = \"notes.txt\"\ncontains = \"{c}\"\n"
            ),
        }
        .expect("write to a String");
        if rng.below(2) == 0 {
            write!(
                t,
                "\n[[container]]\nname = \"{c}\"\nlogs_contain = \"ready\"\nexec = {{ command = [\"cat\", \"/etc/hostname\"] }}\n"
            )
            .expect("write to a String");
        }
        w(&mut t, "```\n\n");
        for _ in 0..1 + rng.below(2) {
            let hint = format!("```hint\n{}\n```\n\n", sentence(rng));
            w(&mut t, &hint);
        }
        write!(
            t,
            "```sh solution\ndocker run -d --name {c} -p {port}:80 busybox httpd -f -p 80\n```\n\n"
        )
        .expect("write to a String");
    }
    t
}
