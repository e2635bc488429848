//! How the final image runs: `exec-form-cmd`, `non-root-user`, `one-cmd` and
//! `expose-declared`.

use crate::check::dockerfile::{RuleInput, Violation};
use crate::{tr, trf};

/// Characters that need a shell, so a shell-form command cannot simply become JSON.
const SHELL_SYNTAX: &[char] = &[
    '$', '&', '|', ';', '<', '>', '*', '?', '"', '\'', '`', '(', ')', '\\', '~',
];

pub(in crate::check::dockerfile) fn exec_form_cmd(input: &RuleInput<'_>) -> Vec<Violation> {
    input
        .file
        .instructions
        .iter()
        .filter(|i| i.keyword == "CMD" || i.keyword == "ENTRYPOINT")
        .filter(|i| i.exec_form().is_none())
        .map(|i| {
            let what = if i.args.trim_start().starts_with('[') {
                trf!(
                    "`{}` is not valid JSON (strings need double quotes), so it runs in a \
                     shell",
                    i.excerpt()
                )
            } else if i.args.contains(SHELL_SYNTAX) || i.args.is_empty() {
                trf!("`{}` is in shell form", i.excerpt())
            } else {
                let words: Vec<String> = i
                    .args
                    .split_whitespace()
                    .map(|w| serde_json::Value::from(w).to_string())
                    .collect();
                trf!(
                    "`{}` is in shell form; write `{} [{}]`",
                    i.excerpt(),
                    i.keyword,
                    words.join(", ")
                )
            };
            Violation::at(i.line, what)
        })
        .collect()
}

pub(in crate::check::dockerfile) fn non_root_user(input: &RuleInput<'_>) -> Vec<Violation> {
    let file = input.file;
    let last_user = file
        .final_lineage()
        .into_iter()
        .find_map(|stage| file.in_stage(stage).filter(|i| i.keyword == "USER").last());
    match last_user {
        None => {
            let place = match file.stages.len() {
                0 | 1 => tr!("never sets `USER`").to_owned(),
                _ => trf!(
                    "the final stage (line {}) never sets `USER`",
                    file.stages.last().map_or(0, |s| s.line)
                ),
            };
            vec![Violation::missing(trf!(
                "{}, so the container runs as root",
                place
            ))]
        }
        Some(user) => {
            let name = user.args.split([':', ' ', '\t']).next().unwrap_or_default();
            if name == "root" || name == "0" {
                vec![Violation::at(
                    user.line,
                    trf!("`{}` leaves the container running as root", user.excerpt()),
                )]
            } else {
                Vec::new()
            }
        }
    }
}

pub(in crate::check::dockerfile) fn one_cmd(input: &RuleInput<'_>) -> Vec<Violation> {
    let mut first: Vec<(Option<usize>, &str, usize)> = Vec::new();
    let mut violations = Vec::new();
    for i in &input.file.instructions {
        if i.keyword != "CMD" && i.keyword != "ENTRYPOINT" {
            continue;
        }
        let earlier = first
            .iter()
            .find(|(stage, keyword, _)| *stage == i.stage && *keyword == i.keyword);
        match earlier {
            Some((_, _, line)) => violations.push(Violation::at(
                i.line,
                trf!(
                    "a second `{}` in the same stage (the first is on line {})",
                    i.keyword,
                    line
                ),
            )),
            None => first.push((i.stage, &i.keyword, i.line)),
        }
    }
    violations
}

pub(in crate::check::dockerfile) fn expose_declared(input: &RuleInput<'_>) -> Vec<Violation> {
    let file = input.file;
    let exposes = file
        .final_lineage()
        .into_iter()
        .any(|stage| file.in_stage(stage).any(|i| i.keyword == "EXPOSE"));
    if exposes {
        Vec::new()
    } else {
        vec![Violation::missing(tr!("declares no port with `EXPOSE`"))]
    }
}

#[cfg(test)]
mod tests {
    use crate::check::dockerfile::testing::{df, failing_lines, violations};

    // ---- exec-form-cmd ----

    #[test]
    fn exec_form_cmd_passes_for_json_cmd_and_entrypoint() {
        let text = df(&[
            "FROM busybox:1.36",
            "ENTRYPOINT [\"httpd\", \"-f\"]",
            "CMD [\"-p\", \"80\"]",
        ]);
        assert!(failing_lines("exec-form-cmd", &text).is_empty());
    }

    #[test]
    fn exec_form_cmd_fails_for_shell_form_and_suggests_json() {
        let text = df(&["FROM node:22-slim", "", "CMD node server.js"]);
        let found = violations("exec-form-cmd", &text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, Some(3));
        assert!(
            found[0]
                .what
                .contains(r#"write `CMD ["node", "server.js"]`"#),
            "{}",
            found[0].what
        );
    }

    #[test]
    fn exec_form_cmd_fails_for_single_quoted_json() {
        let text = df(&["FROM busybox:1.36", "ENTRYPOINT ['httpd', '-f']"]);
        let found = violations("exec-form-cmd", &text);
        assert_eq!(
            found.iter().map(|v| v.line).collect::<Vec<_>>(),
            vec![Some(2)]
        );
        assert!(found[0].what.contains("double quotes"), "{}", found[0].what);
    }

    // ---- non-root-user ----

    #[test]
    fn non_root_user_passes_when_the_last_user_is_not_root() {
        let text = df(&[
            "FROM busybox:1.36",
            "USER root",
            "RUN adduser -D app",
            "USER app:app",
        ]);
        assert!(failing_lines("non-root-user", &text).is_empty());
    }

    #[test]
    fn non_root_user_fails_when_the_last_user_is_root_or_uid_0() {
        for user in ["root", "0", "0:0", "root:root"] {
            let text = df(&["FROM busybox:1.36", "USER 1000", &format!("USER {user}")]);
            assert_eq!(
                failing_lines("non-root-user", &text),
                vec![Some(3)],
                "{user}"
            );
        }
    }

    #[test]
    fn non_root_user_fails_when_only_an_earlier_stage_sets_user() {
        let text = df(&[
            "FROM busybox:1.36 AS build",
            "USER app",
            "FROM busybox:1.36",
            "CMD [\"sh\"]",
        ]);
        let found = violations("non-root-user", &text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, None);
        assert!(
            found[0].what.contains("final stage (line 3)"),
            "{}",
            found[0].what
        );
    }

    #[test]
    fn non_root_user_passes_when_the_final_stage_inherits_user_from_its_base_stage() {
        let text = df(&["FROM busybox:1.36 AS base", "USER app", "FROM base"]);
        assert!(failing_lines("non-root-user", &text).is_empty());
    }

    // ---- one-cmd ----

    #[test]
    fn one_cmd_passes_with_one_cmd_per_stage() {
        let text = df(&[
            "FROM busybox:1.36 AS build",
            "CMD [\"true\"]",
            "FROM busybox:1.36",
            "ENTRYPOINT [\"httpd\"]",
            "CMD [\"-f\"]",
        ]);
        assert!(failing_lines("one-cmd", &text).is_empty());
    }

    #[test]
    fn one_cmd_fails_on_a_second_cmd_in_a_stage() {
        let text = df(&[
            "FROM busybox:1.36",
            "CMD [\"sh\"]",
            "ENTRYPOINT [\"httpd\"]",
            "CMD [\"-f\"]",
        ]);
        assert_eq!(failing_lines("one-cmd", &text), vec![Some(4)]);
    }

    // ---- expose-declared ----

    #[test]
    fn expose_declared_passes_with_an_expose_in_the_final_image() {
        let text = df(&["FROM busybox:1.36 AS web", "EXPOSE 80", "FROM web"]);
        assert!(failing_lines("expose-declared", &text).is_empty());
    }

    #[test]
    fn expose_declared_fails_when_only_a_build_stage_exposes() {
        let text = df(&[
            "FROM busybox:1.36 AS build",
            "EXPOSE 80",
            "FROM busybox:1.36",
        ]);
        assert_eq!(failing_lines("expose-declared", &text), vec![None]);
    }
}
