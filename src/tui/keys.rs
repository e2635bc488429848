//! The key table: every key the tutor answers to, in one place. `update` looks keys up here
//! and the help screen and status bar are drawn from it, so they cannot disagree.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::tr;

/// Where the learner is: which bindings apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    List,
    Filter,
    Lesson,
    Prompt,
    Dialog,
    Help,
}

impl Context {
    /// Every context, in the order the help screen lists them.
    pub const ALL: [Context; 6] = [
        Context::Lesson,
        Context::Prompt,
        Context::List,
        Context::Filter,
        Context::Dialog,
        Context::Help,
    ];

    /// The heading of this context's section on the help screen.
    pub fn title(self) -> &'static str {
        match self {
            Context::List => tr!("Lesson list"),
            Context::Filter => tr!("Filtering the list"),
            Context::Lesson => tr!("Lesson"),
            Context::Prompt => tr!("Command prompt"),
            Context::Dialog => tr!("Questions"),
            Context::Help => tr!("This help"),
        }
    }
}

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    StartFilter,
    AcceptFilter,
    ClearFilter,
    Back,
    NextStep,
    PrevStep,
    Continue,
    Check,
    Hint,
    Solution,
    RunShown,
    FocusPrompt,
    SwitchPane,
    ResetStep,
    ResetLesson,
    /// Opens the step's file in the learner's editor.
    EditFile,
    /// Switches the tutor to the next language.
    SwitchLang,
    /// Cancels a running command; quits when nothing runs.
    Interrupt,
    Submit,
    LeavePrompt,
    HistoryPrev,
    HistoryNext,
    CursorLeft,
    CursorRight,
    LineStart,
    LineEnd,
    DeleteBack,
    DeleteForward,
    ClearLine,
    Confirm,
    Cancel,
    EditInPrompt,
    CloseHelp,
}

/// One key: a code and the modifiers that must be held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

/// A key with no modifier.
const fn k(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

/// A character key.
const fn c(ch: char) -> Key {
    k(KeyCode::Char(ch))
}

/// Control plus a character.
const fn ctrl(ch: char) -> Key {
    Key {
        code: KeyCode::Char(ch),
        mods: KeyModifiers::CONTROL,
    }
}

/// Keys bound to one action in one context, with the words the help screen shows.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: Action,
    /// The help screen's description, in the current language.
    pub desc: Text,
    /// The status bar's word for it; `None` keeps it off the status bar.
    pub short: Option<Text>,
}

/// A text of the key table: a function, so that it is looked up in the language of the moment.
pub type Text = fn() -> &'static str;

const fn bind(
    context: Context,
    keys: &'static [Key],
    action: Action,
    desc: Text,
    short: Option<Text>,
) -> Binding {
    Binding {
        context,
        keys,
        action,
        desc,
        short,
    }
}

use Action as A;
use Context as C;
use KeyCode as K;

/// Every binding. The first key of a binding is the one the status bar shows.
#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    // Lesson
    bind(C::Lesson, &[c('j'), k(K::Down)], A::Down, || tr!("scroll down"), None),
    bind(C::Lesson, &[c('k'), k(K::Up)], A::Up, || tr!("scroll up"), None),
    bind(C::Lesson, &[k(K::PageDown), c(' '), ctrl('d')], A::PageDown, || tr!("page down"), None),
    bind(C::Lesson, &[k(K::PageUp), c('b'), ctrl('u')], A::PageUp, || tr!("page up"), None),
    bind(C::Lesson, &[c('g'), k(K::Home)], A::Top, || tr!("go to the top"), None),
    bind(C::Lesson, &[c('G'), k(K::End)], A::Bottom, || tr!("go to the bottom"), None),
    bind(C::Lesson, &[c('n'), k(K::Right)], A::NextStep, || tr!("next step"), Some(|| tr!("next"))),
    bind(C::Lesson, &[c('p'), k(K::Left)], A::PrevStep, || tr!("previous step"), Some(|| tr!("prev"))),
    bind(C::Lesson, &[k(K::Enter)], A::Continue, || tr!("next step once this one is done, else check now"), None),
    bind(C::Lesson, &[c(':'), c('i')], A::FocusPrompt, || tr!("type a command (docker ... or any shell line); typing a letter with no key of its own starts one too"), Some(|| tr!("command"))),
    bind(C::Lesson, &[c('h')], A::Hint, || tr!("show the next hint"), Some(|| tr!("hint"))),
    bind(C::Lesson, &[c('c')], A::Check, || tr!("check the step now (it also checks by itself)"), Some(|| tr!("check"))),
    bind(C::Lesson, &[c('r')], A::RunShown, || tr!("run a command shown in the step (asks first)"), Some(|| tr!("run shown"))),
    bind(C::Lesson, &[c('e')], A::EditFile, || tr!("open the step's file in your editor ($VISUAL or $EDITOR)"), Some(|| tr!("edit"))),
    bind(C::Lesson, &[c('s')], A::Solution, || tr!("show the solution (asks first)"), None),
    bind(C::Lesson, &[k(K::Tab)], A::SwitchPane, || tr!("scroll the next pane: text, output, checks"), None),
    bind(C::Lesson, &[c('R')], A::ResetStep, || tr!("reset this step: remove what the lesson made since you opened it, run its setup again"), None),
    bind(C::Lesson, &[c('X')], A::ResetLesson, || tr!("reset the whole lesson and start it again"), None),
    bind(C::Lesson, &[k(K::Esc), c('l')], A::Back, || tr!("back to the lesson list"), Some(|| tr!("lessons"))),
    bind(C::Lesson, &[ctrl('c')], A::Interrupt, || tr!("cancel the running command, or quit"), None),
    bind(C::Lesson, &[c('L')], A::SwitchLang, || tr!("switch the language: English, Svenska, Nederlands, Norsk bokmål (remembered)"), None),
    bind(C::Lesson, &[c('?')], A::Help, || tr!("show this help"), Some(|| tr!("help"))),
    bind(C::Lesson, &[c('q')], A::Quit, || tr!("quit (progress is saved)"), Some(|| tr!("quit"))),
    // Prompt
    bind(C::Prompt, &[k(K::Enter)], A::Submit, || tr!("run the line in the lesson's workspace (on an empty line: next step once this one is done)"), Some(|| tr!("run"))),
    bind(C::Prompt, &[k(K::Up)], A::HistoryPrev, || tr!("previous command"), Some(|| tr!("history"))),
    bind(C::Prompt, &[k(K::Down)], A::HistoryNext, || tr!("next command"), None),
    bind(C::Prompt, &[k(K::Left)], A::CursorLeft, || tr!("move left"), None),
    bind(C::Prompt, &[k(K::Right)], A::CursorRight, || tr!("move right"), None),
    bind(C::Prompt, &[k(K::Home), ctrl('a')], A::LineStart, || tr!("start of line"), None),
    bind(C::Prompt, &[k(K::End), ctrl('e')], A::LineEnd, || tr!("end of line"), None),
    bind(C::Prompt, &[k(K::Backspace)], A::DeleteBack, || tr!("delete before the cursor"), None),
    bind(C::Prompt, &[k(K::Delete)], A::DeleteForward, || tr!("delete under the cursor"), None),
    bind(C::Prompt, &[ctrl('u')], A::ClearLine, || tr!("clear the line"), None),
    bind(C::Prompt, &[ctrl('c')], A::Interrupt, || tr!("cancel the running command, or clear the line"), Some(|| tr!("cancel"))),
    bind(C::Prompt, &[k(K::Esc)], A::LeavePrompt, || tr!("leave the prompt"), Some(|| tr!("leave"))),
    // List
    bind(C::List, &[c('j'), k(K::Down)], A::Down, || tr!("next lesson"), Some(|| tr!("move"))),
    bind(C::List, &[c('k'), k(K::Up)], A::Up, || tr!("previous lesson"), None),
    bind(C::List, &[c('g'), k(K::Home)], A::Top, || tr!("first lesson"), None),
    bind(C::List, &[c('G'), k(K::End)], A::Bottom, || tr!("last lesson"), None),
    bind(C::List, &[k(K::Enter), c('l'), k(K::Right)], A::Open, || tr!("open the lesson where you left off"), Some(|| tr!("open"))),
    bind(C::List, &[c('/')], A::StartFilter, || tr!("filter the lessons by name (typing a letter with no key of its own does too)"), Some(|| tr!("filter"))),
    bind(C::List, &[k(K::Esc)], A::ClearFilter, || tr!("clear the filter"), None),
    bind(C::List, &[c('L')], A::SwitchLang, || tr!("switch the language: English, Svenska, Nederlands, Norsk bokmål (remembered)"), None),
    bind(C::List, &[c('?')], A::Help, || tr!("show this help"), Some(|| tr!("help"))),
    bind(C::List, &[c('q'), ctrl('c')], A::Quit, || tr!("quit (progress is saved)"), Some(|| tr!("quit"))),
    // Filter
    bind(C::Filter, &[k(K::Enter)], A::AcceptFilter, || tr!("keep the filter and pick a lesson"), Some(|| tr!("done"))),
    bind(C::Filter, &[k(K::Down)], A::Down, || tr!("next lesson"), None),
    bind(C::Filter, &[k(K::Up)], A::Up, || tr!("previous lesson"), None),
    bind(C::Filter, &[k(K::Backspace)], A::DeleteBack, || tr!("delete a letter"), None),
    bind(C::Filter, &[k(K::Esc), ctrl('c')], A::ClearFilter, || tr!("clear the filter"), Some(|| tr!("clear"))),
    // Dialog
    bind(C::Dialog, &[k(K::Enter), c('y')], A::Confirm, || tr!("yes: do it"), Some(|| tr!("yes"))),
    bind(C::Dialog, &[k(K::Esc), c('n'), c('q'), ctrl('c')], A::Cancel, || tr!("no: leave it"), Some(|| tr!("no"))),
    bind(C::Dialog, &[c('j'), k(K::Down), k(K::Tab)], A::Down, || tr!("next choice"), None),
    bind(C::Dialog, &[c('k'), k(K::Up), k(K::BackTab)], A::Up, || tr!("previous choice"), None),
    bind(C::Dialog, &[c('e')], A::EditInPrompt, || tr!("copy the command into the prompt to edit it"), Some(|| tr!("edit"))),
    // Help
    bind(C::Help, &[c('j'), k(K::Down)], A::Down, || tr!("scroll down"), None),
    bind(C::Help, &[c('k'), k(K::Up)], A::Up, || tr!("scroll up"), None),
    bind(C::Help, &[k(K::Esc), c('?'), c('q'), ctrl('c')], A::CloseHelp, || tr!("close the help"), Some(|| tr!("close"))),
];

/// The action `event` asks for in `context`, if any. Releases are ignored; Shift is implied
/// by the character itself (`R`, `?`).
pub fn action_for(context: Context, event: &KeyEvent) -> Option<Action> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    let pressed = normalise(event);
    BINDINGS
        .iter()
        .filter(|b| b.context == context)
        .find(|b| b.keys.contains(&pressed))
        .map(|b| b.action)
}

/// The printable character of a plain key press (for typing into the prompt or the filter).
pub fn typed_char(event: &KeyEvent) -> Option<char> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    match event.code {
        KeyCode::Char(ch)
            if !event
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(ch)
        }
        _ => None,
    }
}

fn normalise(event: &KeyEvent) -> Key {
    let mut mods = event.modifiers - KeyModifiers::SHIFT;
    if let KeyCode::Char(ch) = event.code {
        // Some terminals report Ctrl-letters in upper case.
        if mods.contains(KeyModifiers::CONTROL) {
            return Key {
                code: KeyCode::Char(ch.to_ascii_lowercase()),
                mods,
            };
        }
    } else if event.code == KeyCode::BackTab {
        mods = KeyModifiers::NONE;
    }
    Key {
        code: event.code,
        mods,
    }
}

/// The bindings of one context, in table order.
pub fn bindings(context: Context) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.context == context)
}

/// How a key is written for the learner: `j`, `↓`, `Ctrl-C`, `Enter`.
pub fn key_label(key: &Key) -> String {
    let name = match key.code {
        KeyCode::Char(' ') => "Space".to_owned(),
        KeyCode::Char(ch) if key.mods.contains(KeyModifiers::CONTROL) => {
            ch.to_ascii_uppercase().to_string()
        }
        KeyCode::Char(ch) => ch.to_string(),
        KeyCode::Up => "↑".to_owned(),
        KeyCode::Down => "↓".to_owned(),
        KeyCode::Left => "←".to_owned(),
        KeyCode::Right => "→".to_owned(),
        KeyCode::PageUp => "PgUp".to_owned(),
        KeyCode::PageDown => "PgDn".to_owned(),
        KeyCode::BackTab => "Shift-Tab".to_owned(),
        KeyCode::Enter => "Enter".to_owned(),
        KeyCode::Esc => "Esc".to_owned(),
        KeyCode::Tab => "Tab".to_owned(),
        KeyCode::Backspace => "Backspace".to_owned(),
        KeyCode::Delete => "Del".to_owned(),
        KeyCode::Home => "Home".to_owned(),
        KeyCode::End => "End".to_owned(),
        other => other.to_string(),
    };
    if key.mods.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{name}")
    } else {
        name
    }
}

/// All keys of a binding, joined for the help screen: `j ↓`.
pub fn keys_label(binding: &Binding) -> String {
    binding
        .keys
        .iter()
        .map(key_label)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for context in Context::ALL {
            let mut seen: Vec<Key> = Vec::new();
            for b in bindings(context) {
                for key in b.keys {
                    assert!(
                        !seen.contains(key),
                        "{} is bound twice in {context:?}",
                        key_label(key)
                    );
                    seen.push(*key);
                }
            }
        }
    }

    #[test]
    fn every_context_can_be_left_or_quit() {
        for context in Context::ALL {
            let leaves = bindings(context).any(|b| {
                matches!(
                    b.action,
                    A::Quit | A::Back | A::LeavePrompt | A::Cancel | A::CloseHelp | A::ClearFilter
                )
            });
            assert!(leaves, "{context:?} has no way out");
        }
    }

    #[test]
    fn shifted_letters_and_question_mark_are_found() {
        let big_r = press(KeyCode::Char('R'), KeyModifiers::SHIFT);
        assert_eq!(action_for(C::Lesson, &big_r), Some(A::ResetStep));
        let question = press(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(action_for(C::List, &question), Some(A::Help));
    }

    #[test]
    fn control_c_is_not_the_letter_c() {
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action_for(C::Lesson, &ctrl_c), Some(A::Interrupt));
        assert_eq!(
            action_for(C::Lesson, &press(KeyCode::Char('c'), KeyModifiers::NONE)),
            Some(A::Check)
        );
        assert_eq!(typed_char(&ctrl_c), None);
    }

    #[test]
    fn labels_read_like_a_keyboard() {
        assert_eq!(key_label(&ctrl('c')), "Ctrl-C");
        assert_eq!(key_label(&k(K::Down)), "↓");
        assert_eq!(key_label(&c(' ')), "Space");
        assert_eq!(key_label(&k(K::Enter)), "Enter");
    }
}
