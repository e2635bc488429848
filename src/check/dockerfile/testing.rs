//! Helpers the Dockerfile tests share: a file from its lines, and running one rule on it.

use super::reader::Dockerfile;
use super::{RuleInput, Violation, rule};

/// A Dockerfile from its lines, so line numbers in assertions are the array positions + 1.
pub(super) fn df(lines: &[&str]) -> String {
    lines.join("\n") + "\n"
}

/// The lines (None: something missing) where `id` does not hold.
pub(super) fn failing_lines(id: &str, text: &str) -> Vec<Option<usize>> {
    failing_lines_with(id, text, &[])
}

pub(super) fn failing_lines_with(id: &str, text: &str, manifests: &[&str]) -> Vec<Option<usize>> {
    let file = Dockerfile::parse(text);
    let manifests: Vec<String> = manifests.iter().map(|m| (*m).to_owned()).collect();
    let rule = rule(id).expect("known rule");
    let input = RuleInput {
        file: &file,
        manifests: &manifests,
    };
    (rule.find)(&input).into_iter().map(|v| v.line).collect()
}

pub(super) fn violations(id: &str, text: &str) -> Vec<Violation> {
    let file = Dockerfile::parse(text);
    let input = RuleInput {
        file: &file,
        manifests: &[],
    };
    (rule(id).expect("known rule").find)(&input)
}
