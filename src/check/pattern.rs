//! Regular expressions in checks: compiled when the lesson is parsed, so a bad pattern is a
//! lint error at its block's line, never a check that cannot pass.

use std::fmt;

use crate::trf;
use serde::{Deserialize, Deserializer};

/// How large a compiled pattern may grow: a lesson's pattern is small; this keeps a hostile
/// pack from eating memory.
const SIZE_LIMIT: usize = 1 << 20;

/// A regular expression (the `regex` crate's syntax), matched anywhere in the text.
#[derive(Clone)]
pub struct Pattern(regex::Regex);

impl Pattern {
    /// Compiles `source`, or says why it is not a pattern.
    pub fn new(source: &str) -> Result<Self, String> {
        regex::RegexBuilder::new(source)
            .size_limit(SIZE_LIMIT)
            .build()
            .map(Self)
            .map_err(|e| trf!("`{}` is not a valid regular expression: {}", source, e))
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.0.is_match(text)
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pattern({:?})", self.0.as_str())
    }
}

/// Shown to learners as `/pattern/`.
impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{}/", self.0.as_str())
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let source = String::deserialize(deserializer)?;
        Pattern::new(&source).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_matches_anywhere_in_the_text() {
        let p = Pattern::new(r"visits: \d+").expect("valid");
        assert!(p.is_match("hello\nvisits: 12\n"));
        assert!(!p.is_match("visits: none"));
        assert_eq!(p.to_string(), r"/visits: \d+/");
    }

    #[test]
    fn a_bad_pattern_says_what_is_wrong() {
        let why = Pattern::new("(unclosed").expect_err("invalid");
        assert!(
            why.contains("`(unclosed` is not a valid regular expression"),
            "{why}"
        );
    }
}
