//! The lesson model: what an author writes (`lesson.md` plus starter files) once parsed.

mod files;
mod pack;
mod parse;
mod translation;

pub use pack::{
    LESSON_MAX_BYTES, LessonPack, PACK_MAX_BYTES, PackOrigin, STARTER_MAX_BYTES, load_dir,
    load_embedded,
};
pub use parse::{Diagnostic, parse_lesson};
pub use translation::{Finding, StepWords, Translation, UNTRANSLATED_MARK, read_translation};

use serde::Deserialize;

use crate::check::Check;

/// The lesson format version this build of docktor reads.
pub const FORMAT_VERSION: u32 = 1;

/// One lesson: its metadata, an introduction, ordered steps and starter files.
#[derive(Debug, Clone)]
pub struct Lesson {
    pub meta: LessonMeta,
    /// Markdown shown before the first step (may be empty).
    pub intro: String,
    pub steps: Vec<Step>,
    /// Files copied into the learner's workspace, paths relative to the lesson folder.
    pub files: Vec<StarterFile>,
    /// Where `lesson.md` came from, for messages (`lessons/01-run/lesson.md`).
    pub source: String,
    /// The language its words are in now: the original's, or a translation's once
    /// [`Lesson::in_lang`] applied one.
    pub lang: crate::i18n::Lang,
    /// The words of every language the lesson can be shown in: the original's first, then
    /// each translation that matches it (see `translation`).
    pub words: std::sync::Arc<Vec<Translation>>,
    /// What reading its `lesson.LANG.md` files found: errors (the translation is not used)
    /// and warnings (an untranslated step).
    pub translation_findings: Vec<Finding>,
}

/// The `+++` TOML front matter of a lesson.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LessonMeta {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    pub format_version: u32,
    /// The language `lesson.md` is written in (default English); translations sit beside it.
    #[serde(default)]
    pub lang: crate::i18n::Lang,
    /// Image references the lesson needs before it starts (`busybox:latest`).
    #[serde(default)]
    pub images: Vec<String>,
    /// Every Docker resource the lesson may create: what reset removes, and nothing else.
    #[serde(default)]
    pub resources: Resources,
}

/// Docker resources a lesson declares as its own.
///
/// Names may end in `*` to cover a family (`web-*`). Compose projects cover every container,
/// network and volume labelled with that project; `labels` (`key=value`) cover every object of
/// any kind that carries one of them, including the untagged images a rebuild leaves behind.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Resources {
    #[serde(default)]
    pub containers: Vec<String>,
    #[serde(default)]
    pub images: Vec<String>,
    #[serde(default)]
    pub volumes: Vec<String>,
    #[serde(default)]
    pub networks: Vec<String>,
    #[serde(default)]
    pub compose_projects: Vec<String>,
    #[serde(default)]
    pub labels: Vec<String>,
}

impl Resources {
    /// True when nothing is declared.
    pub fn is_empty(&self) -> bool {
        self.containers.is_empty()
            && self.images.is_empty()
            && self.volumes.is_empty()
            && self.networks.is_empty()
            && self.compose_projects.is_empty()
            && self.labels.is_empty()
    }
}

/// How many literal characters a `*` pattern needs before its star (`web*` is too broad).
pub const PATTERN_MIN_PREFIX: usize = 3;

impl Resources {
    /// Every declaration that would cover objects the lesson cannot call its own: a bare `*`,
    /// a pattern with fewer than [`PATTERN_MIN_PREFIX`] characters before its `*`, a `*`
    /// anywhere but at the end, a label without a value or in the `com.docker.*` namespace,
    /// a compose project other than the lesson's own (`own_project`, its workspace name).
    /// Each entry is the declaration as written and why it is refused.
    pub fn too_broad(&self, own_project: &str) -> Vec<(String, String)> {
        let mut refused = Vec::new();
        for (kind, patterns) in [
            ("containers", &self.containers),
            ("images", &self.images),
            ("volumes", &self.volumes),
            ("networks", &self.networks),
        ] {
            for p in patterns {
                if let Some(why) = pattern_too_broad(p) {
                    refused.push((p.clone(), format!("{kind} `{p}` {why}")));
                }
            }
        }
        for label in &self.labels {
            let why = match label.split_once('=') {
                _ if label.trim().is_empty() => Some("is empty"),
                None => Some(
                    "has no value: a bare key covers whatever else carries it; write `key=value`",
                ),
                Some((_, "")) => Some("has an empty value; write `key=value`"),
                Some((key, _)) if key.starts_with("com.docker.") => Some(
                    "is in the `com.docker.*` namespace, which Docker and compose use for everyone's objects",
                ),
                Some((key, _)) if key.contains('*') => Some("may not hold `*`"),
                Some(_) => None,
            };
            if let Some(why) = why {
                refused.push((label.clone(), format!("labels `{label}` {why}")));
            }
        }
        for project in &self.compose_projects {
            if project != own_project {
                refused.push((
                    project.clone(),
                    format!(
                        "compose_projects `{project}` is not this lesson's own project; a lesson may only declare `{own_project}` (its workspace folder)"
                    ),
                ));
            }
        }
        refused
    }
}

fn pattern_too_broad(pattern: &str) -> Option<String> {
    if pattern.trim().is_empty() {
        return Some("is empty".to_owned());
    }
    let star = pattern.find('*')?;
    if star + 1 != pattern.len() {
        return Some("may hold `*` only at its end".to_owned());
    }
    let literal = pattern[..star].chars().count();
    if literal < PATTERN_MIN_PREFIX {
        return Some(format!(
            "is too broad: a pattern needs at least {PATTERN_MIN_PREFIX} characters before `*` (`lesson-web-*`), so it cannot cover what the learner made"
        ));
    }
    None
}

/// The compose project a lesson's workspace folder gives, as compose normalises it.
pub fn own_compose_project(lesson_id: &str) -> String {
    lesson_id
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// True when `name` is covered by a declared pattern (exact, or a prefix ending in `*`).
pub fn name_matches(pattern: &str, name: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => pattern == name,
    }
}

/// One step of a lesson: a `##` heading and everything under it.
#[derive(Debug, Clone)]
pub struct Step {
    /// Slug of the heading, unique within the lesson (`say-hello`).
    pub id: String,
    pub title: String,
    /// The step's markdown as the learner sees it: setup, solution, check and hint blocks removed.
    pub body: String,
    /// `sh` blocks: commands shown in the text, runnable on request.
    pub commands: Vec<Script>,
    /// `sh setup` blocks: run by docktor before the step.
    pub setup: Vec<Script>,
    /// `sh solution` blocks: the reference answer, hidden until asked.
    pub solution: Vec<Script>,
    /// Everything the `toml check` blocks say must be true.
    pub checks: Vec<Check>,
    /// `hint` blocks, shown one at a time.
    pub hints: Vec<String>,
    /// Every code block the body shows (`sh` commands and display blocks), in order: what a
    /// translation must show unchanged.
    pub code: Vec<CodeBlock>,
    /// Shown in the original's words because its translation marks it untranslated.
    pub untranslated: bool,
    /// Line of the heading in `lesson.md`.
    pub line: usize,
}

/// A code block shown in a step's text.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeBlock {
    /// The fence's info string (`sh`, `text`, `dockerfile`).
    pub info: String,
    pub text: String,
    pub line: usize,
}

/// A shell snippet from a fenced block, with where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Script {
    pub text: String,
    pub line: usize,
}

/// A starter file shipped beside `lesson.md`.
#[derive(Debug, Clone, PartialEq)]
pub struct StarterFile {
    pub path: String,
    pub contents: Vec<u8>,
    /// Permission bits as shipped; the workspace copy is never more open than these.
    pub mode: u32,
}

impl Lesson {
    /// Finds a step by 1-based number or by id.
    pub fn find_step(&self, key: &str) -> Option<usize> {
        if let Ok(n) = key.parse::<usize>() {
            return (n >= 1 && n <= self.steps.len()).then(|| n - 1);
        }
        // A translated step is also found by the slug of its own title.
        self.steps
            .iter()
            .position(|s| s.id == key)
            .or_else(|| self.steps.iter().position(|s| parse::slug(&s.title) == key))
    }
}
