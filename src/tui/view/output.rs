//! The output pane: the latest command, how it ended, and what it printed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::app::{App, Output, OutputStatus};
use crate::tui::markdown::hard_wrap;
use crate::tui::strings;
use crate::tui::theme::Theme;

/// The output's lines at `width`.
pub fn lines(output: &Output, width: u16) -> Vec<String> {
    let text = output.text.trim_end_matches('\n');
    if text.is_empty() {
        let note = match output.status {
            OutputStatus::Running { .. } => strings::no_output_yet(),
            _ => strings::no_output(),
        };
        return vec![note.to_owned()];
    }
    hard_wrap(text, usize::from(width))
}

fn status(status: &OutputStatus, theme: Theme) -> Span<'static> {
    match status {
        OutputStatus::Running { elapsed_secs } => Span::styled(
            format!(
                "{} · {}",
                strings::running_for(*elapsed_secs),
                strings::cancel_hint()
            ),
            theme.accent(),
        ),
        OutputStatus::Exited(Some(0)) => Span::styled(strings::exit_status(Some(0)), theme.pass()),
        OutputStatus::Exited(code) => Span::styled(strings::exit_status(*code), theme.fail()),
        OutputStatus::TimedOut => Span::styled(strings::timed_out_label(), theme.warn()),
        OutputStatus::Cancelled => Span::styled(strings::cancelled(), theme.warn()),
        OutputStatus::Failed(error) => Span::styled(strings::failed_to_start(error), theme.fail()),
    }
}

/// Draws the pane; `focused` when its scroll has the keys.
pub fn draw(frame: &mut Frame, app: &App, area: Rect, focused: bool) {
    if area.height == 0 {
        return;
    }
    let theme = app.theme;
    let Some(output) = &app.output else {
        let block = super::panel(
            Line::styled(format!(" {} ", strings::output_title()), theme.title()),
            theme.border(false),
        );
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let hint = super::hanging(
            Span::raw(""),
            vec![Span::styled(strings::output_empty(), theme.dim())],
            inner.width,
        );
        frame.render_widget(Paragraph::new(hint), inner);
        return;
    };
    // The status goes first: a long command line is cut, never how it ended.
    let title = Line::from(vec![
        Span::raw(" "),
        status(&output.status, theme),
        Span::styled(" · $ ", theme.accent()),
        Span::styled(output.title.clone(), theme.title()),
        Span::raw(" "),
    ]);
    let block = super::panel(title, theme.border(focused));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let all = lines(output, inner.width);
    let height = usize::from(inner.height);
    let max = all.len().saturating_sub(height);
    let from = output.scroll.unwrap_or(max).min(max);
    let shown: Vec<Line> = all
        .into_iter()
        .skip(from)
        .take(height)
        .map(Line::raw)
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}
