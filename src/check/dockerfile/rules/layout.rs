//! Where things happen and how the file is laid out: `workdir-absolute`, `workdir-set`,
//! `no-cd-in-run` and `merge-runs`.

use super::runs;
use crate::check::dockerfile::{RuleInput, Violation, shell};
use crate::trf;

pub(in crate::check::dockerfile) fn workdir_absolute(input: &RuleInput<'_>) -> Vec<Violation> {
    input
        .file
        .instructions
        .iter()
        .filter(|i| i.keyword == "WORKDIR")
        .filter(|i| {
            let path = i.args.trim().trim_matches(|c| c == '"' || c == '\'');
            let windows_drive = path.chars().nth(1) == Some(':');
            !(path.starts_with('/') || path.starts_with('$') || windows_drive)
        })
        .map(|i| Violation::at(i.line, trf!("`{}` is a relative path", i.excerpt())))
        .collect()
}

pub(in crate::check::dockerfile) fn no_cd_in_run(input: &RuleInput<'_>) -> Vec<Violation> {
    runs(input.file)
        .filter(|(_, commands)| {
            commands
                .iter()
                .any(|c| matches!(shell::program(c), Some(("cd", _))))
        })
        .map(|(run, _)| {
            Violation::at(
                run.line,
                trf!("`{}` changes directory with `cd`", run.excerpt()),
            )
        })
        .collect()
}

pub(in crate::check::dockerfile) fn merge_runs(input: &RuleInput<'_>) -> Vec<Violation> {
    input
        .file
        .instructions
        .windows(2)
        // A FROM always sits between the RUNs of two stages, so pairs never span stages.
        .filter(|pair| pair.iter().all(|i| i.keyword == "RUN"))
        .map(|pair| {
            Violation::at(
                pair[1].line,
                trf!(
                    "`{}` directly follows the RUN on line {}",
                    pair[1].excerpt(),
                    pair[0].line
                ),
            )
        })
        .collect()
}

pub(in crate::check::dockerfile) fn workdir_set(input: &RuleInput<'_>) -> Vec<Violation> {
    let file = input.file;
    let mut has_workdir: Vec<bool> = Vec::new();
    let mut violations = Vec::new();
    for (index, stage) in file.stages.iter().enumerate() {
        let mut set = stage
            .parent
            .and_then(|p| has_workdir.get(p).copied())
            .unwrap_or(false);
        let mut reported = false;
        for i in file.in_stage(Some(index)) {
            match i.keyword.as_str() {
                "WORKDIR" => set = true,
                "COPY" | "ADD" if !set && !reported => {
                    reported = true;
                    violations.push(Violation::at(
                        i.line,
                        trf!("`{}` copies files before any WORKDIR is set", i.excerpt()),
                    ));
                }
                _ => {}
            }
        }
        has_workdir.push(set);
    }
    violations
}

#[cfg(test)]
mod tests {
    use crate::check::dockerfile::testing::{df, failing_lines, violations};

    // ---- workdir-absolute ----

    #[test]
    fn workdir_absolute_passes_for_absolute_and_variable_paths() {
        let text = df(&["FROM busybox:1.36", "WORKDIR /app", "WORKDIR \"$HOME/src\""]);
        assert!(failing_lines("workdir-absolute", &text).is_empty());
    }

    #[test]
    fn workdir_absolute_fails_for_a_relative_path() {
        let text = df(&["FROM busybox:1.36", "WORKDIR /srv", "WORKDIR app"]);
        assert_eq!(failing_lines("workdir-absolute", &text), vec![Some(3)]);
    }

    // ---- no-cd-in-run ----

    #[test]
    fn no_cd_in_run_passes_when_a_word_merely_contains_cd() {
        let text = df(&[
            "FROM busybox:1.36",
            "WORKDIR /app",
            "RUN echo cd abcd && ./cdrom",
        ]);
        assert!(failing_lines("no-cd-in-run", &text).is_empty());
    }

    #[test]
    fn no_cd_in_run_fails_when_a_run_changes_directory() {
        let text = df(&[
            "FROM busybox:1.36",
            "RUN mkdir /app \\",
            "    && cd /app && touch x",
        ]);
        assert_eq!(failing_lines("no-cd-in-run", &text), vec![Some(2)]);
    }

    // ---- merge-runs ----

    #[test]
    fn merge_runs_passes_when_runs_are_separated_or_in_different_stages() {
        let text = df(&[
            "FROM busybox:1.36 AS build",
            "RUN echo a",
            "COPY x /x",
            "RUN echo b",
            "FROM busybox:1.36",
            "RUN echo c",
        ]);
        assert!(failing_lines("merge-runs", &text).is_empty());
    }

    #[test]
    fn merge_runs_fails_on_the_second_of_two_consecutive_runs() {
        let text = df(&[
            "FROM busybox:1.36",
            "RUN echo a",
            "# comments do not separate instructions",
            "RUN echo b",
        ]);
        let found = violations("merge-runs", &text);
        assert_eq!(
            found.iter().map(|v| v.line).collect::<Vec<_>>(),
            vec![Some(4)]
        );
        assert!(found[0].what.contains("line 2"), "{}", found[0].what);
    }

    // ---- workdir-set ----

    #[test]
    fn workdir_set_passes_when_workdir_comes_first_or_is_inherited() {
        let text = df(&[
            "FROM node:22-slim AS base",
            "WORKDIR /app",
            "COPY . .",
            "FROM base",
            "COPY extra.txt .",
        ]);
        assert!(failing_lines("workdir-set", &text).is_empty());
    }

    #[test]
    fn workdir_set_fails_when_files_are_copied_before_any_workdir() {
        let text = df(&[
            "FROM node:22-slim",
            "COPY . .",
            "WORKDIR /app",
            "FROM busybox:1.36",
            "RUN echo no copy here",
            "COPY --from=0 /app /app",
        ]);
        assert_eq!(failing_lines("workdir-set", &text), vec![Some(2), Some(6)]);
    }
}
