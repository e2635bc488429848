//! Classroom labs: a teacher grades a whole class from a roster and reads one report, as a
//! terminal table, JSON, CSV, an HTML page, or live (`--watch`); learners whose engines
//! cannot be reached submit a file instead. Grading a class only reads learners' engines.

mod clock;
pub mod csv;
mod grade;
pub mod html;
mod policy;
mod report;
mod roster;
mod submit;
pub mod table;
pub mod watch;

pub use clock::now_rfc3339;
pub use grade::{Scope, grade_class, grade_engine, grade_learner};
pub use policy::{acts, read_only};
pub use report::{
    CheckOutcome, CheckResult, ClassReport, LearnerReport, LessonColumn, LessonResult, PackInfo,
    SCHEMA_VERSION, StepColumn, StepResult,
};
pub use roster::{DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT, Learner, Roster, RosterError};
pub use submit::{KIND as SUBMISSION_KIND, Submission, read_dir};

/// The report as the documented JSON (pretty, for people and scripts alike).
pub fn to_json(report: &ClassReport) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

#[cfg(test)]
mod lang_tests;
