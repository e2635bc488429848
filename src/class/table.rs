//! The class as a terminal table: one row per learner, steps passed per lesson, the step
//! each learner is on, and why an engine could not be graded.

use std::fmt::Write;

use super::report::{ClassReport, LearnerReport};
use crate::{tr, trf};

/// Widest a learner's name is shown; longer names are cut with an ellipsis.
const NAME_MAX: usize = 24;

/// The whole table as text, ending in a newline.
pub fn render(report: &ClassReport) -> String {
    let mut out = String::new();
    let source = if report.self_reported {
        tr!(", self-reported")
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "{}",
        trf!(
            "{} · {} learner(s){} · graded {}",
            printable(&report.class),
            report.learners.len(),
            source,
            report.generated_at
        )
    );
    let learner_word = tr!("learner");
    let name_w = report
        .learners
        .iter()
        .map(|l| shown_name(&l.name).chars().count())
        .chain([learner_word.chars().count()])
        .max()
        .unwrap_or(7);
    let widths: Vec<usize> = report
        .lessons
        .iter()
        .map(|l| l.id.chars().count().max(5))
        .collect();
    let mut header = format!("{learner_word:<name_w$}");
    for (lesson, w) in report.lessons.iter().zip(&widths) {
        let _ = write!(header, "  {:>w$}", lesson.id);
    }
    let _ = write!(header, "  {:>7}  {}", tr!("passed"), tr!("on"));
    let _ = writeln!(out, "{}", header.trim_end());
    for learner in &report.learners {
        let _ = writeln!(out, "{}", row(learner, report, name_w, &widths).trim_end());
    }
    out
}

fn row(learner: &LearnerReport, report: &ClassReport, name_w: usize, widths: &[usize]) -> String {
    let mut line = format!("{:<name_w$}", shown_name(&learner.name));
    if !learner.reachable {
        let why = learner.problem.as_deref().unwrap_or(tr!("not graded"));
        let _ = write!(line, "  {}", trf!("unreachable: {}", printable(why)));
        return line;
    }
    for (column, w) in report.lessons.iter().zip(widths) {
        let cell = match learner.lesson(&column.id) {
            Some(l) if l.assigned => format!("{}/{}", l.passed, l.total),
            _ => "-".to_owned(),
        };
        let _ = write!(line, "  {cell:>w$}");
    }
    let (passed, total) = learner.totals();
    let _ = write!(line, "  {:>7}  ", format!("{passed}/{total}"));
    match learner.position() {
        Some((lesson, step)) => {
            line.push_str(&trf!("{} step {}", lesson, step));
        }
        None => line.push_str(tr!("done")),
    }
    if !learner.has_progress && passed == 0 {
        line.push_str(tr!(" (no progress yet)"));
    }
    line
}

/// A name as the terminal shows it: control characters replaced, long names cut.
pub fn shown_name(name: &str) -> String {
    let clean = printable(name);
    if clean.chars().count() <= NAME_MAX {
        return clean;
    }
    let mut cut: String = clean.chars().take(NAME_MAX - 1).collect();
    cut.push('…');
    cut
}

/// Text with control characters (escape sequences included) replaced by `?`.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}
