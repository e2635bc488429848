//! Verdicts: the outcome of one check, in words that say what was expected and what was found.

use crate::{tr, trf};
use serde::Serialize;

/// Whether a check held, failed, or could not be evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Pass,
    Fail,
    /// The check could not be evaluated (engine unreachable, a timeout): neither pass nor fail.
    Error,
    /// The check would make something happen (run a command, send a request) and its pack is
    /// not trusted, so it was not run: neither pass nor fail.
    #[serde(rename = "not_run")]
    NotRun,
}

/// The result of one check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// What was checked, e.g. "container `web`".
    pub subject: String,
    pub outcome: Outcome,
    /// Expected versus found, in the learner's terms.
    pub message: String,
    /// The lesson author's own words, shown when the check does not pass.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author_message: Option<String>,
}

impl Verdict {
    pub fn passed(&self) -> bool {
        self.outcome == Outcome::Pass
    }

    /// A verdict for a check that could not be evaluated.
    pub fn error(subject: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            subject: subject.into(),
            outcome: Outcome::Error,
            message: message.into(),
            author_message: None,
        }
    }
}

impl Verdict {
    /// A verdict for an acting check of an untrusted pack: what it would have done.
    pub fn not_run(subject: impl Into<String>, would: &str) -> Self {
        Self {
            subject: subject.into(),
            outcome: Outcome::NotRun,
            message: trf!("not run: this pack is not trusted; it would {}", would),
            author_message: None,
        }
    }
}

/// Collects what is right and what is missing about one subject, then words it as a verdict:
/// "container `web` is running, but publishes no port; expected 8080->80".
#[derive(Debug, Clone)]
pub struct Findings {
    subject: String,
    right: Vec<String>,
    wrong: Vec<String>,
}

impl Findings {
    pub fn new(subject: impl Into<String>) -> Self {
        Self {
            subject: subject.into(),
            right: Vec::new(),
            wrong: Vec::new(),
        }
    }

    /// Records a fact that matches the expectation ("is running").
    pub fn right(&mut self, fact: impl Into<String>) {
        self.right.push(fact.into());
    }

    /// Records a fact that does not ("publishes no port; expected 8080->80").
    pub fn wrong(&mut self, fact: impl Into<String>) {
        self.wrong.push(fact.into());
    }

    /// Records `fact_if_right` or `fact_if_wrong` depending on `ok`.
    pub fn expect(
        &mut self,
        ok: bool,
        fact_if_right: impl Into<String>,
        fact_if_wrong: impl Into<String>,
    ) {
        if ok {
            self.right(fact_if_right);
        } else {
            self.wrong(fact_if_wrong);
        }
    }

    /// Settles `exists`: records whether the subject is there as wanted and returns it only
    /// when it exists and is wanted, so the caller goes on to grade its details.
    pub fn presence<T>(&mut self, found: Option<T>, want_exists: bool) -> Option<T> {
        match (found, want_exists) {
            (None, true) => self.wrong(tr!("does not exist")),
            (None, false) => self.right(tr!("does not exist")),
            (Some(_), false) => self.wrong(tr!("exists; expected it to be removed")),
            (Some(found), true) => {
                self.right(tr!("exists"));
                return Some(found);
            }
        }
        None
    }

    pub fn has_wrong(&self) -> bool {
        !self.wrong.is_empty()
    }

    /// Number of facts that did not match: lets a selector report its closest candidate.
    pub fn wrong_count(&self) -> usize {
        self.wrong.len()
    }

    /// Words the findings as a verdict; `author_message` is kept for failures only.
    pub fn into_verdict(self, author_message: Option<&str>) -> Verdict {
        let passed = self.wrong.is_empty();
        // Each fact keeps its own words; only the joins are the language's.
        let right = self.right.join(tr!(", "));
        let wrong = self.wrong.join(tr!("; and "));
        let message = if passed {
            if self.right.is_empty() {
                trf!("{} is as expected", self.subject)
            } else {
                trf!("{} {}", self.subject, right)
            }
        } else if self.right.is_empty() {
            trf!("{} {}", self.subject, wrong)
        } else {
            trf!("{} {}, but {}", self.subject, right, wrong)
        };
        Verdict {
            subject: self.subject,
            outcome: if passed { Outcome::Pass } else { Outcome::Fail },
            message,
            author_message: if passed {
                None
            } else {
                author_message.map(str::to_owned)
            },
        }
    }
}

/// The candidate a mistyped `name` most likely meant: the nearest by edit distance, when it
/// is near enough (at most 2 edits, and fewer than a third of the name) and not `name` itself.
pub fn closest_name<'a>(name: &str, candidates: &'a [String]) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).clamp(1, 2);
    candidates
        .iter()
        .filter(|c| c.as_str() != name)
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, c.len()))
        .map(|(_, c)| c.as_str())
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mistyped_name_finds_the_near_one_and_only_that() {
        let names: Vec<String> = ["run-helo", "web", "db", "run-hello-2x"]
            .map(String::from)
            .to_vec();
        assert_eq!(closest_name("run-hello", &names), Some("run-helo"));
        assert_eq!(closest_name("webb", &names), Some("web"));
        assert_eq!(closest_name("cache", &names), None);
        assert_eq!(closest_name("web", &names), None, "not itself");
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn failing_findings_say_what_is_right_then_what_is_missing() {
        let mut f = Findings::new("container `web`");
        f.right("is running");
        f.wrong("publishes no port; expected 8080->80");
        let v = f.into_verdict(Some("Use -p."));
        assert_eq!(v.outcome, Outcome::Fail);
        assert_eq!(
            v.message,
            "container `web` is running, but publishes no port; expected 8080->80"
        );
        assert_eq!(v.author_message.as_deref(), Some("Use -p."));
    }

    #[test]
    fn passing_findings_list_every_fact_and_drop_the_author_message() {
        let mut f = Findings::new("container `web`");
        f.right("is running");
        f.right("publishes 8080->80");
        let v = f.into_verdict(Some("Use -p."));
        assert!(v.passed());
        assert_eq!(v.message, "container `web` is running, publishes 8080->80");
        assert_eq!(v.author_message, None);
    }

    #[test]
    fn presence_settles_existence_either_way() {
        let mut wanted_missing = Findings::new("volume `v`");
        assert_eq!(wanted_missing.presence(None::<()>, true), None);
        assert_eq!(
            wanted_missing.into_verdict(None).message,
            "volume `v` does not exist"
        );
        let mut unwanted_there = Findings::new("volume `v`");
        assert_eq!(unwanted_there.presence(Some(1), false), None);
        assert!(!unwanted_there.into_verdict(None).passed());
        let mut absent_as_wanted = Findings::new("volume `v`");
        assert_eq!(absent_as_wanted.presence(None::<()>, false), None);
        assert!(absent_as_wanted.into_verdict(None).passed());
        let mut there = Findings::new("volume `v`");
        assert_eq!(there.presence(Some(7), true), Some(7));
    }

    #[test]
    fn only_wrong_findings_are_joined_without_but() {
        let mut f = Findings::new("container `web`");
        f.wrong("does not exist");
        assert_eq!(
            f.into_verdict(None).message,
            "container `web` does not exist"
        );
    }

    #[test]
    fn the_joining_words_follow_the_language_and_the_facts_stay_inline() {
        use crate::i18n::{Lang, with_lang};
        let words = |lang| {
            with_lang(lang, || {
                let mut f = Findings::new(crate::trf!("container `{}`", "web"));
                f.right(crate::trf!("is {}", "running"));
                f.right(crate::trf!("publishes {}", "8080->80"));
                f.wrong(crate::trf!("does not publish {}", "9090->90"));
                f.wrong(crate::tr!("has no health check"));
                f.into_verdict(None).message
            })
        };
        assert_eq!(
            words(Lang::Sv),
            "behållaren `web` är running, publicerar 8080->80, men publicerar inte 9090->90; och har ingen hälsokontroll"
        );
        assert_eq!(
            words(Lang::Nl),
            "container `web` is running, publiceert 8080->80, maar publiceert 9090->90 niet; en heeft geen health check"
        );
        assert_eq!(
            words(Lang::Nb),
            "containeren `web` er running, publiserer 8080->80, men publiserer ikke 9090->90; og har ingen helsesjekk"
        );
        let untrusted = with_lang(Lang::Sv, || Verdict::not_run("behållaren `web`", "x"));
        assert_eq!(
            untrusted.message,
            "inte körd: det här paketet är inte betrott; den skulle x"
        );
    }
}
