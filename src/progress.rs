//! The learner's progress: where they are and what they have done, saved atomically so a
//! crash or a full disk never leaves a half-written file. A damaged file is set aside.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Everything docktor remembers about the learner.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// The lesson open when docktor was last left.
    #[serde(default)]
    pub current_lesson: Option<String>,
    #[serde(default)]
    pub lessons: BTreeMap<String, LessonProgress>,
}

/// Progress in one lesson, by step id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LessonProgress {
    /// Index of the step the learner is on.
    #[serde(default)]
    pub current_step: usize,
    #[serde(default)]
    pub passed: BTreeSet<String>,
    /// How many hints of each step have been shown.
    #[serde(default)]
    pub hints_shown: BTreeMap<String, usize>,
    #[serde(default)]
    pub solutions_shown: BTreeSet<String>,
    /// When the current step was opened, in milliseconds since the Unix epoch: checks with
    /// `started_since_step` want work done after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_opened_at: Option<u64>,
}

impl LessonProgress {
    /// Makes `step` the current one; a step newly opened is stamped with `now`.
    pub fn open_step(&mut self, step: usize, now: std::time::SystemTime) {
        if self.current_step != step || self.step_opened_at.is_none() {
            let ms = now
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
            self.step_opened_at = Some(ms);
        }
        self.current_step = step;
    }

    /// When the current step was opened, if known.
    pub fn step_opened(&self) -> Option<std::time::SystemTime> {
        self.step_opened_at
            .map(|ms| std::time::UNIX_EPOCH + std::time::Duration::from_millis(ms))
    }
}

/// Where a lesson stands for the learner: steps passed of all its steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LessonStatus {
    pub passed: usize,
    pub total: usize,
    /// The learner has opened it (or passed a step) before.
    pub started: bool,
}

impl LessonStatus {
    pub fn done(&self) -> bool {
        self.total > 0 && self.passed == self.total
    }
}

/// How a progress file was found on load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadNote {
    /// No file yet: a new learner.
    Fresh,
    Loaded,
    /// The file could not be read as progress; it was moved to `set_aside`.
    Damaged {
        set_aside: PathBuf,
        reason: String,
    },
}

impl Progress {
    /// Progress of one lesson (empty when not started).
    pub fn lesson(&self, id: &str) -> LessonProgress {
        self.lessons.get(id).cloned().unwrap_or_default()
    }

    /// Where `lesson` stands: its steps passed, and whether it was ever started.
    pub fn status(&self, lesson: &crate::lesson::Lesson) -> LessonStatus {
        let progress = self.lessons.get(&lesson.meta.id);
        let passed = lesson
            .steps
            .iter()
            .filter(|s| progress.is_some_and(|p| p.passed.contains(&s.id)))
            .count();
        LessonStatus {
            passed,
            total: lesson.steps.len(),
            started: progress.is_some(),
        }
    }

    pub fn lesson_mut(&mut self, id: &str) -> &mut LessonProgress {
        self.lessons.entry(id.to_owned()).or_default()
    }
}

/// Loads progress; a damaged file is renamed beside itself and a fresh start is returned.
pub fn load(path: &Path) -> (Progress, LoadNote) {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return (Progress::default(), LoadNote::Fresh);
        }
        Err(e) => return set_aside(path, e.to_string()),
    };
    match toml::from_str::<Progress>(&text) {
        Ok(progress) => (progress, LoadNote::Loaded),
        Err(e) => set_aside(path, e.message().to_owned()),
    }
}

fn set_aside(path: &Path, reason: String) -> (Progress, LoadNote) {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let aside = path.with_extension(format!("toml.damaged-{stamp}"));
    let set_aside = match std::fs::rename(path, &aside) {
        Ok(()) => aside,
        Err(_) => path.to_path_buf(),
    };
    (Progress::default(), LoadNote::Damaged { set_aside, reason })
}

/// Saves progress atomically: a temporary file in the same folder, flushed, then renamed.
pub fn save(path: &Path, progress: &Progress) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let text = toml::to_string(progress).map_err(io::Error::other)?;
    let tmp = path.with_extension(format!("toml.tmp-{}", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_a_new_step_stamps_it_and_staying_keeps_the_stamp() {
        let t0 = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000);
        let t1 = t0 + std::time::Duration::from_secs(60);
        let mut p = LessonProgress::default();
        p.open_step(2, t0);
        assert_eq!(p.step_opened(), Some(t0));
        p.open_step(2, t1);
        assert_eq!(
            p.step_opened(),
            Some(t0),
            "re-entering the same step keeps its stamp"
        );
        p.open_step(3, t1);
        assert_eq!((p.current_step, p.step_opened()), (3, Some(t1)));
    }

    fn temp(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("docktor-progress-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("mkdir");
        dir.join("progress.toml")
    }

    #[test]
    fn saved_progress_loads_back_the_same() {
        let path = temp("roundtrip");
        let mut p = Progress {
            current_lesson: Some("run".into()),
            ..Default::default()
        };
        p.lesson_mut("run").current_step = 2;
        p.lesson_mut("run").passed.insert("say-hello".into());
        p.lesson_mut("run")
            .hints_shown
            .insert("say-hello".into(), 1);
        save(&path, &p).expect("save");
        assert_eq!(load(&path), (p, LoadNote::Loaded));
    }

    #[test]
    fn a_lesson_is_started_once_opened_and_done_when_every_step_passed() {
        let text = "+++\nid = \"l\"\ntitle = \"L\"\nformat_version = 1\n+++\n## One\n```toml check\n[[file]]\npath = \"a\"\n```\n## Two\n```toml check\n[[file]]\npath = \"b\"\n```\n";
        let lesson = crate::lesson::parse_lesson("l/lesson.md", text, Vec::new()).expect("parses");
        let mut p = Progress::default();
        let fresh = p.status(&lesson);
        assert_eq!(
            (fresh.passed, fresh.total, fresh.started, fresh.done()),
            (0, 2, false, false)
        );
        p.lesson_mut("l");
        assert!(p.status(&lesson).started);
        p.lesson_mut("l").passed.insert("one".into());
        p.lesson_mut("l").passed.insert("gone-step".into());
        assert_eq!(
            p.status(&lesson).passed,
            1,
            "only steps the lesson still has count"
        );
        p.lesson_mut("l").passed.insert("two".into());
        assert!(p.status(&lesson).done());
    }

    #[test]
    fn a_missing_file_is_a_fresh_start() {
        assert_eq!(load(&temp("missing")).1, LoadNote::Fresh);
    }

    #[test]
    fn a_damaged_file_is_set_aside_not_lost() {
        let path = temp("damaged");
        std::fs::write(&path, "current_lesson = [[[").expect("write");
        let (progress, note) = load(&path);
        assert_eq!(progress, Progress::default());
        let LoadNote::Damaged { set_aside, .. } = note else {
            panic!("damaged: {note:?}")
        };
        assert!(
            set_aside.exists(),
            "the damaged file is kept at {set_aside:?}"
        );
        assert!(!path.exists());
    }
}
