//! The Dockerfile reader: parser directives, logical instructions with their line numbers,
//! the exec/shell form distinction, here-documents and build stages.
//!
//! The reader is ours (no parser crate): it only needs logical instructions with line numbers,
//! the exec/shell form distinction and the stages, and a learner's half-written file must
//! still be read rather than rejected.

use std::collections::HashMap;

use super::shell;

/// Instruction text for comparison: keyword upper-cased, whitespace collapsed.
pub(super) fn normalise(text: &str) -> String {
    let mut words = text.split_whitespace();
    let Some(first) = words.next() else {
        return String::new();
    };
    let first = if KEYWORDS.contains(&first.to_ascii_uppercase().as_str()) {
        first.to_ascii_uppercase()
    } else {
        first.to_owned()
    };
    std::iter::once(first.as_str())
        .chain(words)
        .collect::<Vec<_>>()
        .join(" ")
}

const KEYWORDS: &[&str] = &[
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

/// A Dockerfile read into parser directives, logical instructions and stages.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Dockerfile {
    pub(super) directives: Vec<Directive>,
    pub(super) instructions: Vec<Instruction>,
    pub(super) stages: Vec<Stage>,
}

/// A parser directive from the top of the file (`# syntax=...`, `# escape=...`).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Directive {
    pub(super) line: usize,
    /// Lower-cased.
    pub(super) name: String,
    pub(super) value: String,
}

/// One logical instruction, its continuation lines joined.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Instruction {
    /// 1-based line where the instruction starts.
    pub(super) line: usize,
    /// Upper-cased (`RUN`), whatever the learner typed.
    pub(super) keyword: String,
    /// Everything after the keyword, continuations joined, comments inside them dropped.
    pub(super) args: String,
    /// Bodies of `<<EOF` here-documents, in order.
    heredocs: Vec<String>,
    /// Index into `Dockerfile::stages`; `None` before the first FROM (global ARGs).
    pub(super) stage: Option<usize>,
}

/// A build stage: one FROM and what follows it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Stage {
    pub(super) line: usize,
    /// The base as written (`node:22-slim`, `$BASE`, `build`).
    pub(super) base: String,
    /// The `AS` name, lower-cased (stage names are case-insensitive).
    pub(super) name: Option<String>,
    /// The earlier stage this one is built FROM, if any.
    pub(super) parent: Option<usize>,
}

impl Dockerfile {
    pub(super) fn parse(text: &str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let lines: Vec<&str> = text.lines().collect();
        let mut file = Dockerfile::default();
        let mut escape = '\\';
        let mut next = 0;
        while let Some((name, value)) = lines.get(next).and_then(|line| directive(line)) {
            if name == "escape" && (value == "`" || value == "\\") {
                escape = if value == "`" { '`' } else { '\\' };
            }
            file.directives.push(Directive {
                line: next + 1,
                name,
                value,
            });
            next += 1;
        }
        while next < lines.len() {
            if is_blank_or_comment(lines[next]) {
                next += 1;
                continue;
            }
            let line = next + 1;
            let (logical, after) = join_continuations(&lines, next, escape);
            next = after;
            let (keyword, args) = split_keyword(&logical);
            let mut heredocs = Vec::new();
            if matches!(keyword.as_str(), "RUN" | "COPY" | "ADD") {
                for marker in heredoc_markers(&args) {
                    let (body, after) = read_heredoc(&lines, next, &marker);
                    heredocs.push(body);
                    next = after;
                }
            }
            file.push(Instruction {
                line,
                keyword,
                args,
                heredocs,
                stage: None,
            });
        }
        file
    }

    fn push(&mut self, mut instruction: Instruction) {
        if instruction.keyword == "FROM" {
            let (base, name) = parse_from(&instruction.args);
            let parent = self
                .stages
                .iter()
                .position(|s| s.name.as_deref() == Some(base.to_ascii_lowercase().as_str()));
            self.stages.push(Stage {
                line: instruction.line,
                base,
                name,
                parent,
            });
        }
        instruction.stage = self.stages.len().checked_sub(1);
        self.instructions.push(instruction);
    }

    /// The instructions of one stage (`None`: before the first FROM).
    pub(super) fn in_stage(&self, stage: Option<usize>) -> impl Iterator<Item = &Instruction> {
        self.instructions.iter().filter(move |i| i.stage == stage)
    }

    /// The stages that make up the final image, nearest first: the last stage, then the
    /// earlier stages it is built FROM. `[None]` for a file without FROM.
    pub(super) fn final_lineage(&self) -> Vec<Option<usize>> {
        let mut lineage = Vec::new();
        let mut current = self.stages.len().checked_sub(1);
        while let Some(stage) = current {
            if lineage.contains(&Some(stage)) {
                break;
            }
            lineage.push(Some(stage));
            current = self.stages.get(stage).and_then(|s| s.parent);
        }
        if lineage.is_empty() {
            lineage.push(None);
        }
        lineage
    }

    /// Global ARG defaults (declared before the first FROM), which FROM lines may use.
    pub(super) fn global_args(&self) -> HashMap<String, String> {
        let mut args = HashMap::new();
        for arg in self.in_stage(None).filter(|i| i.keyword == "ARG") {
            for word in arg.args.split_whitespace() {
                if let Some((name, value)) = word.split_once('=') {
                    args.insert(name.to_owned(), value.trim_matches('"').to_owned());
                }
            }
        }
        args
    }
}

impl Instruction {
    /// The instruction as one normalised line: `RUN apt-get update && apt-get install -y curl`.
    pub(super) fn text(&self) -> String {
        normalise(&format!("{} {}", self.keyword, self.args))
    }

    /// The text for a message, cut short: `RUN apt-get update && apt-get…`.
    pub(super) fn excerpt(&self) -> String {
        const MAX: usize = 48;
        let text = self.text();
        match text.char_indices().nth(MAX) {
            Some((cut, _)) => format!("{}…", text[..cut].trim_end()),
            None => text,
        }
    }

    /// Leading `--flags` (`--from=build`, `--mount=...`) and the rest of the arguments.
    fn flags_and_body(&self) -> (Vec<&str>, &str) {
        let mut flags = Vec::new();
        let mut rest = self.args.trim_start();
        while rest.starts_with("--") {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            flags.push(&rest[..end]);
            rest = rest[end..].trim_start();
        }
        (flags, rest)
    }

    pub(super) fn has_flag(&self, name: &str) -> bool {
        self.flags_and_body()
            .0
            .iter()
            .any(|flag| flag.split('=').next() == Some(name))
    }

    /// The argument vector when the instruction is in JSON (exec) form.
    pub(super) fn exec_form(&self) -> Option<Vec<String>> {
        exec_array(self.flags_and_body().1)
    }

    /// COPY/ADD: the sources, every path but the last (the destination).
    pub(super) fn copy_sources(&self) -> Vec<String> {
        let body = self.flags_and_body().1;
        let mut words = exec_array(body)
            .unwrap_or_else(|| body.split_whitespace().map(str::to_owned).collect());
        words.pop();
        words
    }

    /// RUN: the simple commands it runs, whatever its form.
    pub(super) fn commands(&self) -> Vec<Vec<String>> {
        match self.exec_form() {
            Some(argv) => match argv.as_slice() {
                [program, flag, script, ..] if is_shell(program) && flag == "-c" => {
                    shell::commands(script)
                }
                _ => vec![argv],
            },
            None => {
                let mut script = self.flags_and_body().1.to_owned();
                for body in &self.heredocs {
                    script.push('\n');
                    script.push_str(body);
                }
                shell::commands(&script)
            }
        }
    }
}

fn is_shell(program: &str) -> bool {
    let name = program.rsplit('/').next().unwrap_or(program);
    matches!(name, "sh" | "bash" | "ash" | "dash" | "zsh")
}

/// A JSON array of strings, as Docker reads the exec form; anything else is shell form.
fn exec_array(text: &str) -> Option<Vec<String>> {
    let text = text.trim();
    if !text.starts_with('[') {
        return None;
    }
    serde_json::from_str(text).ok()
}

/// A known parser directive (`# syntax = x`), with its name lower-cased.
fn directive(line: &str) -> Option<(String, String)> {
    let rest = line.trim().strip_prefix('#')?;
    let (name, value) = rest.split_once('=')?;
    let name = name.trim().to_ascii_lowercase();
    if !matches!(name.as_str(), "syntax" | "escape" | "check") {
        return None;
    }
    Some((name, value.trim().to_owned()))
}

fn is_blank_or_comment(line: &str) -> bool {
    let line = line.trim_start();
    line.is_empty() || line.starts_with('#')
}

/// Joins a line with the lines it continues onto; returns the logical line and the index of
/// the next physical line. Comment and blank lines inside a continuation are dropped, as
/// Docker does.
fn join_continuations(lines: &[&str], start: usize, escape: char) -> (String, usize) {
    let mut logical = String::new();
    let mut next = start;
    while next < lines.len() {
        let line = lines[next];
        next += 1;
        match line.trim_end().strip_suffix(escape) {
            Some(head) => {
                logical.push_str(head);
                while next < lines.len() && is_blank_or_comment(lines[next]) {
                    next += 1;
                }
            }
            None => {
                logical.push_str(line);
                break;
            }
        }
    }
    (logical, next)
}

fn split_keyword(logical: &str) -> (String, String) {
    let logical = logical.trim();
    let end = logical.find(char::is_whitespace).unwrap_or(logical.len());
    (
        logical[..end].to_ascii_uppercase(),
        logical[end..].trim().to_owned(),
    )
}

/// FROM's base and lower-cased stage name: `FROM --platform=x node:22 AS build`.
fn parse_from(args: &str) -> (String, Option<String>) {
    let mut words = args.split_whitespace().skip_while(|w| w.starts_with("--"));
    let base = words.next().unwrap_or_default().to_owned();
    let name = match (words.next(), words.next()) {
        (Some(as_word), Some(name)) if as_word.eq_ignore_ascii_case("as") => {
            Some(name.to_ascii_lowercase())
        }
        _ => None,
    };
    (base, name)
}

/// A here-document opened by `<<EOF`, `<<-EOF` or `<<"EOF"`.
struct Heredoc {
    word: String,
    strip_tabs: bool,
}

fn heredoc_markers(args: &str) -> Vec<Heredoc> {
    let mut markers = Vec::new();
    let mut rest = args;
    while let Some(at) = rest.find("<<") {
        let mut tail = &rest[at + 2..];
        if tail.starts_with('<') {
            rest = tail.trim_start_matches('<');
            continue;
        }
        let strip_tabs = tail.starts_with('-');
        if strip_tabs {
            tail = &tail[1..];
        }
        let quote = tail.chars().next().filter(|c| *c == '"' || *c == '\'');
        if let Some(q) = quote {
            tail = &tail[q.len_utf8()..];
        }
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(tail.len());
        if end > 0 {
            markers.push(Heredoc {
                word: tail[..end].to_owned(),
                strip_tabs,
            });
        }
        rest = &tail[end..];
    }
    markers
}

/// Reads a here-document body up to its terminator; returns it and the next line's index.
fn read_heredoc(lines: &[&str], start: usize, marker: &Heredoc) -> (String, usize) {
    let mut body = Vec::new();
    let mut next = start;
    while next < lines.len() {
        let line = lines[next];
        next += 1;
        let line = if marker.strip_tabs {
            line.trim_start_matches('\t')
        } else {
            line
        };
        if line == marker.word {
            break;
        }
        body.push(line);
    }
    (body.join("\n"), next)
}

/// Substitutes `$NAME`, `${NAME}` and `${NAME:-default}`; `None` when a variable is unknown.
pub(super) fn expand(text: &str, vars: &HashMap<String, String>) -> Option<String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (name, default, used) = match after.strip_prefix('{') {
            Some(inner) => {
                let end = inner.find('}')?;
                let (name, default) = match inner[..end].split_once(":-") {
                    Some((name, default)) => (name, Some(default)),
                    None => (&inner[..end], None),
                };
                (name, default, end + 2)
            }
            None => {
                let end = after
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(after.len());
                (&after[..end], None, end)
            }
        };
        let value = vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
            .or(default)?;
        out.push_str(value);
        rest = &after[used..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::dockerfile::testing::df;

    // ---- the reader ----

    #[test]
    fn reader_joins_continuations_and_keeps_the_starting_line() {
        let file = Dockerfile::parse(&df(&[
            "FROM debian:12",
            "",
            "RUN apt-get update && \\",
            "    apt-get install -y curl  \\   ",
            "    && echo done",
            "CMD [\"sh\"]",
        ]));
        let lines: Vec<usize> = file.instructions.iter().map(|i| i.line).collect();
        assert_eq!(lines, vec![1, 3, 6]);
        assert_eq!(
            file.instructions[1].text(),
            "RUN apt-get update && apt-get install -y curl && echo done"
        );
    }

    #[test]
    fn reader_drops_comments_and_blank_lines_inside_a_continuation() {
        let file = Dockerfile::parse(&df(&[
            "# a comment before anything",
            "FROM busybox:1.36",
            "RUN echo one \\",
            "    # a comment line inside the continuation",
            "",
            "    two",
            "  # indented comment",
            "USER app # not a comment: only whole lines are",
        ]));
        let texts: Vec<String> = file.instructions.iter().map(Instruction::text).collect();
        assert_eq!(
            texts,
            vec![
                "FROM busybox:1.36",
                "RUN echo one two",
                "USER app # not a comment: only whole lines are",
            ]
        );
        assert_eq!(file.instructions[2].line, 8);
    }

    #[test]
    fn reader_treats_keywords_case_insensitively() {
        let file = Dockerfile::parse(&df(&["from busybox:1.36 as base", "Run echo hi"]));
        let keywords: Vec<&str> = file
            .instructions
            .iter()
            .map(|i| i.keyword.as_str())
            .collect();
        assert_eq!(keywords, vec!["FROM", "RUN"]);
        assert_eq!(file.stages[0].name.as_deref(), Some("base"));
    }

    #[test]
    fn reader_reads_directives_only_at_the_top() {
        let file = Dockerfile::parse(&df(&[
            "# syntax = docker/dockerfile:1",
            "#ESCAPE=\\",
            "# a comment ends the directives",
            "# check=skip=all",
            "FROM busybox:1.36",
        ]));
        let unknown_first = Dockerfile::parse(&df(&[
            "# unknown=value",
            "# syntax=docker/dockerfile:1",
            "FROM busybox:1.36",
        ]));
        assert!(
            unknown_first.directives.is_empty(),
            "an unknown directive is a comment"
        );
        let names: Vec<(&str, usize)> = file
            .directives
            .iter()
            .map(|d| (d.name.as_str(), d.line))
            .collect();
        assert_eq!(names, vec![("syntax", 1), ("escape", 2)]);
        assert_eq!(file.directives[0].value, "docker/dockerfile:1");
    }

    #[test]
    fn reader_honours_a_backtick_escape_directive() {
        let file = Dockerfile::parse(&df(&[
            "# escape=`",
            "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022",
            "WORKDIR C:\\",
            "RUN dir `",
            "    C:\\",
        ]));
        assert_eq!(file.instructions.len(), 3);
        assert_eq!(file.instructions[1].args, "C:\\");
        assert_eq!(file.instructions[2].text(), "RUN dir C:\\");
    }

    #[test]
    fn reader_tells_exec_form_from_shell_form() {
        let file = Dockerfile::parse(&df(&[
            "FROM busybox:1.36",
            "CMD [\"httpd\", \"-f\", \"-p\", \"80\"]",
            "CMD httpd -f -p 80",
            "CMD ['httpd', '-f']",
            "RUN --mount=type=cache,target=/var/cache [\"/bin/busybox\", \"--install\"]",
        ]));
        let forms: Vec<Option<Vec<String>>> = file.instructions[1..]
            .iter()
            .map(Instruction::exec_form)
            .collect();
        assert_eq!(
            forms[0].as_deref(),
            Some(&["httpd", "-f", "-p", "80"].map(String::from)[..])
        );
        assert_eq!(forms[1], None);
        assert_eq!(forms[2], None, "single quotes are not JSON");
        assert_eq!(
            forms[3].as_deref(),
            Some(&["/bin/busybox", "--install"].map(String::from)[..])
        );
    }

    #[test]
    fn reader_numbers_stages_and_links_them_to_earlier_ones() {
        let file = Dockerfile::parse(&df(&[
            "ARG BASE=node:22-slim",
            "FROM --platform=$BUILDPLATFORM $BASE AS Build",
            "RUN npm ci",
            "FROM build AS test",
            "FROM busybox:1.36",
            "COPY --from=build /app /app",
        ]));
        assert_eq!(file.instructions[0].stage, None);
        let stages: Vec<(usize, &str, Option<&str>, Option<usize>)> = file
            .stages
            .iter()
            .map(|s| (s.line, s.base.as_str(), s.name.as_deref(), s.parent))
            .collect();
        assert_eq!(
            stages,
            vec![
                (2, "$BASE", Some("build"), None),
                (4, "build", Some("test"), Some(0)),
                (5, "busybox:1.36", None, None),
            ]
        );
        assert_eq!(file.instructions[5].stage, Some(2));
        assert_eq!(file.final_lineage(), vec![Some(2)]);
    }

    #[test]
    fn reader_keeps_heredoc_bodies_out_of_the_instruction_list() {
        let file = Dockerfile::parse(&df(&[
            "FROM debian:12",
            "RUN <<EOF",
            "apt-get update",
            "FROM not-an-instruction",
            "EOF",
            "CMD [\"bash\"]",
        ]));
        let keywords: Vec<&str> = file
            .instructions
            .iter()
            .map(|i| i.keyword.as_str())
            .collect();
        assert_eq!(keywords, vec!["FROM", "RUN", "CMD"]);
        assert_eq!(file.instructions[2].line, 6);
        assert_eq!(
            file.instructions[1].heredocs,
            vec!["apt-get update\nFROM not-an-instruction"]
        );
    }

    #[test]
    fn reader_accepts_crlf_line_endings_and_a_byte_order_mark() {
        let file = Dockerfile::parse("\u{feff}FROM busybox:1.36\r\nRUN echo a \\\r\n  b\r\n");
        assert_eq!(file.instructions.len(), 2);
        assert_eq!(file.instructions[1].text(), "RUN echo a b");
    }

    #[test]
    fn expand_substitutes_global_args_and_defaults() {
        let vars = HashMap::from([("BASE".to_owned(), "busybox".to_owned())]);
        assert_eq!(
            expand("${BASE}:1.36", &vars).as_deref(),
            Some("busybox:1.36")
        );
        assert_eq!(expand("$BASE", &vars).as_deref(), Some("busybox"));
        assert_eq!(expand("${TAG:-1.0}", &vars).as_deref(), Some("1.0"));
        let empty = HashMap::from([("TAG".to_owned(), String::new())]);
        assert_eq!(expand("${TAG:-1.0}", &empty).as_deref(), Some("1.0"));
        assert_eq!(expand("$UNKNOWN", &vars), None);
    }
}
