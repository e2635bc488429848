//! The help screen, generated from the key table: every context, every key, what it does.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::tui::app::App;
use crate::tui::keys::{self, Context};
use crate::tui::markdown::width_of;
use crate::tui::strings;

use super::{hanging, layout};

/// Width of the keys column.
const KEYS_COLUMN: usize = 22;

/// The help box within the screen.
fn area(screen: Rect) -> Rect {
    layout::centered(screen, 84, screen.height.saturating_sub(2).max(6))
}

/// The help's lines at `width`.
pub fn lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let theme = app.theme;
    let mut lines = hanging(
        Span::raw(""),
        vec![Span::styled(strings::help_intro(), theme.dim())],
        width,
    );
    // The keys of where the learner is come first.
    let order = std::iter::once(app.help_from)
        .chain(Context::ALL.into_iter().filter(|c| *c != app.help_from));
    for context in order {
        lines.push(Line::default());
        lines.push(Line::styled(context.title(), theme.heading(2)));
        for binding in keys::bindings(context) {
            let label = keys::keys_label(binding);
            let pad = KEYS_COLUMN.saturating_sub(width_of(&label)).max(1);
            let prefix = Span::styled(format!("  {label}{}", " ".repeat(pad)), theme.key());
            lines.extend(hanging(prefix, vec![Span::raw((binding.desc)())], width));
        }
    }
    lines
}

/// How far the help may scroll, and its page height.
pub fn bounds(app: &App) -> (usize, usize) {
    let inner = Block::bordered().inner(area(layout::screen(app)));
    let height = usize::from(inner.height);
    let total = lines(app, inner.width).len();
    (total.saturating_sub(height), height)
}

/// Draws the help over whatever is behind it.
pub fn draw(frame: &mut Frame, app: &App, screen: Rect) {
    let theme = app.theme;
    let area = area(screen);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(Line::styled(
            format!(" {} ", strings::help_title()),
            theme.title(),
        ))
        .title_bottom(Line::styled(
            format!(" {} ", strings::help_footer()),
            theme.dim(),
        ));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let all = lines(app, inner.width);
    let max = all.len().saturating_sub(usize::from(inner.height));
    let from = app.help.unwrap_or(0).min(max);
    let shown: Vec<Line> = all
        .into_iter()
        .skip(from)
        .take(usize::from(inner.height))
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}
