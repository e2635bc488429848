//! Where each panel goes for a terminal size. `update` uses the same sums to know how much of
//! the text fits, so scrolling stops where the view stops.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::tui::app::App;

use super::{checks, output, status};

/// From this width on, the lesson text and the panels stand side by side.
pub const WIDE: u16 = 120;
/// Rows the lesson text keeps at least, before panels shrink.
const MIN_TEXT: u16 = 6;
/// Most rows the output panel takes in a narrow terminal (with its title row).
const NARROW_PANEL: u16 = 7;
/// Most rows the checks panel takes in a narrow terminal: a whole Dockerfile verdict.
const NARROW_CHECKS: u16 = 10;
/// Rows the output panel keeps beside the checks in a wide terminal.
const WIDE_OUTPUT: u16 = 6;
/// Fewest rows a panel shrinks to (title plus two lines).
const MIN_PANEL: u16 = 3;

/// The lesson screen's areas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LessonAreas {
    pub header: Rect,
    /// The step's text, inside its margins.
    pub text: Rect,
    pub checks: Rect,
    pub output: Option<Rect>,
    pub prompt: Rect,
    pub status: Rect,
}

/// The lesson list's areas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListAreas {
    pub header: Rect,
    pub list: Rect,
    pub detail: Rect,
    pub status: Rect,
}

/// The whole screen for a terminal size.
pub fn screen(app: &App) -> Rect {
    Rect::new(0, 0, app.size.0, app.size.1)
}

fn status_height(app: &App, area: Rect) -> u16 {
    let wanted = status::lines(app, area.width).len();
    u16::try_from(wanted)
        .unwrap_or(u16::MAX)
        .min(area.height / 3)
        .max(1)
}

/// Splits the screen for the lesson list.
pub fn list(app: &App, area: Rect) -> ListAreas {
    let status = status_height(app, area);
    let detail = if area.height >= 20 { 6 } else { 4 };
    let [header, list, detail, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(detail),
        Constraint::Length(status),
    ])
    .areas(area);
    ListAreas {
        header,
        list,
        detail,
        status,
    }
}

/// Splits the screen for an open lesson.
pub fn lesson(app: &App, area: Rect) -> LessonAreas {
    let status = status_height(app, area);
    let [header, body, prompt, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(status),
    ])
    .areas(area);
    let (text, checks, output) = if area.width >= WIDE {
        wide_body(app, body)
    } else {
        narrow_body(app, body)
    };
    LessonAreas {
        header,
        text: inset(text),
        checks,
        output,
        prompt,
        status,
    }
}

/// Text on the left; checks then output on the right.
fn wide_body(app: &App, body: Rect) -> (Rect, Rect, Option<Rect>) {
    let [text, side] =
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(body);
    let checks_rows = panel_rows(checks::lines(app, side.width).len())
        .min(side.height.saturating_sub(WIDE_OUTPUT));
    let [checks, output] =
        Layout::vertical([Constraint::Length(checks_rows), Constraint::Min(0)]).areas(side);
    (text, checks, Some(output))
}

/// Text on top; checks, then output when there is some, below.
fn narrow_body(app: &App, body: Rect) -> (Rect, Rect, Option<Rect>) {
    let mut checks = panel_rows(checks::lines(app, body.width).len()).min(NARROW_CHECKS);
    let mut out = app.output.as_ref().map_or(0, |o| {
        panel_rows(output::lines(o, body.width).len()).min(NARROW_PANEL)
    });
    let room = body.height.saturating_sub(MIN_TEXT);
    while checks + out > room {
        if out > MIN_PANEL {
            out -= 1;
        } else if checks > MIN_PANEL {
            checks -= 1;
        } else {
            break;
        }
    }
    let [text, checks_area, output] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(checks),
        Constraint::Length(out),
    ])
    .areas(body);
    (text, checks_area, (out > 0).then_some(output))
}

/// A panel's rows: its title row plus its lines.
fn panel_rows(lines: usize) -> u16 {
    u16::try_from(lines.saturating_add(1)).unwrap_or(u16::MAX)
}

/// The text pane with a one-column margin each side.
fn inset(area: Rect) -> Rect {
    if area.width > 4 {
        Rect::new(area.x + 1, area.y, area.width - 2, area.height)
    } else {
        area
    }
}

/// A box centred in `area`, at most `width` by `height`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
