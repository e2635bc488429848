//! Workshop handouts: the lessons docktor grades, as one printable document for participants
//! (or, with the solutions, for the instructor), in HTML or Markdown, and printed to PDF.
//!
//! A face on the lesson model like the tutor, with no terminal code: [`Handout`] gathers what
//! a handout shows, [`html`] and [`markdown`] write it, [`pdf`] prints the HTML.

mod html;
mod markdown;
mod markup;
pub mod objective;
pub mod pdf;

pub use html::html;
pub use markdown::markdown;
pub use markup::{escape, inline};
pub use objective::objective;

use crate::check::Check;
use crate::lesson::{Lesson, LessonPack, PackOrigin, Step};
use crate::{tr, trf};

/// Who the handout is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edition {
    /// No solution text anywhere.
    Participant,
    /// Each step's solution under it.
    Instructor,
}

/// The paper the print stylesheet asks for; `Any` leaves it to the browser or printer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    Any,
    A4,
    Letter,
}

/// Everything a handout shows, borrowed from the pack.
#[derive(Debug, Clone)]
pub struct Handout<'a> {
    pub title: String,
    pub lessons: Vec<&'a Lesson>,
    /// Each lesson's number in its pack (1-based), so "Lesson 3" means the same on every handout.
    pub numbers: Vec<usize>,
    /// Every image the lessons need (`busybox:latest`).
    pub images: Vec<String>,
    pub edition: Edition,
    pub paper: Paper,
    /// How a participant starts docktor for this pack: `docktor`, or `docktor --lessons DIR`.
    pub command: String,
}

impl<'a> Handout<'a> {
    /// A handout of `lessons` (all of the pack when empty), titled after the pack.
    pub fn new(pack: &'a LessonPack, lessons: Vec<&'a Lesson>, edition: Edition) -> Self {
        let lessons = if lessons.is_empty() {
            pack.lessons.iter().collect()
        } else {
            lessons
        };
        let (title, command) = match &pack.origin {
            PackOrigin::Embedded => (tr!("Docker, step by step").to_owned(), "docktor".to_owned()),
            PackOrigin::Dir(dir) => {
                let name = dir
                    .canonicalize()
                    .ok()
                    .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
                    .unwrap_or_else(|| dir.display().to_string());
                (
                    name,
                    format!(
                        "docktor --lessons {}",
                        shell_word(&dir.display().to_string())
                    ),
                )
            }
        };
        let numbers = lessons
            .iter()
            .map(|l| {
                pack.lessons
                    .iter()
                    .position(|p| std::ptr::eq(p, *l) || p.meta.id == l.meta.id)
                    .map_or(0, |i| i + 1)
            })
            .collect();
        let mut images: Vec<String> = lessons
            .iter()
            .flat_map(|l| l.meta.images.iter())
            .map(|r| crate::images::normalise(r))
            .collect();
        images.sort();
        images.dedup();
        Self {
            title,
            lessons,
            numbers,
            images,
            edition,
            paper: Paper::Any,
            command,
        }
    }

    /// The lessons with their numbers in the pack.
    pub fn numbered(&self) -> impl Iterator<Item = (usize, &'a Lesson)> + '_ {
        self.numbers
            .iter()
            .copied()
            .zip(self.lessons.iter().copied())
    }

    /// The command that grades step `step` (0-based) of `lesson`.
    pub fn check_command(&self, lesson: &Lesson, step: usize) -> String {
        format!("{} check {}:{}", self.command, lesson.meta.id, step + 1)
    }

    /// True when some lesson grades compose work, so participants need Compose too.
    fn needs_compose(&self) -> bool {
        self.lessons
            .iter()
            .flat_map(|l| l.steps.iter())
            .flat_map(|s| s.checks.iter())
            .any(|c| matches!(c, Check::Compose(_)))
    }

    /// The lines of "what to install", as inline Markdown.
    pub fn install_lines(&self) -> Vec<String> {
        let mut lines = vec![
            tr!("A Docker engine: Docker Desktop (Windows, macOS) or Docker Engine (Linux; on Debian and Ubuntu `sudo apt install docker.io`). `docker version` must show a Server.").to_owned(),
            tr!("docktor itself (one program). `docktor doctor` says whether this machine is ready and what to fix.").to_owned(),
        ];
        if self.needs_compose() {
            lines.push(tr!("Docker Compose: `docker compose` (Docker Desktop has it) or `docker-compose` (Debian: `sudo apt install docker-compose`).").to_owned());
        }
        lines.push(
            tr!("A terminal, and a text editor for the files the lessons ask you to write.")
                .to_owned(),
        );
        lines
    }

    /// How to get the images without network, as inline Markdown paragraphs.
    pub fn image_lines(&self) -> Vec<String> {
        let list = self
            .images
            .iter()
            .map(|i| objective::code(i))
            .collect::<Vec<_>>()
            .join(", ");
        let mut lines = Vec::new();
        if self.images.is_empty() {
            lines.push(tr!("These lessons need no images to be downloaded first.").to_owned());
            return lines;
        }
        lines.push(trf!("The lessons need these images: {}.", list));
        lines.push(trf!("No network needed: copy the image file your workshop leader brings (made with `{} images --save images.tar`) and run `{} images --load images.tar`. It says what it loaded.", self.command, self.command));
        lines.push(trf!("With network, `{} images --prepare` gets them instead; `{} images` shows which are present.", self.command, self.command));
        lines
    }

    /// How to work through the handout, as inline Markdown.
    pub fn how_lines(&self) -> Vec<String> {
        vec![
            trf!("Each lesson is a set of numbered tasks. Do them in order: a task may build on the one before. Lessons put their files in a folder of their own; `{} list` shows your progress.", self.command),
            tr!("Under each task, **What will be checked** says in plain words what must be true on your machine when you are done.").to_owned(),
            trf!("Then grade it: `{}` (lesson and task number). A task passes when every point is true; otherwise docktor says what it found instead.", self.check_command_example()),
            trf!("Prefer the screen? `{}` opens the same lessons in the terminal tutor, graded as you go.", self.command),
        ]
    }

    fn check_command_example(&self) -> String {
        self.lessons.first().map_or_else(
            || trf!("{} check LESSON:TASK", self.command),
            |l| self.check_command(l, 0),
        )
    }
}

/// A path as one shell word: quoted only when it needs to be.
fn shell_word(text: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+:=@%,".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// The plain-words objectives of a step, one per check.
pub fn objectives(step: &Step) -> Vec<String> {
    step.checks.iter().map(objective).collect()
}

#[cfg(test)]
mod tests {
    use super::shell_word;

    #[test]
    fn a_pack_path_with_spaces_stays_one_shell_word() {
        assert_eq!(shell_word("./winter-2026"), "./winter-2026");
        assert_eq!(shell_word("my packs/it's"), "'my packs/it'\\''s'");
    }
}
