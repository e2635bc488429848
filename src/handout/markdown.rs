//! The handout as one Markdown file, for a learning platform or a wiki: the same cover,
//! lessons, tasks and objectives as the HTML; hints after each lesson.

use std::fmt::Write as _;

use super::{Edition, Handout, objectives};
use crate::lesson::Lesson;
use crate::{tr, trf};

/// The whole handout as Markdown.
pub fn markdown(h: &Handout<'_>) -> String {
    let mut out = String::with_capacity(32 * 1024 * h.lessons.len().max(1));
    let edition = match h.edition {
        Edition::Participant => tr!("Participant handout"),
        Edition::Instructor => tr!("Instructor edition: contains the solutions"),
    };
    let _ = writeln!(
        out,
        "# {}\n\n{}\n",
        one_line(&h.title),
        trf!(
            "**{}**, made by docktor {}: every task is graded on your own Docker engine.",
            edition,
            env!("CARGO_PKG_VERSION")
        )
    );
    let _ = writeln!(out, "## {}\n", tr!("Lessons"));
    for (number, lesson) in h.numbered() {
        let _ = write!(
            out,
            "{}. **{}** (`{}`, {})",
            number,
            one_line(&lesson.meta.title),
            lesson.meta.id,
            trf!("{} tasks", lesson.steps.len())
        );
        if !lesson.meta.summary.is_empty() {
            let _ = write!(out, ": {}", one_line(&lesson.meta.summary));
        }
        out.push('\n');
    }
    section(&mut out, tr!("What to install"), &h.install_lines(), "- ");
    section(
        &mut out,
        tr!("Images, without network"),
        &h.image_lines(),
        "",
    );
    section(&mut out, tr!("How to work"), &h.how_lines(), "- ");
    for (number, lesson) in h.numbered() {
        lesson_part(h, number, lesson, &mut out);
    }
    out
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn section(out: &mut String, title: &str, lines: &[String], bullet: &str) {
    let _ = writeln!(out, "\n## {title}\n");
    for line in lines {
        let _ = writeln!(out, "{bullet}{line}");
        if bullet.is_empty() {
            out.push('\n');
        }
    }
}

/// A fence longer than any backtick run in `text`.
fn fence(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

fn lesson_part(h: &Handout<'_>, number: usize, lesson: &Lesson, out: &mut String) {
    let _ = writeln!(
        out,
        "\n---\n\n# {}: {}\n",
        trf!("Lesson {}", number),
        one_line(&lesson.meta.title)
    );
    if !lesson.meta.summary.is_empty() {
        let _ = writeln!(out, "*{}*\n", one_line(&lesson.meta.summary));
    }
    out.push_str(lesson.intro.trim());
    out.push_str("\n\n");
    for (i, step) in lesson.steps.iter().enumerate() {
        let _ = writeln!(
            out,
            "## {}\n",
            trf!("Task {}.{}: {}", number, i + 1, one_line(&step.title))
        );
        out.push_str(step.body.trim());
        let _ = writeln!(out, "\n\n**{}**\n", tr!("What will be checked"));
        let objectives = objectives(step);
        if objectives.is_empty() {
            let _ = writeln!(
                out,
                "- {}",
                tr!("Nothing is graded in this task: read it, try it, and go on.")
            );
        }
        for objective in objectives {
            let _ = writeln!(out, "- [ ] {objective}");
        }
        let _ = writeln!(
            out,
            "\n{} `{}`\n",
            tr!("Check it with:"),
            h.check_command(lesson, i)
        );
        if h.edition == Edition::Instructor && !step.solution.is_empty() {
            let _ = writeln!(out, "**{}**\n", tr!("Solution"));
            for script in &step.solution {
                let text = script.text.trim_end();
                let f = fence(text);
                let _ = writeln!(out, "{f}sh\n{text}\n{f}\n");
            }
        }
    }
    if lesson.steps.iter().any(|s| !s.hints.is_empty()) {
        let _ = writeln!(
            out,
            "## {}\n\n{}\n",
            trf!("Hints for lesson {}", number),
            tr!("Try each task first; look here when you are stuck.")
        );
        for (i, step) in lesson.steps.iter().enumerate() {
            if step.hints.is_empty() {
                continue;
            }
            let _ = writeln!(
                out,
                "### {}\n",
                trf!("Task {}.{}: {}", number, i + 1, one_line(&step.title))
            );
            for (n, hint) in step.hints.iter().enumerate() {
                let _ = writeln!(out, "{}. {}\n", n + 1, hint.trim().replace('\n', "\n   "));
            }
        }
    }
}
