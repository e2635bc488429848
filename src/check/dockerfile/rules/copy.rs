//! What is copied into the image and when: `copy-not-add` and `manifest-before-source`.

use crate::check::dockerfile::reader::{Dockerfile, Instruction};
use crate::check::dockerfile::{RuleInput, Violation};
use crate::trf;

fn is_remote(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    ["http://", "https://", "git@", "git://", "ssh://"]
        .iter()
        .any(|p| lower.starts_with(p))
}

fn is_archive(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    [
        ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2", ".tar.xz", ".txz", ".tar.zst",
        ".gz", ".bz2", ".xz", ".zst",
    ]
    .iter()
    .any(|ext| lower.ends_with(ext))
}

pub(in crate::check::dockerfile) fn copy_not_add(input: &RuleInput<'_>) -> Vec<Violation> {
    input
        .file
        .instructions
        .iter()
        .filter(|i| i.keyword == "ADD")
        .filter(|i| {
            i.copy_sources()
                .iter()
                .any(|s| !s.contains('$') && !is_remote(s) && !is_archive(s))
        })
        .map(|i| {
            Violation::at(
                i.line,
                trf!("`{}` copies local files; use `COPY`", i.excerpt()),
            )
        })
        .collect()
}

/// Shell-style matching as COPY does it: `*` and `?` never cross a `/`.
fn glob_matches(pattern: &[char], name: &[char]) -> bool {
    match (pattern.split_first(), name.split_first()) {
        (None, None) => true,
        (Some(('*', rest)), _) => {
            glob_matches(rest, name)
                || (name.first().is_some_and(|c| *c != '/') && glob_matches(pattern, &name[1..]))
        }
        (Some(('?', rest)), Some((n, name_rest))) => *n != '/' && glob_matches(rest, name_rest),
        (Some((p, rest)), Some((n, name_rest))) => p == n && glob_matches(rest, name_rest),
        _ => false,
    }
}

/// Whether a COPY source names this manifest: `package.json`, `./package.json`,
/// `package*.json`, or `web/package.json` for `package.json`. A source starting with a
/// wildcard (`*`, `*.json`) copies far more than manifests, so it names none.
fn names_file(source: &str, manifest: &str) -> bool {
    let source = source.trim_start_matches("./");
    let manifest: Vec<char> = manifest.trim_start_matches("./").chars().collect();
    let base = source.rsplit('/').next().unwrap_or(source);
    if base.starts_with(['*', '?', '[']) {
        return false;
    }
    let matches = |pattern: &str| glob_matches(&pattern.chars().collect::<Vec<_>>(), &manifest);
    matches(source) || matches(base)
}

/// A COPY/ADD of files from the build context (not `--from` another stage or image).
fn is_context_copy(i: &Instruction) -> bool {
    (i.keyword == "COPY" || i.keyword == "ADD") && !i.has_flag("--from")
}

pub(in crate::check::dockerfile) fn manifest_before_source(
    input: &RuleInput<'_>,
) -> Vec<Violation> {
    input
        .manifests
        .iter()
        .filter_map(|m| manifest_violation(input.file, input.manifests, m))
        .collect()
}

fn manifest_violation(
    file: &Dockerfile,
    manifests: &[String],
    manifest: &str,
) -> Option<Violation> {
    let instructions = &file.instructions;
    let names_a_manifest = |source: &String| manifests.iter().any(|m| names_file(source, m));
    let Some(at) = instructions.iter().position(|i| {
        is_context_copy(i) && i.copy_sources().iter().any(|s| names_file(s, manifest))
    }) else {
        return Some(Violation::missing(trf!(
            "never copies `{}` on its own before the rest of the source",
            manifest
        )));
    };
    let copy = &instructions[at];
    if let Some(extra) = copy.copy_sources().iter().find(|s| !names_a_manifest(s)) {
        return Some(Violation::at(
            copy.line,
            trf!(
                "copies `{}` together with `{}`, so a change to `{}` \
                 reruns the install",
                manifest,
                extra,
                extra
            ),
        ));
    }
    let copies_source = |i: &&Instruction| {
        i.stage == copy.stage
            && is_context_copy(i)
            && i.copy_sources().iter().any(|s| !names_a_manifest(s))
    };
    if let Some(early) = instructions[..at].iter().find(copies_source) {
        return Some(Violation::at(
            early.line,
            trf!(
                "copies the source before `{}` is copied (line {})",
                manifest,
                copy.line
            ),
        ));
    }
    let after: Vec<&Instruction> = instructions[at + 1..]
        .iter()
        .filter(|i| i.stage == copy.stage)
        .collect();
    install_before_source(copy, &after, copies_source, manifest)
}

/// After the manifest `copy`: a RUN must come, and before any COPY of the source.
fn install_before_source(
    copy: &Instruction,
    after: &[&Instruction],
    copies_source: impl Fn(&&Instruction) -> bool,
    manifest: &str,
) -> Option<Violation> {
    let run = after.iter().position(|i| i.keyword == "RUN");
    let source = after.iter().position(copies_source);
    match (run, source) {
        (Some(run), Some(source)) if run < source => None,
        (Some(_), None) => None,
        (None, None) => Some(Violation::at(
            copy.line,
            trf!(
                "copies `{}` but no RUN installs dependencies after it",
                manifest
            ),
        )),
        (_, Some(source)) => Some(Violation::at(
            after[source].line,
            trf!(
                "copies the source before a RUN installs dependencies from `{}` \
                 (copied on line {})",
                manifest,
                copy.line
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::dockerfile::testing::{df, failing_lines, failing_lines_with};

    // ---- copy-not-add ----

    #[test]
    fn copy_not_add_passes_for_urls_and_archives() {
        let text = df(&[
            "FROM busybox:1.36",
            "ADD https://example.com/tool.tar.gz /opt/",
            "ADD rootfs.tar.xz /",
            "COPY app.py /app/",
        ]);
        assert!(failing_lines("copy-not-add", &text).is_empty());
    }

    #[test]
    fn copy_not_add_fails_for_plain_files() {
        let text = df(&[
            "FROM busybox:1.36",
            "ADD vendor.tar.gz /opt/",
            "ADD --chown=app:app app.py config.zip /app/",
        ]);
        assert_eq!(failing_lines("copy-not-add", &text), vec![Some(3)]);
    }

    // ---- manifest-before-source ----

    #[test]
    fn manifest_before_source_passes_when_install_runs_between_the_copies() {
        let text = df(&[
            "FROM node:22-slim",
            "WORKDIR /app",
            "COPY package*.json ./",
            "RUN npm ci",
            "COPY . .",
        ]);
        let manifests = ["package.json", "package-lock.json"];
        assert!(failing_lines_with("manifest-before-source", &text, &manifests).is_empty());
    }

    #[test]
    fn manifest_before_source_finds_a_manifest_copied_from_a_subfolder() {
        let text = df(&[
            "FROM node:22-slim",
            "WORKDIR /app",
            "COPY ./web/package.json ./",
            "RUN npm install",
            "COPY web/ .",
        ]);
        assert!(failing_lines_with("manifest-before-source", &text, &["package.json"]).is_empty());
        assert_eq!(
            failing_lines_with("manifest-before-source", &text, &["api/package.json"]),
            vec![None]
        );
    }

    #[test]
    fn a_copy_source_names_a_manifest_as_copy_would_match_it() {
        assert!(names_file("./package.json", "package.json"));
        assert!(names_file("package*.json", "package-lock.json"));
        assert!(names_file("web/package.json", "package.json"));
        assert!(names_file("web/package.json", "web/package.json"));
        assert!(!names_file("api/package.json", "web/package.json"));
        assert!(!names_file("src*", "src/package.json"), "`*` stops at `/`");
        assert!(
            !names_file("*.json", "package.json"),
            "too broad to be a manifest copy"
        );
        assert!(!names_file(".", "package.json"));
    }

    #[test]
    fn manifest_before_source_fails_when_a_wildcard_copies_everything_first() {
        let text = df(&["FROM node:22-slim", "COPY * ./", "RUN npm ci"]);
        assert_eq!(
            failing_lines_with("manifest-before-source", &text, &["package.json"]),
            vec![None]
        );
    }

    #[test]
    fn manifest_before_source_fails_when_the_manifest_copy_carries_other_files() {
        let text = df(&[
            "FROM node:22-slim",
            "WORKDIR /app",
            "COPY package.json server.js ./",
            "RUN npm ci",
        ]);
        assert_eq!(
            failing_lines_with("manifest-before-source", &text, &["package.json"]),
            vec![Some(3)]
        );
    }

    #[test]
    fn manifest_before_source_fails_when_only_the_whole_source_is_copied() {
        let text = df(&["FROM node:22-slim", "COPY . .", "RUN npm ci"]);
        assert_eq!(
            failing_lines_with("manifest-before-source", &text, &["package.json"]),
            vec![None]
        );
    }

    #[test]
    fn manifest_before_source_fails_when_the_source_comes_before_the_install() {
        let text = df(&[
            "FROM python:3.12-slim",
            "WORKDIR /app",
            "COPY requirements.txt .",
            "COPY src/ ./src/",
            "RUN pip install -r requirements.txt",
        ]);
        assert_eq!(
            failing_lines_with("manifest-before-source", &text, &["requirements.txt"]),
            vec![Some(4)]
        );
    }

    #[test]
    fn manifest_before_source_fails_when_the_source_is_copied_first() {
        let text = df(&[
            "FROM golang:1.22",
            "COPY main.go .",
            "COPY go.mod ./",
            "RUN go mod download",
        ]);
        assert_eq!(
            failing_lines_with("manifest-before-source", &text, &["go.mod"]),
            vec![Some(2)]
        );
    }

    #[test]
    fn manifest_before_source_fails_when_nothing_runs_after_the_manifest() {
        let text = df(&["FROM node:22-slim", "COPY package.json ./"]);
        assert_eq!(
            failing_lines_with("manifest-before-source", &text, &["package.json"]),
            vec![Some(2)]
        );
    }
}
