//! The class roster (`class.toml`): the class, its lesson pack, and how to reach each
//! learner's engine. Names are data: they are shown and escaped, never given to a shell.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::engine::Endpoint;
use crate::{tr, trf};

/// How many engines are graded at once unless the roster says otherwise.
pub const DEFAULT_CONCURRENCY: usize = 8;
/// How long one learner's engine may take, all of its grading included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

/// A parsed roster.
#[derive(Debug, Clone, PartialEq)]
pub struct Roster {
    pub class: String,
    /// The lesson pack folder; `None` is the bundled course.
    pub pack: Option<PathBuf>,
    /// The teacher trusts the pack's acting checks (exec in containers, HTTP requests).
    pub trusted: bool,
    pub concurrency: usize,
    pub timeout: Duration,
    pub learners: Vec<Learner>,
}

/// One learner of the roster.
#[derive(Debug, Clone, PartialEq)]
pub struct Learner {
    pub name: String,
    pub endpoint: Endpoint,
    /// Lesson ids assigned; `None` is every lesson of the pack.
    pub lessons: Option<Vec<String>>,
    /// The learner's workspace folder (lab server), for Dockerfile and file checks.
    pub workspace: Option<PathBuf>,
    /// The learner's progress file (lab server), read only, never written.
    pub progress: Option<PathBuf>,
}

/// Why a roster cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RosterError {
    #[error("cannot read the roster {path}: {detail}")]
    Read { path: String, detail: String },
    #[error("{path}: {detail}")]
    Invalid { path: String, detail: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoster {
    class: String,
    #[serde(default)]
    pack: Option<PathBuf>,
    #[serde(default)]
    trusted: bool,
    #[serde(default)]
    concurrency: Option<usize>,
    #[serde(default)]
    timeout_seconds: Option<u64>,
    #[serde(default)]
    learner: Vec<RawLearner>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLearner {
    name: String,
    #[serde(default)]
    host: Option<String>,
    #[serde(default)]
    context: Option<String>,
    #[serde(default)]
    tls_verify: Option<bool>,
    #[serde(default)]
    cert_path: Option<PathBuf>,
    #[serde(default)]
    lessons: Option<Vec<String>>,
    #[serde(default)]
    workspace: Option<PathBuf>,
    #[serde(default)]
    progress: Option<PathBuf>,
}

impl Roster {
    /// Reads and checks a roster file; relative paths in it are taken from its folder.
    pub fn load(path: &Path) -> Result<Self, RosterError> {
        let text = std::fs::read_to_string(path).map_err(|e| RosterError::Read {
            path: path.display().to_string(),
            detail: e.to_string(),
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        Self::parse(&text, base).map_err(|detail| RosterError::Invalid {
            path: path.display().to_string(),
            detail,
        })
    }

    /// Parses roster text; `base` resolves relative paths.
    pub fn parse(text: &str, base: &Path) -> Result<Self, String> {
        let raw: RawRoster = toml::from_str(text).map_err(|e| e.to_string())?;
        if raw.learner.is_empty() {
            return Err(tr!("the roster has no learners: add one `[[learner]]` table each").into());
        }
        let mut seen = BTreeSet::new();
        let mut learners = Vec::new();
        for l in raw.learner {
            learners.push(learner(l, base, &mut seen)?);
        }
        let concurrency = raw.concurrency.unwrap_or(DEFAULT_CONCURRENCY);
        if concurrency == 0 {
            return Err(tr!("`concurrency` must be at least 1").into());
        }
        let timeout = match raw.timeout_seconds {
            Some(0) => return Err(tr!("`timeout_seconds` must be at least 1").into()),
            Some(s) => Duration::from_secs(s),
            None => DEFAULT_TIMEOUT,
        };
        Ok(Self {
            class: raw.class,
            pack: raw.pack.map(|p| resolve(base, p)),
            trusted: raw.trusted,
            concurrency,
            timeout,
            learners,
        })
    }
}

fn learner(l: RawLearner, base: &Path, seen: &mut BTreeSet<String>) -> Result<Learner, String> {
    let name = l.name.trim().to_owned();
    if name.is_empty() || name.chars().any(char::is_control) {
        return Err(format!(
            "learner name {:?} must be non-empty printable text",
            l.name
        ));
    }
    if !seen.insert(name.clone()) {
        return Err(trf!(
            "learner `{}` appears twice; give each learner one entry",
            name
        ));
    }
    if l.host.is_none() && l.context.is_none() {
        return Err(trf!(
            "learner `{}` has no engine: give `host = \"unix:///...\"` (or tcp://, ssh://) or `context = \"NAME\"`",
            name
        ));
    }
    if l.host.is_some() && l.context.is_some() {
        return Err(trf!(
            "learner `{}` gives both `host` and `context`: keep one",
            name
        ));
    }
    Ok(Learner {
        name,
        endpoint: Endpoint {
            host: l.host,
            context: l.context,
            tls_verify: l.tls_verify,
            cert_path: l.cert_path.map(|p| resolve(base, p)),
        },
        lessons: l.lessons,
        workspace: l.workspace.map(|p| resolve(base, p)),
        progress: l.progress.map(|p| resolve(base, p)),
    })
}

fn resolve(base: &Path, path: PathBuf) -> PathBuf {
    if path.is_absolute() {
        path
    } else {
        base.join(path)
    }
}

impl Roster {
    /// Checks every assigned lesson against `pack`, turning numbers (`2`) into lesson ids.
    pub fn resolve_lessons(&mut self, pack: &crate::lesson::LessonPack) -> Result<(), String> {
        for learner in &mut self.learners {
            let Some(keys) = &mut learner.lessons else {
                continue;
            };
            for key in keys.iter_mut() {
                let lesson = pack.find(key).ok_or_else(|| {
                    let ids: Vec<&str> = pack.lessons.iter().map(|l| l.meta.id.as_str()).collect();
                    trf!("learner `{}` is assigned lesson `{}`, which the pack does not have; lessons are: {}", learner.name, key, ids.join(", "))
                })?;
                key.clone_from(&lesson.meta.id);
            }
        }
        Ok(())
    }
}

impl Learner {
    /// True when `lesson` is assigned to this learner.
    pub fn is_assigned(&self, lesson: &str) -> bool {
        self.lessons
            .as_ref()
            .is_none_or(|ids| ids.iter().any(|id| id == lesson))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = r#"
class = "Docker 101, group B"
pack = "lessons"
trusted = false
timeout_seconds = 5

[[learner]]
name = "alice"
host = "unix:///run/lab/alice.sock"
lessons = ["run", "ps"]
progress = "alice/progress.toml"

[[learner]]
name = "bob; rm -rf /"
host = "tcp://10.0.0.12:2375"
"#;

    #[test]
    fn a_roster_names_the_class_the_pack_and_each_learners_engine() {
        let r = Roster::parse(EXAMPLE, Path::new("/srv/class")).expect("parses");
        assert_eq!(r.class, "Docker 101, group B");
        assert_eq!(r.pack, Some(PathBuf::from("/srv/class/lessons")));
        assert_eq!(r.timeout, Duration::from_secs(5));
        assert_eq!(r.concurrency, DEFAULT_CONCURRENCY);
        assert_eq!(r.learners.len(), 2);
        assert_eq!(
            r.learners[0].endpoint.host.as_deref(),
            Some("unix:///run/lab/alice.sock")
        );
        assert_eq!(
            r.learners[0].progress,
            Some(PathBuf::from("/srv/class/alice/progress.toml"))
        );
        assert!(r.learners[0].is_assigned("ps") && !r.learners[0].is_assigned("images"));
        assert_eq!(
            r.learners[1].name, "bob; rm -rf /",
            "a name is kept as data"
        );
        assert!(r.learners[1].is_assigned("anything"));
    }

    #[test]
    fn the_worked_example_in_the_docs_is_a_valid_roster() {
        let doc = include_str!("../../docs/classroom.md");
        let example = doc
            .split("```toml\n")
            .nth(1)
            .and_then(|rest| rest.split("```").next())
            .expect("docs/classroom.md has a toml example");
        let r = Roster::parse(example, Path::new("/srv")).expect("the documented roster parses");
        assert_eq!(r.learners.len(), 3);
        assert_eq!(r.timeout, Duration::from_secs(20));
        let pack = crate::lesson::load_embedded();
        let mut r = r;
        r.resolve_lessons(&pack).expect("its lessons exist");
        assert_eq!(
            r.learners[1].lessons.as_deref(),
            Some(
                &[
                    "01-run".to_owned(),
                    "02-lifecycle".into(),
                    "03-ports".into()
                ][..]
            )
        );
    }

    #[test]
    fn a_roster_without_learners_or_engines_says_what_to_add() {
        let none = Roster::parse("class = \"x\"\n", Path::new(".")).expect_err("no learners");
        assert!(none.contains("[[learner]]"), "{none}");
        let no_engine = Roster::parse("class = \"x\"\n[[learner]]\nname = \"a\"\n", Path::new("."))
            .expect_err("no engine");
        assert!(no_engine.contains("host ="), "{no_engine}");
    }

    #[test]
    fn a_learner_twice_or_an_unknown_field_is_refused() {
        let twice = "class = \"x\"\n[[learner]]\nname = \"a\"\nhost = \"unix:///a\"\n[[learner]]\nname = \"a\"\nhost = \"unix:///b\"\n";
        assert!(
            Roster::parse(twice, Path::new("."))
                .expect_err("twice")
                .contains("twice")
        );
        let typo = "class = \"x\"\n[[learner]]\nname = \"a\"\nhots = \"unix:///a\"\n";
        assert!(
            Roster::parse(typo, Path::new("."))
                .expect_err("typo")
                .contains("hots")
        );
    }
}
