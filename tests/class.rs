//! A teacher grading a class: the real binary against three real engines (the main engine
//! over its socket and over TCP through socat, and a Podman service), an engine that does not
//! exist, one that hangs, submitted files, `--watch`, and the HTML report in headless Chromium.

#[path = "class/engines.rs"]
mod engines;
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use engines::{MAIN_SOCKET, Podman, Silent, TcpForward};
use serde_json::Value;
use support::{Cleanup, TempDir, docker_ok, ensure_busybox, unique_name};

/// A two-lesson pack whose checks name this test's own containers (`P-a1`, ...), so learners
/// sharing the main engine stand at different steps by their assigned lessons.
fn write_pack(dir: &TempDir, p: &str) -> PathBuf {
    dir.write(
        "pack/01-lab-a/lesson.md",
        &format!(
            "+++\nid = \"lab-a\"\ntitle = \"Lab A\"\nformat_version = 1\n[resources]\ncontainers = [\"{p}-*\"]\n+++\n\
## Make the first\n```toml check\n[[container]]\nname = \"{p}-a1\"\n```\n\
## Run the second\n```toml check\n[[container]]\nname = \"{p}-a2\"\nstatus = \"running\"\n```\n\
## Prove the third\n```toml check\n[[container]]\nname = \"{p}-a3\"\n[container.exec]\ncommand = [\"true\"]\n```\n"
        ),
    );
    dir.write(
        "pack/02-lab-b/lesson.md",
        &format!(
            "+++\nid = \"lab-b\"\ntitle = \"Lab B\"\nformat_version = 1\n[resources]\ncontainers = [\"{p}-*\"]\n+++\n\
## Make b1\n```toml check\n[[container]]\nname = \"{p}-b1\"\nmessage = \"Run {p}-b1.\"\n```\n\
## Write notes\n```toml check\n[[file]]\npath = \"notes.txt\"\n```\n"
        ),
    );
    dir.path.join("pack")
}

fn docktor(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = support::docktor_command();
    command
        .args(args)
        .env("DOCKTOR_HOME", home)
        .env("NO_COLOR", "1")
        .env_remove("DOCKER_HOST")
        .stdin(Stdio::null());
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("run docktor")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn learner<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["learners"]
        .as_array()
        .and_then(|ls| ls.iter().find(|l| l["name"] == name))
        .unwrap_or_else(|| panic!("no learner {name} in {report:#}"))
}

fn lesson<'a>(learner: &'a Value, id: &str) -> &'a Value {
    learner["lessons"]
        .as_array()
        .and_then(|ls| ls.iter().find(|l| l["id"] == id))
        .unwrap_or_else(|| panic!("no lesson {id} in {learner:#}"))
}

/// Everything a class test needs: the pack, three engines and the main engine's containers.
struct Lab {
    dir: TempDir,
    p: String,
    pack: PathBuf,
    tcp: TcpForward,
    podman: Podman,
    silent: Silent,
    _cleanup: Cleanup,
}

impl Lab {
    fn start(tag: &str) -> Self {
        ensure_busybox();
        let p = unique_name(&format!("cls-{tag}"));
        let dir = TempDir::new(&format!("docktor-class-{tag}"));
        let pack = write_pack(&dir, &p);
        let cleanup =
            Cleanup::containers(&[format!("{p}-a1"), format!("{p}-a2"), format!("{p}-a3")]);
        docker_ok(&[
            "create",
            "--name",
            &format!("{p}-a1"),
            "busybox:latest",
            "true",
        ]);
        docker_ok(&[
            "run",
            "-d",
            "--name",
            &format!("{p}-a2"),
            "busybox:latest",
            "sleep",
            "300",
        ]);
        let podman = Podman::start(tag);
        podman.run_sleeper(&format!("{p}-a1"));
        dir.write(
            "erin-progress.toml",
            "[lessons.lab-b]\ncurrent_step = 1\npassed = [\"make-b1\"]\n",
        );
        Self {
            tcp: TcpForward::start(),
            silent: Silent::start(),
            podman,
            dir,
            p,
            pack,
            _cleanup: cleanup,
        }
    }

    /// alice (socket, lab-a), bob (TCP, lab-b, no progress), carol (Podman, both), erin
    /// (Podman, lab-b, a progress record), dave (nothing listens), frank (an engine that hangs).
    fn roster(&self) -> PathBuf {
        let pack = self.pack.display();
        let d = &self.dir.path;
        let text = format!(
            "class = \"Docker 101, group B\"\npack = \"{pack}\"\ntimeout_seconds = 3\n\
[[learner]]\nname = \"alice\"\nhost = \"unix://{MAIN_SOCKET}\"\nlessons = [\"lab-a\"]\n\
[[learner]]\nname = \"bob\"\nhost = \"{tcp}\"\nlessons = [\"2\"]\nprogress = \"bob-progress.toml\"\n\
[[learner]]\nname = \"carol\"\nhost = \"{podman}\"\n\
[[learner]]\nname = \"dave\"\nhost = \"unix://{d}/nobody.sock\"\n\
[[learner]]\nname = \"erin\"\nhost = \"{podman}\"\nlessons = [\"lab-b\"]\nprogress = \"erin-progress.toml\"\n\
[[learner]]\nname = \"frank\"\nhost = \"{silent}\"\n",
            d = d.display(),
            tcp = self.tcp.host,
            podman = self.podman.host,
            silent = self.silent.host,
        );
        self.dir.write("class.toml", &text)
    }

    fn home(&self) -> PathBuf {
        let home = self.dir.path.join("home");
        std::fs::create_dir_all(&home).expect("home");
        home
    }
}

#[test]
fn a_class_is_graded_on_every_engine_and_reported_as_json_csv_and_a_table() {
    let lab = Lab::start("grade");
    let roster = lab.roster();
    let roster = roster.to_str().expect("utf-8");
    let started = Instant::now();
    let out = docktor(&lab.home(), &["class", roster, "--json"], &[]);
    let took = started.elapsed();
    assert_eq!(
        out.status.code(),
        Some(1),
        "some learners are unreachable: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        took < Duration::from_secs(8),
        "a hanging engine holds nobody up for long: {took:?}"
    );
    let report: Value = serde_json::from_str(&stdout(&out)).expect("JSON report");
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["docktor_version"], env!("CARGO_PKG_VERSION"));
    assert!(
        report["generated_at"]
            .as_str()
            .is_some_and(|t| t.len() == 20 && t.ends_with('Z'))
    );
    assert!(
        report["pack"]["fingerprint"]
            .as_str()
            .is_some_and(|f| f.len() == 64)
    );
    assert_eq!(report["trusted"], false);

    let alice = learner(&report, "alice");
    assert_eq!(alice["reachable"], true);
    let lab_a = lesson(alice, "lab-a");
    assert_eq!(
        (lab_a["passed"].as_u64(), lab_a["current_step"].as_u64()),
        (Some(2), Some(3))
    );
    let third = &lab_a["steps"][2];
    assert_eq!(third["passed"], false);
    assert_eq!(third["checks"][0]["outcome"], "fail");
    assert!(
        third["checks"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("does not exist"))
    );
    assert_eq!(
        third["checks"][1]["outcome"], "skipped",
        "exec is not run without trust"
    );
    assert_eq!(lesson(alice, "lab-b")["assigned"], false);

    let bob = learner(&report, "bob");
    assert_eq!(bob["source"], lab.tcp.host.as_str());
    assert_eq!(bob["has_progress"], false, "bob has no progress file yet");
    let b = lesson(bob, "lab-b");
    assert_eq!(
        (b["passed"].as_u64(), b["current_step"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(
        b["steps"][0]["checks"][0]["author_message"],
        format!("Run {}-b1.", lab.p)
    );
    assert_eq!(
        b["steps"][1]["checks"][0]["outcome"], "skipped",
        "no workspace given"
    );

    let carol = learner(&report, "carol");
    assert_eq!(carol["reachable"], true, "{carol:#}");
    assert_eq!(
        lesson(carol, "lab-a")["current_step"],
        2,
        "Podman has only a1"
    );

    let erin = learner(&report, "erin");
    let eb = lesson(erin, "lab-b");
    assert_eq!(eb["steps"][0]["passed_before"], true);
    assert_eq!(eb["steps"][0]["passed"], false, "b1 is not on Podman now");
    assert_eq!(
        (eb["passed"].as_u64(), eb["current_step"].as_u64()),
        (Some(1), Some(2))
    );

    let dave = learner(&report, "dave");
    assert_eq!(dave["reachable"], false);
    assert!(
        dave["problem"]
            .as_str()
            .is_some_and(|p| p.contains("No Docker engine answers"))
    );
    let frank = learner(&report, "frank");
    assert_eq!(frank["reachable"], false);
    assert!(
        frank["problem"]
            .as_str()
            .is_some_and(|p| p.contains("within 3 s")),
        "{frank:#}"
    );

    let csv = stdout(&docktor(&lab.home(), &["class", roster, "--csv"], &[]));
    let rows: Vec<&str> = csv.lines().collect();
    assert!(rows[0].starts_with("learner,source,self_reported,reachable,steps_passed,steps_total,percent,on_lesson,on_step,lab-a passed,lab-b passed,problem"), "{}", rows[0]);
    let row = |name: &str| {
        rows.iter()
            .find(|r| r.starts_with(&format!("{name},")))
            .unwrap_or_else(|| panic!("no row {name}: {csv}"))
    };
    assert_eq!(
        row("alice"),
        &format!("alice,unix://{MAIN_SOCKET},false,true,2,3,66,lab-a,3,2,,\r")
            .trim_end_matches('\r')
    );
    assert!(
        row("erin").contains(",true,1,2,50,lab-b,2,,1,"),
        "{}",
        row("erin")
    );
    assert!(
        row("dave").starts_with("dave,unix://")
            && row("dave").contains(",false,false,0,0,0,,,,,\"No Docker engine"),
        "{}",
        row("dave")
    );

    let table = stdout(&docktor(&lab.home(), &["class", roster], &[]));
    assert!(table.contains("Docker 101, group B"), "{table}");
    let line = |name: &str| {
        table
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("no {name}: {table}"))
            .to_owned()
    };
    assert!(
        line("alice").contains("2/3") && line("alice").ends_with("lab-a step 3"),
        "{table}"
    );
    assert!(
        line("bob").ends_with("lab-b step 1 (no progress yet)"),
        "{table}"
    );
    assert!(
        line("dave").contains("unreachable: No Docker engine answers"),
        "{table}"
    );
}

#[test]
fn submitted_files_make_the_same_report_marked_self_reported() {
    let lab = Lab::start("submit");
    let pack = lab.pack.to_str().expect("utf-8").to_owned();
    let inbox = lab.dir.path.join("inbox");
    std::fs::create_dir_all(&inbox).expect("inbox");
    let home = lab.home();
    let alice_file = inbox.join("a-file.json");
    let out = docktor(
        &home,
        &[
            "--lessons",
            &pack,
            "--trust",
            "submit",
            "--name",
            "Alice Martin",
            "--out",
            alice_file.to_str().expect("utf-8"),
        ],
        &[("DOCKER_HOST", &format!("unix://{MAIN_SOCKET}"))],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout(&out).contains("2/5 steps passed"),
        "{}",
        stdout(&out)
    );
    let zoe_file = inbox.join("zoe.json");
    let out = docktor(
        &home,
        &[
            "--lessons",
            &pack,
            "--trust",
            "submit",
            "--out",
            zoe_file.to_str().expect("utf-8"),
        ],
        &[("DOCKER_HOST", &lab.podman.host)],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(inbox.join("junk.json"), "{\"not\": 1}").expect("junk");

    let submitted: Value =
        serde_json::from_str(&std::fs::read_to_string(&alice_file).expect("read")).expect("JSON");
    assert_eq!(submitted["kind"], "docktor-submission");
    assert!(
        submitted["learner"]["engine_id"]
            .as_str()
            .is_some_and(|id| !id.is_empty()),
        "the engine is named"
    );

    let out = docktor(
        &home,
        &[
            "--lessons",
            &pack,
            "class",
            "--from",
            inbox.to_str().expect("utf-8"),
            "--json",
        ],
        &[],
    );
    let report: Value = serde_json::from_str(&stdout(&out)).expect("JSON report");
    assert_eq!(report["self_reported"], true);
    let alice = learner(&report, "Alice Martin");
    assert_eq!(alice["self_reported"], true);
    assert_eq!(lesson(alice, "lab-a")["current_step"], 3);
    let zoe = learner(&report, "zoe");
    assert_eq!(
        lesson(zoe, "lab-a")["current_step"],
        2,
        "zoe's engine is Podman, with a1 only"
    );
    assert!(
        learner(&report, "junk")["problem"]
            .as_str()
            .is_some_and(|p| p.contains("not a docktor submission"))
    );
    assert_eq!(out.status.code(), Some(1), "one file could not be read");

    let table = stdout(&docktor(
        &home,
        &[
            "--lessons",
            &pack,
            "class",
            "--from",
            inbox.to_str().expect("utf-8"),
        ],
        &[],
    ));
    assert!(
        table.contains("self-reported") && table.contains("Alice Martin"),
        "{table}"
    );
}

#[test]
fn watch_redraws_the_table_when_a_learner_finishes_a_step() {
    let lab = Lab::start("watch");
    let roster = lab.dir.write(
        "watch.toml",
        &format!(
            "class = \"Live\"\npack = \"{}\"\n[[learner]]\nname = \"alice\"\nhost = \"unix://{MAIN_SOCKET}\"\nlessons = [\"lab-a\"]\n",
            lab.pack.display()
        ),
    );
    let log = lab.dir.path.join("watch.out");
    let mut child = support::docktor_command()
        .args(["class", roster.to_str().expect("utf-8"), "--watch"])
        .env("DOCKTOR_HOME", lab.home())
        .env_remove("DOCKER_HOST")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&log).expect("log"))
        .stderr(Stdio::null())
        .spawn()
        .expect("start docktor class --watch");
    let _stop = support_kill::Kill(&mut child);
    let shown = |want: &str, limit: Duration| {
        let start = Instant::now();
        loop {
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            if text
                .lines()
                .any(|l| l.starts_with("alice") && l.ends_with(want))
            {
                return;
            }
            assert!(start.elapsed() < limit, "no `{want}` for alice in:\n{text}");
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    shown("lab-a step 3", Duration::from_secs(10));
    let _a3 = Cleanup::containers(&[format!("{}-a3", lab.p)]);
    docker_ok(&[
        "create",
        "--name",
        &format!("{}-a3", lab.p),
        "busybox:latest",
        "true",
    ]);
    shown("done", Duration::from_secs(10));
}

/// A throwaway Chromium profile (its HOME too), removed when the test ends.
struct Browser {
    profile: TempDir,
}

impl Browser {
    fn new() -> Self {
        Self {
            profile: TempDir::new("docktor-chromium"),
        }
    }

    /// Runs headless Chromium on `page` with `args`, bounded by a minute.
    fn run(&self, page: &Path, args: &[&str]) -> Output {
        let out = Command::new("timeout")
            .arg("60")
            .arg("chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
            ])
            .arg(format!("--user-data-dir={}", self.profile.display()))
            .args(args)
            .arg(format!("file://{}", page.display()))
            .env("HOME", &self.profile.path)
            .stdin(Stdio::null())
            .output()
            .expect("run chromium (apt-get install chromium)");
        assert!(
            out.status.success(),
            "chromium failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }
}

/// Share of pixels that are not near-white, and whether the pass green shows.
fn ink(png_file: &Path) -> (f64, bool) {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_file).expect("screenshot"),
    ));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let channels = info.color_type.samples();
    assert!(channels >= 3, "an RGB screenshot");
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()].chunks(channels).collect();
    let inked = pixels
        .iter()
        .filter(|p| p[0] < 235 || p[1] < 235 || p[2] < 235)
        .count();
    let green = pixels.iter().any(|p| p[0] < 80 && p[1] > 130 && p[2] < 110);
    (inked as f64 / pixels.len() as f64, green)
}

#[test]
fn the_html_report_renders_in_a_real_browser_with_every_learner() {
    let lab = Lab::start("html");
    let roster = lab.roster();
    let mut text = std::fs::read_to_string(&roster).expect("roster");
    text.push_str(&format!("[[learner]]\nname = \"Zoë <script>x</script>\"\nhost = \"unix://{MAIN_SOCKET}\"\nlessons = [\"lab-a\"]\n"));
    std::fs::write(&roster, text).expect("roster");
    let page = lab.dir.path.join("report.html");
    let out = docktor(
        &lab.home(),
        &[
            "class",
            roster.to_str().expect("utf-8"),
            "--html",
            page.to_str().expect("utf-8"),
        ],
        &[],
    );
    assert!(
        stdout(&out).contains("report written to"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&page).expect("the page");
    assert!(
        !html.contains("http://") && !html.contains("https://") && !html.contains("<script"),
        "self-contained, no script"
    );
    assert!(html.contains("Where the class is stuck") && html.contains("@media print"));

    let browser = Browser::new();
    let shot = lab.dir.path.join("report.png");
    browser.run(
        &page,
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1200,1600",
        ],
    );
    let (share, green) = ink(&shot);
    assert!(
        share > 0.03,
        "the screenshot is not blank ({:.1}% inked)",
        share * 100.0
    );
    assert!(green, "passed steps show in green");

    let dom = stdout(&browser.run(&page, &["--dump-dom"]));
    for name in [
        "alice",
        "bob",
        "carol",
        "dave",
        "erin",
        "frank",
        "Zoë &lt;script&gt;x&lt;/script&gt;",
    ] {
        assert!(dom.contains(name), "the page holds {name}");
    }
    let stuck = dom
        .split("Where the class is stuck")
        .nth(1)
        .expect("the stuck section");
    assert!(
        stuck.contains(&format!("container `{}-a3` does not exist", lab.p)),
        "failing messages are grouped: {stuck}"
    );

    let pdf = lab.dir.path.join("report.pdf");
    browser.run(
        &page,
        &[
            &format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer",
        ],
    );
    let bytes = std::fs::read(&pdf).expect("the PDF");
    assert!(
        bytes.starts_with(b"%PDF") && bytes.len() > 5_000,
        "the page prints"
    );
}

mod support_kill {
    /// Ends the child (a `--watch` that would run forever) when the test ends, pass or fail.
    pub struct Kill<'a>(pub &'a mut std::process::Child);

    impl Drop for Kill<'_> {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}
