//! The lesson list: every lesson with where the learner stands in it, and the filter.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};

use crate::tui::app::{App, LessonStatus};
use crate::tui::markdown::width_of;
use crate::tui::strings;
use crate::tui::theme::Theme;

use super::{hanging, layout, panel, status};

/// Draws the list screen.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let areas = layout::list(app, area);
    header(frame, app, areas.header);
    lessons(frame, app, areas.list);
    detail(frame, app, areas.detail);
    status::draw(frame, app, areas.status);
}

fn header(frame: &mut Frame, app: &App, area: Rect) {
    let theme = app.theme;
    let mut spans = vec![
        Span::styled(format!(" {} ", strings::APP), theme.accent()),
        Span::styled(format!("› {} ", strings::lessons_title()), theme.title()),
    ];
    if app.list.filtering || !app.list.filter.is_empty() {
        spans.push(Span::styled(
            format!(" {}", strings::filter_label()),
            theme.dim(),
        ));
        spans.push(Span::styled(app.list.filter.clone(), theme.bold()));
        if app.list.filtering {
            spans.push(Span::styled("▏", theme.accent()));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The status column: done, steps done of total, or not started.
fn progress_label(status: LessonStatus) -> String {
    if status.done() {
        strings::done().to_owned()
    } else if status.started || status.passed > 0 {
        strings::steps_done(status.passed, status.total)
    } else {
        strings::not_started().to_owned()
    }
}

fn mark(status: LessonStatus, theme: Theme) -> Span<'static> {
    if status.done() {
        Span::styled("✔ ", theme.pass())
    } else if status.started || status.passed > 0 {
        Span::styled("◐ ", theme.accent())
    } else {
        Span::styled("○ ", theme.dim())
    }
}

fn lessons(frame: &mut Frame, app: &App, area: Rect) {
    let theme = app.theme;
    let filtered = app.filtered();
    if filtered.is_empty() {
        let text = if app.pack.lessons.is_empty() {
            strings::no_lessons()
        } else {
            strings::no_match()
        };
        frame.render_widget(
            Paragraph::new(Line::styled(format!("  {text}"), theme.dim())),
            area,
        );
        return;
    }
    let width = usize::from(area.width);
    let items: Vec<ListItem> = filtered
        .iter()
        .map(|&i| {
            let lesson = &app.pack.lessons[i];
            let status = app.lesson_status(i);
            let right = progress_label(status);
            let left = format!("{:>2}. {}", i + 1, lesson.meta.title);
            let room = width.saturating_sub(4 + width_of(&right) + 2);
            let left = if width_of(&left) > room {
                let cut: String = left.chars().take(room.saturating_sub(1)).collect();
                format!("{cut}…")
            } else {
                left
            };
            let pad = width.saturating_sub(3 + width_of(&left) + width_of(&right) + 1);
            let right_style = if status.done() {
                theme.pass()
            } else {
                theme.dim()
            };
            ListItem::new(Line::from(vec![
                Span::raw(" "),
                mark(status, theme),
                Span::raw(left),
                Span::raw(" ".repeat(pad)),
                Span::styled(right, right_style),
            ]))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(app.list.selected));
    let list = List::new(items).highlight_style(theme.selected());
    frame.render_stateful_widget(list, area, &mut state);
}

fn detail(frame: &mut Frame, app: &App, area: Rect) {
    let theme = app.theme;
    let block = panel(Line::default(), theme.border(false));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut lines = Vec::new();
    if let Some(lesson) = app.selected_lesson().and_then(|i| app.pack.lessons.get(i)) {
        lines.push(Line::styled(
            format!(" {}", lesson.meta.title),
            theme.bold(),
        ));
        if !lesson.meta.summary.is_empty() {
            lines.extend(hanging(
                Span::raw(" "),
                vec![Span::raw(lesson.meta.summary.clone())],
                inner.width,
            ));
        }
    }
    if !app.pack.problems.is_empty() {
        lines.push(Line::styled(
            format!(" {}", strings::problems()),
            theme.warn(),
        ));
        for problem in &app.pack.problems {
            lines.extend(hanging(
                Span::raw("   "),
                vec![Span::styled(problem.to_string(), theme.dim())],
                inner.width,
            ));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
