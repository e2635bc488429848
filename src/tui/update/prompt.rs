//! The command prompt: editing the line, history, and running what was typed.

use crate::tui::app::{App, Focus, Prompt, RunKind};
use crate::tui::cmd::Cmd;
use crate::tui::keys::Action;

use super::run;

/// Applies an editing or history action to the prompt.
pub fn edit(prompt: &mut Prompt, action: Action) {
    let len = prompt.input.chars().count();
    match action {
        Action::CursorLeft => prompt.cursor = prompt.cursor.saturating_sub(1),
        Action::CursorRight => prompt.cursor = (prompt.cursor + 1).min(len),
        Action::LineStart => prompt.cursor = 0,
        Action::LineEnd => prompt.cursor = len,
        Action::DeleteBack if prompt.cursor > 0 => {
            prompt.cursor -= 1;
            remove_char(prompt, prompt.cursor);
        }
        Action::DeleteForward if prompt.cursor < len => remove_char(prompt, prompt.cursor),
        Action::ClearLine => {
            prompt.input.clear();
            prompt.cursor = 0;
            prompt.browsing = None;
        }
        Action::HistoryPrev => history(prompt, true),
        Action::HistoryNext => history(prompt, false),
        _ => {}
    }
}

/// Types a character at the cursor.
pub fn insert(prompt: &mut Prompt, ch: char) {
    let at = byte_index(&prompt.input, prompt.cursor);
    prompt.input.insert(at, ch);
    prompt.cursor += 1;
}

fn remove_char(prompt: &mut Prompt, index: usize) {
    let at = byte_index(&prompt.input, index);
    if at < prompt.input.len() {
        prompt.input.remove(at);
    }
}

fn byte_index(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

/// Walks the history: older with `back`, newer (then the draft) without.
fn history(prompt: &mut Prompt, back: bool) {
    if prompt.history.is_empty() {
        return;
    }
    let last = prompt.history.len() - 1;
    let next = match (prompt.browsing, back) {
        (None, true) => {
            prompt.draft = prompt.input.clone();
            Some(last)
        }
        (None, false) => None,
        (Some(i), true) => Some(i.saturating_sub(1)),
        (Some(i), false) if i < last => Some(i + 1),
        (Some(_), false) => None,
    };
    prompt.input = match next {
        Some(i) => prompt.history[i].clone(),
        None => std::mem::take(&mut prompt.draft),
    };
    prompt.browsing = next;
    prompt.cursor = prompt.input.chars().count();
}

/// Pasted text as one prompt line, and how many lines it had. A line ending in `\` goes on
/// in the next; separate lines become `;`-separated commands, shown for the learner to run
/// (or edit) with Enter. Tabs become spaces; other control characters are dropped.
pub fn pasted_line(text: &str) -> (String, usize) {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut line = String::new();
    let mut count = 0;
    let mut continued = false;
    for part in text.split('\n') {
        let part: String = part
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .filter(|c| !c.is_control())
            .collect();
        let part = if continued {
            part.trim_start()
        } else {
            part.as_str()
        };
        if part.trim().is_empty() {
            continue;
        }
        count += 1;
        if !line.is_empty() && !continued {
            line.push_str("; ");
        }
        let trimmed = part.trim_end();
        continued = trimmed.ends_with('\\');
        if continued {
            line.push_str(trimmed.trim_end_matches('\\').trim_end());
            line.push(' ');
        } else {
            line.push_str(trimmed);
        }
    }
    (line.trim_end().to_owned(), count)
}

/// Enter in the prompt: remember the line and run it. An empty line moves on once the step
/// is done (what the "step done" banner offers), else checks.
pub fn submit(app: &mut App) -> Vec<Cmd> {
    let line = app.prompt.input.trim().to_owned();
    if line.is_empty() {
        return super::lesson::continue_or_check(app);
    }
    if app.running.is_some() {
        return run::start(app, RunKind::Line, line, false);
    }
    if app.prompt.history.last() != Some(&line) {
        app.prompt.history.push(line.clone());
    }
    app.prompt.input.clear();
    app.prompt.cursor = 0;
    app.prompt.browsing = None;
    app.prompt.draft.clear();
    if line == "clear" {
        app.output = None;
        return Vec::new();
    }
    run::start(app, RunKind::Line, line, false)
}

/// Ctrl-C in the prompt: cancel the command, else clear the line, else leave the prompt.
pub fn interrupt(app: &mut App) -> Vec<Cmd> {
    if app.running.is_some() {
        return run::cancel(app);
    }
    if app.prompt.input.is_empty() {
        if let Some(state) = app.lesson.as_mut() {
            state.focus = Focus::Text;
        }
    } else {
        edit(&mut app.prompt, Action::ClearLine);
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &str) -> Prompt {
        let mut p = Prompt::default();
        for ch in text.chars() {
            insert(&mut p, ch);
        }
        p
    }

    #[test]
    fn typing_and_deleting_respect_the_cursor() {
        let mut p = typed("docker p");
        edit(&mut p, Action::CursorLeft);
        insert(&mut p, 'x');
        assert_eq!(p.input, "docker xp");
        edit(&mut p, Action::DeleteBack);
        edit(&mut p, Action::DeleteForward);
        assert_eq!(p.input, "docker ");
        edit(&mut p, Action::LineStart);
        insert(&mut p, 'é');
        assert_eq!(p.input, "édocker ");
    }

    #[test]
    fn a_pasted_block_becomes_one_line_of_commands() {
        assert_eq!(pasted_line("docker ps\n"), ("docker ps".to_owned(), 1));
        assert_eq!(
            pasted_line("docker rm -f web\r\ndocker run -d \\\n    --name web busybox\n\n"),
            (
                "docker rm -f web; docker run -d --name web busybox".to_owned(),
                3
            )
        );
        assert_eq!(
            pasted_line("echo\ta\u{1b}[31m"),
            ("echo a[31m".to_owned(), 1)
        );
    }

    #[test]
    fn history_goes_back_and_returns_to_the_draft() {
        let mut p = typed("dra");
        p.history = vec!["one".into(), "two".into()];
        edit(&mut p, Action::HistoryPrev);
        assert_eq!(p.input, "two");
        edit(&mut p, Action::HistoryPrev);
        edit(&mut p, Action::HistoryPrev);
        assert_eq!(p.input, "one");
        edit(&mut p, Action::HistoryNext);
        assert_eq!(p.input, "two");
        edit(&mut p, Action::HistoryNext);
        assert_eq!(p.input, "dra");
        assert_eq!(p.cursor, 3);
    }
}
