//! Parsing `lesson.md`: `+++` TOML front matter, then one step per `##` heading, with fenced
//! blocks whose info string gives their role. Every problem is a [`Diagnostic`] with a line.

use std::fmt;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::{FORMAT_VERSION, Lesson, LessonMeta, Script, StarterFile, Step};
use crate::check::CheckBlock;

/// A problem in a lesson file, at a line (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// The role of a fenced block, from its info string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockRole {
    Command,
    Setup,
    Solution,
    Check,
    Hint,
    /// Any other code block: shown as it is.
    Display,
}

fn block_role(info: &str) -> Result<BlockRole, String> {
    let words: Vec<&str> = info.split_whitespace().collect();
    match words.as_slice() {
        ["sh" | "bash" | "shell" | "console"] => Ok(BlockRole::Command),
        ["sh" | "bash" | "shell", "setup"] => Ok(BlockRole::Setup),
        ["sh" | "bash" | "shell", "solution"] => Ok(BlockRole::Solution),
        ["toml", "check"] => Ok(BlockRole::Check),
        ["hint"] => Ok(BlockRole::Hint),
        [_, role @ ("setup" | "solution" | "check")] => Err(format!(
            "a `{role}` block must be `{}`, not `{info}`",
            if *role == "check" {
                "toml check".to_owned()
            } else {
                format!("sh {role}")
            }
        )),
        [_, other, ..] => Err(format!(
            "unknown block role `{other}` in `{info}`; use sh, sh setup, sh solution, toml check or hint"
        )),
        _ => Ok(BlockRole::Display),
    }
}

/// Maps byte offsets to 1-based line numbers. Offsets are asked for mostly in increasing
/// order, so it counts on from the last answer instead of indexing every line up front.
pub(super) struct Lines<'a> {
    text: &'a str,
    /// The last offset asked for and its line.
    cursor: std::cell::Cell<(usize, usize)>,
}

impl<'a> Lines<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Self {
            text,
            cursor: std::cell::Cell::new((0, 1)),
        }
    }

    pub(super) fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let (from, line) = match self.cursor.get() {
            (at, line) if at <= offset => (at, line),
            _ => (0, 1),
        };
        let line = line
            + self.text.as_bytes()[from..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
        self.cursor.set((offset, line));
        line
    }
}

/// Parses a lesson. `source` names the file in diagnostics; `files` are its starter files.
pub fn parse_lesson(
    source: &str,
    text: &str,
    files: Vec<StarterFile>,
) -> Result<Lesson, Vec<Diagnostic>> {
    if text.len() as u64 > super::LESSON_MAX_BYTES {
        return Err(vec![Diagnostic {
            file: source.to_owned(),
            line: 1,
            message: format!(
                "lesson.md is {} bytes; a lesson may be at most {} bytes (split it into several lessons)",
                text.len(),
                super::LESSON_MAX_BYTES
            ),
        }]);
    }
    let mut parser = LessonParser {
        source,
        text,
        lines: Lines::new(text),
        diagnostics: Vec::new(),
    };
    let lesson = parser.parse(files);
    if parser.diagnostics.is_empty() {
        lesson.ok_or_else(|| vec![parser.diag(1, "the lesson could not be read")])
    } else {
        Err(parser.diagnostics)
    }
}

struct LessonParser<'a> {
    source: &'a str,
    text: &'a str,
    lines: Lines<'a>,
    diagnostics: Vec<Diagnostic>,
}

/// A step while its blocks are being collected.
struct StepDraft {
    title: String,
    line: usize,
    /// Byte range of the step's markdown after its heading.
    body_start: usize,
    /// Byte ranges of blocks hidden from the body (setup, solution, check, hint).
    hidden: Vec<(usize, usize)>,
    /// `toml check` blocks seen, parsed or not.
    check_blocks: usize,
    step: Step,
}

impl LessonParser<'_> {
    fn diag(&self, line: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: self.source.to_owned(),
            line,
            message: message.into(),
        }
    }

    fn report(&mut self, line: usize, message: impl Into<String>) {
        let d = self.diag(line, message);
        self.diagnostics.push(d);
    }

    fn parse(&mut self, files: Vec<StarterFile>) -> Option<Lesson> {
        let (meta, body_offset) = self.front_matter()?;
        let (intro, steps) = self.steps(body_offset);
        if steps.is_empty() {
            let line = self.lines.line_of(body_offset);
            self.report(
                line,
                "the lesson has no steps: start each step with a `## ` heading",
            );
        }
        self.check_unique_step_ids(&steps);
        let mut lesson = Lesson {
            lang: meta.lang,
            meta,
            intro,
            steps,
            files,
            source: self.source.to_owned(),
            words: std::sync::Arc::new(Vec::new()),
            translation_findings: Vec::new(),
        };
        lesson.words = std::sync::Arc::new(vec![super::translation::original_words(&lesson)]);
        Some(lesson)
    }

    /// Reads the `+++` block at offset 0; returns the metadata and where the body starts.
    fn front_matter(&mut self) -> Option<(LessonMeta, usize)> {
        let (toml_start, toml_end, body_offset) = match split_front_matter(self.text) {
            Ok(split) => split,
            Err(FrontMatterMissing::Opening) => {
                self.report(
                    1,
                    "a lesson must start with `+++` front matter (id, title, format_version)",
                );
                return None;
            }
            Err(FrontMatterMissing::Closing) => {
                self.report(
                    1,
                    "the front matter opened with `+++` is never closed with a `+++` line",
                );
                return None;
            }
        };
        let toml_text = &self.text[toml_start..toml_end];
        match toml::from_str::<LessonMeta>(toml_text) {
            Ok(meta) => {
                self.validate_meta(&meta);
                self.validate_resources(&meta, toml_text, toml_start);
                Some((meta, body_offset))
            }
            Err(e) => {
                let offset = toml_start + e.span().map_or(0, |s| s.start);
                let line = self.lines.line_of(offset);
                self.report(line, format!("front matter: {}", first_line(e.message())));
                None
            }
        }
    }

    fn validate_meta(&mut self, meta: &LessonMeta) {
        if meta.format_version != FORMAT_VERSION {
            self.report(
                1,
                format!(
                    "format_version {} is not supported; this docktor reads format_version {FORMAT_VERSION}",
                    meta.format_version
                ),
            );
        }
        if meta.id.is_empty()
            || !meta
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            self.report(
                1,
                format!("id `{}` must be letters, digits, `-` or `_`", meta.id),
            );
        }
        if meta.title.trim().is_empty() {
            self.report(1, "title must not be empty");
        }
    }

    /// Refuses declarations so broad that reset could remove what the learner made, at the
    /// line that wrote them.
    fn validate_resources(&mut self, meta: &LessonMeta, toml_text: &str, toml_start: usize) {
        let own = super::own_compose_project(&meta.id);
        for (written, why) in meta.resources.too_broad(&own) {
            let quoted = format!("\"{written}\"");
            let offset = toml_text
                .find(&quoted)
                .or_else(|| toml_text.find(&format!("'{written}'")))
                .unwrap_or(0);
            let line = self.lines.line_of(toml_start + offset);
            self.report(line, format!("[resources] {why}"));
        }
    }

    /// Splits the body into the intro and steps, classifying fenced blocks as it goes.
    fn steps(&mut self, body_offset: usize) -> (String, Vec<Step>) {
        let mut drafts: Vec<StepDraft> = Vec::new();
        let mut intro_end = self.text.len();
        for piece in pieces(self.text, body_offset) {
            match piece {
                Piece::Heading { start, end, title } => {
                    if drafts.is_empty() {
                        intro_end = start;
                    }
                    if let Some(last) = drafts.last_mut() {
                        last.step.body = self.step_body(last, start);
                    }
                    drafts.push(self.new_draft(title, start, end));
                }
                Piece::Block {
                    start,
                    end,
                    info,
                    content,
                } => {
                    let role = block_role(&info).unwrap_or_else(|message| {
                        let line = self.lines.line_of(start);
                        self.report(line, message);
                        BlockRole::Display
                    });
                    self.place_block(&mut drafts, (role, &info), content, start, end);
                }
            }
        }
        if let Some(last) = drafts.last_mut() {
            last.step.body = self.step_body(last, self.text.len());
        }
        let intro_start = body_offset.min(intro_end);
        let intro = self.text[intro_start..intro_end].trim().to_owned();
        let steps = drafts.into_iter().map(|d| self.finish_step(d)).collect();
        (intro, steps)
    }

    fn new_draft(&self, title: String, heading_start: usize, heading_end: usize) -> StepDraft {
        let line = self.lines.line_of(heading_start);
        let title = title.trim().to_owned();
        StepDraft {
            step: Step {
                id: slug(&title),
                title: title.clone(),
                body: String::new(),
                commands: Vec::new(),
                setup: Vec::new(),
                solution: Vec::new(),
                checks: Vec::new(),
                hints: Vec::new(),
                code: Vec::new(),
                untranslated: false,
                line,
            },
            title,
            line,
            body_start: heading_end,
            hidden: Vec::new(),
            check_blocks: 0,
        }
    }

    fn place_block(
        &mut self,
        drafts: &mut [StepDraft],
        (role, info): (BlockRole, &str),
        content: String,
        start: usize,
        end: usize,
    ) {
        let line = self.lines.line_of(start);
        let Some(draft) = drafts.last_mut() else {
            if role != BlockRole::Display && role != BlockRole::Command {
                self.report(
                    line,
                    "this block comes before the first `## ` step heading; move it into a step",
                );
            }
            return;
        };
        let script = Script {
            text: content.trim_end().to_owned(),
            line,
        };
        if matches!(role, BlockRole::Display | BlockRole::Command) {
            draft.step.code.push(super::CodeBlock {
                info: info.to_owned(),
                text: script.text.clone(),
                line,
            });
        }
        match role {
            BlockRole::Display => {}
            BlockRole::Command => draft.step.commands.push(script),
            BlockRole::Setup => draft.step.setup.push(script),
            BlockRole::Solution => draft.step.solution.push(script),
            BlockRole::Hint => draft.step.hints.push(content.trim().to_owned()),
            BlockRole::Check => {
                draft.check_blocks += 1;
                // The block's content starts on the line after its opening fence.
                let content_start = self.text[start..]
                    .find('\n')
                    .map_or(start, |i| start + i + 1);
                match toml::from_str::<CheckBlock>(&content) {
                    Ok(checks) => draft.step.checks.extend(crate::check::in_written_order(
                        checks.into_checks(),
                        &content,
                    )),
                    Err(e) => {
                        let at = content_start + e.span().map_or(0, |s| s.start);
                        let line = self.lines.line_of(at);
                        self.report(line, format!("check: {}", first_line(e.message())));
                    }
                }
            }
        }
        if !matches!(role, BlockRole::Display | BlockRole::Command) {
            draft.hidden.push((start, end));
        }
    }

    /// The step's visible markdown: from its heading to `end`, hidden blocks cut out.
    fn step_body(&self, draft: &StepDraft, end: usize) -> String {
        visible_markdown(self.text, draft.body_start, end, &draft.hidden)
    }

    fn finish_step(&mut self, draft: StepDraft) -> Step {
        if draft.title.is_empty() {
            self.report(draft.line, "a step heading must have a title");
        }
        if draft.check_blocks == 0 {
            self.report(
                draft.line,
                format!(
                    "step `{}` has no `toml check` block: nothing would grade it",
                    draft.title
                ),
            );
        }
        draft.step
    }

    fn check_unique_step_ids(&mut self, steps: &[Step]) {
        for (i, step) in steps.iter().enumerate() {
            if steps[..i].iter().any(|s| s.id == step.id) {
                self.report(
                    step.line,
                    format!(
                        "two steps share the title `{}`; give each step its own title",
                        step.title
                    ),
                );
            }
        }
    }
}

/// What shapes a lesson body: its `## ` headings and its fenced blocks, in order, each with
/// its byte range in the whole text.
pub(super) enum Piece {
    Heading {
        start: usize,
        end: usize,
        title: String,
    },
    Block {
        start: usize,
        end: usize,
        info: String,
        content: String,
    },
}

/// The headings and blocks of `text` from `body_offset` on.
pub(super) fn pieces(text: &str, body_offset: usize) -> Vec<Piece> {
    let body = &text[body_offset..];
    let mut pieces = Vec::new();
    let mut heading: Option<(usize, String)> = None;
    let mut block: Option<(usize, String, String)> = None;
    // Only headings and code blocks matter here, and no table or strikethrough can hold
    // either, so those extensions would be parsed for nothing (the tutor renders them).
    for (event, range) in Parser::new_ext(body, Options::empty()).into_offset_iter() {
        let start = body_offset + range.start;
        let end = body_offset + range.end;
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => heading = Some((start, String::new())),
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                if let Some((start, title)) = heading.take() {
                    pieces.push(Piece::Heading { start, end, title });
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                block = Some((start, info, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((start, info, content)) = block.take() {
                    pieces.push(Piece::Block {
                        start,
                        end,
                        info,
                        content,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, content)) = block.as_mut() {
                    content.push_str(&t);
                } else if let Some((_, title)) = heading.as_mut() {
                    title.push_str(&t);
                }
            }
            _ => {}
        }
    }
    pieces
}

/// The markdown of `text[start..end]` as the learner sees it: the `hidden` byte ranges cut
/// out, runs of blank lines folded into one, built in one pass.
pub(super) fn visible_markdown(
    text: &str,
    start: usize,
    end: usize,
    hidden: &[(usize, usize)],
) -> String {
    let mut visible = Vec::with_capacity(hidden.len() + 1);
    let mut at = start;
    for &(h_start, h_end) in hidden {
        if h_start >= at && h_end <= end {
            visible.push(&text[at..h_start]);
            at = h_end;
        }
    }
    visible.push(&text[at..end.max(at)]);
    let mut body = String::with_capacity(end.saturating_sub(start));
    let mut blank_run = false;
    for line in visible.iter().flat_map(|part| part.lines()) {
        let blank = line.trim().is_empty();
        if blank && (blank_run || body.is_empty()) {
            continue;
        }
        blank_run = blank;
        body.push_str(line);
        body.push('\n');
    }
    body.truncate(body.trim_end().len());
    body
}

/// What is missing from a file's `+++` front matter.
pub(super) enum FrontMatterMissing {
    Opening,
    Closing,
}

/// Finds the `+++` front matter at the start of `text` (after a byte-order mark): where its
/// TOML starts and ends, and where the body after the closing `+++` line starts.
pub(super) fn split_front_matter(text: &str) -> Result<(usize, usize, usize), FrontMatterMissing> {
    let unmarked = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - unmarked.len();
    let rest = unmarked
        .strip_prefix("+++")
        .filter(|r| r.starts_with('\n') || r.starts_with("\r\n"))
        .ok_or(FrontMatterMissing::Opening)?;
    let toml_start = bom + 3 + (rest.len() - rest.trim_start_matches(['\r', '\n']).len()).min(2);
    let end_rel = find_closing_fence(&text[toml_start..]).ok_or(FrontMatterMissing::Closing)?;
    let after_fence = toml_start + end_rel + 3;
    let body_offset = text[after_fence..]
        .find('\n')
        .map_or(text.len(), |i| after_fence + i + 1);
    Ok((toml_start, toml_start + end_rel, body_offset))
}

/// Finds the offset of a line that is exactly `+++` (the closing fence).
fn find_closing_fence(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end_matches(['\r', '\n']) == "+++" {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

pub(super) fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message).trim()
}

/// Turns "Say hello!" into `say-hello`.
pub(crate) fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Check, ContainerStatus};

    const HELLO: &str = r#"+++
id = "run"
title = "Your first container"
summary = "Run, name and remove containers"
format_version = 1
images = ["busybox:latest"]
[resources]
containers = ["hello"]
+++

Welcome to **docker run**.

## Say hello
Run a container that prints `hello, world`, and name it `hello`.

```sh
docker ps -a
```

```toml check
[[container]]
name = "hello"
status = "exited"
exit_code = 0
logs_contain = "hello, world"
```

```hint
The name is an option: `--name hello`.
```

```sh solution
docker run --name hello busybox echo "hello, world"
```

After the solution.
"#;

    fn parse(text: &str) -> Result<Lesson, Vec<Diagnostic>> {
        parse_lesson("lessons/run/lesson.md", text, Vec::new())
    }

    #[test]
    fn a_complete_lesson_parses_into_meta_intro_and_steps() {
        let lesson = parse(HELLO).expect("parses");
        assert_eq!(lesson.meta.id, "run");
        assert_eq!(lesson.meta.resources.containers, vec!["hello"]);
        assert_eq!(lesson.intro, "Welcome to **docker run**.");
        assert_eq!(lesson.steps.len(), 1);
        let step = &lesson.steps[0];
        assert_eq!(step.id, "say-hello");
        assert_eq!(step.line, 13);
        assert_eq!(step.commands[0].text, "docker ps -a");
        assert_eq!(
            step.solution[0].text,
            r#"docker run --name hello busybox echo "hello, world""#
        );
        assert_eq!(step.hints, vec!["The name is an option: `--name hello`."]);
        let Check::Container(c) = &step.checks[0] else {
            panic!("container check")
        };
        assert_eq!(c.status, Some(ContainerStatus::Exited));
    }

    #[test]
    fn the_step_body_hides_solution_check_and_hint_but_keeps_commands() {
        let lesson = parse(HELLO).expect("parses");
        let body = &lesson.steps[0].body;
        assert!(body.contains("docker ps -a"));
        assert!(body.contains("After the solution."));
        assert!(!body.contains("sh solution"), "{body}");
        assert!(!body.contains("docker run --name hello"), "{body}");
        assert!(!body.contains("logs_contain"));
        assert!(!body.contains("--name hello`"));
    }

    #[test]
    fn a_typo_in_a_check_is_reported_at_its_line() {
        let text = HELLO.replace("exit_code = 0", "exit_cod = 0");
        let errors = parse(&text).expect_err("typo");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, 24);
        assert!(
            errors[0].message.contains("exit_cod"),
            "{}",
            errors[0].message
        );
        assert!(
            errors[0]
                .to_string()
                .starts_with("lessons/run/lesson.md:24: ")
        );
    }

    #[test]
    fn missing_front_matter_is_reported_on_line_one() {
        let errors = parse("## Step\n").expect_err("no front matter");
        assert_eq!(errors[0].line, 1);
        assert!(errors[0].message.contains("+++"));
    }

    #[test]
    fn an_unsupported_format_version_is_refused() {
        let errors =
            parse(&HELLO.replace("format_version = 1", "format_version = 9")).expect_err("v9");
        assert!(errors[0].message.contains("format_version 9"));
    }

    #[test]
    fn a_step_without_checks_is_an_error() {
        let text = "+++\nid = \"x\"\ntitle = \"X\"\nformat_version = 1\n+++\n## Only words\nNothing to do.\n";
        let errors = parse(text).expect_err("no checks");
        assert_eq!(errors[0].line, 6);
    }

    #[test]
    fn a_misspelled_block_role_is_reported() {
        let text = HELLO.replace("```sh solution", "```sh solutoin");
        let errors = parse(&text).expect_err("bad role");
        assert!(errors[0].message.contains("solutoin"));
    }

    #[test]
    fn unclosed_front_matter_is_reported() {
        let errors = parse("+++\nid = \"x\"\n").expect_err("unclosed");
        assert!(errors[0].message.contains("never closed"));
    }

    #[test]
    fn slugs_are_lowercase_words_joined_by_dashes() {
        assert_eq!(slug("Say hello, world!"), "say-hello-world");
        assert_eq!(slug("  Ports: -p 8080:80 "), "ports-p-8080-80");
    }

    #[test]
    fn steps_are_found_by_number_or_id() {
        let lesson = parse(HELLO).expect("parses");
        assert_eq!(lesson.find_step("1"), Some(0));
        assert_eq!(lesson.find_step("say-hello"), Some(0));
        assert_eq!(lesson.find_step("2"), None);
        assert_eq!(lesson.find_step("0"), None);
    }
}
