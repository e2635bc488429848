//! The class as CSV for a spreadsheet or an LMS gradebook: one row per learner, steps
//! passed per lesson. Every cell is quoted where needed and guarded against formulas.

use super::report::ClassReport;

/// The CSV text, header first, CRLF line ends (RFC 4180). The column names and the `done`
/// value are the same in every language, like JSON's field names: a gradebook import maps
/// them once; the learners' problems are text for people and follow the language.
pub fn render(report: &ClassReport) -> String {
    let mut header: Vec<String> = [
        "learner",
        "source",
        "self_reported",
        "reachable",
        "steps_passed",
        "steps_total",
        "percent",
        "on_lesson",
        "on_step",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    header.extend(report.lessons.iter().map(|l| format!("{} passed", l.id)));
    header.push("problem".to_owned());
    let mut out = line(&header);
    for learner in &report.learners {
        let (passed, total) = learner.totals();
        let percent = (passed * 100).checked_div(total).unwrap_or(0);
        let (on_lesson, on_step) = match (learner.reachable, learner.position()) {
            (false, _) => (String::new(), String::new()),
            (true, Some((l, s))) => (l.to_owned(), s.to_string()),
            (true, None) => ("done".to_owned(), String::new()),
        };
        let mut cells = vec![
            learner.name.clone(),
            learner.source.clone(),
            learner.self_reported.to_string(),
            learner.reachable.to_string(),
            passed.to_string(),
            total.to_string(),
            percent.to_string(),
            on_lesson,
            on_step,
        ];
        for column in &report.lessons {
            cells.push(match learner.lesson(&column.id) {
                Some(l) if l.assigned && learner.reachable => l.passed.to_string(),
                _ => String::new(),
            });
        }
        cells.push(learner.problem.clone().unwrap_or_default());
        out.push_str(&line(&cells));
    }
    out
}

fn line(cells: &[String]) -> String {
    let mut text = cells.iter().map(|c| cell(c)).collect::<Vec<_>>().join(",");
    text.push_str("\r\n");
    text
}

/// One cell: text starting like a formula gets a leading `'`; quotes where CSV needs them.
pub fn cell(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("alice"), "alice");
        assert_eq!(cell("Smith, Jo"), "\"Smith, Jo\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    }
}
