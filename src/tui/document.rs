//! The text of the current step as the learner reads it: the lesson's introduction on the first
//! step, the step's markdown, then the hints and solution revealed so far.

use ratatui::text::Line;

use super::app::App;
use super::markdown;
use super::strings;

/// What is revealed below the step's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reveal {
    pub hints: usize,
    pub solution: bool,
}

/// The markdown of the current step with `reveal` hints and solution below it.
pub fn source(app: &App, reveal: Reveal) -> String {
    let Some((at, lesson, step)) = app.current() else {
        return String::new();
    };
    let mut md = String::new();
    if lesson.lang != app.lang {
        md.push_str(&format!(
            "*{}*\n\n",
            strings::not_translated(app.lang, lesson.lang)
        ));
    }
    if at.step == 0 {
        md.push_str(&format!("# {}\n\n", lesson.meta.title));
        if !lesson.intro.trim().is_empty() {
            md.push_str(lesson.intro.trim());
            md.push_str("\n\n");
        }
    }
    md.push_str(&format!(
        "## {}\n\n",
        strings::step_heading(at.step, lesson.steps.len(), &step.title),
    ));
    if step.untranslated && lesson.lang == app.lang {
        // The heading above is in the original's words too: say why, before the text.
        let note = strings::step_not_translated(app.lang, lesson.meta.lang);
        md.push_str(&format!("*{note}*\n\n"));
    }
    md.push_str(&format!(
        "{}{}\n",
        strings::workspace_line(&app.workspace_dir(at.lesson), app.step_file().as_deref()),
        step.body
    ));
    for (i, hint) in step.hints.iter().take(reveal.hints).enumerate() {
        if i == 0 {
            md.push_str("\n---\n");
        }
        md.push_str(&format!(
            "\n> **{}**\n>\n",
            strings::hint_heading(i, step.hints.len())
        ));
        for line in hint.lines() {
            md.push_str(&format!("> {line}\n"));
        }
    }
    if reveal.solution && !step.solution.is_empty() {
        md.push_str(&format!("\n**{}**\n", strings::solution_heading()));
        for script in &step.solution {
            md.push_str(&format!("\n```sh\n{}\n```\n", script.text));
        }
    }
    md
}

/// The current step's lines at `width`, with what the learner has revealed.
pub fn lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let (hints, solution) = app.revealed();
    lines_with(app, width, Reveal { hints, solution })
}

/// The current step's lines at `width` with a chosen reveal.
pub fn lines_with(app: &App, width: u16, reveal: Reveal) -> Vec<Line<'static>> {
    markdown::render(&source(app, reveal), width, app.theme)
}
