//! Keys: looked up in the key table for where the learner is, then acted on.

use crossterm::event::{KeyEvent, KeyEventKind};

use crate::tui::app::{App, Choice, Dialog, Focus, RunKind, Screen};
use crate::tui::cmd::{Cmd, GradeTrigger};
use crate::tui::keys::{self, Action, Context};
use crate::tui::strings;

use super::{info, lang, lesson, list, prompt, quit, reset, run, scroll};

/// Handles one key press.
pub fn key(app: &mut App, event: &KeyEvent) -> Vec<Cmd> {
    if event.kind == KeyEventKind::Release {
        return Vec::new();
    }
    app.notice = None;
    let context = app.key_context();
    let action = keys::action_for(context, event);
    match context {
        Context::Help => {
            match action {
                Some(Action::CloseHelp) => app.help = None,
                Some(a) => scroll::help(app, a),
                None => {}
            }
            Vec::new()
        }
        Context::Dialog => action.map_or_else(Vec::new, |a| dialog(app, a)),
        Context::Filter => match (action, keys::typed_char(event)) {
            (Some(a), _) => list::act(app, a),
            (None, Some(ch)) => {
                list::type_filter(app, ch);
                Vec::new()
            }
            (None, None) => Vec::new(),
        },
        Context::List => match (action, keys::typed_char(event)) {
            (Some(Action::Quit), _) => quit(app),
            (Some(Action::Help), _) => open_help(app, context),
            (Some(Action::SwitchLang), _) => lang::switch(app),
            (Some(a), _) => list::act(app, a),
            // A letter with no key of its own filters: a command typed after one Esc too many
            // lands in the filter instead of quitting at its first `q`.
            (None, Some(ch)) if !ch.is_whitespace() => {
                app.list.filtering = true;
                list::type_filter(app, ch);
                Vec::new()
            }
            (None, _) => Vec::new(),
        },
        Context::Prompt => match (action, keys::typed_char(event)) {
            (Some(a), _) => prompt_action(app, a),
            (None, Some(ch)) => {
                prompt::insert(&mut app.prompt, ch);
                Vec::new()
            }
            (None, None) => Vec::new(),
        },
        Context::Lesson => match (action, keys::typed_char(event)) {
            (Some(a), _) => lesson_action(app, a),
            // A letter with no key of its own starts a command: a line typed after one Esc
            // too many goes to the prompt instead of acting as keys.
            (None, Some(ch)) if !ch.is_whitespace() => {
                set_focus(app, Focus::Prompt);
                prompt::insert(&mut app.prompt, ch);
                Vec::new()
            }
            (None, _) => Vec::new(),
        },
    }
}

/// Pasted text: typed into the prompt or the filter as text, never run and never taken as keys.
pub fn paste(app: &mut App, text: &str) -> Vec<Cmd> {
    app.notice = None;
    match app.key_context() {
        Context::Prompt | Context::Lesson if app.screen == Screen::Lesson => {
            set_focus(app, Focus::Prompt);
            let (line, lines) = prompt::pasted_line(text);
            for ch in line.chars() {
                prompt::insert(&mut app.prompt, ch);
            }
            if lines > 1 {
                info(app, strings::pasted_lines(lines));
            }
        }
        Context::Filter => {
            let (line, _) = prompt::pasted_line(text);
            for ch in line.chars() {
                list::type_filter(app, ch);
            }
        }
        _ => {}
    }
    Vec::new()
}

fn open_help(app: &mut App, from: Context) -> Vec<Cmd> {
    app.help = Some(0);
    app.help_from = from;
    Vec::new()
}

fn set_focus(app: &mut App, focus: Focus) {
    if let Some(state) = app.lesson.as_mut() {
        state.focus = focus;
    }
}

fn lesson_action(app: &mut App, action: Action) -> Vec<Cmd> {
    match action {
        Action::Down
        | Action::Up
        | Action::PageDown
        | Action::PageUp
        | Action::Top
        | Action::Bottom => {
            scroll::lesson(app, action);
            Vec::new()
        }
        Action::NextStep => lesson::go_to_step(app, true),
        Action::PrevStep => lesson::go_to_step(app, false),
        Action::Continue => lesson::continue_or_check(app),
        Action::Check => lesson::grade(app, GradeTrigger::Asked)
            .into_iter()
            .collect(),
        Action::Hint => lesson::hint(app),
        Action::Solution => lesson::ask_solution(app),
        Action::EditFile => lesson::edit_file(app),
        Action::RunShown => offer_commands(app),
        Action::FocusPrompt => {
            set_focus(app, Focus::Prompt);
            Vec::new()
        }
        Action::SwitchPane => {
            let focus = app.lesson.as_ref().map(|l| l.focus);
            let next = match focus {
                Some(Focus::Text) if app.output.is_some() => Focus::Output,
                Some(Focus::Text | Focus::Output) => Focus::Checks,
                _ => Focus::Text,
            };
            set_focus(app, next);
            Vec::new()
        }
        Action::ResetStep => reset::ask(app, false),
        Action::ResetLesson => reset::ask(app, true),
        Action::Back => lesson::close(app),
        Action::Interrupt if app.running.is_some() => run::cancel(app),
        Action::Interrupt | Action::Quit => quit(app),
        Action::Help => open_help(app, Context::Lesson),
        Action::SwitchLang => lang::switch(app),
        _ => Vec::new(),
    }
}

fn prompt_action(app: &mut App, action: Action) -> Vec<Cmd> {
    match action {
        Action::Submit => prompt::submit(app),
        Action::LeavePrompt => {
            set_focus(app, Focus::Text);
            Vec::new()
        }
        Action::Interrupt => prompt::interrupt(app),
        other => {
            prompt::edit(&mut app.prompt, other);
            Vec::new()
        }
    }
}

/// `r`: the step's commands (and the solution once revealed), shown before anything runs.
fn offer_commands(app: &mut App) -> Vec<Cmd> {
    let (_, solution_shown) = app.revealed();
    let Some((_, _, step)) = app.current() else {
        return Vec::new();
    };
    let mut choices: Vec<Choice> = step
        .commands
        .iter()
        .map(|s| Choice {
            kind: RunKind::Shown,
            script: s.text.clone(),
        })
        .collect();
    if solution_shown {
        choices.extend(step.solution.iter().map(|s| Choice {
            kind: RunKind::Solution,
            script: s.text.clone(),
        }));
    }
    if choices.is_empty() {
        info(app, strings::no_commands());
    } else {
        app.dialog = Some(Dialog::RunCommands {
            choices,
            selected: 0,
        });
    }
    Vec::new()
}

fn dialog(app: &mut App, action: Action) -> Vec<Cmd> {
    let Some(dialog) = app.dialog.take() else {
        return Vec::new();
    };
    match (dialog, action) {
        (Dialog::RunCommands { choices, selected }, Action::Down | Action::Up) => {
            let last = choices.len().saturating_sub(1);
            let selected = if action == Action::Down {
                (selected + 1).min(last)
            } else {
                selected.saturating_sub(1)
            };
            app.dialog = Some(Dialog::RunCommands { choices, selected });
            Vec::new()
        }
        (
            Dialog::RunCommands {
                mut choices,
                selected,
            },
            Action::Confirm,
        ) => {
            if selected < choices.len() {
                run::start_choice(app, choices.swap_remove(selected))
            } else {
                Vec::new()
            }
        }
        (Dialog::RunCommands { choices, selected }, Action::EditInPrompt) => {
            if let Some(choice) = choices.get(selected) {
                app.prompt.input = choice.script.replace('\n', "; ");
                app.prompt.cursor = app.prompt.input.chars().count();
                set_focus(app, Focus::Prompt);
            }
            Vec::new()
        }
        (Dialog::Setup { target, script }, Action::Confirm) => {
            lesson::setup_answered(app, target, script, true)
        }
        (Dialog::Setup { target, script }, Action::Cancel) => {
            lesson::setup_answered(app, target, script, false)
        }
        (dialog @ Dialog::Reset { .. }, Action::Confirm) => reset::answered(app, dialog),
        (Dialog::Solution, Action::Confirm) => lesson::solution(app),
        (_, Action::Cancel) => Vec::new(),
        (other, _) => {
            app.dialog = Some(other);
            Vec::new()
        }
    }
}
