//! Every sentence the tutor shows the learner (key descriptions live in the key table).

use std::path::Path;

use crate::engine::EngineInfo;

pub const APP: &str = "docktor";
pub const LESSONS_TITLE: &str = "Lessons";
pub const CHECKS_TITLE: &str = "Checks";
pub const OUTPUT_TITLE: &str = "Output";
pub const HELP_TITLE: &str = "Keys";
pub const SOLUTION_HEADING: &str = "Solution";
pub const RUNNABLE_LABEL: &str = "▶ runnable: press r to run it";
pub const IMAGE_OPEN: &str = "[image: ";
pub const IMAGE_CLOSE: &str = "]";

pub const NO_LESSONS: &str = "No lessons to show.";
pub const NO_MATCH: &str = "No lesson matches the filter.";
pub const FILTER_LABEL: &str = "Filter: ";
pub const NOT_STARTED: &str = "not started";
pub const DONE: &str = "done";
pub const PROBLEMS: &str = "Some lessons could not be loaded:";

pub const NOT_CHECKED: &str = "Not checked yet.";
pub const CHECKING: &str = "checking…";
pub const STEP_DONE: &str = "Step done! Press Enter for the next step.";
pub const LESSON_DONE: &str = "Lesson complete! Press Enter for the lesson list.";
/// Marks the "step done" banner.
pub const BANNER_MARK: &str = "★ ";
pub const STEP_PASSED_BEFORE: &str = "✔ You passed this step before.";

pub const PROMPT_SIGN: &str = "❯ ";
pub const PROMPT_IDLE: &str = "press : to type a command (docker ... or any shell line)";
pub const NO_OUTPUT_YET: &str = "(no output yet)";
pub const NO_OUTPUT: &str = "(no output)";
pub const OUTPUT_EMPTY: &str =
    "No command run yet. Press : to type one, or r to run one from the step.";
pub const CANCEL_HINT: &str = "Ctrl-C cancels";

pub const ENGINE_CONNECTING: &str = "◌ Connecting to the Docker engine…";
pub const ENGINE_RETRYING: &str = "docktor keeps trying and reconnects by itself.";

pub const HELP_FOOTER: &str = "Esc closes this help.";
pub const HELP_INTRO: &str =
    "Checks also run by themselves: work done in any terminal turns the step green.";

pub const DIALOG_RUN_TITLE: &str = "Run a command from the lesson";
pub const DIALOG_RUN_BODY: &str = "This runs in the lesson's workspace, exactly as written:";
pub const DIALOG_SETUP_TITLE: &str = "This step has a setup";
pub const DIALOG_SETUP_BODY: &str = "The lesson wants to run this before the step. It comes from a lesson folder you gave docktor; run it?";
pub const DIALOG_RESET_STEP_TITLE: &str = "Reset this step?";
pub const DIALOG_RESET_LESSON_TITLE: &str = "Reset the whole lesson?";
pub const DIALOG_RESET_STEP_BODY: &str =
    "This undoes this step's work: what the lesson made on the engine since you opened the step.";
pub const DIALOG_RESET_PLANNING: &str = "Asking the engine what that is…";
pub const DIALOG_RESET_NOTHING: &str = "Nothing on the engine would be removed.";
pub const DIALOG_RESET_REMOVES: &str = "These will be removed:";
pub const DIALOG_SOLUTION_TITLE: &str = "Show the solution?";
pub const DIALOG_SOLUTION_BODY: &str =
    "Working it out teaches more than reading the answer. Show the solution anyway?";
pub const DIALOG_SOLUTION_HINTS_LEFT: &str =
    "There are hints you have not seen yet: Esc, then h shows the next.";
pub const DIALOG_RESET_LESSON_BODY: &str = "This removes what the lesson made on the engine, puts your workspace files back to the lesson's starters and clears the lesson's progress.";
pub const DIALOG_RESET_SETUP: &str = "Then it runs the step's setup:";
pub const DIALOG_KEYS: &str = "Enter: yes   Esc: no";
/// While the dialog waits for the engine, only "no" is offered.
pub const DIALOG_WAIT_KEYS: &str = "Esc: no";
pub const DIALOG_RUN_KEYS: &str = "Enter: run   j/k: choose   e: edit first   Esc: cancel";

pub const FIRST_STEP: &str = "This is the first step.";
/// `n` at the last step: say which steps are still open, if any.
pub fn last_step(open: &[usize]) -> String {
    if open.is_empty() {
        "This is the last step. Esc returns to the lesson list.".to_owned()
    } else {
        format!(
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
        [one] => format!("step {one}"),
        [rest @ .., last] => format!("steps {} and {last}", rest.join(", ")),
    }
}

/// The "step done" words, for the banner and the notice: where Enter goes from here.
pub fn step_done(last: bool, open: &[usize]) -> String {
    match open.first() {
        None => LESSON_DONE.to_owned(),
        Some(_) if !last => STEP_DONE.to_owned(),
        Some(first) => format!(
            "Step done! Still to do: {}. Press Enter to go to step {}.",
            step_list(open),
            first + 1
        ),
    }
}

/// A paste of several lines went into the prompt as one line.
pub fn pasted_lines(lines: usize) -> String {
    format!(
        "Pasted {lines} lines into the prompt as one; nothing ran. Check it, then Enter runs it."
    )
}

/// Where the learner's files are, at the top of every step.
pub fn workspace_line(dir: &Path, file: Option<&str>) -> String {
    match file {
        Some(file) => format!(
            "*Your workspace:* `{}` (e opens `{file}` in your editor)\n\n",
            dir.display()
        ),
        None => format!("*Your workspace:* `{}`\n\n", dir.display()),
    }
}

pub fn no_file_to_edit(dir: &Path) -> String {
    format!(
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
pub const COMPOSE_V1_HINT: &str = "\nThis machine has Compose v1 only: type `docker-compose` (with a hyphen) instead of `docker compose`.";

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
        "\nWithout --name, Docker named the container {}; it stays until removed. The prompt holds a command that removes it; press Enter to run it, or Ctrl-U to keep it.",
        names.join(", ")
    )
}
pub const NO_MORE_HINTS: &str = "No more hints. Press s to see the solution.";
pub const NO_HINTS: &str = "This step has no hints. Press s to see the solution.";
pub const NO_SOLUTION: &str = "This step has no written solution.";
pub const NO_COMMANDS: &str = "This step shows no command to run. Press : to type one.";
pub const STILL_RUNNING: &str = "A command is still running: Ctrl-C cancels it.";
pub const CANCELLING: &str = "Cancelling…";
pub const SETUP_SKIPPED: &str = "Setup skipped. R resets the step and offers it again.";

/// A damaged progress file was set aside.
pub fn damaged_progress(set_aside: &Path, reason: &str) -> String {
    format!(
        "Your progress file could not be read ({reason}); it was kept as {} and docktor starts afresh.",
        set_aside.display()
    )
}

pub fn save_failed(error: &str) -> String {
    format!(
        "Progress could not be saved: {error}. It is kept in memory; docktor tries again on the next change."
    )
}

pub fn workspace_failed(error: &str) -> String {
    format!("The lesson's workspace could not be prepared: {error}")
}

pub fn engine_connected(info: &EngineInfo) -> String {
    let how = match &info.how_chosen {
        crate::engine::HowChosen::Default => String::new(),
        how => format!(" ({how})"),
    };
    format!(
        "● {} {} at {}{how}",
        info.kind.name(),
        info.version,
        info.host
    )
}

pub fn images_missing(images: &[String]) -> String {
    format!(
        "The lessons need {}, which this engine lacks: quit and run `docktor images --prepare` (it works with no registry).",
        images.join(", ")
    )
}

pub fn engine_unavailable(reason: &str) -> String {
    format!("✘ {reason} {ENGINE_RETRYING}")
}

pub fn step_heading(index: usize, total: usize, title: &str) -> String {
    format!("Step {}/{total}: {title}", index + 1)
}

pub fn hint_heading(index: usize, total: usize) -> String {
    format!("Hint {}/{total}", index + 1)
}

pub fn step_position(index: usize, total: usize) -> String {
    format!("Step {}/{total}", index + 1)
}

pub fn steps_done(passed: usize, total: usize) -> String {
    format!("{passed}/{total} steps")
}

/// The checks panel's last line when more lies below.
pub fn checks_more(lines: usize) -> String {
    format!("… {lines} more lines: Tab to this panel, then j scrolls")
}

pub fn checks_more_focused(lines: usize) -> String {
    format!("… {lines} more lines: j scrolls")
}

pub fn checks_summary(passed: usize, total: usize) -> String {
    format!("{passed}/{total} passing")
}

pub fn exit_status(code: Option<i32>) -> String {
    match code {
        Some(code) => format!("exit {code}"),
        None => "ended by a signal".to_owned(),
    }
}

pub fn running_for(secs: u64) -> String {
    format!("running {secs}s")
}

pub const CANCELLED: &str = "cancelled";
pub const TIMED_OUT: &str = "stopped: too long";

pub fn timed_out(after_secs: u64) -> String {
    format!("\nStopped after {after_secs} s. A long-running container is better started with -d.")
}

pub fn failed_to_start(error: &str) -> String {
    format!("could not start: {error}")
}

/// Containers a cancelled command left running.
pub fn left_running(names: &[String]) -> String {
    let list = names.join(", ");
    format!(
        "\nThe cancelled command left {} running: {list}. The prompt holds a command that removes {}; press Enter to run it.",
        if names.len() == 1 {
            "a container"
        } else {
            "containers"
        },
        if names.len() == 1 { "it" } else { "them" }
    )
}

pub fn remove_containers(names: &[String]) -> String {
    format!("docker rm -f {}", names.join(" "))
}

pub fn interactive_title(line: &str) -> String {
    format!("{line} (had the whole terminal)")
}

pub const INTERACTIVE_BODY: &str = "The command ran in the full terminal; its output stayed there.";

pub fn interactive_banner(line: &str, dir: &Path) -> String {
    format!(
        "docktor: running `{line}` in {}\r\ndocktor comes back when it ends.\r\n",
        dir.display()
    )
}

pub fn interactive_done(code: Option<i32>) -> String {
    format!(
        "\r\ndocktor: the command ended ({}). Press any key to go back to the lesson.",
        exit_status(code)
    )
}

pub fn setup_title(step: usize) -> String {
    format!("setup of step {}", step + 1)
}

pub const SHOWN_LABEL: &str = "from the step";
pub const SOLUTION_LABEL: &str = "solution";

pub fn reset_done(removed: &[String]) -> String {
    if removed.is_empty() {
        "Reset done: nothing of the lesson's was left to remove.".to_owned()
    } else {
        format!("Reset done: removed {}.", removed.join(", "))
    }
}

pub fn reset_plan_failed(error: &str) -> String {
    format!(
        "The engine could not say what the lesson made ({error}); nothing on it will be removed."
    )
}

pub fn and_more(count: usize) -> String {
    format!("  … and {count} more")
}

pub fn reset_failed(error: &str) -> String {
    format!("The reset did not finish: {error}")
}
