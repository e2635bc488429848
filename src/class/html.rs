//! The class as one self-contained HTML page: a heatmap of learners by steps, where the
//! class is stuck (with the failing messages grouped), and each learner's detail. No
//! network, no script; it prints in colour or in black and white (each cell has a mark too).

use std::collections::BTreeMap;
use std::fmt::Write;

use super::report::{CheckOutcome, ClassReport, LearnerReport, LessonColumn, LessonResult};
use crate::{tr, trf};

/// How many of the steps where most learners are stuck the page lists.
const STUCK_SHOWN: usize = 5;

/// The page.
pub fn render(report: &ClassReport) -> String {
    let mut out = String::new();
    let title = trf!("{} · docktor class report", report.class);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style></head><body>\n",
        crate::i18n::current().code(),
        esc(&title)
    );
    summary(&mut out, report);
    heatmap(&mut out, report);
    stuck(&mut out, report);
    details(&mut out, report);
    out.push_str("</body></html>\n");
    out
}

fn summary(out: &mut String, r: &ClassReport) {
    let reachable = r.learners.iter().filter(|l| l.reachable).count();
    let done = r
        .learners
        .iter()
        .filter(|l| l.reachable && l.position().is_none())
        .count();
    let meta = trf!(
        "Graded {} · {} learner(s), {} graded, {} finished · pack {} ({}) · docktor {}",
        r.generated_at,
        r.learners.len(),
        reachable,
        done,
        r.pack.origin,
        r.pack.fingerprint,
        r.docktor_version
    );
    let _ = write!(
        out,
        "<h1>{}</h1>\n<p class=\"meta\">{}{}{}</p>\n",
        esc(&r.class),
        esc(&meta),
        if r.self_reported {
            format!(
                " · <strong>{}</strong>",
                esc(tr!("self-reported by the learners"))
            )
        } else {
            String::new()
        },
        if r.trusted {
            String::new()
        } else {
            format!(
                " · {}",
                esc(tr!("read-only grading (exec and HTTP checks not run)"))
            )
        },
    );
}

/// The class of one heatmap cell and its printed mark.
fn cell(
    learner: &LearnerReport,
    lesson: &LessonColumn,
    step: usize,
) -> (&'static str, &'static str) {
    let Some(result) = learner.lesson(&lesson.id).filter(|l| l.assigned) else {
        return ("na", "");
    };
    let Some(s) = result.steps.get(step) else {
        return ("na", "");
    };
    match result.current_step {
        _ if s.passed => ("pass", "✓"),
        _ if s.passed_before => ("before", "✓"),
        Some(current) if current == step + 1 => ("stuck", "●"),
        _ => ("ahead", "·"),
    }
}

fn heatmap(out: &mut String, r: &ClassReport) {
    let _ = write!(
        out,
        "<h2>{}</h2>\n<div class=\"wide\"><table class=\"heat\"><thead><tr><th rowspan=\"2\">{}</th>",
        esc(tr!("Learners by steps")),
        esc(tr!("learner"))
    );
    for lesson in &r.lessons {
        let _ = write!(
            out,
            "<th colspan=\"{}\" title=\"{}\">{}</th>",
            lesson.steps.len().max(1),
            esc(&lesson.title),
            esc(&lesson.id)
        );
    }
    let _ = write!(
        out,
        "<th rowspan=\"2\">{}</th></tr><tr>",
        esc(tr!("passed"))
    );
    for lesson in &r.lessons {
        for (i, step) in lesson.steps.iter().enumerate() {
            let _ = write!(out, "<th title=\"{}\">{}</th>", esc(&step.title), i + 1);
        }
    }
    out.push_str("</tr></thead><tbody>\n");
    let columns: usize = r.lessons.iter().map(|l| l.steps.len().max(1)).sum();
    for learner in &r.learners {
        let _ = write!(out, "<tr><th class=\"who\">{}</th>", esc(&learner.name));
        if !learner.reachable {
            let _ = writeln!(
                out,
                "<td class=\"down\" colspan=\"{columns}\">{}</td><td></td></tr>",
                esc(&trf!(
                    "unreachable: {}",
                    learner.problem.as_deref().unwrap_or("")
                ))
            );
            continue;
        }
        for lesson in &r.lessons {
            for (i, step) in lesson.steps.iter().enumerate() {
                let (class, mark) = cell(learner, lesson, i);
                let _ = write!(
                    out,
                    "<td class=\"{class}\" title=\"{} · {}\">{mark}</td>",
                    esc(&lesson.id),
                    esc(&step.title)
                );
            }
        }
        let (passed, total) = learner.totals();
        let _ = writeln!(out, "<td class=\"num\">{passed}/{total}</td></tr>");
    }
    let _ = writeln!(
        out,
        "</tbody></table></div>\n<p class=\"legend\"><span class=\"pass\">✓</span> {} <span class=\"before\">✓</span> {} <span class=\"stuck\">●</span> {} <span class=\"ahead\">·</span> {} <span class=\"na\">&nbsp;</span> {}</p>",
        esc(tr!("passed now")),
        esc(tr!("passed before (progress record)")),
        esc(tr!("the step the learner is on")),
        esc(tr!("not reached yet")),
        esc(tr!("not assigned"))
    );
}

/// Where the class is stuck: (lesson, step index) → learners on it, with their failing messages.
type Stuck<'a> = BTreeMap<(usize, usize), Vec<(&'a str, Vec<&'a str>)>>;

fn stuck_steps(r: &ClassReport) -> Stuck<'_> {
    let mut stuck: Stuck = BTreeMap::new();
    for learner in r.learners.iter().filter(|l| l.reachable) {
        let Some((lesson_id, step)) = learner.position() else {
            continue;
        };
        let Some(li) = r.lessons.iter().position(|l| l.id == lesson_id) else {
            continue;
        };
        let messages = learner
            .lesson(lesson_id)
            .and_then(|l| l.steps.get(step - 1))
            .map(|s| s.failing().map(|c| c.message.as_str()).collect())
            .unwrap_or_default();
        stuck
            .entry((li, step - 1))
            .or_default()
            .push((learner.name.as_str(), messages));
    }
    stuck
}

fn stuck(out: &mut String, r: &ClassReport) {
    let _ = writeln!(out, "<h2>{}</h2>", esc(tr!("Where the class is stuck")));
    let mut ranked: Vec<_> = stuck_steps(r).into_iter().collect();
    ranked.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    if ranked.is_empty() {
        let _ = writeln!(
            out,
            "<p>{}</p>",
            esc(tr!("Nobody is stuck: every graded learner has finished."))
        );
        return;
    }
    out.push_str("<ol class=\"stuck\">\n");
    for ((li, si), learners) in ranked.into_iter().take(STUCK_SHOWN) {
        let lesson = &r.lessons[li];
        let _ = write!(
            out,
            "<li><strong>{}</strong>: {} ({})<ul>",
            esc(&trf!(
                "{} step {}: {}",
                lesson.id,
                si + 1,
                lesson.steps[si].title
            )),
            esc(&trf!("{} learner(s)", learners.len())),
            esc(&learners
                .iter()
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(", "))
        );
        let mut grouped: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (name, messages) in &learners {
            for m in messages {
                grouped.entry(m).or_default().push(name);
            }
        }
        let mut grouped: Vec<_> = grouped.into_iter().collect();
        grouped.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
        for (message, names) in grouped {
            let _ = write!(
                out,
                "<li><code>{}</code> <span class=\"who\">×{} ({})</span></li>",
                esc(message),
                names.len(),
                esc(&names.join(", "))
            );
        }
        out.push_str("</ul></li>\n");
    }
    out.push_str("</ol>\n");
}

fn details(out: &mut String, r: &ClassReport) {
    let _ = writeln!(out, "<h2>{}</h2>", esc(tr!("Each learner")));
    for learner in &r.learners {
        learner_detail(out, r, learner);
    }
}

fn learner_detail(out: &mut String, r: &ClassReport, learner: &LearnerReport) {
    let _ = write!(
        out,
        "<section class=\"learner\"><h3>{}</h3><p class=\"meta\">{} · {}{}</p>",
        esc(&learner.name),
        esc(&learner.source),
        esc(&learner.graded_at),
        if learner.self_reported {
            format!(" · {}", esc(tr!("self-reported")))
        } else {
            String::new()
        }
    );
    if let Some(problem) = &learner.problem {
        let what = if learner.reachable {
            tr!("Note")
        } else {
            tr!("Not graded")
        };
        let _ = write!(out, "<p class=\"problem\">{what}: {}</p>", esc(problem));
    }
    if learner.reachable {
        for (lesson, result) in r
            .lessons
            .iter()
            .filter_map(|c| learner.lesson(&c.id).filter(|l| l.assigned).map(|l| (c, l)))
        {
            lesson_detail(out, learner, lesson, result);
        }
    }
    out.push_str("</section>\n");
}

/// One lesson of a learner: one line when done or not started, else its steps, with the
/// failing checks of the step the learner is on.
fn lesson_detail(
    out: &mut String,
    learner: &LearnerReport,
    lesson: &LessonColumn,
    result: &LessonResult,
) {
    let here = learner.position().is_some_and(|(id, _)| id == lesson.id);
    let state = match (result.passed, result.current_step) {
        (_, None) => format!(" · {}", esc(tr!("done"))),
        (0, _) if !here => format!(" · {}", esc(tr!("not started"))),
        _ => String::new(),
    };
    let _ = write!(
        out,
        "<h4>{} · {}/{}{state}</h4>",
        esc(&lesson.title),
        result.passed,
        result.total
    );
    if !state.is_empty() {
        return;
    }
    out.push_str("<ul class=\"steps\">");
    for (i, (column, step)) in lesson.steps.iter().zip(&result.steps).enumerate() {
        let (class, mark) = cell(learner, lesson, i);
        let _ = write!(
            out,
            "<li class=\"{class}\">{} {}. {}",
            if mark.is_empty() { "·" } else { mark },
            i + 1,
            esc(&column.title)
        );
        if class == "stuck" {
            out.push_str("<ul>");
            for c in step
                .checks
                .iter()
                .filter(|c| c.outcome != CheckOutcome::Pass)
            {
                let _ = write!(out, "<li><code>{}</code></li>", esc(&c.message));
            }
            out.push_str("</ul>");
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}

/// Text escaped for HTML content and attributes.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d232b;margin:24px;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ccd}
h3{font-size:15px;margin:0}h4{font-size:13px;margin:8px 0 2px}
.meta{color:#555;margin:2px 0 8px}
table.heat{border-collapse:collapse;font-size:11px}
.wide{overflow-x:auto}
.heat th,.heat td{border:1px solid #c8ccd2;padding:2px 2px;text-align:center;min-width:12px}
.heat thead th{background:#eef0f3}.heat th.who{text-align:left;white-space:nowrap;background:#f7f8fa}
td.pass,span.pass{background:#2e9d55;color:#fff}td.before,span.before{background:#9bd3ad;color:#0b3b1b}
td.stuck,span.stuck{background:#e8a33a;color:#3d2300;font-weight:bold}td.ahead,span.ahead{background:#e4e6ea;color:#666}
td.na,span.na{background:#fff}td.down{background:repeating-linear-gradient(45deg,#f3d6d6,#f3d6d6 6px,#fff 6px,#fff 12px);text-align:left;color:#7a1010}
td.num{font-weight:bold;white-space:nowrap}
.legend span{display:inline-block;min-width:18px;text-align:center;border:1px solid #c8ccd2;margin:0 2px 0 10px}
ol.stuck>li{margin-bottom:8px}code{background:#f3f4f6;padding:0 3px;border-radius:3px;font-size:12px}
section.learner{border:1px solid #d5d8dd;border-radius:6px;padding:8px 12px;margin:10px 0;break-inside:avoid}
ul.steps{list-style:none;padding-left:8px;margin:0}ul.steps li.stuck{font-weight:bold;color:#8a4b00}
ul.steps li.ahead{color:#777}.problem{color:#7a1010}
@media print{body{margin:10mm;font-size:11px}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
h2{break-after:avoid}.wide{overflow:visible}table.heat{break-inside:auto;font-size:8px}tr{break-inside:avoid}}
"#;

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn names_are_escaped_never_markup() {
        assert_eq!(
            esc("<b onclick='x'>&\"</b>"),
            "&lt;b onclick=&#39;x&#39;&gt;&amp;&quot;&lt;/b&gt;"
        );
    }
}
