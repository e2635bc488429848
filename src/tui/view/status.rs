//! The status bar: the latest notice, the engine's state (or what is wrong and what to do), and
//! the keys that matter now, drawn from the key table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tr;
use crate::tui::app::{App, Dialog, EngineStatus, Level};
use crate::tui::keys::{self, Action, Context};
use crate::tui::markdown::width_of;
use crate::tui::strings;

use super::hanging;

/// Most lines a notice or the engine's message may take.
const MAX_MESSAGE_LINES: usize = 3;

/// The bar's lines at `width`.
pub fn lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let theme = app.theme;
    let mut lines = Vec::new();
    if let Some(notice) = &app.notice {
        let style = match notice.level {
            Level::Info => theme.accent(),
            Level::Success => theme.pass(),
            Level::Warning => theme.warn(),
        };
        let mut wrapped = hanging(
            Span::raw(""),
            vec![Span::styled(notice.text.clone(), style)],
            width,
        );
        wrapped.truncate(MAX_MESSAGE_LINES);
        lines.extend(wrapped);
    }
    let mut engine = match &app.engine {
        EngineStatus::Connecting => vec![Line::styled(strings::engine_connecting(), theme.dim())],
        EngineStatus::Connected(info) => {
            let mut engine = vec![Line::styled(strings::engine_connected(info), theme.dim())];
            if let Some(warning) = info.warnings.first() {
                let warning = Span::styled(format!("⚠ {warning}"), theme.warn());
                engine.extend(hanging(Span::raw(""), vec![warning], width));
            }
            engine
        }
        EngineStatus::Unavailable(reason) => hanging(
            Span::raw(""),
            vec![Span::styled(
                strings::engine_unavailable(reason),
                theme.fail(),
            )],
            width,
        ),
    };
    engine.truncate(MAX_MESSAGE_LINES);
    lines.extend(engine);
    lines.push(key_line(app, width));
    lines
}

/// True when the action can do something now (so its key is worth showing).
fn useful(app: &App, action: Action) -> bool {
    let current = app.current();
    match action {
        Action::NextStep => current.is_some_and(|(at, l, _)| at.step + 1 < l.steps.len()),
        Action::PrevStep => current.is_some_and(|(at, _, _)| at.step > 0),
        Action::Hint => current.is_some_and(|(_, _, s)| !s.hints.is_empty()),
        Action::RunShown => current.is_some_and(|(_, _, s)| !s.commands.is_empty()),
        Action::EditFile => app.step_file().is_some(),
        Action::Open => !app.filtered().is_empty(),
        Action::EditInPrompt => matches!(app.dialog, Some(Dialog::RunCommands { .. })),
        _ => true,
    }
}

/// The keys that matter now, as many as fit; help and quit always.
fn key_line(app: &App, width: u16) -> Line<'static> {
    let theme = app.theme;
    let context = app.key_context();
    let mut optional: Vec<(String, &'static str)> = Vec::new();
    let mut essential: Vec<(String, &'static str)> = Vec::new();
    if app.running.is_some() && context == Context::Lesson {
        optional.push(("Ctrl-C".to_owned(), tr!("cancel")));
    }
    for b in keys::bindings(context).filter(|b| useful(app, b.action)) {
        let Some(key) = b.keys.first() else { continue };
        if b.action == Action::SwitchLang {
            // The language in use, with the key that changes it.
            essential.push((keys::key_label(key), app.lang.code()));
        } else if let Some(short) = b.short {
            let item = (keys::key_label(key), short());
            if matches!(b.action, Action::Help | Action::Quit) {
                essential.push(item);
            } else {
                optional.push(item);
            }
        }
    }
    if !keys::bindings(context).any(|b| b.action == Action::SwitchLang) {
        essential.insert(0, (String::new(), app.lang.code()));
    }
    let item_width =
        |(k, s): &(String, &str)| width_of(k) + usize::from(!k.is_empty()) + width_of(s) + 2;
    let reserved: usize = essential.iter().map(item_width).sum();
    let mut used = 1;
    let mut spans = vec![Span::raw(" ")];
    let push = |item: &(String, &str), spans: &mut Vec<Span<'static>>| {
        if item.0.is_empty() {
            spans.push(Span::styled(format!("{}  ", item.1), theme.dim()));
        } else {
            spans.push(Span::styled(item.0.clone(), theme.key()));
            spans.push(Span::raw(format!(" {}  ", item.1)));
        }
    };
    for item in &optional {
        let w = item_width(item);
        if used + w + reserved <= usize::from(width) {
            used += w;
            push(item, &mut spans);
        }
    }
    for item in &essential {
        push(item, &mut spans);
    }
    Line::from(spans)
}

/// Draws the bar.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let mut all = lines(app, area.width);
    let room = usize::from(area.height);
    if all.len() > room {
        // The key line stays; messages give way from the top.
        all.drain(..all.len() - room);
    }
    frame.render_widget(Paragraph::new(all), area);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{EngineKind, HowChosen};
    use crate::progress::Progress;
    use crate::tui::msg::Msg;
    use crate::tui::testing::{app_with, engine_info, send};

    fn text(lines: &[Line<'_>]) -> String {
        lines
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_bar_names_the_engine_how_it_was_chosen_and_warns_of_another() {
        let mut app = app_with(Progress::default(), (100, 24));
        let mut info = engine_info();
        info.kind = EngineKind::Podman;
        info.version = "4.3.1".into();
        info.host = "unix:///colima.sock".into();
        info.how_chosen = HowChosen::CurrentContext("colima".into());
        info.warnings = vec!["DOCKER_HOST overrides the current context".into()];
        send(&mut app, [Msg::Started, Msg::EngineConnected(info)]);
        let shown = text(&lines(&app, 100));
        assert!(
            shown.contains("● Podman 4.3.1 at unix:///colima.sock (context `colima`)"),
            "{shown}"
        );
        assert!(
            shown.contains("⚠ DOCKER_HOST overrides the current context"),
            "{shown}"
        );
    }

    #[test]
    fn the_default_socket_needs_no_explanation() {
        let mut app = app_with(Progress::default(), (100, 24));
        send(
            &mut app,
            [Msg::Started, Msg::EngineConnected(engine_info())],
        );
        let shown = text(&lines(&app, 100));
        assert!(
            shown.contains("● Docker 20.10.24 at unix:///var/run/docker.sock\n"),
            "{shown}"
        );
        assert!(!shown.contains('⚠'), "{shown}");
    }
}
