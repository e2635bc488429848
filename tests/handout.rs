//! Workshop handouts of the bundled course and of a teacher's pack: every lesson, task and
//! plain-words objective is there; a participant edition holds no solution text, an instructor
//! edition holds all of it; and a real headless Chromium renders it to a screenshot and to PDF
//! pages that are not blank (checked with poppler's `pdfinfo`, `pdftoppm` and `pdftotext`).

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use docktor::handout::{self, Edition, Handout, escape, inline, objectives};
use docktor::lesson::{Lesson, LessonPack, load_dir, load_embedded};
use support::unique_name;

/// A folder for one test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Self {
        let dir = std::env::temp_dir().join(unique_name(&format!("docktor-handout-{tag}")));
        std::fs::create_dir_all(dir.join("home")).expect("create scratch");
        Self(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn docktor(&self, args: &[&str]) -> Output {
        self.docktor_with_path(args, std::env::var_os("PATH").unwrap_or_default())
    }

    fn docktor_with_path(&self, args: &[&str], path: impl AsRef<std::ffi::OsStr>) -> Output {
        support::docktor_command()
            .args(args)
            .env("DOCKTOR_HOME", self.path("home"))
            .env("NO_COLOR", "1")
            .env("PATH", path)
            .env("TMPDIR", &self.0)
            .env_remove("DOCKTOR_CHROMIUM")
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run docktor")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn text(out: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn course() -> LessonPack {
    let pack = load_embedded();
    assert!(pack.problems.is_empty(), "{:?}", pack.problems);
    assert!(pack.lessons.len() >= 5);
    pack
}

fn render(pack: &LessonPack, edition: Edition) -> (String, String) {
    let doc = Handout::new(pack, Vec::new(), edition);
    (handout::html(&doc), handout::markdown(&doc))
}

/// Text a participant sees anyway: the lesson's own prose, commands and hints.
fn visible_text(lesson: &Lesson) -> String {
    let mut all = lesson.intro.clone();
    for step in &lesson.steps {
        all.push_str(&step.body);
        for hint in &step.hints {
            all.push_str(hint);
        }
    }
    all
}

#[test]
fn the_course_handout_holds_every_lesson_task_and_objective() {
    let pack = course();
    let (html, md) = render(&pack, Edition::Participant);
    let mut objectives_seen = 0;
    for lesson in &pack.lessons {
        assert!(
            html.contains(&escape(&lesson.meta.title)),
            "{}",
            lesson.meta.id
        );
        assert!(md.contains(&lesson.meta.title), "{}", lesson.meta.id);
        for (i, step) in lesson.steps.iter().enumerate() {
            assert!(
                html.contains(&escape(&step.title)),
                "{}: {}",
                lesson.meta.id,
                step.title
            );
            assert!(
                md.contains(&step.title),
                "{}: {}",
                lesson.meta.id,
                step.title
            );
            let command = format!("docktor check {}:{}", lesson.meta.id, i + 1);
            assert!(
                html.contains(&command) && md.contains(&command),
                "{command}"
            );
            let words = objectives(step);
            assert_eq!(words.len(), step.checks.len());
            for objective in words {
                assert!(!objective.trim().is_empty());
                assert!(
                    html.contains(&inline(&objective)),
                    "html lacks: {objective}"
                );
                assert!(md.contains(&objective), "markdown lacks: {objective}");
                objectives_seen += 1;
            }
        }
    }
    assert!(objectives_seen >= 50, "only {objectives_seen} objectives");
    assert!(html.contains("answers on http://localhost:18080/ with a page containing <code>Hello from ports-web</code>"));
    assert!(
        html.contains("docktor images --load images.tar"),
        "the cover says how to load images"
    );
    assert!(html.contains("<code>busybox:latest</code>"));
    assert!(!html.contains("<script"), "no scripts needed");
    assert!(!html.contains(" src="), "no external resources at all");
}

#[test]
fn a_participant_edition_holds_no_solution_text_and_an_instructor_edition_holds_all() {
    let pack = course();
    let (student_html, student_md) = render(&pack, Edition::Participant);
    let (teacher_html, teacher_md) = render(&pack, Edition::Instructor);
    assert!(!student_html.contains("class=\"solution\"") && !student_md.contains("**Solution**"));
    let (mut hidden, mut shown_by_the_lesson, mut blocks) = (0, 0, 0);
    for lesson in &pack.lessons {
        let visible = visible_text(lesson);
        for step in &lesson.steps {
            for script in &step.solution {
                blocks += 1;
                let solution = script.text.trim_end();
                assert!(
                    teacher_html.contains(&escape(solution)),
                    "instructor html lacks {solution}"
                );
                assert!(
                    teacher_md.contains(solution),
                    "instructor markdown lacks {solution}"
                );
                if visible.contains(solution) {
                    // The lesson prints this very command in its own text: not a secret.
                    shown_by_the_lesson += 1;
                    continue;
                }
                hidden += 1;
                assert!(
                    !student_html.contains(&escape(solution)),
                    "student html shows {solution}"
                );
                assert!(
                    !student_md.contains(solution),
                    "student markdown shows {solution}"
                );
            }
        }
    }
    assert!(blocks >= 40, "the course has {blocks} solution blocks");
    // The two editions differ in the solution boxes and the cover's label, and nothing else.
    let mut stripped = String::new();
    let mut rest = teacher_html.as_str();
    while let Some(start) = rest.find("<div class=\"solution\">") {
        stripped.push_str(&rest[..start]);
        let end = rest[start..].find("</div>\n").expect("solution box ends") + start;
        rest = &rest[end + "</div>\n".len()..];
    }
    stripped.push_str(rest);
    let stripped = stripped.replace(
        "Instructor edition: contains the solutions",
        "Participant handout",
    );
    assert!(
        stripped == student_html,
        "the editions differ outside the solution boxes"
    );
    assert!(
        hidden >= 10,
        "only {hidden} solutions are not in the lessons' text ({shown_by_the_lesson} are)"
    );
}

fn write_pack(dir: &Path) -> PathBuf {
    let pack = dir.join("winter-workshop");
    let lesson = pack.join("01-first");
    std::fs::create_dir_all(&lesson).expect("pack folder");
    std::fs::write(
        lesson.join("lesson.md"),
        "+++\nid = \"01-first\"\ntitle = \"First <steps> & more\"\nsummary = \"Start one container\"\nformat_version = 1\nimages = [\"busybox\"]\n\n[resources]\ncontainers = [\"ws-one\"]\n+++\n\nIntro with a table:\n\n| flag | means |\n|------|-------|\n| `-d` | detached |\n\n## Start it\n\nRun it in the background.\n\n```toml check\n[[container]]\nname = \"ws-one\"\nstatus = \"running\"\n```\n\n```hint\nUse `-d`.\n```\n\n```sh solution\ndocker run -d --name ws-one busybox sleep 4242-SECRET-SOLUTION\n```\n",
    )
    .expect("lesson");
    pack
}

#[test]
fn a_teachers_pack_gets_its_own_title_commands_and_no_solution_unless_asked() {
    let scratch = Scratch::new("pack");
    let pack_dir = write_pack(&scratch.0);
    let pack_arg = pack_dir.to_str().expect("utf-8");
    let out_file = scratch.path("ws.html");
    let out_arg = out_file.to_str().expect("utf-8");
    let out = scratch.docktor(&["--lessons", pack_arg, "handout", "--out", out_arg]);
    assert!(out.status.success(), "{}", text(&out));
    let html = std::fs::read_to_string(&out_file).expect("handout written");
    assert!(
        html.contains("<h1>winter-workshop</h1>"),
        "the pack's folder names it"
    );
    assert!(html.contains(&format!("docktor --lessons {pack_arg} check 01-first:1")));
    assert!(
        html.contains("First &lt;steps&gt; &amp; more"),
        "titles are escaped"
    );
    assert!(html.contains("<td><code>-d</code></td>"), "tables render");
    assert!(html.contains("<details class=\"hint screen-only\"><summary>Hint 1</summary>"));
    assert!(
        html.contains("Hints for lesson 1"),
        "hints wait at the end of the lesson on paper"
    );
    assert!(!html.contains("SECRET-SOLUTION"));

    let md_file = scratch.path("ws.md");
    let md_arg = md_file.to_str().expect("utf-8");
    let args = [
        "--lessons",
        pack_arg,
        "handout",
        "--solutions",
        "--format",
        "md",
        "--out",
        md_arg,
    ];
    let out = scratch.docktor(&args);
    assert!(out.status.success(), "{}", text(&out));
    let md = std::fs::read_to_string(&md_file).expect("markdown written");
    assert!(md.contains("sleep 4242-SECRET-SOLUTION"), "{md}");
    assert!(md.contains("- [ ] container `ws-one` is running"));
}

#[test]
fn bad_handout_requests_say_what_to_do_with_a_usage_code() {
    let scratch = Scratch::new("usage");
    let out_file = scratch.path("x.html");
    let out_arg = out_file.to_str().expect("utf-8");
    let out = scratch.docktor(&["handout", "99-nope", "--out", out_arg]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("no lesson `99-nope`"));
    let out = scratch.docktor(&[
        "handout", "--format", "md", "--out", out_arg, "--pdf", "x.pdf",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("drop --format md"));
    assert!(!out_file.exists(), "nothing written on a usage error");
}

#[test]
fn pdf_without_a_browser_keeps_the_html_and_says_how_to_print() {
    let scratch = Scratch::new("nobrowser");
    let out_file = scratch.path("course.html");
    let out_arg = out_file.to_str().expect("utf-8");
    let pdf_file = scratch.path("course.pdf");
    let pdf_arg = pdf_file.to_str().expect("utf-8");
    let empty_path = scratch.path("no-bin");
    std::fs::create_dir_all(&empty_path).expect("empty PATH dir");
    let out = scratch.docktor_with_path(
        &["handout", "--out", out_arg, "--pdf", pdf_arg],
        &empty_path,
    );
    assert_eq!(out.status.code(), Some(9), "{}", text(&out));
    assert!(
        text(&out).contains("apt install chromium"),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("print it to PDF"), "{}", text(&out));
    assert!(out_file.exists() && !pdf_file.exists());
}

/// Runs a poppler tool and gives its stdout.
fn poppler(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} (install poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Share of pixels that are not near-white, and mean brightness (0..1), of a binary PPM (P6).
fn ink_and_brightness(ppm: &[u8]) -> (f64, f64) {
    // Header: P6, width, height, maxval, each separated by whitespace.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while ppm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !ppm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&ppm[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P6");
    let pixels = &ppm[at + 1..];
    let (mut ink, mut sum) = (0usize, 0u64);
    for px in pixels.chunks_exact(3) {
        let v = u64::from(px[0]) + u64::from(px[1]) + u64::from(px[2]);
        sum += v;
        ink += usize::from(v < 3 * 200);
    }
    let n = (pixels.len() / 3).max(1);
    (ink as f64 / n as f64, sum as f64 / (n as f64 * 765.0))
}

#[test]
fn chromium_prints_the_course_to_pdf_pages_that_are_not_blank() {
    let scratch = Scratch::new("pdf");
    let pack = course();
    let html_file = scratch.path("course.html");
    let html_arg = html_file.to_str().expect("utf-8");
    for (paper, size) in [("a4", "(A4)"), ("letter", "(letter)")] {
        let pdf_file = scratch.path(&format!("course-{paper}.pdf"));
        let pdf_arg = pdf_file.to_str().expect("utf-8");
        let args = [
            "handout", "--out", html_arg, "--pdf", pdf_arg, "--paper", paper,
        ];
        let out = scratch.docktor(&args);
        assert!(out.status.success(), "{}", text(&out));
        let info = poppler("pdfinfo", &[pdf_arg]);
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .expect("page count");
        assert!(
            pages > pack.lessons.len(),
            "{pages} pages for {} lessons",
            pack.lessons.len()
        );
        assert!(pages < 40 * pack.lessons.len(), "{pages} pages is not sane");
        assert!(info.contains(size), "{paper}: {info}");
        if paper == "a4" {
            check_pages(&scratch, &pdf_file, pages, &pack);
        }
    }
}

/// Every page has ink, no page is dark, and each lesson starts a page of its own.
fn check_pages(scratch: &Scratch, pdf: &Path, pages: usize, pack: &LessonPack) {
    let pdf_arg = pdf.to_str().expect("utf-8");
    let prefix = scratch.path("page");
    poppler(
        "pdftoppm",
        &["-r", "24", pdf_arg, prefix.to_str().expect("utf-8")],
    );
    let mut images: Vec<PathBuf> = std::fs::read_dir(&scratch.0)
        .expect("read scratch")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ppm"))
        .collect();
    images.sort();
    assert_eq!(images.len(), pages);
    for image in &images {
        let (ink, brightness) = ink_and_brightness(&std::fs::read(image).expect("ppm"));
        assert!(ink > 0.001, "{} is blank", image.display());
        assert!(
            brightness > 0.85,
            "{} is dark ({brightness})",
            image.display()
        );
    }
    let text = poppler("pdftotext", &["-layout", pdf_arg, "-"]);
    let texts: Vec<&str> = text.split('\u{c}').collect();
    for (n, lesson) in pack.lessons.iter().enumerate() {
        let marker = format!("Lesson {} · {}", n + 1, lesson.meta.id);
        let page = texts
            .iter()
            .position(|t| t.contains(&marker))
            .unwrap_or_else(|| panic!("no page has {marker}"));
        assert!(
            texts[page].trim_start().starts_with(&marker),
            "{marker} does not start its page"
        );
    }
    assert!(
        text.contains(&format!("Page 2 of {pages}")),
        "page numbers are printed"
    );
}

#[test]
fn chromium_screenshots_the_handout_as_more_than_a_blank_page() {
    let scratch = Scratch::new("shot");
    let pack = course();
    let doc = Handout::new(&pack, vec![&pack.lessons[2]], Edition::Participant);
    let html_file = scratch.path("one.html");
    std::fs::write(&html_file, handout::html(&doc)).expect("write html");
    let blank_file = scratch.path("blank.html");
    std::fs::write(&blank_file, "<!DOCTYPE html><html><body></body></html>").expect("write blank");
    let size = handout::pdf::Output::Screenshot {
        width: 900,
        height: 1200,
    };
    let shot = scratch.path("one.png");
    let blank = scratch.path("blank.png");
    handout::pdf::render(&html_file, &shot, size).expect("screenshot");
    handout::pdf::render(&blank_file, &blank, size).expect("blank screenshot");
    let (shot, blank) = (
        std::fs::read(shot).expect("png"),
        std::fs::read(blank).expect("png"),
    );
    assert!(shot.starts_with(b"\x89PNG") && blank.starts_with(b"\x89PNG"));
    assert_ne!(shot, blank);
    assert!(
        shot.len() > 4 * blank.len(),
        "{} vs blank {}",
        shot.len(),
        blank.len()
    );
}

#[test]
fn the_markdown_edition_and_a_teachers_pack_load_from_folders_too() {
    let scratch = Scratch::new("folder");
    let pack = load_dir(&write_pack(&scratch.0));
    assert!(pack.problems.is_empty(), "{:?}", pack.problems);
    let doc = Handout::new(&pack, Vec::new(), Edition::Participant);
    let md = handout::markdown(&doc);
    assert!(md.starts_with("# winter-workshop\n"));
    assert!(
        md.contains("| `-d` | detached |"),
        "lesson markdown passes through"
    );
    assert!(md.contains("## Hints for lesson 1"));
}

#[test]
fn a_handout_of_some_lessons_keeps_their_numbers_in_the_course() {
    let pack = course();
    let third = &pack.lessons[2];
    let doc = Handout::new(&pack, vec![third], Edition::Participant);
    let html = handout::html(&doc);
    assert!(html.contains(&format!("Lesson 3 · <code>{}</code>", third.meta.id)));
    assert!(html.contains("Task 3.1"));
    assert!(!html.contains(&escape(&pack.lessons[0].meta.title)));
    let md = handout::markdown(&doc);
    assert!(md.contains("# Lesson 3: "), "{md}");
}

#[test]
fn pdf_alone_prints_through_a_temporary_page_it_removes() {
    let scratch = Scratch::new("pdfonly");
    let pdf_file = scratch.path("day1.pdf");
    let out = scratch.docktor(&["handout", "1", "--pdf", pdf_file.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(std::fs::metadata(&pdf_file).expect("pdf written").len() > 1000);
    let left: Vec<String> = std::fs::read_dir(&scratch.0)
        .expect("read scratch")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n != "home" && n != "day1.pdf")
        .collect();
    assert!(left.is_empty(), "left behind in TMPDIR: {left:?}");
}

#[test]
fn a_handout_in_norwegian_has_the_norwegian_lesson_headings_and_page_language() {
    let scratch = Scratch::new("nb");
    let out_file = scratch.path("nb.html");
    let out_arg = out_file.to_str().expect("utf-8");
    let out = scratch.docktor(&["handout", "--lang", "nb", "01-run", "--out", out_arg]);
    assert!(out.status.success(), "{}", text(&out));
    let html = std::fs::read_to_string(&out_file).expect("handout written");
    assert!(
        html.contains("<html lang=\"nb\">"),
        "the page says its language"
    );
    assert!(
        html.contains("<h1>Din første container</h1>"),
        "the lesson's Norwegian title"
    );
    for heading in [
        "<h2>Leksjoner</h2>",
        "<h2>Dette må du installere</h2>",
        "<h3>Dette blir sjekket</h3>",
        "Oppgave 1.1",
        "Sjekk det med:",
        "Deltakerhefte",
    ] {
        assert!(html.contains(heading), "`{heading}` missing");
    }
    assert!(
        html.contains("docktor check 01-run:1"),
        "commands stay as typed"
    );
    assert!(
        !html.contains("What will be checked"),
        "no English heading left"
    );
}
