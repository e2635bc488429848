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
    /// The engine to use, as `docker -H` takes it (unix://, tcp://, ssh://); default as the
    /// docker CLI chooses: DOCKER_HOST, DOCKER_CONTEXT, the current docker context.
    #[arg(short = 'H', long, global = true, value_name = "ADDRESS")]
    pub host: Option<String>,
    /// The docker context to use (see `docker context ls`), as `docker --context` takes it.
    #[arg(short = 'c', long, global = true, value_name = "NAME")]
    pub context: Option<String>,
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
}
