//! The language switch: the tutor's own words, the lessons' words and the verdicts all move to
//! the next language at once, and the learner stays where they were.

use std::sync::Arc;

use crate::tui::app::App;
use crate::tui::cmd::{Cmd, GradeTrigger};

use super::{lesson, save, scroll};

/// `L`: the next language. The lessons are shown in its words (same lesson, same step), the
/// choice is saved, the runtime is asked to speak it, and the step is graded again so that
/// its verdicts come in it too.
pub fn switch(app: &mut App) -> Vec<Cmd> {
    let next = app.lang.next();
    let selected = app.selected_lesson();
    app.lang = next;
    app.pack = Arc::new(app.pack.in_lang(next));
    // A filter matches other titles now: the list keeps the same lesson selected if it can.
    if let Some(lesson) = selected {
        app.list.selected = app
            .filtered()
            .iter()
            .position(|&i| i == lesson)
            .unwrap_or(0);
    }
    app.progress.lang = Some(next);
    // The text is another length in another language.
    scroll::clamp_all(app);
    // The language comes first: what follows is carried out in it.
    let mut cmds = vec![Cmd::SetLang(next), save(app)];
    cmds.extend(lesson::grade(app, GradeTrigger::Asked));
    cmds
}
