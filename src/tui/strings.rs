//! Every sentence the tutor shows the learner (key descriptions live in the key table), in
//! the current language: each text goes through `tr!`/`trf!` and its catalogue.

use std::path::Path;

use crate::engine::EngineInfo;
use crate::i18n::Lang;
use crate::{tr, trf};

pub const APP: &str = "docktor";

pub fn lessons_title() -> &'static str {
    tr!("Lessons")
}

pub fn checks_title() -> &'static str {
    tr!("Checks")
}

pub fn output_title() -> &'static str {
    tr!("Output")
}

pub fn help_title() -> &'static str {
    tr!("Keys")
}

pub fn solution_heading() -> &'static str {
    tr!("Solution")
}

pub fn runnable_label() -> &'static str {
    tr!("▶ runnable: press r to run it")
}

pub fn image_open() -> &'static str {
    tr!("[image: ")
}

pub const IMAGE_CLOSE: &str = "]";

pub fn no_lessons() -> &'static str {
    tr!("No lessons to show.")
}

pub fn no_match() -> &'static str {
    tr!("No lesson matches the filter.")
}

pub fn filter_label() -> &'static str {
    tr!("Filter: ")
}

pub fn not_started() -> &'static str {
    tr!("not started")
}

pub fn done() -> &'static str {
    tr!("done")
}

pub fn problems() -> &'static str {
    tr!("Some lessons could not be loaded:")
}

pub fn not_checked() -> &'static str {
    tr!("Not checked yet.")
}

pub fn checking() -> &'static str {
    tr!("checking…")
}

pub fn step_done_next() -> &'static str {
    tr!("Step done! Press Enter for the next step.")
}

pub fn lesson_done() -> &'static str {
    tr!("Lesson complete! Press Enter for the lesson list.")
}

/// Marks the "step done" banner.
pub const BANNER_MARK: &str = "★ ";

pub fn step_passed_before() -> &'static str {
    tr!("✔ You passed this step before.")
}

pub const PROMPT_SIGN: &str = "❯ ";

pub fn prompt_idle() -> &'static str {
    tr!("press : to type a command (docker ... or any shell line)")
}

pub fn no_output_yet() -> &'static str {
    tr!("(no output yet)")
}

pub fn no_output() -> &'static str {
    tr!("(no output)")
}

pub fn output_empty() -> &'static str {
    tr!("No command run yet. Press : to type one, or r to run one from the step.")
}

pub fn cancel_hint() -> &'static str {
    tr!("Ctrl-C cancels")
}

pub fn engine_connecting() -> &'static str {
    tr!("◌ Connecting to the Docker engine…")
}

pub fn engine_retrying() -> &'static str {
    tr!("docktor keeps trying and reconnects by itself.")
}

pub fn help_footer() -> &'static str {
    tr!("Esc closes this help.")
}

pub fn help_intro() -> &'static str {
    tr!("Checks also run by themselves: work done in any terminal turns the step green.")
}

pub fn dialog_run_title() -> &'static str {
    tr!("Run a command from the lesson")
}

pub fn dialog_run_body() -> &'static str {
    tr!("This runs in the lesson's workspace, exactly as written:")
}

pub fn dialog_setup_title() -> &'static str {
    tr!("This step has a setup")
}

pub fn dialog_setup_body() -> &'static str {
    tr!(
        "The lesson wants to run this before the step. It comes from a lesson folder you gave docktor; run it?"
    )
}

pub fn dialog_reset_step_title() -> &'static str {
    tr!("Reset this step?")
}

pub fn dialog_reset_lesson_title() -> &'static str {
    tr!("Reset the whole lesson?")
}

pub fn dialog_reset_step_body() -> &'static str {
    tr!(
        "This undoes this step's work: what the lesson made on the engine since you opened the step."
    )
}

pub fn dialog_reset_planning() -> &'static str {
    tr!("Asking the engine what that is…")
}

pub fn dialog_reset_nothing() -> &'static str {
    tr!("Nothing on the engine would be removed.")
}

pub fn dialog_reset_removes() -> &'static str {
    tr!("These will be removed:")
}

pub fn dialog_solution_title() -> &'static str {
    tr!("Show the solution?")
}

pub fn dialog_solution_body() -> &'static str {
    tr!("Working it out teaches more than reading the answer. Show the solution anyway?")
}

pub fn dialog_solution_hints_left() -> &'static str {
    tr!("There are hints you have not seen yet: Esc, then h shows the next.")
}

pub fn dialog_reset_lesson_body() -> &'static str {
    tr!(
        "This removes what the lesson made on the engine, puts your workspace files back to the lesson's starters and clears the lesson's progress."
    )
}

pub fn dialog_reset_setup() -> &'static str {
    tr!("Then it runs the step's setup:")
}

pub fn dialog_keys() -> &'static str {
    tr!("Enter: yes   Esc: no")
}

/// While the dialog waits for the engine, only "no" is offered.
pub fn dialog_wait_keys() -> &'static str {
    tr!("Esc: no")
}

pub fn dialog_run_keys() -> &'static str {
    tr!("Enter: run   j/k: choose   e: edit first   Esc: cancel")
}

pub fn first_step() -> &'static str {
    tr!("This is the first step.")
}

/// `n` at the last step: say which steps are still open, if any.
pub fn last_step(open: &[usize]) -> String {
    if open.is_empty() {
        tr!("This is the last step. Esc returns to the lesson list.").to_owned()
    } else {
        trf!(
            "This is the last step; still to do: {}. p goes back.",
            step_list(open)
        )
    }
}

/// `step 2`, `steps 1 and 3`, `steps 1, 2 and 4` (indices are 0-based).
pub fn step_list(steps: &[usize]) -> String {
    let numbers: Vec<String> = steps.iter().map(|s| (s + 1).to_string()).collect();
    match numbers.as_slice() {
        [] => String::new(),
        [one] => trf!("step {}", one),
        [rest @ .., last] => trf!("steps {} and {}", rest.join(", "), last),
    }
}

/// The "step done" words, for the banner and the notice: where Enter goes from here.
pub fn step_done(last: bool, open: &[usize]) -> String {
    match open.first() {
        None => lesson_done().to_owned(),
        Some(_) if !last => step_done_next().to_owned(),
        Some(first) => trf!(
            "Step done! Still to do: {}. Press Enter to go to step {}.",
            step_list(open),
            first + 1
        ),
    }
}

/// A paste of several lines went into the prompt as one line.
pub fn pasted_lines(lines: usize) -> String {
    trf!(
        "Pasted {} lines into the prompt as one; nothing ran. Check it, then Enter runs it.",
        lines
    )
}

/// Where the learner's files are, at the top of every step.
pub fn workspace_line(dir: &Path, file: Option<&str>) -> String {
    match file {
        Some(file) => format!(
            "{}\n\n",
            trf!(
                "*Your workspace:* `{}` (e opens `{}` in your editor)",
                dir.display(),
                file
            )
        ),
        None => format!("{}\n\n", trf!("*Your workspace:* `{}`", dir.display())),
    }
}

pub fn no_file_to_edit(dir: &Path) -> String {
    trf!(
        "This step names no file to edit. Your workspace is {}.",
        dir.display()
    )
}

/// The shell line that opens `file` in the learner's editor (`vi` when none is set).
pub fn editor_line(file: &str) -> String {
    format!(
        "${{VISUAL:-${{EDITOR:-vi}}}} '{}'",
        file.replace('\'', "'\\''")
    )
}

/// Said after `docker compose ...` fails on a machine that has only Compose v1.
pub fn compose_v1_hint() -> String {
    format!(
        "\n{}",
        tr!(
            "This machine has Compose v1 only: type `docker-compose` (with a hyphen) instead of `docker compose`."
        )
    )
}

/// True when a `docker compose` command failed because the v2 plugin is missing.
pub fn is_compose_v1_refusal(title: &str, output: &str) -> bool {
    title.contains("docker compose")
        && (output.contains("unknown shorthand flag")
            || output.contains("'compose' is not a docker command")
            || output.contains("unknown command \"compose\""))
}

/// Containers a `docker run` without `--name` left behind.
pub fn named_by_docker(names: &[String]) -> String {
    format!(
        "\n{}",
        trf!(
            "Without --name, Docker named the container {}; it stays until removed. The prompt holds a command that removes it; press Enter to run it, or Ctrl-U to keep it.",
            names.join(", ")
        )
    )
}

pub fn no_more_hints() -> &'static str {
    tr!("No more hints. Press s to see the solution.")
}

pub fn no_hints() -> &'static str {
    tr!("This step has no hints. Press s to see the solution.")
}

pub fn no_solution() -> &'static str {
    tr!("This step has no written solution.")
}

pub fn no_commands() -> &'static str {
    tr!("This step shows no command to run. Press : to type one.")
}

pub fn still_running() -> &'static str {
    tr!("A command is still running: Ctrl-C cancels it.")
}

pub fn cancelling() -> &'static str {
    tr!("Cancelling…")
}

pub fn setup_skipped() -> &'static str {
    tr!("Setup skipped. R resets the step and offers it again.")
}

/// A damaged progress file was set aside.
pub fn damaged_progress(set_aside: &Path, reason: &str) -> String {
    trf!(
        "Your progress file could not be read ({}); it was kept as {} and docktor starts afresh.",
        reason,
        set_aside.display()
    )
}

pub fn save_failed(error: &str) -> String {
    trf!(
        "Progress could not be saved: {}. It is kept in memory; docktor tries again on the next change.",
        error
    )
}

pub fn workspace_failed(error: &str) -> String {
    trf!("The lesson's workspace could not be prepared: {}", error)
}

pub fn engine_connected(info: &EngineInfo) -> String {
    let how = match &info.how_chosen {
        crate::engine::HowChosen::Default => String::new(),
        how => format!(" ({how})"),
    };
    let at = trf!("{} {} at {}", info.kind.name(), info.version, info.host);
    format!("● {at}{how}")
}

pub fn images_missing(images: &[String]) -> String {
    trf!(
        "The lessons need {}, which this engine lacks: quit and run `docktor images --prepare` (it works with no registry).",
        images.join(", ")
    )
}

pub fn engine_unavailable(reason: &str) -> String {
    format!("✘ {reason} {}", engine_retrying())
}

pub fn step_heading(index: usize, total: usize, title: &str) -> String {
    trf!("Step {}/{}: {}", index + 1, total, title)
}

pub fn hint_heading(index: usize, total: usize) -> String {
    trf!("Hint {}/{}", index + 1, total)
}

pub fn step_position(index: usize, total: usize) -> String {
    trf!("Step {}/{}", index + 1, total)
}

pub fn steps_done(passed: usize, total: usize) -> String {
    trf!("{}/{} steps", passed, total)
}

/// The checks panel's last line when more lies below.
pub fn checks_more(lines: usize) -> String {
    trf!("… {} more lines: Tab to this panel, then j scrolls", lines)
}

pub fn checks_more_focused(lines: usize) -> String {
    trf!("… {} more lines: j scrolls", lines)
}

pub fn checks_summary(passed: usize, total: usize) -> String {
    trf!("{}/{} passing", passed, total)
}

pub fn exit_status(code: Option<i32>) -> String {
    match code {
        Some(code) => trf!("exit {}", code),
        None => tr!("ended by a signal").to_owned(),
    }
}

pub fn running_for(secs: u64) -> String {
    trf!("running {}s", secs)
}

pub fn cancelled() -> &'static str {
    tr!("cancelled")
}

pub fn timed_out_label() -> &'static str {
    tr!("stopped: too long")
}

pub fn timed_out(after_secs: u64) -> String {
    format!(
        "\n{}",
        trf!(
            "Stopped after {} s. A long-running container is better started with -d.",
            after_secs
        )
    )
}

pub fn failed_to_start(error: &str) -> String {
    trf!("could not start: {}", error)
}

/// Containers a cancelled command left running.
pub fn left_running(names: &[String]) -> String {
    let list = names.join(", ");
    let text = if names.len() == 1 {
        trf!(
            "The cancelled command left a container running: {}. The prompt holds a command that removes it; press Enter to run it.",
            list
        )
    } else {
        trf!(
            "The cancelled command left containers running: {}. The prompt holds a command that removes them; press Enter to run it.",
            list
        )
    };
    format!("\n{text}")
}

pub fn remove_containers(names: &[String]) -> String {
    format!("docker rm -f {}", names.join(" "))
}

pub fn interactive_title(line: &str) -> String {
    trf!("{} (had the whole terminal)", line)
}

pub fn interactive_body() -> &'static str {
    tr!("The command ran in the full terminal; its output stayed there.")
}

pub fn interactive_banner(line: &str, dir: &Path) -> String {
    format!(
        "{}\r\n{}\r\n",
        trf!("docktor: running `{}` in {}", line, dir.display()),
        tr!("docktor comes back when it ends.")
    )
}

pub fn interactive_done(code: Option<i32>) -> String {
    format!(
        "\r\n{}",
        trf!(
            "docktor: the command ended ({}). Press any key to go back to the lesson.",
            exit_status(code)
        )
    )
}

pub fn setup_title(step: usize) -> String {
    trf!("setup of step {}", step + 1)
}

pub fn shown_label() -> &'static str {
    tr!("from the step")
}

pub fn solution_label() -> &'static str {
    tr!("solution")
}

pub fn reset_done(removed: &[String]) -> String {
    if removed.is_empty() {
        tr!("Reset done: nothing of the lesson's was left to remove.").to_owned()
    } else {
        trf!("Reset done: removed {}.", removed.join(", "))
    }
}

pub fn reset_plan_failed(error: &str) -> String {
    trf!(
        "The engine could not say what the lesson made ({}); nothing on it will be removed.",
        error
    )
}

pub fn and_more(count: usize) -> String {
    format!("  {}", trf!("… and {} more", count))
}

pub fn reset_failed(error: &str) -> String {
    trf!("The reset did not finish: {}", error)
}

/// The open lesson has no words in the tutor's language.
pub fn not_translated(wanted: Lang, shown: Lang) -> String {
    trf!(
        "Not translated into {} yet: shown in {}.",
        wanted.local_name(),
        shown.local_name()
    )
}

/// The step is marked untranslated in the tutor's language.
pub fn step_not_translated(wanted: Lang, shown: Lang) -> String {
    trf!(
        "This step is not translated into {} yet: shown in {}.",
        wanted.local_name(),
        shown.local_name()
    )
}
