//! Teaching rules over a Dockerfile in the learner's workspace: a small reader of the
//! Dockerfile syntax, the rules drawn from Docker's best practices, and their grading.
//!
//! This module owns the public face (the rule table, [`rule`] and [`evaluate`]) and how a
//! failed rule is worded; `reader` reads the file, `shell` finds the commands in a RUN, and
//! `rules` holds the check behind each rule.

mod reader;
mod rules;
mod shell;
#[cfg(test)]
mod testing;

use std::path::Path;

use super::{DockerfileCheck, Findings, Verdict};
use crate::{tr, trf};
use reader::{Dockerfile, normalise};

/// A named Dockerfile rule and the reason it teaches.
#[derive(Debug, Clone, Copy)]
pub struct DockerfileRule {
    /// The id a lesson names in `rules` (`apt-chained`).
    pub id: &'static str,
    /// What the rule requires, in a few words: see [`DockerfileRule::title`].
    title: fn() -> &'static str,
    /// Why the rule matters: see [`DockerfileRule::reason`].
    reason: fn() -> &'static str,
    find: fn(&RuleInput<'_>) -> Vec<Violation>,
}

impl DockerfileRule {
    /// What the rule requires, in a few words, in the learner's language.
    pub fn title(&self) -> &'static str {
        (self.title)()
    }

    /// Why, in one sentence shown to the learner after a failure (starts lower-case), in the
    /// learner's language.
    pub fn reason(&self) -> &'static str {
        (self.reason)()
    }
}

/// Every rule a `[[dockerfile]]` check may name.
pub static DOCKERFILE_RULES: &[DockerfileRule] = &[
    DockerfileRule {
        id: "apt-chained",
        title: || tr!("`apt-get update` runs in the same RUN as `apt-get install`"),
        reason: || {
            tr!(
                "Docker caches a RUN that only updates, so a later install would read a stale \
                 package list"
            )
        },
        find: rules::apt_chained,
    },
    DockerfileRule {
        id: "apt-yes",
        title: || tr!("`apt-get install` (and upgrade or remove) passes `-y`"),
        reason: || {
            tr!("nobody can answer apt's yes/no prompt during a build, so without `-y` it aborts")
        },
        find: rules::apt_yes,
    },
    DockerfileRule {
        id: "apt-no-recommends",
        title: || tr!("`apt-get install` passes `--no-install-recommends`"),
        reason: || {
            tr!(
                "recommended packages are not needed to run your app and only make the image \
                 bigger"
            )
        },
        find: rules::apt_no_recommends,
    },
    DockerfileRule {
        id: "apt-clean-lists",
        title: || tr!("a RUN that uses `apt-get` also removes `/var/lib/apt/lists/*`"),
        reason: || {
            tr!(
                "package lists left in a layer stay in the image for good, since a later RUN \
                 cannot shrink an earlier layer"
            )
        },
        find: rules::apt_clean_lists,
    },
    DockerfileRule {
        id: "exec-form-cmd",
        title: || tr!("CMD and ENTRYPOINT use the JSON (exec) form"),
        reason: || {
            tr!(
                "in shell form `/bin/sh -c` runs as PID 1 and does not pass signals on, so \
                 `docker stop` waits 10 seconds and then kills your app"
            )
        },
        find: rules::exec_form_cmd,
    },
    DockerfileRule {
        id: "non-root-user",
        title: || tr!("the final image sets a USER that is not root"),
        reason: || {
            tr!(
                "a process running as root can change anything in its container, so a bug in \
                 your app does far more harm"
            )
        },
        find: rules::non_root_user,
    },
    DockerfileRule {
        id: "copy-not-add",
        title: || tr!("ADD is used only for URLs and tar archives; COPY for files"),
        reason: || {
            tr!(
                "ADD also downloads URLs and unpacks archives, so COPY says plainly that you \
                 only copy files"
            )
        },
        find: rules::copy_not_add,
    },
    DockerfileRule {
        id: "manifest-before-source",
        title: || {
            tr!("dependency manifests are copied and installed before the rest of the source")
        },
        reason: || {
            tr!(
                "a layer is rebuilt when the files copied into it change, so copying the \
                 manifests first keeps the slow dependency install cached while you edit code"
            )
        },
        find: rules::manifest_before_source,
    },
    DockerfileRule {
        id: "workdir-absolute",
        title: || tr!("every WORKDIR is an absolute path"),
        reason: || {
            tr!(
                "a relative WORKDIR depends on whichever directory came before it, while an \
                 absolute one says exactly where your app lives"
            )
        },
        find: rules::workdir_absolute,
    },
    DockerfileRule {
        id: "no-cd-in-run",
        title: || tr!("no `cd` inside RUN; WORKDIR sets the directory"),
        reason: || {
            tr!(
                "a `cd` lasts only until its RUN ends, while WORKDIR holds for every later \
                 instruction and for the running container"
            )
        },
        find: rules::no_cd_in_run,
    },
    DockerfileRule {
        id: "merge-runs",
        title: || tr!("no two RUN instructions in a row"),
        reason: || {
            tr!(
                "every RUN adds a layer, so related commands joined with `&&` in one RUN make a \
                 smaller image that builds faster"
            )
        },
        find: rules::merge_runs,
    },
    DockerfileRule {
        id: "one-cmd",
        title: || tr!("at most one CMD and one ENTRYPOINT per stage"),
        reason: || {
            tr!(
                "only the last CMD or ENTRYPOINT of a stage takes effect, so an earlier one \
                 misleads whoever reads the file"
            )
        },
        find: rules::one_cmd,
    },
    DockerfileRule {
        id: "tag-base-image",
        title: || tr!("every FROM names a tag other than `latest`"),
        reason: || {
            tr!(
                "`latest` moves whenever the image is republished, while a fixed tag gives the \
                 same base on every build"
            )
        },
        find: rules::tag_base_image,
    },
    DockerfileRule {
        id: "no-syntax-directive",
        title: || tr!("no `# syntax=` directive"),
        reason: || {
            tr!(
                "under BuildKit this line pulls the Dockerfile frontend from a registry, so the \
                 build fails without a network"
            )
        },
        find: rules::no_syntax_directive,
    },
    DockerfileRule {
        id: "workdir-set",
        title: || tr!("a WORKDIR is set before the first COPY or ADD of each stage"),
        reason: || {
            tr!(
                "without a WORKDIR relative paths start at `/`, so your app's files end up \
                 mixed with the system's"
            )
        },
        find: rules::workdir_set,
    },
    DockerfileRule {
        id: "expose-declared",
        title: || tr!("the final image declares at least one EXPOSE"),
        reason: || {
            tr!(
                "EXPOSE documents the port your app listens on, so whoever runs the image knows \
                 what to publish with `-p`"
            )
        },
        find: rules::expose_declared,
    },
];

/// The rule with this id, if there is one.
pub fn rule(id: &str) -> Option<&'static DockerfileRule> {
    DOCKERFILE_RULES.iter().find(|rule| rule.id == id)
}

/// Grades a Dockerfile check.
pub fn evaluate(check: &DockerfileCheck, workspace: &Path) -> Verdict {
    let name = check.path.as_deref().unwrap_or("Dockerfile");
    let subject = format!("`{name}`");
    let mut wanted: Vec<&DockerfileRule> = Vec::new();
    for id in &check.rules {
        match rule(id) {
            Some(found) if !wanted.iter().any(|w| w.id == found.id) => wanted.push(found),
            Some(_) => {}
            None => return Verdict::error(subject, unknown_rule_message(id)),
        }
    }
    if check.manifests.is_empty() && wanted.iter().any(|r| r.id == "manifest-before-source") {
        return Verdict::error(
            subject,
            "the check names rule `manifest-before-source` but lists no `manifests` to look for",
        );
    }

    let mut findings = Findings::new(subject);
    let bytes = match super::file::read_in_workspace(workspace, name) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            findings.wrong(tr!("does not exist in your workspace"));
            return findings.into_verdict(check.message.as_deref());
        }
        Err(why) => return Verdict::error(format!("`{name}`"), why),
    };
    findings.right(tr!("exists"));
    let file = Dockerfile::parse(&String::from_utf8_lossy(&bytes));
    let input = RuleInput {
        file: &file,
        manifests: &check.manifests,
    };
    let mut held = Vec::new();
    for rule in wanted {
        let violations = (rule.find)(&input);
        if violations.is_empty() {
            held.push(format!("`{}`", rule.id));
        } else {
            findings.wrong(describe(rule, &violations));
        }
    }
    if !held.is_empty() {
        findings.right(trf!("follows {}", held.join(", ")));
    }
    for needle in &check.contains {
        let needle_text = normalise(needle);
        let present = file
            .instructions
            .iter()
            .any(|i| i.text().contains(&needle_text));
        findings.expect(
            present,
            trf!("has `{}`", needle),
            trf!("has no instruction containing `{}`", needle),
        );
    }
    findings.into_verdict(check.message.as_deref())
}

fn unknown_rule_message(id: &str) -> String {
    let known: Vec<&str> = DOCKERFILE_RULES.iter().map(|r| r.id).collect();
    format!(
        "the check names an unknown Dockerfile rule `{id}`; known rules: {}",
        known.join(", ")
    )
}

/// One place where a rule does not hold.
#[derive(Debug, Clone, PartialEq)]
struct Violation {
    /// Where, when the problem is one instruction; `None` when something is missing.
    line: Option<usize>,
    what: String,
}

impl Violation {
    fn at(line: usize, what: impl Into<String>) -> Self {
        Self {
            line: Some(line),
            what: what.into(),
        }
    }

    fn missing(what: impl Into<String>) -> Self {
        Self {
            line: None,
            what: what.into(),
        }
    }
}

/// What a rule looks at.
struct RuleInput<'a> {
    file: &'a Dockerfile,
    manifests: &'a [String],
}

/// Words a failed rule as one finding: the first violation, other lines, then the reason.
fn describe(rule: &DockerfileRule, violations: &[Violation]) -> String {
    let Some(first) = violations.first() else {
        return rule.reason().to_owned();
    };
    let mut text = match first.line {
        Some(line) => trf!("line {}: {}", line, first.what),
        None => first.what.clone(),
    };
    let mut others: Vec<usize> = violations[1..]
        .iter()
        .filter_map(|v| v.line)
        .filter(|line| Some(*line) != first.line)
        .collect();
    others.sort_unstable();
    others.dedup();
    if !others.is_empty() {
        let list: Vec<String> = others.iter().map(usize::to_string).collect();
        let list = list.join(", ");
        text.push_str(&if others.len() > 1 {
            trf!(" (also lines {})", list)
        } else {
            trf!(" (also line {})", list)
        });
    }
    format!("{text}; {}", rule.reason())
}

#[cfg(test)]
mod tests {
    use super::*;
    use testing::df;

    // ---- the rule table ----

    #[test]
    fn every_rule_has_a_unique_kebab_case_id_a_title_and_a_reason() {
        for (index, r) in DOCKERFILE_RULES.iter().enumerate() {
            assert!(
                r.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                r.id
            );
            assert!(!r.title().is_empty() && !r.reason().is_empty(), "{}", r.id);
            assert!(
                !r.reason().ends_with('.'),
                "{} reason is spliced into a sentence",
                r.id
            );
            assert!(
                DOCKERFILE_RULES[index + 1..].iter().all(|o| o.id != r.id),
                "duplicate id {}",
                r.id
            );
        }
    }

    #[test]
    fn rule_finds_known_ids_and_rejects_unknown_ones() {
        assert_eq!(rule("apt-yes").map(|r| r.id), Some("apt-yes"));
        assert!(rule("apt-maybe").is_none());
    }

    #[test]
    fn a_rule_is_titled_and_explained_in_swedish() {
        let r = rule("non-root-user").expect("rule");
        let (title, reason) =
            crate::i18n::with_lang(crate::i18n::Lang::Sv, || (r.title(), r.reason()));
        assert_eq!(title, "den slutliga imagen sätter en USER som inte är root");
        assert!(
            reason.starts_with("en process som kör som root"),
            "{reason}"
        );
        assert_eq!(r.title(), "the final image sets a USER that is not root");
    }

    #[test]
    fn the_rules_doc_describes_every_rule() {
        let doc = include_str!("../../../docs/dockerfile-rules.md");
        for r in DOCKERFILE_RULES {
            assert!(doc.contains(&format!("`{}`", r.id)), "docs miss {}", r.id);
        }
    }

    #[test]
    fn describe_names_the_first_line_then_each_other_line_once() {
        let rule = rule("manifest-before-source").expect("rule");
        let found = [
            Violation::at(4, "copies the source early"),
            Violation::at(9, "again"),
            Violation::at(4, "same line"),
            Violation::at(7, "and here"),
            Violation::at(9, "and again"),
        ];
        assert_eq!(
            describe(rule, &found),
            format!(
                "line 4: copies the source early (also lines 7, 9); {}",
                rule.reason()
            )
        );
        let missing = [Violation::missing("declares no port with `EXPOSE`")];
        assert_eq!(
            describe(rule, &missing),
            format!("declares no port with `EXPOSE`; {}", rule.reason())
        );
    }

    // ---- evaluate ----

    fn workspace_with(name: &str, files: &[(&str, &str)]) -> crate::scratch::Scratch {
        let dir = crate::scratch::Scratch::new(&format!("dockerfile-check-{name}"));
        for (file, contents) in files {
            std::fs::write(dir.path().join(file), contents).expect("write");
        }
        dir
    }

    fn check(rules: &[&str]) -> DockerfileCheck {
        DockerfileCheck {
            rules: rules.iter().map(|r| (*r).to_owned()).collect(),
            ..Default::default()
        }
    }

    const GOOD: &str = "FROM debian:12\n\
                        RUN apt-get update \\\n  \
                        && apt-get install -y --no-install-recommends curl \\\n  \
                        && rm -rf /var/lib/apt/lists/*\n\
                        USER 1000\n\
                        CMD [\"curl\", \"--version\"]\n";

    #[test]
    fn evaluate_passes_and_lists_the_rules_that_hold() {
        let ws = workspace_with("good", &[("Dockerfile", GOOD)]);
        let mut c = check(&[
            "apt-chained",
            "apt-clean-lists",
            "apt-chained",
            "exec-form-cmd",
        ]);
        c.contains = vec!["user   1000".into()];
        let v = evaluate(&c, &ws);
        assert!(v.passed(), "{}", v.message);
        assert_eq!(
            v.message,
            "`Dockerfile` exists, follows `apt-chained`, `apt-clean-lists`, `exec-form-cmd`, \
             has `user   1000`"
        );
    }

    #[test]
    fn evaluate_fails_naming_the_line_and_the_reason() {
        let text = df(&[
            "FROM debian:12",
            "RUN apt-get update",
            "RUN apt-get install -y curl",
            "CMD curl --version",
        ]);
        let ws = workspace_with("bad", &[("Dockerfile", &text)]);
        let mut c = check(&["apt-chained", "exec-form-cmd"]);
        c.message = Some("Chain the apt calls.".into());
        let v = evaluate(&c, &ws);
        assert_eq!(v.outcome, super::super::Outcome::Fail);
        let reason = rule("apt-chained").expect("rule").reason();
        assert!(
            v.message.contains(&format!(
                "line 3: `apt-get install` runs without `apt-get update` in the same RUN; \
                 {reason}"
            )),
            "{}",
            v.message
        );
        assert!(
            v.message.contains("line 4: `CMD curl --version`"),
            "{}",
            v.message
        );
        assert_eq!(v.author_message.as_deref(), Some("Chain the apt calls."));
    }

    #[test]
    fn evaluate_words_a_failed_rule_in_swedish() {
        let text = df(&["FROM busybox", "FROM busybox:latest", "FROM busybox:1.36"]);
        let ws = workspace_with("tags-sv", &[("Dockerfile", &text)]);
        let v = crate::i18n::with_lang(crate::i18n::Lang::Sv, || {
            evaluate(&check(&["tag-base-image"]), &ws)
        });
        assert!(
            v.message
                .starts_with("`Dockerfile` finns, men rad 1: `FROM busybox`"),
            "{}",
            v.message
        );
        assert!(
            v.message.contains("(även rad 2); `latest` flyttas"),
            "{}",
            v.message
        );
    }

    #[test]
    fn evaluate_mentions_the_other_lines_where_a_rule_fails() {
        let text = df(&["FROM busybox", "FROM busybox:latest", "FROM busybox:1.36"]);
        let ws = workspace_with("tags", &[("Dockerfile", &text)]);
        let v = evaluate(&check(&["tag-base-image"]), &ws);
        assert!(
            v.message.contains("line 1: `FROM busybox`"),
            "{}",
            v.message
        );
        assert!(v.message.contains("(also line 2)"), "{}", v.message);
    }

    #[test]
    fn evaluate_fails_when_an_instruction_is_missing() {
        let ws = workspace_with("contains", &[("Dockerfile", GOOD)]);
        let mut c = check(&[]);
        c.contains = vec!["USER app".into(), "cmd [\"curl\",".into()];
        let v = evaluate(&c, &ws);
        assert!(!v.passed());
        assert_eq!(
            v.message,
            "`Dockerfile` exists, has `cmd [\"curl\",`, but has no instruction containing \
             `USER app`"
        );
    }

    #[test]
    fn evaluate_reads_the_dockerfile_at_the_given_path() {
        let ws = workspace_with(
            "path",
            &[("web.Dockerfile", "FROM busybox:1.36\nEXPOSE 80\n")],
        );
        let mut c = check(&["expose-declared"]);
        c.path = Some("web.Dockerfile".into());
        let v = evaluate(&c, &ws);
        assert!(v.passed(), "{}", v.message);
        assert!(
            v.message.starts_with("`web.Dockerfile` exists"),
            "{}",
            v.message
        );
    }

    #[test]
    fn evaluate_fails_when_the_dockerfile_is_missing() {
        let ws = workspace_with("missing", &[]);
        let v = evaluate(&check(&["apt-yes"]), &ws);
        assert!(!v.passed());
        assert_eq!(v.message, "`Dockerfile` does not exist in your workspace");
    }

    #[test]
    fn evaluate_reports_an_unknown_rule_as_an_error() {
        let ws = workspace_with("unknown", &[("Dockerfile", GOOD)]);
        let v = evaluate(&check(&["apt-yes", "no-latest"]), &ws);
        assert_eq!(v.outcome, super::super::Outcome::Error);
        assert!(v.message.contains("`no-latest`"), "{}", v.message);
    }

    #[test]
    fn evaluate_reports_manifest_rule_without_manifests_as_an_error() {
        let ws = workspace_with("no-manifests", &[("Dockerfile", GOOD)]);
        let v = evaluate(&check(&["manifest-before-source"]), &ws);
        assert_eq!(v.outcome, super::super::Outcome::Error);
        assert!(v.message.contains("manifests"), "{}", v.message);
    }
}
