//! The lesson list: moving the selection, filtering, opening.

use crate::tui::app::App;
use crate::tui::cmd::Cmd;
use crate::tui::keys::Action;

use super::lesson;

/// Applies a list action.
pub fn act(app: &mut App, action: Action) -> Vec<Cmd> {
    let count = app.filtered().len();
    let last = count.saturating_sub(1);
    match action {
        Action::Down => app.list.selected = (app.list.selected + 1).min(last),
        Action::Up => app.list.selected = app.list.selected.saturating_sub(1),
        Action::Top => app.list.selected = 0,
        Action::Bottom => app.list.selected = last,
        Action::StartFilter => app.list.filtering = true,
        Action::AcceptFilter => app.list.filtering = false,
        Action::ClearFilter => {
            let keep = app.selected_lesson();
            app.list.filter.clear();
            app.list.filtering = false;
            app.list.selected = keep
                .and_then(|i| app.filtered().iter().position(|&f| f == i))
                .unwrap_or(0);
        }
        Action::DeleteBack => {
            app.list.filter.pop();
            app.list.selected = 0;
        }
        Action::Open => {
            if let Some(index) = app.selected_lesson() {
                return lesson::open(app, index);
            }
        }
        _ => {}
    }
    Vec::new()
}

/// Types a letter into the filter.
pub fn type_filter(app: &mut App, ch: char) {
    app.list.filter.push(ch);
    app.list.selected = 0;
}
