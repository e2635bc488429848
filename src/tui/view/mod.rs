//! The view: draws the model and changes nothing. One module per screen or panel.

pub mod checks;
mod dialog;
pub mod help;
pub mod layout;
mod lesson;
mod list;
pub mod output;
pub mod status;

#[cfg(test)]
mod lang_tests;
#[cfg(test)]
mod tests;

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use super::app::{App, Screen};
use super::markdown;

/// Draws the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    match app.screen {
        Screen::List => list::draw(frame, app, area),
        Screen::Lesson => lesson::draw(frame, app, area),
    }
    if let Some(d) = &app.dialog {
        dialog::draw(frame, app, d, area);
    }
    if app.help.is_some() {
        help::draw(frame, app, area);
    }
}

/// Text wrapped after a prefix, later lines indented under the first line's text.
fn hanging(prefix: Span<'static>, text: Vec<Span<'static>>, width: u16) -> Vec<Line<'static>> {
    let indent = prefix.width();
    let avail = usize::from(width).saturating_sub(indent).max(8);
    markdown::wrap(&text, avail)
        .into_iter()
        .enumerate()
        .map(|(i, spans)| {
            let lead = if i == 0 {
                prefix.clone()
            } else {
                Span::raw(" ".repeat(indent))
            };
            let mut line = vec![lead];
            line.extend(spans);
            Line::from(line)
        })
        .collect()
}

/// A panel with a title on its top rule.
fn panel(title: Line<'static>, border: Style) -> Block<'static> {
    Block::new()
        .borders(Borders::TOP)
        .border_style(border)
        .title(title)
}
