//! Lesson packs: the bundled course embedded in the binary, or a teacher's folder (`--lessons`).
//!
//! A pack is a folder of lesson folders, each with a `lesson.md` and its starter files, taken
//! in the order of the folder names (`01-run`, `02-ps`, ...). A broken lesson does not stop the
//! others from loading: its diagnostics are kept beside the lessons that did load.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;

use sha2::{Digest, Sha256};

use super::files::{RawFile, diagnostic, lesson_folders, read_tree};
use super::translation::read_starters;
use super::{Diagnostic, Finding, Lesson, StarterFile, parse_lesson, read_translation};
use crate::i18n::Lang;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_lessons.rs"));
}

/// The largest `lesson.md` docktor reads (1 MB): a longer lesson is refused, not rendered.
pub const LESSON_MAX_BYTES: u64 = 1 << 20;
/// The largest starter file a pack may ship (4 MB).
pub const STARTER_MAX_BYTES: u64 = 4 << 20;
/// The most a whole pack may hold, all files together (32 MB).
pub const PACK_MAX_BYTES: u64 = 32 << 20;

/// Where a pack came from: trust and messages depend on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackOrigin {
    /// The course shipped inside docktor.
    Embedded,
    /// A folder given with `--lessons`.
    Dir(PathBuf),
}

/// The lessons of one pack, in order, and the problems of those that did not load.
#[derive(Debug, Clone)]
pub struct LessonPack {
    pub origin: PackOrigin,
    pub lessons: Vec<Lesson>,
    pub problems: Vec<Diagnostic>,
    /// SHA-256 over every file read, each as its length-prefixed path (relative to the
    /// pack) and length-prefixed bytes, in order: what trust is given to.
    pub fingerprint: String,
}

impl LessonPack {
    /// Finds a lesson by id, or by 1-based position in the pack.
    pub fn find(&self, key: &str) -> Option<&Lesson> {
        if let Ok(n) = key.parse::<usize>() {
            return n.checked_sub(1).and_then(|i| self.lessons.get(i));
        }
        self.lessons.iter().find(|l| l.meta.id == key)
    }

    /// True when the pack's commands may only run once the user trusts it.
    pub fn needs_trust(&self) -> bool {
        matches!(self.origin, PackOrigin::Dir(_))
    }
}

/// Loads the course embedded in the binary.
pub fn load_embedded() -> LessonPack {
    let mut folders: BTreeMap<&str, Vec<(&str, &[u8])>> = BTreeMap::new();
    for (path, bytes) in embedded::FILES {
        if let Some((folder, rest)) = path.split_once('/') {
            folders.entry(folder).or_default().push((rest, bytes));
        }
    }
    let folders = folders
        .into_iter()
        .map(|(folder, entries)| Folder {
            name: format!("lessons/{folder}"),
            rel: folder.to_owned(),
            files: FolderFiles::InMemory(
                entries
                    .iter()
                    .map(|(p, b)| ((*p).to_owned(), b.to_vec(), 0o644))
                    .collect(),
            ),
        })
        .collect();
    LessonPack::from_folders(PackOrigin::Embedded, folders, Vec::new())
}

/// Loads every lesson folder under `dir` (or `dir` itself when it holds a `lesson.md`).
pub fn load_dir(dir: &Path) -> LessonPack {
    let origin = PackOrigin::Dir(dir.to_path_buf());
    let single = std::fs::symlink_metadata(dir.join("lesson.md")).is_ok_and(|m| !m.is_dir());
    let paths = if single {
        vec![dir.to_path_buf()]
    } else {
        match lesson_folders(dir) {
            Ok(folders) => folders,
            Err(problem) => return LessonPack::from_folders(origin, Vec::new(), vec![problem]),
        }
    };
    let folders = paths
        .into_iter()
        .map(|path| Folder {
            name: path.display().to_string(),
            rel: path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .into_owned(),
            files: FolderFiles::OnDisk {
                root: dir.to_path_buf(),
                folder: path,
            },
        })
        .collect();
    let mut pack = LessonPack::from_folders(origin, folders, Vec::new());
    if pack.lessons.is_empty() && pack.problems.is_empty() {
        pack.problems.push(diagnostic(
            dir,
            "no lessons here: a pack holds folders that each contain a lesson.md".to_owned(),
        ));
    }
    pack
}

/// One lesson folder to load: its name for messages, its path in the pack, its files.
struct Folder {
    name: String,
    /// Relative to the pack (empty for a pack that is one lesson): what the fingerprint names.
    rel: String,
    files: FolderFiles,
}

enum FolderFiles {
    InMemory(Vec<RawFile>),
    OnDisk { root: PathBuf, folder: PathBuf },
}

/// One folder read and parsed, with the digest of what was read.
struct Loaded {
    lesson: Result<Lesson, Vec<Diagnostic>>,
    digest: Vec<u8>,
}

/// Packs from this many lessons on are read and parsed on every core; below it, threads
/// would cost more than they save.
const PARALLEL_FROM: usize = 32;

/// Reads and parses `folders`, keeping their order: on every core for a large pack.
fn load_folders(folders: Vec<Folder>) -> Vec<Loaded> {
    let budget = AtomicU64::new(PACK_MAX_BYTES);
    let budget = &budget;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if folders.len() < PARALLEL_FROM || threads < 2 {
        return folders
            .into_iter()
            .map(|f| load_folder(f, budget))
            .collect();
    }
    let per_thread = folders.len().div_ceil(threads);
    let mut chunks: Vec<Vec<Folder>> = Vec::new();
    let mut rest = folders.into_iter();
    loop {
        let chunk: Vec<Folder> = rest.by_ref().take(per_thread).collect();
        if chunk.is_empty() {
            break;
        }
        chunks.push(chunk);
    }
    std::thread::scope(|scope| {
        let workers: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .into_iter()
                        .map(|f| load_folder(f, budget))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// Feeds one length-prefixed field: no two different packs can feed the same bytes.
fn feed(hash: &mut Sha256, bytes: &[u8]) {
    hash.update((bytes.len() as u64).to_le_bytes());
    hash.update(bytes);
}

/// Reads one folder (when on disk) and parses its `lesson.md` with its starter files.
fn load_folder(folder: Folder, budget: &AtomicU64) -> Loaded {
    let mut hash = Sha256::new();
    feed(&mut hash, folder.rel.as_bytes());
    let files = match folder.files {
        FolderFiles::InMemory(files) => Ok(files),
        FolderFiles::OnDisk { root, folder: path } => {
            let mut files = Vec::new();
            read_tree(&root, &path, &path, budget, &mut files).map(|()| files)
        }
    };
    let files = match files {
        Ok(files) => files,
        Err(problem) => {
            feed(&mut hash, problem.to_string().as_bytes());
            return Loaded {
                lesson: Err(vec![problem]),
                digest: hash.finalize().to_vec(),
            };
        }
    };
    for (path, bytes, _) in &files {
        feed(&mut hash, path.as_bytes());
        feed(&mut hash, bytes);
    }
    Loaded {
        lesson: parse_folder(&folder.name, files),
        digest: hash.finalize().to_vec(),
    }
}

/// Parses one lesson folder's files: `lesson.md`, its translations (`lesson.LANG.md`) and
/// its starter files.
fn parse_folder(folder: &str, files: Vec<RawFile>) -> Result<Lesson, Vec<Diagnostic>> {
    let source = format!("{folder}/lesson.md");
    let mut text = None;
    let mut translations = Vec::new();
    let mut translated_starters: Vec<(String, StarterFile)> = Vec::new();
    let mut starters = Vec::new();
    for (path, contents, mode) in files {
        if path == "lesson.md" {
            text = Some(contents);
        } else if let Some(code) = translation_code(&path) {
            translations.push((code.to_owned(), path, contents));
        } else if let Some((code, rest)) = translated_starter(&path) {
            translated_starters.push((
                code.to_owned(),
                StarterFile {
                    path: rest.to_owned(),
                    contents,
                    mode,
                },
            ));
        } else {
            starters.push(StarterFile {
                path,
                contents,
                mode,
            });
        }
    }
    let Some(bytes) = text else {
        return Err(vec![Diagnostic {
            file: source,
            line: 1,
            message: "missing lesson.md".to_owned(),
        }]);
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return Err(vec![Diagnostic {
            file: source,
            line: 1,
            message: "lesson.md is not valid UTF-8 text".to_owned(),
        }]);
    };
    let mut lesson = parse_lesson(&source, &text, starters)?;
    for (code, path, bytes) in translations {
        let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut translated_starters)
            .into_iter()
            .partition(|(c, _)| *c == code);
        translated_starters = rest;
        let mine_files = mine.into_iter().map(|(_, f)| f).collect();
        add_translation(
            &mut lesson,
            (folder, &format!("{folder}/{path}")),
            &code,
            bytes,
            mine_files,
        );
    }
    for (code, file) in translated_starters {
        lesson.translation_findings.push(Finding {
            error: false,
            diagnostic: Diagnostic {
                file: format!("{folder}/lesson.{code}/{}", file.path),
                line: 1,
                message: format!(
                    "there is no lesson.{code}.md beside it, so this translated starter file is not used"
                ),
            },
        });
    }
    Ok(lesson)
}

/// A translated starter file's language and path (`lesson.sv/Dockerfile` gives `sv` and
/// `Dockerfile`).
fn translated_starter(path: &str) -> Option<(&str, &str)> {
    let (top, rest) = path.split_once('/')?;
    let code = top.strip_prefix("lesson.")?;
    (!code.is_empty() && !code.contains('.')).then_some((code, rest))
}

/// The language code of a translation file's name (`lesson.sv.md` gives `sv`).
fn translation_code(path: &str) -> Option<&str> {
    let code = path.strip_prefix("lesson.")?.strip_suffix(".md")?;
    (!code.is_empty() && !code.contains(['/', '.'])).then_some(code)
}

/// Reads one translation of `lesson` and keeps it when it matches; what it finds stays with
/// the lesson for `lint` and the tutor.
fn add_translation(
    lesson: &mut Lesson,
    (folder, source): (&str, &str),
    code: &str,
    bytes: Vec<u8>,
    starters: Vec<StarterFile>,
) {
    let finding = |error: bool, message: String| Finding {
        error,
        diagnostic: Diagnostic {
            file: source.to_owned(),
            line: 1,
            message,
        },
    };
    let lang = match Lang::parse(code) {
        Some(lang) if lang.code() == code => lang,
        _ => {
            lesson.translation_findings.push(finding(
                false,
                format!(
                    "`{code}` is not a language docktor has ({}), so this file is not read",
                    Lang::codes()
                ),
            ));
            return;
        }
    };
    if lang == lesson.meta.lang {
        lesson.translation_findings.push(finding(
            true,
            format!(
                "lesson.md is already in `{code}`: a translation into its own language is not read"
            ),
        ));
        return;
    }
    let Ok(text) = String::from_utf8(bytes) else {
        lesson
            .translation_findings
            .push(finding(true, "not valid UTF-8 text".to_owned()));
        return;
    };
    let (translation, findings) = read_translation(source, lang, &text, lesson);
    lesson.translation_findings.extend(findings);
    let (starters, findings) = read_starters(folder, code, starters, lesson);
    let starters_ok = findings.iter().all(|f| !f.error);
    lesson.translation_findings.extend(findings);
    if let Some(mut translation) = translation.filter(|_| starters_ok) {
        let originals: Vec<StarterFile> = lesson
            .files
            .iter()
            .filter(|f| starters.iter().any(|t| t.path == f.path))
            .cloned()
            .collect();
        translation.files = starters;
        let words = std::sync::Arc::make_mut(&mut lesson.words);
        for original in originals {
            if !words[0].files.iter().any(|f| f.path == original.path) {
                words[0].files.push(original);
            }
        }
        words.push(translation);
        // The original first, then the translations in the order of `Lang::ALL`.
        words[1..].sort_by_key(|w| w.lang);
    }
}

impl LessonPack {
    fn from_folders(origin: PackOrigin, folders: Vec<Folder>, problems: Vec<Diagnostic>) -> Self {
        let mut pack = LessonPack {
            origin,
            lessons: Vec::new(),
            problems,
            fingerprint: String::new(),
        };
        let mut hash = Sha256::new();
        for loaded in load_folders(folders) {
            feed(&mut hash, &loaded.digest);
            match loaded.lesson {
                Ok(lesson) => pack.lessons.push(lesson),
                Err(diags) => pack.problems.extend(diags),
            }
        }
        for problem in &pack.problems {
            feed(&mut hash, problem.to_string().as_bytes());
        }
        pack.fingerprint = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
        pack.check_unique_ids();
        pack
    }

    fn check_unique_ids(&mut self) {
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        let mut keep = Vec::new();
        for lesson in std::mem::take(&mut self.lessons) {
            if let Some(first) = seen.get(&lesson.meta.id) {
                self.problems.push(Diagnostic {
                    file: lesson.source.clone(),
                    line: 1,
                    message: format!("id `{}` is already used by {first}", lesson.meta.id),
                });
            } else {
                seen.insert(lesson.meta.id.clone(), lesson.source.clone());
                keep.push(lesson);
            }
        }
        self.lessons = keep;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_pack_loads_in_folder_order_and_keeps_its_broken_lessons_apart() {
        let scratch = crate::scratch::Scratch::new("pack-order");
        let dir = scratch.path().to_path_buf();
        let count = PARALLEL_FROM * 3;
        for i in 0..count {
            let folder = dir.join(format!("{i:03}-l"));
            std::fs::create_dir_all(&folder).expect("mkdir");
            let text = if i == 40 {
                "not a lesson".to_owned()
            } else {
                format!(
                    "+++\nid = \"l{i}\"\ntitle = \"L\"\nformat_version = 1\n+++\n## S\n```toml check\n[[file]]\npath = \"x\"\n```\n"
                )
            };
            std::fs::write(folder.join("lesson.md"), text).expect("write");
        }
        let pack = load_dir(&dir);
        let ids: Vec<String> = pack.lessons.iter().map(|l| l.meta.id.clone()).collect();
        let expected: Vec<String> = (0..count)
            .filter(|&i| i != 40)
            .map(|i| format!("l{i}"))
            .collect();
        assert_eq!(ids, expected);
        assert_eq!(pack.problems.len(), 1);
        assert!(
            pack.problems[0].file.ends_with("040-l/lesson.md"),
            "{:?}",
            pack.problems
        );
    }

    #[test]
    fn every_bundled_lesson_is_translated_into_every_language_and_matches_its_original() {
        let pack = load_embedded();
        assert!(pack.problems.is_empty(), "{:?}", pack.problems);
        for lesson in &pack.lessons {
            assert!(
                lesson.translation_findings.is_empty(),
                "{}: {:?}",
                lesson.source,
                lesson.translation_findings
            );
            assert_eq!(
                lesson.languages(),
                crate::i18n::Lang::ALL,
                "{}",
                lesson.source
            );
            assert!(
                !lesson.files.iter().any(|f| f.path.starts_with("lesson.")),
                "translations are not starter files: {}",
                lesson.source
            );
            for lang in crate::i18n::Lang::ALL {
                let shown = lesson.in_lang(lang);
                assert_eq!(shown.lang, lang);
                assert!(
                    shown.steps.iter().all(|s| !s.untranslated),
                    "{}",
                    lesson.source
                );
                assert_eq!(shown.steps.len(), lesson.steps.len());
                for (a, b) in shown.steps.iter().zip(&lesson.steps) {
                    assert_eq!(a.id, b.id);
                    assert_eq!(a.solution, b.solution);
                    assert_eq!(a.setup, b.setup);
                    assert_eq!(a.checks.len(), b.checks.len());
                }
            }
        }
    }

    #[test]
    fn a_translated_starter_file_is_swapped_in_and_back_out() {
        let pack = load_embedded();
        let lesson = pack.find("10-config").expect("lesson 10");
        let dockerfile = |l: &Lesson| {
            l.files
                .iter()
                .find(|f| f.path == "Dockerfile")
                .map(|f| f.contents.clone())
                .expect("a Dockerfile")
        };
        let swedish = lesson.in_lang(crate::i18n::Lang::Sv);
        assert_ne!(
            dockerfile(&swedish),
            dockerfile(lesson),
            "comments in Swedish"
        );
        assert_eq!(
            dockerfile(&swedish.in_lang(crate::i18n::Lang::En)),
            dockerfile(lesson)
        );
        assert_eq!(
            swedish.in_lang(crate::i18n::Lang::Nb).files.len(),
            lesson.files.len()
        );
    }

    #[test]
    fn the_fingerprint_names_every_file_unambiguously() {
        let scratch = crate::scratch::Scratch::new("fingerprint");
        let lesson = "+++\nid = \"l\"\ntitle = \"L\"\nformat_version = 1\n+++\n## S\n```toml check\n[[file]]\npath = \"x\"\n```\n";
        std::fs::write(scratch.path().join("lesson.md"), lesson).expect("write");
        std::fs::write(scratch.path().join("ab"), "c").expect("write");
        let first = load_dir(scratch.path()).fingerprint;
        std::fs::remove_file(scratch.path().join("ab")).expect("rm");
        std::fs::write(scratch.path().join("a"), "bc").expect("write");
        let moved = load_dir(scratch.path()).fingerprint;
        assert_ne!(
            first, moved,
            "moving bytes between name and content changes it"
        );
        assert_eq!(moved.len(), 64, "a SHA-256 in hex");
    }
}
