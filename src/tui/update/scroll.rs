//! Scrolling the lesson text, the output pane and the help screen, within what is there.

use crate::tui::app::{App, Focus};
use crate::tui::document;
use crate::tui::keys::Action;
use crate::tui::view::{checks, help, layout, output};

/// How far the step's text may scroll, and the height of its pane.
fn text_bounds(app: &App) -> (usize, usize) {
    let area = layout::lesson(app, layout::screen(app)).text;
    let lines = document::lines(app, area.width).len();
    let height = usize::from(area.height);
    (lines.saturating_sub(height), height)
}

/// How far the output may scroll, and its pane's height (without the title row).
fn output_bounds(app: &App) -> Option<(usize, usize)> {
    let area = layout::lesson(app, layout::screen(app)).output?;
    let out = app.output.as_ref()?;
    let height = usize::from(area.height.saturating_sub(1));
    let lines = output::lines(out, area.width).len();
    Some((lines.saturating_sub(height), height))
}

/// The new offset after `action`, from `at`, within `0..=max`, paging by `page`.
fn moved(at: usize, action: Action, max: usize, page: usize) -> usize {
    let page = page.saturating_sub(1).max(1);
    let to = match action {
        Action::Down => at.saturating_add(1),
        Action::Up => at.saturating_sub(1),
        Action::PageDown => at.saturating_add(page),
        Action::PageUp => at.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => max,
        _ => at,
    };
    to.min(max)
}

/// Scrolls whichever lesson pane has the keys.
pub fn lesson(app: &mut App, action: Action) {
    let focus = app.lesson.as_ref().map(|l| l.focus);
    if focus == Some(Focus::Checks) {
        let area = layout::lesson(app, layout::screen(app)).checks;
        let (max, page) = checks::bounds(app, area);
        app.checks.scroll = moved(app.checks.scroll, action, max, page);
    } else if focus == Some(Focus::Output) {
        let Some((max, page)) = output_bounds(app) else {
            return;
        };
        if let Some(out) = app.output.as_mut() {
            let at = moved(out.scroll.unwrap_or(max), action, max, page);
            out.scroll = (at < max).then_some(at);
        }
    } else {
        let (max, page) = text_bounds(app);
        if let Some(state) = app.lesson.as_mut() {
            state.scroll = moved(state.scroll, action, max, page);
        }
    }
}

/// Scrolls the help screen.
pub fn help(app: &mut App, action: Action) {
    let (max, page) = help::bounds(app);
    if let Some(at) = app.help {
        app.help = Some(moved(at, action, max, page));
    }
}

/// Keeps every offset within its pane after a resize or a change of content.
pub fn clamp_all(app: &mut App) {
    if app.lesson.is_some() {
        let (max, _) = text_bounds(app);
        if let Some(state) = app.lesson.as_mut() {
            state.scroll = state.scroll.min(max);
        }
        let area = layout::lesson(app, layout::screen(app)).checks;
        let (max, _) = checks::bounds(app, area);
        app.checks.scroll = app.checks.scroll.min(max);
        if let Some((max, _)) = output_bounds(app)
            && let Some(out) = app.output.as_mut()
        {
            out.scroll = out.scroll.filter(|&s| s < max);
        }
    }
    if let Some(at) = app.help {
        let (max, _) = help::bounds(app);
        app.help = Some(at.min(max));
    }
}
