//! Just enough of a shell to find the commands in a RUN: splitting a script into simple
//! commands and naming the program each one runs.

/// Splits a script into simple commands (words, quotes removed) at `;`, `&&`, `||`, `|`,
/// `&`, parentheses and newlines. Not a shell: no expansion, no nesting.
pub(super) fn commands(script: &str) -> Vec<Vec<String>> {
    let mut split = Splitter::default();
    let mut chars = script.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                split.started = true;
                for c in chars.by_ref().take_while(|c| *c != '\'') {
                    split.word.push(c);
                }
            }
            '"' => {
                split.started = true;
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => match chars.next() {
                            Some('\n') | None => {}
                            Some(n @ ('"' | '\\' | '$' | '`')) => split.word.push(n),
                            Some(n) => {
                                split.word.push('\\');
                                split.word.push(n);
                            }
                        },
                        _ => split.word.push(c),
                    }
                }
            }
            '\\' => {
                if let Some(n) = chars.next().filter(|n| *n != '\n') {
                    split.started = true;
                    split.word.push(n);
                }
            }
            '#' if !split.started => {
                chars.by_ref().find(|c| *c == '\n');
                split.end_command();
            }
            '&' if split.word.ends_with(['>', '<']) || chars.peek() == Some(&'>') => {
                split.started = true;
                split.word.push('&');
            }
            '\n' | ';' | '|' | '&' | '(' | ')' => split.end_command(),
            c if c.is_whitespace() => split.end_word(),
            c => {
                split.started = true;
                split.word.push(c);
            }
        }
    }
    split.end_command();
    split.commands
}

#[derive(Default)]
struct Splitter {
    commands: Vec<Vec<String>>,
    words: Vec<String>,
    word: String,
    /// A word has begun (an empty `''` is still a word).
    started: bool,
}

impl Splitter {
    fn end_word(&mut self) {
        if self.started {
            self.words.push(std::mem::take(&mut self.word));
            self.started = false;
        }
    }

    fn end_command(&mut self) {
        self.end_word();
        if !self.words.is_empty() {
            self.commands.push(std::mem::take(&mut self.words));
        }
    }
}

/// The program a command runs (base name) and its arguments, past variable assignments
/// and wrappers such as `sudo`, `env` or `then`.
pub(super) fn program(words: &[String]) -> Option<(&str, &[String])> {
    let mut at = 0;
    while let Some(word) = words.get(at) {
        let word = word.as_str();
        at += 1;
        if is_assignment(word)
            || matches!(
                word,
                "!" | "{"
                    | "if"
                    | "then"
                    | "elif"
                    | "else"
                    | "do"
                    | "while"
                    | "until"
                    | "time"
                    | "exec"
                    | "command"
                    | "nohup"
            )
        {
            continue;
        }
        if matches!(word, "sudo" | "env") {
            while words.get(at).is_some_and(|w| w.starts_with('-')) {
                at += 1;
            }
            continue;
        }
        let name = word.rsplit('/').next().unwrap_or(word);
        return Some((name, &words[at..]));
    }
    None
}

fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        name.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_splitter_finds_commands_past_quotes_operators_and_redirects() {
        let commands = commands(
            "set -eux; DEBIAN_FRONTEND=noninteractive apt-get install -y 'a b' \"c;d\" \
             2>&1 >/dev/null || true # trailing comment",
        );
        assert_eq!(
            commands,
            vec![
                vec!["set", "-eux"],
                vec![
                    "DEBIAN_FRONTEND=noninteractive",
                    "apt-get",
                    "install",
                    "-y",
                    "a b",
                    "c;d",
                    "2>&1",
                    ">/dev/null"
                ],
                vec!["true"],
            ]
        );
        let (program, args) = program(&commands[1]).expect("a program");
        assert_eq!((program, args.len()), ("apt-get", 6));
    }
}
