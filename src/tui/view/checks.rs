//! The checks panel: each check of the step, pass or fail with what was expected and found,
//! and the "step done" banner.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::check::Outcome;
use crate::tui::app::App;
use crate::tui::strings;

use super::{hanging, panel};

/// The panel's lines at `width` (without its title row).
pub fn lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let theme = app.theme;
    let mut lines = Vec::new();
    let Some((at, _, _)) = app.current() else {
        return lines;
    };
    let report = app.checks.report.as_ref();
    if report.is_some_and(|r| r.passed()) {
        let last = app
            .current()
            .is_some_and(|(at, l, _)| at.step + 1 == l.steps.len());
        let text = strings::step_done(last, &app.open_steps(at.lesson));
        lines.extend(hanging(
            Span::styled(" ", theme.banner()),
            vec![Span::styled(
                format!("{}{text} ", strings::BANNER_MARK),
                theme.banner(),
            )],
            width,
        ));
    } else if app.step_passed(at) {
        lines.push(Line::styled(strings::step_passed_before(), theme.pass()));
    }
    let Some(report) = report else {
        if !app.checks.grading {
            lines.push(Line::styled(strings::not_checked(), theme.dim()));
        }
        return lines;
    };
    // What is wrong (and the author's word on what to do) first; what already holds after.
    let (failing, passing): (Vec<_>, Vec<_>) = report.verdicts.iter().partition(|v| !v.passed());
    for verdict in failing.into_iter().chain(passing) {
        let (mark, style) = match verdict.outcome {
            Outcome::Pass => ("✔ ", theme.pass()),
            Outcome::Fail => ("✘ ", theme.fail()),
            Outcome::Error | Outcome::NotRun => ("! ", theme.warn()),
        };
        lines.extend(hanging(
            Span::styled(mark, style),
            vec![Span::raw(verdict.message.clone())],
            width,
        ));
        if let Some(note) = verdict
            .author_message
            .as_ref()
            .filter(|_| !verdict.passed())
        {
            lines.extend(hanging(
                Span::styled("  ↳ ", theme.dim()),
                vec![Span::styled(note.clone(), theme.quote())],
                width,
            ));
        }
    }
    lines
}

fn title(app: &App) -> Line<'static> {
    let theme = app.theme;
    let mut spans = vec![Span::styled(
        format!(" {} ", strings::checks_title()),
        theme.title(),
    )];
    if app.checks.grading {
        spans.push(Span::styled(
            format!("{} ", strings::checking()),
            theme.dim(),
        ));
    } else if let Some(report) = &app.checks.report {
        let style = if report.passed() {
            theme.pass()
        } else {
            theme.plain()
        };
        spans.push(Span::styled(
            format!(
                "{} ",
                strings::checks_summary(report.passed_count(), report.verdicts.len())
            ),
            style,
        ));
    }
    Line::from(spans)
}

/// How far the panel in `area` may scroll, and its page height.
pub fn bounds(app: &App, area: Rect) -> (usize, usize) {
    let inner = panel(Line::default(), app.theme.border(false)).inner(area);
    let room = usize::from(inner.height);
    (lines(app, inner.width).len().saturating_sub(room), room)
}

/// Draws the panel, scrolled to where the learner put it; a last line says what is below.
pub fn draw(frame: &mut Frame, app: &App, area: Rect, focused: bool) {
    if area.height == 0 {
        return;
    }
    let block = panel(title(app), app.theme.border(focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let all = lines(app, inner.width);
    let room = usize::from(inner.height);
    let total = all.len();
    let from = app.checks.scroll.min(total.saturating_sub(room));
    let mut shown: Vec<Line> = all.into_iter().skip(from).take(room).collect();
    let below = total - from - shown.len();
    if below > 0 && room > 1 {
        shown.pop();
        let hint = if focused {
            strings::checks_more_focused(below + 1)
        } else {
            strings::checks_more(below + 1)
        };
        shown.push(Line::styled(hint, app.theme.dim()));
    }
    frame.render_widget(Paragraph::new(shown), inner);
}
