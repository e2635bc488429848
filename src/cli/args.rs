//! The command line's shape, as clap reads it.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use super::color::ColorChoice;

/// The heading that keeps options every command takes apart from a command's own.
const GLOBAL: &str = "Global options";

/// What `LESSON[:STEP]` means, for the long help of the commands that take it.
const TARGET_HELP: &str = "LESSON is a lesson's id (`05-dockerfile`) or its number in `docktor list` (`5`). \
STEP, after a colon, is a step's number (`5:2`) or its id (`05-dockerfile:write-it`); without it, \
the step you are on.";

/// Environment variables and exit codes, at the end of `docktor --help`.
const AFTER_LONG_HELP: &str = "\
Environment:
  DOCKER_HOST      the engine to use (default: the local socket)
  DOCKTOR_HOME     where progress, workspaces and trusted packs live (default: ~/.local/share/docktor)
  DOCKTOR_LANG     the language (en, sv, nl, nb); else LC_ALL, LC_MESSAGES, LANG; --lang wins
  NO_COLOR         set and non-empty: no colour (https://no-color.org)
  CLICOLOR_FORCE   set and not 0: colour even into a pipe (NO_COLOR wins over it)
  CLICOLOR         0: no colour; --color always|never wins over every variable
  EDITOR           the editor the tutor opens workspace files in

Exit codes:
  0  everything passed
  1  some check, verification or lint error failed
  2  usage: unknown command, lesson or step; no lessons
  3  no Docker engine answers (not started, or DOCKER_HOST points where none runs)
  4  a --lessons pack was not trusted, so nothing ran
  5  a local failure: a file could not be written, the terminal could not be used
  6  the engine's socket refused this user (permission denied)
  7  DOCKER_HOST names an address docktor cannot use
  8  the engine answered, then stopped answering or failed during the command";

// `--help`, the man page and completions stay English in every language: clap reads them from
// these doc comments at compile time, before `--lang` is known. What a command prints goes
// through `tr!`/`trf!` and follows the language (see docs/translating.md).

/// An interactive Docker tutor for the terminal, graded on the live engine.
///
/// With no command, opens the tutor on the bundled lessons (or on `--lessons DIR`).
#[derive(Debug, Clone, Parser)]
#[command(name = "docktor", version, about, after_long_help = AFTER_LONG_HELP)]
pub struct Args {
    /// Load lessons from this folder (a teacher's pack) instead of the bundled course.
    #[arg(long, global = true, value_name = "DIR", help_heading = GLOBAL)]
    pub lessons: Option<PathBuf>,
    /// Parent folder of the per-lesson workspaces (default: docktor's data folder).
    #[arg(long, global = true, value_name = "DIR", help_heading = GLOBAL)]
    pub workspace: Option<PathBuf>,
    /// Run the commands of a `--lessons` pack without asking (for scripts).
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub trust: bool,
    /// When to colour output; `auto` follows the terminal, NO_COLOR, CLICOLOR and CLICOLOR_FORCE.
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto", help_heading = GLOBAL)]
    pub color: ColorChoice,
    /// The engine to use, as `docker -H` takes it (unix://, tcp://, ssh://); default as the
    /// docker CLI chooses: DOCKER_HOST, DOCKER_CONTEXT, the current docker context.
    #[arg(short = 'H', long, global = true, value_name = "ADDRESS", help_heading = GLOBAL)]
    pub host: Option<String>,
    /// The docker context to use (see `docker context ls`), as `docker --context` takes it.
    #[arg(short = 'c', long, global = true, value_name = "NAME", help_heading = GLOBAL)]
    pub context: Option<String>,
    /// The language of the lessons and of docktor's words: en, sv, nl or nb (default:
    /// DOCKTOR_LANG, else the tutor's last choice, else LC_ALL, LC_MESSAGES or LANG, else en).
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_lang, help_heading = GLOBAL)]
    pub lang: Option<crate::i18n::Lang>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Reads `--lang`: a language code or locale docktor has words for.
fn parse_lang(value: &str) -> Result<crate::i18n::Lang, String> {
    crate::i18n::Lang::parse(value).ok_or_else(|| {
        crate::trf!(
            "docktor has no language `{}`; choose one of {}",
            value,
            crate::i18n::Lang::codes()
        )
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum Command {
    /// List lessons, their steps and your progress.
    List {
        /// Print JSON for scripts (see docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Prepare a lesson's workspace and step, and say what to do and where, to work without the tutor.
    #[command(long_about = format!(
        "Prepare a lesson's workspace (its starter files), run the step's setup, and print what \
         to do and where the workspace is: for working in your own terminal without the tutor. \
         Then `docktor check` or `docktor watch` grades your work.\n\n{TARGET_HELP}"
    ))]
    Start {
        /// A lesson id or number, and optionally `:STEP` (a number or id): `5`, `05-dockerfile:2`.
        #[arg(value_name = "LESSON[:STEP]")]
        target: String,
    },
    /// Grade a step now: LESSON (your current step) or LESSON:STEP (number or id).
    #[command(long_about = format!(
        "Grade a step now, one line per check.\n\n{TARGET_HELP}\n\nExit code 0 when every check \
         passes, 1 when some fail; 3, 6, 7 or 8 when the engine could not be used."
    ))]
    Check {
        /// A lesson id or number, and optionally `:STEP` (a number or id): `5`, `05-dockerfile:2`.
        #[arg(value_name = "LESSON[:STEP]")]
        target: String,
        /// Print JSON for scripts and classroom graders (see docs/json.md).
        #[arg(long)]
        json: bool,
        /// Grade every step of the lesson, not only the current one.
        #[arg(long)]
        all_steps: bool,
    },
    /// Re-grade a step live as you work, printing each change; Ctrl-C ends it.
    #[command(long_about = format!(
        "Re-grade a step live, on every engine event and workspace change, and print each \
         check that changes; when the step passes, go on with the next one. Ctrl-C ends it.\n\n{TARGET_HELP}"
    ))]
    Watch {
        /// A lesson id or number, and optionally `:STEP` (a number or id): `5`, `05-dockerfile:2`.
        #[arg(value_name = "LESSON[:STEP]")]
        target: String,
    },
    /// Prove lessons on the live engine: each step fails before its solution and passes after.
    Verify {
        /// Lesson ids or numbers (default: all).
        #[arg(value_name = "LESSON")]
        targets: Vec<String>,
        /// Go on with the next step after a failing one (default: stop the lesson there).
        #[arg(long)]
        keep_going: bool,
        /// Print JSON for scripts (see docs/json.md); progress goes to standard error.
        #[arg(long)]
        json: bool,
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
    Doctor {
        /// Print JSON for scripts (see docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Show the images the lessons need and whether each is present.
    Images {
        /// Get missing images: pull, or where no registry answers, build busybox offline.
        #[arg(long)]
        prepare: bool,
        /// The static busybox binary to build from (default: /bin/busybox, /usr/bin/busybox).
        #[arg(long, value_name = "PATH")]
        busybox: Option<PathBuf>,
        /// Print JSON for scripts (see docs/json.md); progress goes to standard error.
        #[arg(long)]
        json: bool,
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
    /// Print a shell completion script: `docktor completions bash > ~/.local/share/bash-completion/completions/docktor`.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `docktor man | man -l -`.
    Man,
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

/// `docktor progress export|import FILE`.
#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum ProgressAction {
    /// Write your progress to FILE.
    Export { file: PathBuf },
    /// Merge FILE into your progress; nothing already passed here is taken back.
    Import { file: PathBuf },
}
