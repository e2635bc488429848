//! `docktor start LESSON[:STEP]`: everything the tutor does before a step, for a learner who
//! works in their own terminal. It prepares the workspace, runs the step's setup (a `--lessons`
//! pack must be trusted first), records the step as the current one, and says what to do and where.

use std::path::Path;
use std::time::Duration;

use super::commands::{ensure_trusted, load_progress, resolve_target, workspaces};
use super::output::{Style, say};
use super::{Args, CliError, Status};
use crate::lesson::{Lesson, LessonPack};
use crate::{paths, progress, shell, workspace};
use crate::{tr, trf};

/// How long a step's setup may run.
const SETUP_LIMIT: Duration = Duration::from_secs(180);

/// `docktor start LESSON[:STEP]`.
pub async fn start(args: &Args, pack: &LessonPack, target: &str) -> Result<Status, CliError> {
    let mut progress = load_progress();
    let (lesson, index) = resolve_target(pack, target, &progress)?;
    let step = &lesson.steps[index];
    let already_passed = progress.lesson(&lesson.meta.id).passed.contains(&step.id);
    if !step.setup.is_empty() && !already_passed {
        ensure_trusted(args, pack)?;
    }
    let dir = workspace::prepare(&workspaces(args), lesson)
        .map_err(|e| CliError::Io(trf!("cannot prepare the workspace: {}", e)))?;
    if !step.setup.is_empty() {
        if already_passed {
            say!(
                "{}",
                tr!("You passed this step before, so its setup is not run again.")
            );
        } else {
            run_setup(lesson, index, &dir).await?;
        }
    }
    progress.current_lesson = Some(lesson.meta.id.clone());
    progress.lesson_mut(&lesson.meta.id).current_step = index;
    if let Err(e) = progress::save(&paths::progress_file(), &progress) {
        eprintln!(
            "docktor: {}",
            trf!(
                "could not save progress ({}); the step is ready all the same",
                e
            )
        );
    }
    say_what_to_do(lesson, index, &dir);
    Ok(Status::Ok)
}

/// Runs the step's `sh setup` blocks in the workspace, as the tutor does.
async fn run_setup(lesson: &Lesson, index: usize, dir: &Path) -> Result<(), CliError> {
    let step = &lesson.steps[index];
    say!("{}", trf!("Setting up step {}...", index + 1));
    for block in &step.setup {
        let out = shell::run_script(&block.text, dir, SETUP_LIMIT)
            .await
            .map_err(|e| CliError::Io(trf!("the step's setup could not start: {}", e)))?;
        if !out.succeeded() {
            return Err(CliError::Io(trf!(
                "the setup of `{}` step {} (lesson.md line {}) {}: {}",
                lesson.meta.id,
                index + 1,
                block.line,
                out.ending(),
                out.output.trim()
            )));
        }
    }
    Ok(())
}

fn say_what_to_do(lesson: &Lesson, index: usize, dir: &Path) {
    let style = Style::detect();
    let step = &lesson.steps[index];
    let id = &lesson.meta.id;
    say!(
        "{}",
        trf!(
            "{} {}: {}, step {} of {}: {}",
            style.bold(tr!("Lesson")),
            id,
            lesson.meta.title,
            index + 1,
            lesson.steps.len(),
            step.title
        )
    );
    say!("");
    for line in step.body.trim().lines() {
        say!("  {line}");
    }
    say!("");
    say!("{}", trf!("Your workspace: {}", dir.display()));
    say!(
        "  {}",
        trf!(
            "Work there (`cd {}`): lesson commands run from it.",
            dir.display()
        )
    );
    say!(
        "{}",
        trf!(
            "Then `docktor check {}:{}` grades it, or `docktor watch {}` grades as you go.",
            id,
            index + 1,
            id
        )
    );
}
