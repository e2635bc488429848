//! The class report: what every face (table, JSON, CSV, HTML) shows, and what a learner's
//! submitted file holds. Plain data, serialised as the documented JSON schema.

use serde::{Deserialize, Serialize};

use crate::lesson::LessonPack;

/// The JSON schema version of reports and submissions; bumped on an incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// A whole class, graded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassReport {
    pub schema_version: u32,
    pub docktor_version: String,
    /// When the grading finished, RFC 3339 in UTC.
    pub generated_at: String,
    pub class: String,
    pub pack: PackInfo,
    /// Acting checks (exec, HTTP) ran only when the roster trusted the pack.
    pub trusted: bool,
    /// True when the learners' own submitted files are the source, not their engines.
    pub self_reported: bool,
    pub lessons: Vec<LessonColumn>,
    pub learners: Vec<LearnerReport>,
}

/// Which lessons were graded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackInfo {
    /// `bundled`, or the pack folder.
    pub origin: String,
    /// The pack's content fingerprint: two reports with the same one graded the same lessons.
    pub fingerprint: String,
}

/// A lesson and its steps, as the report's columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonColumn {
    pub id: String,
    pub title: String,
    pub steps: Vec<StepColumn>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepColumn {
    pub id: String,
    pub title: String,
}

/// One learner's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnerReport {
    pub name: String,
    /// Where the results come from: the engine address, or the submitted file.
    pub source: String,
    pub self_reported: bool,
    pub reachable: bool,
    /// Why the engine could not be graded, when it could not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine_id: Option<String>,
    /// When this learner's engine was graded (RFC 3339, UTC).
    pub graded_at: String,
    /// False when the learner has no progress record (none given, or none yet).
    pub has_progress: bool,
    pub lessons: Vec<LessonResult>,
}

/// One learner in one lesson.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LessonResult {
    pub id: String,
    pub assigned: bool,
    /// Steps passed now or, by the learner's progress record, before.
    pub passed: usize,
    pub total: usize,
    /// 1-based number of the first step not passed; `None` when every step is.
    pub current_step: Option<usize>,
    pub steps: Vec<StepResult>,
}

/// One learner at one step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepResult {
    pub id: String,
    /// Every graded check passes now (and at least one was graded).
    pub passed: bool,
    /// The learner's progress record says the step was passed before.
    pub passed_before: bool,
    pub checks: Vec<CheckResult>,
}

/// One check's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckResult {
    pub subject: String,
    pub outcome: CheckOutcome,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_message: Option<String>,
}

/// A check's outcome in a class report; `skipped` is a check a class grading may not run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckOutcome {
    Pass,
    Fail,
    Error,
    Skipped,
}

impl StepResult {
    /// Done, now or before.
    pub fn done(&self) -> bool {
        self.passed || self.passed_before
    }

    /// The messages of the checks that did not pass.
    pub fn failing(&self) -> impl Iterator<Item = &CheckResult> {
        self.checks
            .iter()
            .filter(|c| matches!(c.outcome, CheckOutcome::Fail | CheckOutcome::Error))
    }
}

impl LessonResult {
    /// Builds the counts from the steps.
    pub fn from_steps(id: &str, assigned: bool, steps: Vec<StepResult>) -> Self {
        Self {
            id: id.to_owned(),
            assigned,
            passed: steps.iter().filter(|s| s.done()).count(),
            total: steps.len(),
            current_step: steps.iter().position(|s| !s.done()).map(|i| i + 1),
            steps,
        }
    }
}

impl LearnerReport {
    /// Steps passed and steps in all assigned lessons.
    pub fn totals(&self) -> (usize, usize) {
        self.lessons
            .iter()
            .filter(|l| l.assigned)
            .fold((0, 0), |(p, t), l| (p + l.passed, t + l.total))
    }

    /// The first assigned lesson not done and its step: where the learner is.
    pub fn position(&self) -> Option<(&str, usize)> {
        self.lessons
            .iter()
            .filter(|l| l.assigned)
            .find_map(|l| l.current_step.map(|s| (l.id.as_str(), s)))
    }

    /// The learner's result in `lesson`.
    pub fn lesson(&self, lesson: &str) -> Option<&LessonResult> {
        self.lessons.iter().find(|l| l.id == lesson)
    }
}

impl ClassReport {
    /// An empty report for `pack`, to which learners are added.
    pub fn new(class: &str, pack: &LessonPack, trusted: bool, self_reported: bool) -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            docktor_version: env!("CARGO_PKG_VERSION").to_owned(),
            generated_at: super::clock::now_rfc3339(),
            class: class.to_owned(),
            pack: pack_info(pack),
            trusted,
            self_reported,
            lessons: columns(pack),
            learners: Vec::new(),
        }
    }
}

/// The pack's origin and fingerprint as reports name them.
pub fn pack_info(pack: &LessonPack) -> PackInfo {
    PackInfo {
        origin: match &pack.origin {
            crate::lesson::PackOrigin::Embedded => "bundled".to_owned(),
            crate::lesson::PackOrigin::Dir(dir) => dir.display().to_string(),
        },
        fingerprint: crate::trust::fingerprint(pack),
    }
}

fn columns(pack: &LessonPack) -> Vec<LessonColumn> {
    pack.lessons
        .iter()
        .map(|l| LessonColumn {
            id: l.meta.id.clone(),
            title: l.meta.title.clone(),
            steps: l
                .steps
                .iter()
                .map(|s| StepColumn {
                    id: s.id.clone(),
                    title: s.title.clone(),
                })
                .collect(),
        })
        .collect()
}
