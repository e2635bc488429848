//! The apt rules: `apt-chained`, `apt-yes`, `apt-no-recommends` and `apt-clean-lists`.

use super::runs;
use crate::check::dockerfile::reader::Dockerfile;
use crate::check::dockerfile::{RuleInput, Violation, shell};
use crate::trf;

/// One `apt-get`/`apt` call inside a RUN.
struct AptCall<'a> {
    program: &'a str,
    action: Option<&'a str>,
    args: &'a [String],
    /// Position of the command within its RUN.
    index: usize,
}

impl AptCall<'_> {
    fn is(&self, action: &str) -> bool {
        self.action == Some(action)
    }

    fn named(&self, action: &str) -> String {
        format!("`{} {action}`", self.program)
    }
}

/// Options of apt-get that take the next word as their value.
const APT_VALUE_OPTIONS: &[&str] = &[
    "-o",
    "-c",
    "-t",
    "--option",
    "--config-file",
    "--target-release",
    "--default-release",
];

fn apt_calls(commands: &[Vec<String>]) -> Vec<AptCall<'_>> {
    let mut calls = Vec::new();
    for (index, command) in commands.iter().enumerate() {
        let Some((program, args)) = shell::program(command) else {
            continue;
        };
        if program != "apt-get" && program != "apt" {
            continue;
        }
        let mut action = None;
        let mut words = args.iter();
        while let Some(word) = words.next() {
            if APT_VALUE_OPTIONS.contains(&word.as_str()) {
                words.next();
            } else if !word.starts_with('-') {
                action = Some(word.as_str());
                break;
            }
        }
        calls.push(AptCall {
            program,
            action,
            args,
            index,
        });
    }
    calls
}

/// The value of an `-o Key=value` option at `at`, however it is spelled.
fn option_value(args: &[String], at: usize) -> Option<&str> {
    let word = args[at].as_str();
    match word {
        "-o" | "--option" => args.get(at + 1).map(String::as_str),
        _ => word
            .strip_prefix("--option=")
            .or_else(|| word.strip_prefix("-o").filter(|v| !v.is_empty())),
    }
}

/// Whether some `-o key=value` sets `key` (case-insensitive) to one of `values`.
fn sets_option(args: &[String], key: &str, values: &[&str]) -> bool {
    (0..args.len()).any(|at| {
        option_value(args, at)
            .and_then(|v| v.split_once('='))
            .is_some_and(|(k, v)| {
                k.eq_ignore_ascii_case(key) && values.contains(&v.to_ascii_lowercase().as_str())
            })
    })
}

fn short_cluster_has(word: &str, flag: char) -> bool {
    word.strip_prefix('-').is_some_and(|letters| {
        !letters.starts_with('-')
            && !letters.is_empty()
            && letters.chars().all(|c| c.is_ascii_alphabetic())
            && letters.contains(flag)
    })
}

fn assumes_yes(args: &[String]) -> bool {
    args.iter().any(|a| {
        matches!(
            a.as_str(),
            "--yes" | "--assume-yes" | "-qq" | "-q=2" | "--quiet=2"
        ) || short_cluster_has(a, 'y')
    }) || sets_option(args, "APT::Get::Assume-Yes", &["true", "1", "yes"])
}

fn skips_recommends(args: &[String]) -> bool {
    args.iter().any(|a| a == "--no-install-recommends")
        || sets_option(args, "APT::Install-Recommends", &["false", "0", "no"])
}

/// One violation per RUN: the first apt call for which `bad` gives a message.
fn per_apt_call(
    file: &Dockerfile,
    bad: impl Fn(&AptCall<'_>, &[AptCall<'_>]) -> Option<String>,
) -> Vec<Violation> {
    runs(file)
        .filter_map(|(run, commands)| {
            let calls = apt_calls(&commands);
            calls
                .iter()
                .find_map(|call| bad(call, &calls))
                .map(|what| Violation::at(run.line, what))
        })
        .collect()
}

pub(in crate::check::dockerfile) fn apt_chained(input: &RuleInput<'_>) -> Vec<Violation> {
    per_apt_call(input.file, |call, calls| {
        if !call.is("install") {
            return None;
        }
        match calls.iter().find(|c| c.is("update")) {
            Some(update) if update.index < call.index => None,
            Some(update) => Some(trf!(
                "{} runs before {} in the same RUN",
                call.named("install"),
                update.named("update")
            )),
            None => Some(trf!(
                "{} runs without `{} update` in the same RUN",
                call.named("install"),
                call.program
            )),
        }
    })
}

/// apt actions that stop to ask before changing packages.
const PROMPTING: &[&str] = &[
    "install",
    "upgrade",
    "dist-upgrade",
    "full-upgrade",
    "remove",
    "purge",
    "autoremove",
];

pub(in crate::check::dockerfile) fn apt_yes(input: &RuleInput<'_>) -> Vec<Violation> {
    per_apt_call(input.file, |call, _| {
        let action = call.action.filter(|a| PROMPTING.contains(a))?;
        (!assumes_yes(call.args)).then(|| trf!("{} does not pass `-y`", call.named(action)))
    })
}

pub(in crate::check::dockerfile) fn apt_no_recommends(input: &RuleInput<'_>) -> Vec<Violation> {
    per_apt_call(input.file, |call, _| {
        (call.is("install") && !skips_recommends(call.args)).then(|| {
            trf!(
                "{} does not pass `--no-install-recommends`",
                call.named("install")
            )
        })
    })
}

fn removes_apt_lists(command: &[String]) -> bool {
    let Some(("rm", args)) = shell::program(command) else {
        return false;
    };
    let recursive = args
        .iter()
        .any(|a| a == "--recursive" || short_cluster_has(a, 'r') || short_cluster_has(a, 'R'));
    recursive
        && args
            .iter()
            .any(|a| a.trim_end_matches('/').starts_with("/var/lib/apt/lists"))
}

pub(in crate::check::dockerfile) fn apt_clean_lists(input: &RuleInput<'_>) -> Vec<Violation> {
    runs(input.file)
        .filter_map(|(run, commands)| {
            let calls = apt_calls(&commands);
            let last = calls
                .iter()
                .rev()
                .find(|c| c.is("update") || c.is("install"))?;
            let cleaned = commands[last.index + 1..]
                .iter()
                .any(|c| removes_apt_lists(c));
            (!cleaned).then(|| {
                Violation::at(
                    run.line,
                    trf!(
                        "the RUN with {} does not remove `/var/lib/apt/lists/*` after it",
                        last.named(last.action.unwrap_or_default())
                    ),
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::check::dockerfile::testing::{df, failing_lines, violations};

    // ---- apt-chained ----

    #[test]
    fn apt_chained_passes_when_update_and_install_share_a_run() {
        let text = df(&[
            "FROM debian:12",
            "RUN apt-get update \\",
            "    && apt-get install -y --no-install-recommends curl",
        ]);
        assert!(failing_lines("apt-chained", &text).is_empty());
    }

    #[test]
    fn apt_chained_fails_when_update_is_its_own_run() {
        let text = df(&[
            "FROM debian:12",
            "RUN apt-get update",
            "RUN apt-get install -y curl",
        ]);
        assert_eq!(failing_lines("apt-chained", &text), vec![Some(3)]);
    }

    #[test]
    fn apt_chained_fails_when_install_comes_before_update() {
        let text = df(&[
            "FROM debian:12",
            "RUN apt-get install -y curl; apt-get update",
        ]);
        let found = violations("apt-chained", &text);
        assert_eq!(found.len(), 1);
        assert!(found[0].what.contains("before"), "{}", found[0].what);
    }

    #[test]
    fn apt_rules_pass_when_there_is_no_apt() {
        let text = df(&["FROM busybox:1.36", "RUN echo update install"]);
        for id in [
            "apt-chained",
            "apt-yes",
            "apt-no-recommends",
            "apt-clean-lists",
        ] {
            assert!(failing_lines(id, &text).is_empty(), "{id}");
        }
    }

    // ---- apt-yes ----

    #[test]
    fn apt_yes_passes_with_any_spelling_of_yes() {
        for flags in [
            "-y",
            "-qy",
            "--yes",
            "--assume-yes",
            "-qq",
            "-o APT::Get::Assume-Yes=true",
        ] {
            let text = df(&[
                "FROM debian:12",
                &format!("RUN apt-get update && apt-get {flags} install curl"),
            ]);
            assert!(failing_lines("apt-yes", &text).is_empty(), "{flags}");
        }
    }

    #[test]
    fn apt_yes_fails_when_install_would_prompt() {
        let text = df(&[
            "FROM debian:12",
            "RUN apt-get update && apt-get install -y curl",
            "RUN apt-get update && sudo apt-get -o Dpkg::Use-Pty=0 install wget",
        ]);
        assert_eq!(failing_lines("apt-yes", &text), vec![Some(3)]);
    }

    #[test]
    fn apt_yes_also_covers_upgrade_and_remove() {
        let text = df(&[
            "FROM debian:12",
            "RUN apt-get upgrade",
            "RUN apt remove -y vim",
        ]);
        assert_eq!(failing_lines("apt-yes", &text), vec![Some(2)]);
    }

    // ---- apt-no-recommends ----

    #[test]
    fn apt_no_recommends_passes_with_the_flag_or_the_option() {
        let text = df(&[
            "FROM debian:12",
            "RUN apt-get update && apt-get install -y --no-install-recommends curl",
            "RUN apt-get update && apt-get install -y -o APT::Install-Recommends=false wget",
        ]);
        assert!(failing_lines("apt-no-recommends", &text).is_empty());
    }

    #[test]
    fn apt_no_recommends_fails_on_a_plain_install() {
        let text = df(&[
            "FROM debian:12",
            "RUN apt-get update \\",
            "  && apt-get install -y curl",
        ]);
        assert_eq!(failing_lines("apt-no-recommends", &text), vec![Some(2)]);
    }

    // ---- apt-clean-lists ----

    #[test]
    fn apt_clean_lists_passes_when_the_same_run_removes_the_lists() {
        let text = df(&[
            "FROM debian:12",
            "RUN apt-get update \\",
            "  && apt-get install -y --no-install-recommends curl \\",
            "  && rm -rf /var/lib/apt/lists/*",
        ]);
        assert!(failing_lines("apt-clean-lists", &text).is_empty());
    }

    #[test]
    fn apt_clean_lists_fails_when_a_later_run_removes_them() {
        let text = df(&[
            "FROM debian:12",
            "RUN apt-get update && apt-get install -y curl",
            "RUN rm -rf /var/lib/apt/lists/*",
        ]);
        assert_eq!(failing_lines("apt-clean-lists", &text), vec![Some(2)]);
    }

    #[test]
    fn apt_clean_lists_fails_when_removal_comes_before_the_install() {
        let text = df(&[
            "FROM debian:12",
            "RUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y curl",
        ]);
        assert_eq!(failing_lines("apt-clean-lists", &text), vec![Some(2)]);
    }
}
