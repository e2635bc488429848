//! Questions asked before anything from the lesson runs or anything is reset: each shows
//! exactly what will run.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::reset::Target;
use crate::tui::app::{App, Dialog, ResetPlan, RunKind};
use crate::tui::cmd::ResetScope;
use crate::tui::markdown::code_wrap;
use crate::tui::strings;
use crate::tui::theme::Theme;

use super::{hanging, layout};

/// Widest a dialog gets.
const MAX_WIDTH: u16 = 76;

fn words(text: &str, theme: Theme, width: u16) -> Vec<Line<'static>> {
    hanging(
        Span::raw(""),
        vec![Span::styled(text.to_owned(), theme.plain())],
        width,
    )
}

/// A script as it will run, in a runnable gutter.
fn script(text: &str, theme: Theme, width: u16, marker: &'static str) -> Vec<Line<'static>> {
    let avail = usize::from(width).saturating_sub(4).max(8);
    code_wrap(text, avail)
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let lead = if i == 0 { marker } else { "  " };
            Line::from(vec![
                Span::styled(lead, theme.accent()),
                Span::styled("┃ ", theme.runnable()),
                Span::styled(line, theme.code()),
            ])
        })
        .collect()
}

/// The dialog's title, lines and key hint at `width`.
fn content(
    app: &App,
    dialog: &Dialog,
    width: u16,
) -> (&'static str, Vec<Line<'static>>, &'static str) {
    let theme = app.theme;
    let mut lines = Vec::new();
    match dialog {
        Dialog::RunCommands { choices, selected } => {
            lines.extend(words(strings::dialog_run_body(), theme, width));
            for (i, choice) in choices.iter().enumerate() {
                lines.push(Line::default());
                let label = match choice.kind {
                    RunKind::Solution => strings::solution_label(),
                    _ => strings::shown_label(),
                };
                lines.push(Line::styled(format!("  {label}"), theme.dim()));
                let marker = if i == *selected { "▶ " } else { "  " };
                lines.extend(script(&choice.script, theme, width, marker));
            }
            (
                strings::dialog_run_title(),
                lines,
                strings::dialog_run_keys(),
            )
        }
        Dialog::Setup { script: text, .. } => {
            lines.extend(words(strings::dialog_setup_body(), theme, width));
            lines.push(Line::default());
            lines.extend(script(text, theme, width, "  "));
            (strings::dialog_setup_title(), lines, strings::dialog_keys())
        }
        Dialog::Reset { scope, setup, plan } => reset(*scope, setup, plan, theme, width),
        Dialog::Solution => {
            lines.extend(words(strings::dialog_solution_body(), theme, width));
            if app
                .current()
                .is_some_and(|(_, _, s)| app.revealed().0 < s.hints.len())
            {
                lines.push(Line::default());
                lines.extend(words(strings::dialog_solution_hints_left(), theme, width));
            }
            (
                strings::dialog_solution_title(),
                lines,
                strings::dialog_keys(),
            )
        }
    }
}

/// The reset question: what goes (the dry run), then the setup that runs after.
fn reset(
    scope: ResetScope,
    setup: &str,
    plan: &ResetPlan,
    theme: Theme,
    width: u16,
) -> (&'static str, Vec<Line<'static>>, &'static str) {
    let (title, body) = match scope {
        ResetScope::Step(_) => (
            strings::dialog_reset_step_title(),
            strings::dialog_reset_step_body(),
        ),
        ResetScope::Lesson(_) => (
            strings::dialog_reset_lesson_title(),
            strings::dialog_reset_lesson_body(),
        ),
    };
    let mut lines = words(body, theme, width);
    lines.push(Line::default());
    lines.extend(plan_section(plan, theme, width));
    if !setup.is_empty() {
        lines.push(Line::default());
        lines.extend(words(strings::dialog_reset_setup(), theme, width));
        lines.extend(script(setup, theme, width, "  "));
    }
    let keys = if *plan == ResetPlan::Working {
        strings::dialog_wait_keys()
    } else {
        strings::dialog_keys()
    };
    (title, lines, keys)
}

/// Most objects the reset dialog lists one by one.
const MAX_LISTED: usize = 12;

/// The dry run as the dialog shows it.
fn plan_section(plan: &ResetPlan, theme: Theme, width: u16) -> Vec<Line<'static>> {
    match plan {
        ResetPlan::Working => words(strings::dialog_reset_planning(), theme, width),
        ResetPlan::Failed(error) => words(&strings::reset_plan_failed(error), theme, width),
        ResetPlan::Ready(targets) if targets.is_empty() => {
            words(strings::dialog_reset_nothing(), theme, width)
        }
        ResetPlan::Ready(targets) => {
            let mut lines = words(strings::dialog_reset_removes(), theme, width);
            let listed = plan_lines(targets);
            let more = listed.len().saturating_sub(MAX_LISTED);
            for line in listed.into_iter().take(MAX_LISTED) {
                lines.push(Line::styled(format!("  • {line}"), theme.code()));
            }
            if more > 0 {
                lines.push(Line::styled(strings::and_more(more), theme.dim()));
            }
            lines
        }
    }
}

/// The objects a reset removes, a line each (`container web`).
fn plan_lines(targets: &[Target]) -> Vec<String> {
    targets
        .iter()
        .map(|t| format!("{} {}", t.kind.as_str(), t.name))
        .collect()
}

/// Draws the dialog in the middle of the screen.
pub fn draw(frame: &mut Frame, app: &App, dialog: &Dialog, screen: Rect) {
    let theme = app.theme;
    let width = MAX_WIDTH.min(screen.width.saturating_sub(2)).max(20);
    let inner_width = width.saturating_sub(4);
    let (title, lines, keys) = content(app, dialog, inner_width);
    let height = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let area = layout::centered(screen, width, height);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(Line::styled(format!(" {title} "), theme.title()))
        .title_bottom(Line::styled(format!(" {keys} "), theme.key()));
    let inner = block.inner(area);
    let padded = Rect::new(
        inner.x + 1,
        inner.y,
        inner.width.saturating_sub(2),
        inner.height,
    );
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines), padded);
}
