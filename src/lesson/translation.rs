//! Translations of a lesson: `lesson.LANG.md` beside `lesson.md`, words only.
//!
//! A translation replaces the words a learner reads (title, summary, intro, step titles, step
//! text, hints, the author's check messages) and nothing else: checks, commands, setup,
//! solutions, resources and images are the original's. It is matched against its original
//! step by step when the pack loads; one that does not match is not used, and each mismatch is
//! a [`Finding`] at its `file:line` (see docs/translating.md).

use pulldown_cmark::{Event, Options, Parser};

use super::parse::{
    FrontMatterMissing, Lines, Piece, first_line, pieces, split_front_matter, visible_markdown,
};
use super::{CodeBlock, Diagnostic, Lesson, LessonPack, Step};
use crate::i18n::Lang;

/// What a step's text is when it is not translated yet.
pub const UNTRANSLATED_MARK: &str = "<!-- untranslated -->";

/// Block languages whose comment lines (first non-blank character `#`) a translation may
/// translate: everything else in a shown code block must be the original's.
const COMMENTED: [&str; 7] = ["sh", "bash", "shell", "dockerfile", "yaml", "yml", "toml"];

/// The most cells the step-pairing table may have (a few hundred steps a side).
const ALIGN_MAX_CELLS: usize = 250_000;

/// A lesson's words in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    pub lang: Lang,
    /// The file the words came from (`lessons/01-run/lesson.sv.md`).
    pub source: String,
    pub title: String,
    pub summary: String,
    pub intro: String,
    /// One per step of the original, in its order.
    pub steps: Vec<StepWords>,
    /// Starter files with their comments translated (`lesson.sv/Dockerfile` for
    /// `Dockerfile`), keyed by the original's path; the others are the original's.
    pub files: Vec<super::StarterFile>,
}

/// One step's words.
#[derive(Debug, Clone, PartialEq)]
pub struct StepWords {
    pub title: String,
    pub body: String,
    pub hints: Vec<String>,
    /// The author's messages, in the order of the checks that have one.
    pub messages: Vec<String>,
    /// The translation marks this step `<!-- untranslated -->`: the original is shown.
    pub untranslated: bool,
}

/// A problem found in a translation: an error keeps the translation from being used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub error: bool,
    pub diagnostic: Diagnostic,
}

/// The original's own words, as a translation into its own language.
pub(super) fn original_words(lesson: &Lesson) -> Translation {
    Translation {
        lang: lesson.meta.lang,
        source: lesson.source.clone(),
        title: lesson.meta.title.clone(),
        summary: lesson.meta.summary.clone(),
        intro: lesson.intro.clone(),
        steps: lesson
            .steps
            .iter()
            .map(|step| own_words(step, false))
            .collect(),
        // Filled in with the originals of the starter files a translation replaces, so that
        // switching back restores them without keeping a second copy of every starter.
        files: Vec::new(),
    }
}

/// The author's messages of a step, in the order of its checks.
fn messages(step: &Step) -> Vec<&str> {
    step.checks
        .iter()
        .filter_map(|c| c.author_message())
        .collect()
}

/// Reads `text`, the translation of `original` into `lang` found at `source`, and matches it
/// against the original. The translation is returned only when nothing is an error.
pub fn read_translation(
    source: &str,
    lang: Lang,
    text: &str,
    original: &Lesson,
) -> (Option<Translation>, Vec<Finding>) {
    let mut reader = Reader {
        source,
        text,
        lines: Lines::new(text),
        findings: Vec::new(),
    };
    if text.len() as u64 > super::LESSON_MAX_BYTES {
        reader.error(
            1,
            format!(
                "{} bytes; a translation may be at most {} bytes, like its lesson.md",
                text.len(),
                super::LESSON_MAX_BYTES
            ),
        );
        return (None, reader.findings);
    }
    let translation = reader.read(lang, original);
    let ok = !reader.findings.iter().any(|f| f.error);
    (translation.filter(|_| ok), reader.findings)
}

struct Reader<'a> {
    source: &'a str,
    text: &'a str,
    lines: Lines<'a>,
    findings: Vec<Finding>,
}

/// A translated step while its blocks are collected.
struct Draft {
    title: String,
    line: usize,
    body_start: usize,
    hidden: Vec<(usize, usize)>,
    hints: Vec<(String, usize)>,
    messages: Vec<(String, usize)>,
    code: Vec<CodeBlock>,
    body: String,
}

/// What a fenced block is in a translation.
enum Role {
    Message,
    Hint,
    /// A block only `lesson.md` may hold: its role, for the message.
    Refused(&'static str),
    Shown,
}

fn role(info: &str) -> Role {
    let words: Vec<&str> = info.split_whitespace().collect();
    match words.as_slice() {
        ["message"] => Role::Message,
        ["hint"] => Role::Hint,
        [_, "check"] => Role::Refused("check"),
        [_, "setup"] => Role::Refused("setup"),
        [_, "solution"] => Role::Refused("solution"),
        _ => Role::Shown,
    }
}

impl Reader<'_> {
    fn push(&mut self, error: bool, line: usize, message: String) {
        self.findings.push(Finding {
            error,
            diagnostic: Diagnostic {
                file: self.source.to_owned(),
                line,
                message,
            },
        });
    }

    fn error(&mut self, line: usize, message: String) {
        self.push(true, line, message);
    }

    fn read(&mut self, lang: Lang, original: &Lesson) -> Option<Translation> {
        let (title, summary, body_offset) = self.front_matter(original)?;
        let (intro, drafts) = self.drafts(body_offset);
        let steps = self.match_steps(original, drafts);
        Some(Translation {
            lang,
            source: self.source.to_owned(),
            title,
            summary,
            intro,
            steps,
            files: Vec::new(),
        })
    }

    /// Reads the `+++` front matter: `title` and `summary`, nothing else.
    fn front_matter(&mut self, original: &Lesson) -> Option<(String, String, usize)> {
        let (toml_start, toml_end, body_offset) = match split_front_matter(self.text) {
            Ok(split) => split,
            Err(FrontMatterMissing::Opening) => {
                self.error(
                    1,
                    "a translation must start with `+++` front matter holding its title".to_owned(),
                );
                return None;
            }
            Err(FrontMatterMissing::Closing) => {
                self.error(
                    1,
                    "the front matter opened with `+++` is never closed with a `+++` line"
                        .to_owned(),
                );
                return None;
            }
        };
        let toml_text = &self.text[toml_start..toml_end];
        let table = match toml::from_str::<toml::Table>(toml_text) {
            Ok(table) => table,
            Err(e) => {
                let line = self
                    .lines
                    .line_of(toml_start + e.span().map_or(0, |s| s.start));
                self.error(line, format!("front matter: {}", first_line(e.message())));
                return None;
            }
        };
        let mut title = String::new();
        let mut summary = String::new();
        for (key, value) in &table {
            let at = toml_text.find(key.as_str()).unwrap_or(0);
            let line = self.lines.line_of(toml_start + at);
            match (key.as_str(), value.as_str()) {
                ("title", Some(v)) => v.clone_into(&mut title),
                ("summary", Some(v)) => v.clone_into(&mut summary),
                ("title" | "summary", None) => {
                    self.error(line, format!("front matter: `{key}` must be a string"));
                }
                _ => self.error(
                    line,
                    format!(
                        "front matter: `{key}` comes from lesson.md; a translation holds only `title` and `summary`"
                    ),
                ),
            }
        }
        if title.trim().is_empty() {
            self.error(1, "front matter: `title` is missing or empty".to_owned());
        }
        if summary.trim().is_empty() && !original.meta.summary.trim().is_empty() {
            self.error(
                1,
                "front matter: `summary` is missing; lesson.md has one, so the translation needs it"
                    .to_owned(),
            );
        }
        Some((title, summary, body_offset))
    }

    /// Splits the body into the intro and step drafts.
    fn drafts(&mut self, body_offset: usize) -> (String, Vec<Draft>) {
        let mut drafts: Vec<Draft> = Vec::new();
        let mut intro_end = self.text.len();
        for piece in pieces(self.text, body_offset) {
            match piece {
                Piece::Heading { start, end, title } => {
                    if drafts.is_empty() {
                        intro_end = start;
                    }
                    if let Some(last) = drafts.last_mut() {
                        last.body =
                            visible_markdown(self.text, last.body_start, start, &last.hidden);
                    }
                    drafts.push(Draft {
                        title: title.trim().to_owned(),
                        line: self.lines.line_of(start),
                        body_start: end,
                        hidden: Vec::new(),
                        hints: Vec::new(),
                        messages: Vec::new(),
                        code: Vec::new(),
                        body: String::new(),
                    });
                }
                Piece::Block {
                    start,
                    end,
                    info,
                    content,
                } => self.place(&mut drafts, start, end, &info, content),
            }
        }
        if let Some(last) = drafts.last_mut() {
            last.body = visible_markdown(self.text, last.body_start, self.text.len(), &last.hidden);
        }
        let intro = self.text[body_offset.min(intro_end)..intro_end]
            .trim()
            .to_owned();
        (intro, drafts)
    }

    fn place(
        &mut self,
        drafts: &mut [Draft],
        start: usize,
        end: usize,
        info: &str,
        content: String,
    ) {
        let line = self.lines.line_of(start);
        let role = role(info);
        if let Role::Refused(what) = role {
            self.error(
                line,
                format!(
                    "a translation may not hold a `{info}` block: the {what} comes from lesson.md, so every language is graded alike"
                ),
            );
        }
        let Some(draft) = drafts.last_mut() else {
            if matches!(role, Role::Message | Role::Hint) {
                self.error(
                    line,
                    format!("this `{info}` block comes before the first `## ` step heading"),
                );
            }
            return;
        };
        match role {
            Role::Message => draft.messages.push((content.trim().to_owned(), line)),
            Role::Hint => draft.hints.push((content.trim().to_owned(), line)),
            Role::Shown => draft.code.push(CodeBlock {
                info: info.to_owned(),
                text: content.trim_end().to_owned(),
                line,
            }),
            Role::Refused(_) => {}
        }
        if !matches!(role, Role::Shown) {
            draft.hidden.push((start, end));
        }
    }

    /// Pairs the translated steps with the original's and checks each pair.
    fn match_steps(&mut self, original: &Lesson, drafts: Vec<Draft>) -> Vec<StepWords> {
        let pairs = align(&original.steps, &drafts);
        let last_line = self.lines.line_of(self.text.len()).max(1);
        let mut words = Vec::with_capacity(original.steps.len());
        let mut drafts: Vec<Option<Draft>> = drafts.into_iter().map(Some).collect();
        for (o, d) in pairs.iter().copied() {
            match (o, d) {
                (Some(o), Some(d)) => {
                    let draft = drafts[d].take().expect("each draft pairs once");
                    words.push(self.step(o, &original.steps[o], draft));
                }
                (Some(o), None) => {
                    let step = &original.steps[o];
                    // The line of the next translated step, where this one should have been.
                    let at = pairs
                        .iter()
                        .skip_while(|p| p.0 != Some(o))
                        .find_map(|p| p.1)
                        .and_then(|d| drafts[d].as_ref().map(|x| x.line))
                        .unwrap_or(last_line);
                    self.error(
                        at,
                        format!(
                            "step {} of lesson.md, `{}` (lesson.md:{}), is missing here; translate it, or write its heading followed by `{UNTRANSLATED_MARK}`",
                            o + 1,
                            step.title,
                            step.line
                        ),
                    );
                    words.push(untranslated(step));
                }
                (None, Some(d)) => {
                    let draft = drafts[d].as_ref().expect("unpaired draft");
                    let (line, title) = (draft.line, draft.title.clone());
                    self.error(
                        line,
                        format!(
                            "step `{title}` matches no step of lesson.md, which has {} steps: a translation may not add one",
                            original.steps.len()
                        ),
                    );
                }
                (None, None) => {}
            }
        }
        words
    }

    /// Checks one translated step against its original and returns its words.
    fn step(&mut self, index: usize, original: &Step, draft: Draft) -> StepWords {
        let here = format!("step {} (lesson.md:{})", index + 1, original.line);
        if draft.title.is_empty() {
            self.error(draft.line, "a step heading must have a title".to_owned());
        }
        let marked = draft.body.contains(UNTRANSLATED_MARK);
        if marked {
            if draft.body.trim() != UNTRANSLATED_MARK
                || !draft.hints.is_empty()
                || !draft.messages.is_empty()
            {
                self.error(
                    draft.line,
                    format!(
                        "`{UNTRANSLATED_MARK}` must be the only thing under the heading of {here}"
                    ),
                );
            } else {
                self.push(
                    false,
                    draft.line,
                    format!(
                        "{here}, `{}`, is not translated yet: the original is shown there",
                        original.title
                    ),
                );
            }
            return untranslated(original);
        }
        let wanted = messages(original);
        if draft.messages.len() != wanted.len() {
            let at = draft
                .messages
                .get(wanted.len())
                .map_or(draft.line, |(_, line)| *line);
            self.error(
                at,
                format!(
                    "this step has {} `message` block(s); {here} has {} check(s) with a message: write one `message` block for each, in their order",
                    draft.messages.len(),
                    wanted.len()
                ),
            );
        }
        if draft.hints.len() != original.hints.len() {
            let at = draft
                .hints
                .get(original.hints.len())
                .map_or(draft.line, |(_, line)| *line);
            self.error(
                at,
                format!(
                    "this step has {} hint(s); {here} has {}: translate each hint, in its order",
                    draft.hints.len(),
                    original.hints.len()
                ),
            );
        }
        for (i, theirs) in original.code.iter().enumerate() {
            let Some(mine) = draft.code.get(i) else {
                self.error(
                    draft.line,
                    format!(
                        "the `{}` block at lesson.md:{} is missing from this step: show every code block of the original, unchanged",
                        theirs.info, theirs.line
                    ),
                );
                continue;
            };
            if let Some(why) = code_differs(theirs, mine) {
                self.error(
                    mine.line,
                    format!("this block differs from lesson.md:{}: {why}", theirs.line),
                );
            }
        }
        for extra in draft.code.iter().skip(original.code.len()) {
            self.error(
                extra.line,
                format!(
                    "this `{}` block is not in {here}: a translation shows the original's code blocks and no others",
                    extra.info
                ),
            );
        }
        StepWords {
            title: draft.title,
            body: draft.body,
            hints: draft.hints.into_iter().map(|(h, _)| h).collect(),
            messages: draft.messages.into_iter().map(|(m, _)| m).collect(),
            untranslated: false,
        }
    }
}

/// Reads the translated starter files of a translation (`lesson.sv/PATH` holds `PATH` with
/// its comments translated): each must translate a starter of `original`, in a format with
/// comments, and keep every other line as it is.
pub(super) fn read_starters(
    folder: &str,
    code: &str,
    files: Vec<super::StarterFile>,
    original: &Lesson,
) -> (Vec<super::StarterFile>, Vec<Finding>) {
    let mut findings = Vec::new();
    let mut kept = Vec::new();
    for file in files {
        let source = format!("{folder}/lesson.{code}/{}", file.path);
        let mut refuse = |line: usize, message: String| {
            findings.push(Finding {
                error: true,
                diagnostic: Diagnostic {
                    file: source.clone(),
                    line,
                    message,
                },
            });
        };
        let Some(theirs) = original.files.iter().find(|f| f.path == file.path) else {
            refuse(
                1,
                format!(
                    "lesson.md has no starter file `{}` for this to translate",
                    file.path
                ),
            );
            continue;
        };
        let Some(comment) = comment_style(&file.path) else {
            refuse(
                1,
                format!(
                    "`{}` is not a format with `#` comments (Dockerfile, .sh, .yml, .yaml, .toml, .py, .conf): only comments may be translated",
                    file.path
                ),
            );
            continue;
        };
        let (Ok(mine), Ok(original_text)) = (
            std::str::from_utf8(&file.contents),
            std::str::from_utf8(&theirs.contents),
        ) else {
            refuse(1, "not valid UTF-8 text".to_owned());
            continue;
        };
        let significant = |text: &str| -> Vec<(usize, String)> {
            text.lines()
                .enumerate()
                .filter(|(i, l)| !comment.is_translatable(*i, l))
                .map(|(i, l)| (i + 1, l.trim_end().to_owned()))
                .collect()
        };
        let (a, b) = (significant(original_text), significant(mine));
        let differs = a
            .iter()
            .zip(&b)
            .find(|(x, y)| x.1 != y.1)
            .map(|(x, y)| {
                (
                    y.0,
                    format!(
                        "`{}` where the original has `{}` (line {})",
                        y.1.trim(),
                        x.1.trim(),
                        x.0
                    ),
                )
            })
            .or_else(|| match b.len().cmp(&a.len()) {
                std::cmp::Ordering::Greater => {
                    Some((b[a.len()].0, format!("it adds `{}`", b[a.len()].1.trim())))
                }
                std::cmp::Ordering::Less => Some((
                    mine.lines().count().max(1),
                    format!(
                        "it leaves out `{}` (line {})",
                        a[b.len()].1.trim(),
                        a[b.len()].0
                    ),
                )),
                std::cmp::Ordering::Equal => None,
            });
        if let Some((line, why)) = differs {
            refuse(
                line,
                format!(
                    "only comment lines of `{}` may be translated: {why}",
                    file.path
                ),
            );
            continue;
        }
        kept.push(super::StarterFile {
            path: file.path,
            contents: file.contents,
            mode: theirs.mode,
        });
    }
    (kept, findings)
}

/// How a starter file's format writes comments: whole lines starting with `#`.
#[derive(Clone, Copy)]
struct CommentStyle {
    /// Dockerfile parser directives (`# syntax=`) at the top mean something.
    dockerfile: bool,
}

impl CommentStyle {
    /// True when line `index` (0-based) is a comment a translation may change.
    fn is_translatable(self, index: usize, line: &str) -> bool {
        let t = line.trim_start();
        if !t.starts_with('#') {
            return false;
        }
        if index == 0 && t.starts_with("#!") {
            return false;
        }
        if self.dockerfile {
            let directive = t[1..].trim_start().to_ascii_lowercase();
            if ["syntax=", "escape=", "check="]
                .iter()
                .any(|d| directive.replace(' ', "").starts_with(d))
            {
                return false;
            }
        }
        true
    }
}

fn comment_style(path: &str) -> Option<CommentStyle> {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    if name == "dockerfile" || name.starts_with("dockerfile.") || name.ends_with(".dockerfile") {
        return Some(CommentStyle { dockerfile: true });
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e)?;
    ["sh", "bash", "yml", "yaml", "toml", "py", "conf", "env"]
        .contains(&ext)
        .then_some(CommentStyle { dockerfile: false })
}

fn untranslated(original: &Step) -> StepWords {
    own_words(original, true)
}

/// A step's own words, marked `untranslated` when they stand in for a missing translation.
fn own_words(step: &Step, untranslated: bool) -> StepWords {
    StepWords {
        title: step.title.clone(),
        body: step.body.clone(),
        hints: step.hints.clone(),
        messages: messages(step).into_iter().map(str::to_owned).collect(),
        untranslated,
    }
}

/// The lines of a code block that must match: all but comments where the language has them.
fn significant(block: &CodeBlock) -> Vec<&str> {
    let language = block.info.split_whitespace().next().unwrap_or("");
    let commented = COMMENTED.contains(&language.to_ascii_lowercase().as_str());
    block
        .text
        .lines()
        .map(str::trim_end)
        .filter(|line| !(commented && line.trim_start().starts_with('#')))
        .collect()
}

/// Why `mine` is not the original's block `theirs`, if it is not.
fn code_differs(theirs: &CodeBlock, mine: &CodeBlock) -> Option<String> {
    if theirs.info.trim() != mine.info.trim() {
        return Some(format!(
            "it is a `{}` block where the original has a `{}` block",
            mine.info.trim(),
            theirs.info.trim()
        ));
    }
    let (a, b) = (significant(theirs), significant(mine));
    if a == b {
        return None;
    }
    let at = a.iter().zip(&b).position(|(x, y)| x != y);
    Some(match at {
        Some(i) => format!("`{}` where the original has `{}`", b[i].trim(), a[i].trim()),
        None if b.len() > a.len() => format!("it adds `{}`", b[a.len()].trim()),
        None => format!("it leaves out `{}`", a[b.len()].trim()),
    })
}

/// The shape that pairs a translated step with its original when their counts differ: the
/// code it shows, and how many hints and messages it has.
fn same_shape(original: &Step, draft: &Draft) -> bool {
    if draft.body.trim() == UNTRANSLATED_MARK {
        return false;
    }
    original.code.len() == draft.code.len()
        && original
            .code
            .iter()
            .zip(&draft.code)
            .all(|(a, b)| code_differs(a, b).is_none())
        && original.hints.len() == draft.hints.len()
        && messages(original).len() == draft.messages.len()
}

/// The inline code a step's words hold (`run-hello`, `--rm`): translations keep it, so it
/// tells steps of the same shape apart.
fn spans<'a>(texts: impl IntoIterator<Item = &'a str>) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for text in texts {
        for event in Parser::new_ext(text, Options::empty()) {
            if let Event::Code(code) = event {
                out.insert(code.to_string());
            }
        }
    }
    out
}

/// How alike two steps' inline code is, from 0 to 100.
fn likeness(a: &std::collections::BTreeSet<String>, b: &std::collections::BTreeSet<String>) -> u32 {
    let union = a.union(b).count();
    if union == 0 {
        return 100;
    }
    (a.intersection(b).count() * 100 / union) as u32
}

/// Pairs original steps with drafts: in order when they are as many, else the pairing of
/// same-shaped steps, in order, that pairs the most and, among those, the most alike (by
/// their inline code), so that a missing or extra step is named where it is.
fn align(original: &[Step], drafts: &[Draft]) -> Vec<(Option<usize>, Option<usize>)> {
    // Pairing by shape costs a table of n × m cells; past ALIGN_MAX_CELLS (a hostile file of
    // thousands of tiny steps) the steps pair in order, and the first mismatch is reported.
    if original.len() == drafts.len() || original.len() * drafts.len() > ALIGN_MAX_CELLS {
        let n = original.len().max(drafts.len());
        return (0..n)
            .map(|i| {
                (
                    (i < original.len()).then_some(i),
                    (i < drafts.len()).then_some(i),
                )
            })
            .collect();
    }
    let theirs: Vec<_> = original
        .iter()
        .map(|s| {
            let messages = messages(s);
            spans(
                std::iter::once(s.body.as_str())
                    .chain(s.hints.iter().map(String::as_str))
                    .chain(messages),
            )
        })
        .collect();
    let mine: Vec<_> = drafts
        .iter()
        .map(|d| {
            spans(
                std::iter::once(d.body.as_str())
                    .chain(d.hints.iter().map(|(h, _)| h.as_str()))
                    .chain(d.messages.iter().map(|(m, _)| m.as_str())),
            )
        })
        .collect();
    // A weighted longest common subsequence; lessons have tens of steps, so n*m is small.
    let (n, m) = (original.len(), drafts.len());
    let pair_score = |i: usize, j: usize| -> Option<u32> {
        same_shape(&original[i], &drafts[j]).then(|| 1000 + likeness(&theirs[i], &mine[j]))
    };
    let mut table = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let skip = table[i + 1][j].max(table[i][j + 1]);
            table[i][j] = match pair_score(i, j) {
                Some(score) => skip.max(table[i + 1][j + 1] + score),
                None => skip,
            };
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        let paired = (i < n && j < m)
            .then(|| pair_score(i, j))
            .flatten()
            .filter(|score| table[i + 1][j + 1] + score == table[i][j]);
        if paired.is_some() {
            pairs.push((Some(i), Some(j)));
            i += 1;
            j += 1;
        } else if j < m && (i == n || table[i][j + 1] >= table[i + 1][j]) {
            pairs.push((None, Some(j)));
            j += 1;
        } else {
            pairs.push((Some(i), None));
            i += 1;
        }
    }
    pairs
}

impl Lesson {
    /// The languages this lesson can be shown in (its own first).
    pub fn languages(&self) -> Vec<Lang> {
        self.words.iter().map(|w| w.lang).collect()
    }

    /// True when the lesson has words in `lang` (its own language, or a translation).
    pub fn speaks(&self, lang: Lang) -> bool {
        self.words.iter().any(|w| w.lang == lang)
    }

    /// The lesson in `lang`'s words when it has them, else in its original words; `lang`
    /// then tells the two apart. Grading is the same either way.
    pub fn in_lang(&self, lang: Lang) -> Lesson {
        let words = self
            .words
            .iter()
            .find(|w| w.lang == lang)
            .unwrap_or(&self.words[0]);
        let mut lesson = self.clone();
        lesson.lang = words.lang;
        words.title.clone_into(&mut lesson.meta.title);
        words.summary.clone_into(&mut lesson.meta.summary);
        words.intro.clone_into(&mut lesson.intro);
        for file in &mut lesson.files {
            let translated = words
                .files
                .iter()
                .chain(&self.words[0].files)
                .find(|f| f.path == file.path);
            if let Some(translated) = translated {
                file.contents.clone_from(&translated.contents);
            }
        }
        for (step, w) in lesson.steps.iter_mut().zip(&words.steps) {
            w.title.clone_into(&mut step.title);
            w.body.clone_into(&mut step.body);
            step.hints.clone_from(&w.hints);
            step.untranslated = w.untranslated;
            let mut translated = w.messages.iter();
            for check in &mut step.checks {
                let message = check.author_message_mut();
                if message.is_some()
                    && let Some(text) = translated.next()
                {
                    *message = Some(text.clone());
                }
            }
        }
        lesson
    }
}

impl LessonPack {
    /// Every lesson in `lang`'s words where it has them (see [`Lesson::in_lang`]).
    pub fn in_lang(&self, lang: Lang) -> LessonPack {
        LessonPack {
            origin: self.origin.clone(),
            lessons: self.lessons.iter().map(|l| l.in_lang(lang)).collect(),
            problems: self.problems.clone(),
            fingerprint: self.fingerprint.clone(),
        }
    }
}

#[cfg(test)]
mod tests;
