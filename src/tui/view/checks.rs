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
        let text = if app.lesson_status(at.lesson).done() {
            strings::LESSON_DONE
        } else {
            strings::STEP_DONE
        };
        lines.extend(hanging(
            Span::styled(" ", theme.banner()),
            vec![Span::styled(format!("{text} "), theme.banner())],
            width,
        ));
    } else if app.step_passed(at) {
        lines.push(Line::styled(strings::STEP_PASSED_BEFORE, theme.pass()));
    }
    let Some(report) = report else {
        if !app.checks.grading {
            lines.push(Line::styled(strings::NOT_CHECKED, theme.dim()));
        }
        return lines;
    };
    for verdict in &report.verdicts {
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
        format!(" {} ", strings::CHECKS_TITLE),
        theme.title(),
    )];
    if app.checks.grading {
        spans.push(Span::styled(format!("{} ", strings::CHECKING), theme.dim()));
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

/// Draws the panel.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    if area.height == 0 {
        return;
    }
    let block = panel(title(app), app.theme.border(false));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines = lines(app, inner.width);
    let room = usize::from(inner.height);
    if lines.len() > room && room > 0 {
        let hidden = lines.len() - room + 1;
        lines.truncate(room - 1);
        lines.push(Line::styled(
            format!("… {hidden} more lines (a wider terminal shows them)"),
            app.theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
