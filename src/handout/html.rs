//! The handout as one self-contained HTML page: the stylesheet is embedded, nothing is loaded
//! from the network, and nothing needs a script.

use std::fmt::Write as _;

use super::markup::{block, escape, inline};
use super::{Edition, Handout, Paper, objectives};
use crate::lesson::{Lesson, Step};
use crate::{tr, trf};

const STYLESHEET: &str = include_str!("handout.css");

/// The whole handout as HTML.
pub fn html(h: &Handout<'_>) -> String {
    let mut out = String::with_capacity(64 * 1024 * h.lessons.len().max(1));
    // The page says which language it is in, for screen readers, hyphenation and fonts.
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">",
        crate::i18n::current().code()
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(&h.title));
    out.push_str("<style>\n");
    out.push_str(STYLESHEET);
    out.push_str(&page_rule(h.paper));
    out.push_str("</style>\n</head>\n<body>\n");
    cover(h, &mut out);
    for (number, lesson) in h.numbered() {
        lesson_section(h, number, lesson, &mut out);
    }
    let _ = writeln!(
        out,
        "<p class=\"footer\">{}</p>",
        escape(&trf!(
            "Made by docktor {} from the lessons it grades.",
            env!("CARGO_PKG_VERSION")
        ))
    );
    out.push_str("</body>\n</html>\n");
    out
}

/// `@page`: the paper, margins, and page numbers where the browser draws margin boxes.
fn page_rule(paper: Paper) -> String {
    let size = match paper {
        Paper::Any => "auto",
        Paper::A4 => "A4",
        Paper::Letter => "letter",
    };
    let (page, of) = (tr!("Page"), tr!("of"));
    format!(
        "@page {{ size: {size}; margin: 16mm 15mm 18mm 15mm;\n  @bottom-center {{ content: \"{page} \" counter(page) \" {of} \" counter(pages); font-size: 9pt; color: #57606a; }} }}\n"
    )
}

fn edition_label(edition: Edition) -> &'static str {
    match edition {
        Edition::Participant => tr!("Participant handout"),
        Edition::Instructor => tr!("Instructor edition: contains the solutions"),
    }
}

fn cover(h: &Handout<'_>, out: &mut String) {
    out.push_str("<section class=\"cover\">\n");
    let _ = writeln!(
        out,
        "<p class=\"edition\">{}</p>\n<h1>{}</h1>",
        escape(edition_label(h.edition)),
        escape(&h.title)
    );
    let _ = writeln!(
        out,
        "<p class=\"made\">{}</p>",
        escape(&trf!(
            "Made by docktor {}: every task below is graded on your own Docker engine.",
            env!("CARGO_PKG_VERSION")
        ))
    );
    let _ = writeln!(
        out,
        "<h2>{}</h2>\n<ol class=\"toc\">",
        escape(tr!("Lessons"))
    );
    for (number, lesson) in h.numbered() {
        let _ = write!(
            out,
            "<li value=\"{number}\"><a href=\"#lesson-{}\">{}</a> ({})",
            escape(&lesson.meta.id),
            escape(&lesson.meta.title),
            escape(&trf!("{} tasks", lesson.steps.len()))
        );
        if !lesson.meta.summary.is_empty() {
            let _ = write!(
                out,
                "<br><span class=\"summary\">{}</span>",
                inline(&lesson.meta.summary)
            );
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
    list_section(out, tr!("What to install"), &h.install_lines());
    let _ = writeln!(out, "<h2>{}</h2>", escape(tr!("Images, without network")));
    for line in h.image_lines() {
        let _ = writeln!(out, "<p>{}</p>", inline(&line));
    }
    list_section(out, tr!("How to work"), &h.how_lines());
    out.push_str("</section>\n");
}

fn list_section(out: &mut String, title: &str, lines: &[String]) {
    let _ = writeln!(out, "<h2>{}</h2>\n<ul>", escape(title));
    for line in lines {
        let _ = writeln!(out, "<li>{}</li>", inline(line));
    }
    out.push_str("</ul>\n");
}

fn lesson_section(h: &Handout<'_>, number: usize, lesson: &Lesson, out: &mut String) {
    let id = escape(&lesson.meta.id);
    let _ = writeln!(
        out,
        "<section class=\"lesson\" id=\"lesson-{id}\">\n<header>\n<p class=\"lesson-number\">{} · <code>{id}</code></p>\n<h1>{}</h1>",
        escape(&trf!("Lesson {}", number)),
        escape(&lesson.meta.title)
    );
    if !lesson.meta.summary.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"summary\">{}</p>",
            inline(&lesson.meta.summary)
        );
    }
    out.push_str("</header>\n");
    out.push_str(&block(&lesson.intro));
    for (i, step) in lesson.steps.iter().enumerate() {
        step_section(h, number, lesson, i, step, out);
    }
    paper_hints(number, lesson, out);
    out.push_str("</section>\n");
}

fn step_section(
    h: &Handout<'_>,
    number: usize,
    lesson: &Lesson,
    i: usize,
    step: &Step,
    out: &mut String,
) {
    let _ = writeln!(
        out,
        "<section class=\"step\" id=\"{}-task-{}\">\n<h2><span class=\"task-number\">{}</span> {}</h2>",
        escape(&lesson.meta.id),
        i + 1,
        escape(&trf!("Task {}.{}", number, i + 1)),
        escape(&step.title)
    );
    out.push_str(&block(&step.body));
    let _ = writeln!(
        out,
        "<div class=\"objective\">\n<h3>{}</h3>\n<ul>",
        escape(tr!("What will be checked"))
    );
    let objectives = objectives(step);
    if objectives.is_empty() {
        let _ = writeln!(
            out,
            "<li>{}</li>",
            escape(tr!(
                "Nothing is graded in this task: read it, try it, and go on."
            ))
        );
    }
    for objective in objectives {
        let _ = writeln!(out, "<li>{}</li>", inline(&objective));
    }
    let _ = writeln!(
        out,
        "</ul>\n<p class=\"check-with\">{} <code>{}</code></p>\n</div>",
        escape(tr!("Check it with:")),
        escape(&h.check_command(lesson, i))
    );
    for (n, hint) in step.hints.iter().enumerate() {
        let _ = writeln!(
            out,
            "<details class=\"hint screen-only\"><summary>{}</summary>\n{}</details>",
            escape(&trf!("Hint {}", n + 1)),
            block(hint)
        );
    }
    if h.edition == Edition::Instructor && !step.solution.is_empty() {
        let _ = writeln!(
            out,
            "<div class=\"solution\">\n<h3>{}</h3>",
            escape(tr!("Solution"))
        );
        for script in &step.solution {
            let _ = writeln!(
                out,
                "<pre class=\"lang-sh\"><code>{}</code></pre>",
                escape(script.text.trim_end())
            );
        }
        out.push_str("</div>\n");
    }
    out.push_str("</section>\n");
}

/// On paper the hints cannot fold, so they wait at the end of the lesson.
fn paper_hints(number: usize, lesson: &Lesson, out: &mut String) {
    if lesson.steps.iter().all(|s| s.hints.is_empty()) {
        return;
    }
    let _ = writeln!(
        out,
        "<section class=\"paper-hints paper-only\">\n<h2>{}</h2>\n<p>{}</p>",
        escape(&trf!("Hints for lesson {}", number)),
        escape(tr!("Try each task first; look here when you are stuck."))
    );
    for (i, step) in lesson.steps.iter().enumerate() {
        if step.hints.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<h3>{}</h3>\n<ol>",
            escape(&trf!("Task {}.{}: {}", number, i + 1, step.title))
        );
        for hint in &step.hints {
            let _ = writeln!(out, "<li>{}</li>", block(hint));
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</section>\n");
}
