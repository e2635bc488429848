//! The lesson screen: the header with the step strip, the step's text, the prompt; the checks,
//! output and status panels are drawn by their own modules.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::{App, Focus};
use crate::tui::document;
use crate::tui::markdown::width_of;
use crate::tui::strings;

use super::{checks, layout, output, status};

/// Draws the lesson screen.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let areas = layout::lesson(app, area);
    let focus = app.lesson.as_ref().map_or(Focus::Text, |l| l.focus);
    header(frame, app, areas.header);
    text(frame, app, areas.text);
    checks::draw(frame, app, areas.checks, focus == Focus::Checks);
    if let Some(out) = areas.output {
        output::draw(frame, app, out, focus == Focus::Output);
    }
    prompt(frame, app, areas.prompt, focus == Focus::Prompt);
    status::draw(frame, app, areas.status);
}

/// The lesson's title, the step number and a strip of every step: passed, current, to do.
fn header(frame: &mut Frame, app: &App, area: Rect) {
    let theme = app.theme;
    let Some((at, lesson, _)) = app.current() else {
        return;
    };
    let mut strip = Vec::new();
    for i in 0..lesson.steps.len() {
        let step = crate::tui::cmd::StepRef {
            lesson: at.lesson,
            step: i,
        };
        let passed = app.step_passed(step);
        let span = match (i == at.step, passed) {
            (true, true) => Span::styled("◉", theme.pass()),
            (true, false) => Span::styled("◉", theme.accent()),
            (false, true) => Span::styled("●", theme.pass()),
            (false, false) => Span::styled("○", theme.dim()),
        };
        strip.push(span);
    }
    let position = strings::step_position(at.step, lesson.steps.len());
    let right_width = lesson.steps.len() + 1;
    let left_room = usize::from(area.width).saturating_sub(right_width + 1);
    let mut left = format!(" {} › {} › {position}", strings::APP, lesson.meta.title);
    if width_of(&left) > left_room {
        left = format!(" {} › {position}", lesson.meta.title);
    }
    if width_of(&left) > left_room {
        left = format!(" {position}");
    }
    let pad = usize::from(area.width).saturating_sub(width_of(&left) + right_width);
    let mut spans = vec![
        Span::styled(left, theme.title()),
        Span::raw(" ".repeat(pad)),
    ];
    spans.extend(strip);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn text(frame: &mut Frame, app: &App, area: Rect) {
    let lines = document::lines(app, area.width);
    let height = usize::from(area.height);
    let max = lines.len().saturating_sub(height);
    let from = app.lesson.as_ref().map_or(0, |l| l.scroll).min(max);
    let more_below = from < max;
    let mut shown: Vec<Line> = lines.into_iter().skip(from).take(height).collect();
    if more_below && let Some(last) = shown.last_mut() {
        *last = Line::styled(
            format!(
                "{:>w$}",
                crate::tr!("▼ more (j/↓)"),
                w = usize::from(area.width)
            ),
            app.theme.dim(),
        );
    }
    frame.render_widget(Paragraph::new(shown), area);
}

fn prompt(frame: &mut Frame, app: &App, area: Rect, focused: bool) {
    let theme = app.theme;
    let sign = Span::styled(strings::PROMPT_SIGN, theme.accent());
    if !focused {
        let line = Line::from(vec![
            sign,
            Span::styled(strings::prompt_idle(), theme.dim()),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let input = &app.prompt.input;
    let before: String = input.chars().take(app.prompt.cursor).collect();
    let sign_width = width_of(strings::PROMPT_SIGN);
    let room = usize::from(area.width).saturating_sub(sign_width + 1);
    // Keep the cursor in view on a long line by scrolling the line, not wrapping it.
    let skip = width_of(&before).saturating_sub(room);
    let visible: String = input.chars().skip(skip).collect();
    let line = Line::from(vec![sign, Span::raw(visible)]);
    frame.render_widget(Paragraph::new(line), area);
    let x = area.x + u16::try_from(sign_width + width_of(&before) - skip).unwrap_or(area.width);
    frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
}
