//! Self-reported results: a learner's `docktor submit` file, and a folder of them read back
//! into a class report (`docktor class --from DIR`), each row marked as self-reported.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::report::{ClassReport, LearnerReport, PackInfo, SCHEMA_VERSION};
use crate::lesson::LessonPack;
use crate::trf;

/// What `docktor submit` writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    /// Always `docktor-submission`: tells a submission from other JSON.
    pub kind: String,
    pub schema_version: u32,
    pub docktor_version: String,
    pub submitted_at: String,
    pub pack: PackInfo,
    /// The learner's results; `name` is empty when `--name` was not given.
    pub learner: LearnerReport,
}

/// The `kind` of a submission file.
pub const KIND: &str = "docktor-submission";

impl Submission {
    /// Wraps a learner's own grading as a submission.
    pub fn new(pack: &LessonPack, mut learner: LearnerReport) -> Self {
        learner.self_reported = true;
        Self {
            kind: KIND.to_owned(),
            schema_version: SCHEMA_VERSION,
            docktor_version: env!("CARGO_PKG_VERSION").to_owned(),
            submitted_at: super::clock::now_rfc3339(),
            pack: super::report::pack_info(pack),
            learner,
        }
    }
}

/// The learner's name for a file: its `name`, else the file's name (`alice.json` is alice).
fn name_for(submission: &Submission, file: &Path) -> String {
    let given = submission.learner.name.trim();
    if given.is_empty() {
        file.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        given.to_owned()
    }
}

/// Reads every `*.json` in `dir` (by file name) into a report of `pack`. A file that is not
/// a submission, or was graded on another pack, becomes a row that says so.
pub fn read_dir(dir: &Path, class: &str, pack: &LessonPack) -> Result<ClassReport, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| trf!("cannot read {}: {}", dir.display(), e))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json") && p.is_file())
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(trf!(
            "{} holds no submitted files (*.json from `docktor submit`)",
            dir.display()
        ));
    }
    let mut report = ClassReport::new(class, pack, false, true);
    let fingerprint = report.pack.fingerprint.clone();
    report.learners = files.iter().map(|f| read_one(f, &fingerprint)).collect();
    Ok(report)
}

fn read_one(file: &Path, fingerprint: &str) -> LearnerReport {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let parsed = std::fs::read_to_string(file)
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str::<Submission>(&t).map_err(|e| e.to_string()));
    let source = trf!("submitted {}", file.display());
    match parsed {
        Ok(s) if s.kind == KIND && s.schema_version == SCHEMA_VERSION => {
            let mut learner = s.learner.clone();
            learner.name = name_for(&s, file);
            learner.source = source;
            learner.self_reported = true;
            if s.pack.fingerprint != fingerprint && learner.reachable {
                learner.problem = Some(trf!(
                    "graded on another version of the lessons (pack {}); results may not match the columns",
                    s.pack.fingerprint
                ));
            }
            learner
        }
        Ok(s) => unreadable(
            stem,
            source,
            trf!(
                "not a docktor submission of schema {} (kind `{}`, schema {})",
                SCHEMA_VERSION,
                s.kind,
                s.schema_version
            ),
        ),
        Err(e) => unreadable(stem, source, trf!("not a docktor submission: {}", e)),
    }
}

fn unreadable(name: String, source: String, problem: String) -> LearnerReport {
    LearnerReport {
        name,
        source,
        self_reported: true,
        reachable: false,
        problem: Some(problem),
        engine_id: None,
        graded_at: String::new(),
        has_progress: false,
        lessons: Vec::new(),
    }
}
