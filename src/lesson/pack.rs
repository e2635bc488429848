//! Lesson packs: the bundled course embedded in the binary, or a teacher's folder (`--lessons`).
//!
//! A pack is a folder of lesson folders, each with a `lesson.md` and its starter files, taken
//! in the order of the folder names (`01-run`, `02-ps`, ...). A broken lesson does not stop the
//! others from loading: its diagnostics are kept beside the lessons that did load.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Diagnostic, Lesson, StarterFile, parse_lesson};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_lessons.rs"));
}

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
    let mut pack = LessonPack {
        origin: PackOrigin::Embedded,
        lessons: Vec::new(),
        problems: Vec::new(),
    };
    let folders = folders
        .into_iter()
        .map(|(folder, entries)| Folder {
            name: format!("lessons/{folder}"),
            files: FolderFiles::InMemory(
                entries
                    .iter()
                    .map(|(p, b)| ((*p).to_owned(), b.to_vec()))
                    .collect(),
            ),
        })
        .collect();
    pack.add_all(folders);
    pack.check_unique_ids();
    pack
}

/// Loads every lesson folder under `dir` (or `dir` itself when it holds a `lesson.md`).
pub fn load_dir(dir: &Path) -> LessonPack {
    let mut pack = LessonPack {
        origin: PackOrigin::Dir(dir.to_path_buf()),
        lessons: Vec::new(),
        problems: Vec::new(),
    };
    let folders = if dir.join("lesson.md").is_file() {
        vec![dir.to_path_buf()]
    } else {
        match lesson_folders(dir) {
            Ok(folders) => folders,
            Err(message) => {
                pack.problems.push(Diagnostic {
                    file: dir.display().to_string(),
                    line: 1,
                    message,
                });
                return pack;
            }
        }
    };
    pack.add_all(
        folders
            .into_iter()
            .map(|path| Folder {
                name: path.display().to_string(),
                files: FolderFiles::OnDisk(path),
            })
            .collect(),
    );
    if pack.lessons.is_empty() && pack.problems.is_empty() {
        pack.problems.push(Diagnostic {
            file: dir.display().to_string(),
            line: 1,
            message: "no lessons here: a pack holds folders that each contain a lesson.md"
                .to_owned(),
        });
    }
    pack.check_unique_ids();
    pack
}

fn lesson_folders(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read the lessons folder: {e}"))?;
    let mut folders: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("lesson.md").is_file())
        .collect();
    folders.sort();
    Ok(folders)
}

fn read_tree(root: &Path, dir: &Path, files: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            read_tree(root, &path, files)?;
        } else {
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            files.push((rel, std::fs::read(&path)?));
        }
    }
    Ok(())
}

/// One lesson folder to load: its name for messages, and where its files are.
struct Folder {
    name: String,
    files: FolderFiles,
}

enum FolderFiles {
    InMemory(Vec<(String, Vec<u8>)>),
    OnDisk(PathBuf),
}

/// Packs from this many lessons on are read and parsed on every core; below it, threads
/// would cost more than they save.
const PARALLEL_FROM: usize = 32;

/// Reads and parses `folders`, keeping their order: on every core for a large pack.
fn load_folders(folders: Vec<Folder>) -> Vec<Result<Lesson, Vec<Diagnostic>>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if folders.len() < PARALLEL_FROM || threads < 2 {
        return folders.into_iter().map(load_folder).collect();
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
                scope.spawn(move || chunk.into_iter().map(load_folder).collect::<Vec<_>>())
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

/// Reads one folder (when on disk) and parses its `lesson.md` with its starter files.
fn load_folder(folder: Folder) -> Result<Lesson, Vec<Diagnostic>> {
    let files = match folder.files {
        FolderFiles::InMemory(files) => files,
        FolderFiles::OnDisk(path) => {
            let mut files = Vec::new();
            read_tree(&path, &path, &mut files).map_err(|e| {
                vec![Diagnostic {
                    file: folder.name.clone(),
                    line: 1,
                    message: format!("cannot read the lesson folder: {e}"),
                }]
            })?;
            files
        }
    };
    parse_folder(&folder.name, files)
}

/// Parses one lesson folder's files (`lesson.md` plus starter files).
fn parse_folder(folder: &str, files: Vec<(String, Vec<u8>)>) -> Result<Lesson, Vec<Diagnostic>> {
    let source = format!("{folder}/lesson.md");
    let mut text = None;
    let mut starters = Vec::new();
    for (path, contents) in files {
        if path == "lesson.md" {
            text = Some(contents);
        } else {
            starters.push(StarterFile { path, contents });
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
    parse_lesson(&source, &text, starters)
}

impl LessonPack {
    fn add_all(&mut self, folders: Vec<Folder>) {
        for loaded in load_folders(folders) {
            match loaded {
                Ok(lesson) => self.lessons.push(lesson),
                Err(diags) => self.problems.extend(diags),
            }
        }
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
        let dir = std::env::temp_dir().join(format!("docktor-pack-order-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
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
        let _ = std::fs::remove_dir_all(&dir);
    }
}
