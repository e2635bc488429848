//! What the build pulls in: `tag-base-image` and `no-syntax-directive`.

use crate::check::dockerfile::reader::expand;
use crate::check::dockerfile::{RuleInput, Violation};
use crate::{tr, trf};

pub(in crate::check::dockerfile) fn tag_base_image(input: &RuleInput<'_>) -> Vec<Violation> {
    let file = input.file;
    let args = file.global_args();
    let mut violations = Vec::new();
    for (index, stage) in file.stages.iter().enumerate() {
        let Some(base) = expand(&stage.base, &args) else {
            continue;
        };
        let lower = base.to_ascii_lowercase();
        let earlier_stage = file.stages[..index]
            .iter()
            .any(|s| s.name.as_deref() == Some(lower.as_str()));
        if lower == "scratch" || earlier_stage || base.contains('@') {
            continue;
        }
        let last = base.rsplit('/').next().unwrap_or(&base);
        let problem = match last.split_once(':') {
            None => tr!("names no tag, so Docker takes whatever `latest` is today"),
            Some((_, "latest")) => tr!("uses the moving `latest` tag"),
            Some(_) => continue,
        };
        let expanded = if base == stage.base {
            String::new()
        } else {
            format!(" (`{base}`)")
        };
        violations.push(Violation::at(
            stage.line,
            format!("`FROM {}`{expanded} {problem}", stage.base),
        ));
    }
    violations
}

pub(in crate::check::dockerfile) fn no_syntax_directive(input: &RuleInput<'_>) -> Vec<Violation> {
    input
        .file
        .directives
        .iter()
        .filter(|d| d.name == "syntax")
        .map(|d| {
            Violation::at(
                d.line,
                trf!("`# syntax={}` asks for a frontend image", d.value),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::check::dockerfile::testing::{df, failing_lines};

    // ---- tag-base-image ----

    #[test]
    fn tag_base_image_passes_for_tags_digests_scratch_and_stage_names() {
        let text = df(&[
            "ARG BASE=busybox:1.36",
            "FROM golang:1.22 AS build",
            "FROM scratch",
            "FROM build",
            "FROM $BASE",
            "FROM localhost:5000/tools/busybox:1.36",
            "FROM busybox@sha256:0123abcd",
        ]);
        assert!(failing_lines("tag-base-image", &text).is_empty());
    }

    #[test]
    fn tag_base_image_fails_for_a_missing_or_latest_tag() {
        let text = df(&[
            "ARG BASE=node",
            "FROM localhost:5000/busybox AS one",
            "FROM busybox:latest",
            "FROM ${BASE}",
        ]);
        assert_eq!(
            failing_lines("tag-base-image", &text),
            vec![Some(2), Some(3), Some(4)]
        );
    }

    // ---- no-syntax-directive ----

    #[test]
    fn no_syntax_directive_passes_when_syntax_is_only_a_comment() {
        let text = df(&[
            "# build me",
            "# syntax=docker/dockerfile:1",
            "FROM busybox:1.36",
        ]);
        assert!(failing_lines("no-syntax-directive", &text).is_empty());
    }

    #[test]
    fn no_syntax_directive_fails_for_a_syntax_line_at_the_top() {
        let text = df(&[
            "# escape=\\",
            "#syntax=docker/dockerfile:1.7",
            "FROM busybox:1.36",
        ]);
        assert_eq!(failing_lines("no-syntax-directive", &text), vec![Some(2)]);
    }
}
