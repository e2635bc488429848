//! The command line's shape, as clap reads it.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// An interactive Docker tutor for the terminal, graded on the live engine.
///
/// With no command, opens the tutor on the bundled lessons (or on `--lessons DIR`).
#[derive(Debug, Clone, Parser)]
#[command(name = "docktor", version, about, long_about = None)]
pub struct Args {
    /// Load lessons from this folder (a teacher's pack) instead of the bundled course.
    #[arg(long, global = true, value_name = "DIR")]
    pub lessons: Option<PathBuf>,
    /// Parent folder of the per-lesson workspaces (default: docktor's data folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub workspace: Option<PathBuf>,
    /// Run the commands of a `--lessons` pack without asking (for scripts).
    #[arg(long, global = true)]
    pub trust: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum Command {
    /// List lessons, their steps and your progress.
    List {
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Grade a step now: LESSON (your current step) or LESSON:STEP (number or id).
    ///
    /// Exit code 0 when every check passes, 1 when some fail; 3, 6, 7 or 8 when the engine
    /// could not be used (see README).
    Check {
        #[arg(value_name = "LESSON[:STEP]")]
        target: String,
        /// Print JSON for scripts and classroom graders.
        #[arg(long)]
        json: bool,
        /// Grade every step of the lesson, not only the current one.
        #[arg(long)]
        all_steps: bool,
    },
    /// Prove lessons on the live engine: each step fails before its solution and passes after.
    Verify {
        /// Lesson ids or numbers (default: all).
        #[arg(value_name = "LESSON")]
        targets: Vec<String>,
        /// Go on with the next step after a failing one (default: stop the lesson there).
        #[arg(long)]
        keep_going: bool,
    },
    /// Check lesson files without an engine; every problem as file:line: message.
    Lint {
        /// A pack folder or one lesson folder (default: --lessons, else the bundled course).
        dir: Option<PathBuf>,
    },
    /// Remove the Docker resources the lessons declare, and only those.
    Reset {
        /// The lesson to reset.
        #[arg(required_unless_present = "all")]
        lesson: Option<String>,
        /// Reset every lesson of the pack.
        #[arg(long, conflicts_with = "lesson")]
        all: bool,
        /// Show what would be removed, remove nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Check that Docker is ready for the lessons, and say what to do where it is not.
    Doctor,
    /// Show the images the lessons need and whether each is present.
    Images {
        /// Get missing images: pull, or where no registry answers, build busybox offline.
        #[arg(long)]
        prepare: bool,
        /// The static busybox binary to build from (default: /bin/busybox, /usr/bin/busybox).
        #[arg(long, value_name = "PATH")]
        busybox: Option<PathBuf>,
        /// Write every image the lessons need into one archive, to load where there is no network.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["prepare", "load"])]
        save: Option<PathBuf>,
        /// Load an archive made by `--save` (checked first: a damaged one loads nothing).
        #[arg(long, value_name = "FILE", conflicts_with_all = ["prepare", "save"])]
        load: Option<PathBuf>,
    },
    /// Write a printable workshop handout of the lessons (HTML or Markdown; PDF with --pdf).
    ///
    /// Exit code 9 when --pdf finds no headless Chromium (the HTML is still written).
    Handout {
        /// Lesson ids or numbers (default: all).
        #[arg(value_name = "LESSON")]
        targets: Vec<String>,
        /// The handout file to write.
        #[arg(long, value_name = "FILE", required_unless_present = "pdf")]
        out: Option<PathBuf>,
        /// The instructor edition: each task's solution under it.
        #[arg(long)]
        solutions: bool,
        /// `html` (one self-contained page) or `md` (one Markdown file).
        #[arg(long, value_enum, default_value_t = HandoutFormat::Html)]
        format: HandoutFormat,
        /// Also print the HTML to this PDF, through a headless Chromium.
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
        /// Paper for printing (default: whatever the browser or printer uses).
        #[arg(long, value_enum)]
        paper: Option<HandoutPaper>,
        /// The title on the cover (default: the course's, or the pack folder's name).
        #[arg(long)]
        title: Option<String>,
    },
}

/// The file format of `docktor handout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HandoutFormat {
    Html,
    Md,
}

/// The paper of `docktor handout --paper`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HandoutPaper {
    A4,
    Letter,
}
