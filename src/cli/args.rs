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
    },
    /// Grade a whole class from a roster (class.toml) and print one report; see docs/classroom.md.
    ///
    /// Exit code 0 when every learner was graded, 1 when some engine or file could not be.
    Class {
        /// The roster file (required unless --from is given).
        #[arg(value_name = "ROSTER", required_unless_present = "from")]
        roster: Option<PathBuf>,
        /// Print the documented JSON report.
        #[arg(long, conflicts_with_all = ["csv", "watch"])]
        json: bool,
        /// Print CSV for a spreadsheet or a gradebook: one row per learner.
        #[arg(long, conflicts_with = "watch")]
        csv: bool,
        /// Also write the report as one self-contained HTML page.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
        /// Keep grading on the engines' events and redraw the table live.
        #[arg(long, conflicts_with = "from")]
        watch: bool,
        /// Read learners' submitted files (`docktor submit`) from this folder instead.
        #[arg(long, value_name = "DIR")]
        from: Option<PathBuf>,
    },
    /// Grade your engine now and write a report file to hand to your teacher.
    Submit {
        /// Where to write it (default: NAME.json, or submission.json).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Your name as your teacher's report shows it (default: the file's name).
        #[arg(long)]
        name: Option<String>,
    },
    /// Move your progress to another machine.
    Progress {
        #[command(subcommand)]
        action: ProgressAction,
    },
}

/// `docktor progress export|import FILE`.
#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum ProgressAction {
    /// Write your progress to FILE.
    Export { file: PathBuf },
    /// Merge FILE into your progress; nothing already passed here is taken back.
    Import { file: PathBuf },
}
