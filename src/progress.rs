//! The learner's progress: where they are and what they have done, saved atomically so a
//! crash or a full disk never leaves a half-written file. A damaged file is set aside.
//!
//! Several writers may share one file (two tutors, a `docktor check` while the tutor runs):
//! each save takes a lock, re-reads the file, merges it with what this writer knows (passes,
//! hints and shown solutions are never lost) and replaces it atomically.

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
    /// The language the learner chose in the tutor (`--lang` and `DOCKTOR_LANG` still win).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<crate::i18n::Lang>,
    /// Lessons this writer reset on purpose: their entry on disk is replaced, not merged.
    #[serde(skip)]
    pub forgotten: BTreeSet<String>,
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
    /// When the learner started the lesson (seconds since the Unix epoch), stamped by the
    /// first save that holds it: reset removes only objects made since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<i64>,
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

    /// Forgets a lesson (a lesson reset): from now on this writer's record of it wins over what
    /// is on disk, so the passes from before the reset never come back through a merge, even
    /// when the learner works on in the lesson before the save lands. When the lesson was
    /// started is kept: what the learner made since is still its.
    pub fn forget(&mut self, id: &str) {
        let started_at = self.lessons.remove(id).and_then(|p| p.started_at);
        if started_at.is_some() {
            self.lessons.insert(
                id.to_owned(),
                LessonProgress {
                    started_at,
                    ..Default::default()
                },
            );
        }
        self.forgotten.insert(id.to_owned());
    }

    /// This writer's progress merged over `disk` (what another writer saved meanwhile):
    /// everything either passed stays passed; where they differ otherwise, this one wins.
    pub fn merged_over(&self, disk: &Progress) -> Progress {
        let mut merged = self.clone();
        for (id, theirs) in &disk.lessons {
            if self.forgotten.contains(id) {
                continue;
            }
            let Some(mine) = merged.lessons.get_mut(id) else {
                merged.lessons.insert(id.clone(), theirs.clone());
                continue;
            };
            mine.passed.extend(theirs.passed.iter().cloned());
            mine.solutions_shown
                .extend(theirs.solutions_shown.iter().cloned());
            for (step, n) in &theirs.hints_shown {
                let shown = mine.hints_shown.entry(step.clone()).or_default();
                *shown = (*shown).max(*n);
            }
            mine.started_at = match (mine.started_at, theirs.started_at) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        if merged.current_lesson.is_none() {
            merged.current_lesson.clone_from(&disk.current_lesson);
        }
        if merged.lang.is_none() {
            merged.lang = disk.lang;
        }
        merged.forgotten.clear();
        merged
    }
}

/// Seconds since the Unix epoch, now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
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

/// Reads progress without touching the file: a missing or damaged one reads as empty.
pub fn read(path: &Path) -> Progress {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| toml::from_str(&text).ok())
        .unwrap_or_default()
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

/// Saves progress: under a lock on `progress.toml.lock`, re-reads the file, merges `progress`
/// over it ([`Progress::merged_over`]), stamps lessons without `started_at`, and replaces the
/// file atomically (a temporary file in the same folder, flushed, then renamed).
pub fn save(path: &Path, progress: &Progress) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path.with_extension("toml.lock"))?;
    lock.lock()?;
    remove_stale_temps(path);
    let disk = read(path);
    let mut merged = progress.merged_over(&disk);
    let now = now();
    for lesson in merged.lessons.values_mut() {
        lesson.started_at.get_or_insert(now);
    }
    let text = toml::to_string(&merged).map_err(io::Error::other)?;
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

/// Removes `progress.toml.tmp-*` files a crashed writer left. Called under the lock: a live
/// writer makes and renames its temporary file only while holding it, so any found is stale.
fn remove_stale_temps(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let prefix = format!("{}.tmp-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Reads a progress file without changing it (a damaged one is an error, not set aside):
/// for a teacher's grading and for `progress import`. `Ok(None)` when there is no file.
pub fn read_strict(path: &Path) -> Result<Option<Progress>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    toml::from_str::<Progress>(&text).map(Some).map_err(|e| {
        format!(
            "{} is not a docktor progress file: {}",
            path.display(),
            e.message()
        )
    })
}

/// Writes `progress` to `path` for another machine (`docktor progress export`).
pub fn export(path: &Path, progress: &Progress) -> io::Result<()> {
    let text = toml::to_string(progress).map_err(io::Error::other)?;
    let header = format!(
        "# docktor progress, exported by docktor {}; bring it in with `docktor progress import FILE`\n",
        env!("CARGO_PKG_VERSION")
    );
    std::fs::write(path, header + &text)
}

/// What an import added to the progress already here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merged {
    /// Steps passed in the import and not here before, as `lesson:step`.
    pub newly_passed: Vec<String>,
    /// Lessons where the import is further along (its current step is later).
    pub moved_on: Vec<String>,
}

impl Progress {
    /// Merges `other` in without losing anything here: a passed step stays passed, the
    /// current step and hint counts only move forward, solutions seen stay seen. So a newer
    /// result is never overwritten by an older one, whichever side holds it.
    pub fn merge_import(&mut self, other: &Progress) -> Merged {
        let mut merged = Merged::default();
        for (id, theirs) in &other.lessons {
            let ours = self.lesson_mut(id);
            for step in &theirs.passed {
                if ours.passed.insert(step.clone()) {
                    merged.newly_passed.push(format!("{id}:{step}"));
                }
            }
            if theirs.current_step > ours.current_step {
                ours.current_step = theirs.current_step;
                merged.moved_on.push(id.clone());
            }
            for (step, n) in &theirs.hints_shown {
                let here = ours.hints_shown.entry(step.clone()).or_default();
                *here = (*here).max(*n);
            }
            ours.solutions_shown
                .extend(theirs.solutions_shown.iter().cloned());
        }
        if self.current_lesson.is_none() {
            self.current_lesson.clone_from(&other.current_lesson);
        }
        merged
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> (crate::scratch::Scratch, PathBuf) {
        let dir = crate::scratch::Scratch::new(name);
        let path = dir.path().join("progress.toml");
        (dir, path)
    }

    #[test]
    fn the_language_chosen_by_one_writer_survives_another_writers_save() {
        let disk = Progress {
            lang: Some(crate::i18n::Lang::Nb),
            ..Default::default()
        };
        let mine = Progress::default();
        assert_eq!(mine.merged_over(&disk).lang, Some(crate::i18n::Lang::Nb));
        let mine = Progress {
            lang: Some(crate::i18n::Lang::Sv),
            ..Default::default()
        };
        assert_eq!(
            mine.merged_over(&disk).lang,
            Some(crate::i18n::Lang::Sv),
            "the new choice wins"
        );
    }

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

    #[test]
    fn saved_progress_loads_back_the_same() {
        let (_dir, path) = temp("roundtrip");
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
        let (loaded, note) = load(&path);
        assert_eq!(note, LoadNote::Loaded);
        assert!(
            loaded.lessons["run"].started_at.is_some(),
            "a save stamps when"
        );
        p.lesson_mut("run").started_at = loaded.lessons["run"].started_at;
        assert_eq!(loaded, p);
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
        let (_dir, path) = temp("missing");
        assert_eq!(load(&path).1, LoadNote::Fresh);
    }

    #[test]
    fn a_damaged_file_is_set_aside_not_lost() {
        let (_dir, path) = temp("damaged");
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
    #[test]
    fn an_import_adds_what_is_new_and_never_takes_back_a_result() {
        let mut here = Progress::default();
        here.lesson_mut("run").passed.insert("one".into());
        here.lesson_mut("run").current_step = 3;
        here.lesson_mut("run").hints_shown.insert("two".into(), 2);
        let mut there = Progress {
            current_lesson: Some("ports".into()),
            ..Default::default()
        };
        there.lesson_mut("run").current_step = 1;
        there.lesson_mut("run").hints_shown.insert("two".into(), 1);
        there.lesson_mut("run").passed.insert("two".into());
        there.lesson_mut("ports").passed.insert("publish".into());
        there.lesson_mut("ports").current_step = 1;
        let merged = here.merge_import(&there);
        assert_eq!(merged.newly_passed, vec!["ports:publish", "run:two"]);
        assert_eq!(merged.moved_on, vec!["ports"]);
        let run = here.lesson("run");
        assert_eq!(run.current_step, 3, "an older current step does not win");
        assert_eq!(run.hints_shown["two"], 2);
        assert!(run.passed.contains("one") && run.passed.contains("two"));
        assert_eq!(here.current_lesson.as_deref(), Some("ports"));
        assert_eq!(
            here.clone().merge_import(&there),
            Merged::default(),
            "a second import adds nothing"
        );
    }

    #[test]
    fn exported_progress_reads_back_and_a_foreign_file_is_refused_unchanged() {
        let (_dir, path) = temp("export");
        let mut p = Progress::default();
        p.lesson_mut("run").passed.insert("say-hello".into());
        export(&path, &p).expect("export");
        assert_eq!(read_strict(&path), Ok(Some(p)));
        std::fs::write(&path, "lessons = 3").expect("write");
        let err = read_strict(&path).expect_err("not progress");
        assert!(err.contains("not a docktor progress file"), "{err}");
        assert!(path.exists(), "reading never moves the file");
        assert_eq!(read_strict(&path.with_extension("none")), Ok(None));
    }
}
