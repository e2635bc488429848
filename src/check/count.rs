//! Grading count checks: how many containers match a selector, counted by the engine's own
//! filters so a busy engine is never listed in full.

use super::container::plural;
use super::{CountCheck, CountOf, Findings, GradeContext, Verdict};
use crate::engine::{ContainerFilter, Engine, EngineError};
use crate::{tr, trf};

/// Grades a count check against the engine.
pub async fn evaluate(check: &CountCheck, ctx: &GradeContext<'_>) -> Verdict {
    if check.of == CountOf::Volumes {
        return evaluate_volumes(check, ctx.engine).await;
    }
    let subject = "containers";
    let found = match ctx.engine.containers(&filter(check)).await {
        Ok(found) => found.len(),
        // Some engines refuse an `ancestor` they do not know instead of matching nothing.
        Err(e) if e.is_not_found() && check.image.is_some() => 0,
        Err(e) => return Verdict::error(subject, e.to_string()),
    };
    let mut f = Findings::new("found");
    let what = describe(check, found);
    f.expect(
        within(check, found),
        what.clone(),
        trf!("{}; expected {}", what, expectation(check)),
    );
    // "containers" names the check; the message reads "found 1 exited container ...".
    Verdict {
        subject: subject.to_owned(),
        ..f.into_verdict(check.message.as_deref())
    }
}

/// Counts volumes (anonymous ones too) by label and name prefix.
async fn evaluate_volumes(check: &CountCheck, engine: &Engine) -> Verdict {
    let found = match count_volumes(check, engine).await {
        Ok(found) => found,
        Err(e) => return Verdict::error("volumes", e.to_string()),
    };
    let mut what = plural(found, tr!("volume"), tr!("volumes"));
    if let Some(label) = &check.label {
        what.push_str(&trf!(" labelled `{}`", label));
    }
    if let Some(prefix) = &check.name_prefix {
        what.push_str(&trf!(" whose name starts with `{}`", prefix));
    }
    let mut f = Findings::new("found");
    f.expect(
        within(check, found),
        what.clone(),
        trf!("{}; expected {}", what, expectation(check)),
    );
    Verdict {
        subject: tr!("volumes").to_owned(),
        ..f.into_verdict(check.message.as_deref())
    }
}

async fn count_volumes(check: &CountCheck, engine: &Engine) -> Result<usize, EngineError> {
    let names: Vec<String> = match &check.label {
        Some(label) => engine
            .volumes_labelled(label)
            .await?
            .into_iter()
            .map(|v| v.name)
            .collect(),
        None => engine.volume_names().await?,
    };
    let prefix = check.name_prefix.as_deref().unwrap_or("");
    Ok(names.iter().filter(|n| n.starts_with(prefix)).count())
}

/// The engine-side filters for the selector; stopped containers are always counted.
fn filter(check: &CountCheck) -> ContainerFilter {
    ContainerFilter {
        labels: check.label.iter().cloned().collect(),
        ancestor: check.image.clone(),
        status: check.status.map(|s| s.as_str().to_owned()),
        // The engine matches `name` as a regular expression against `/name`.
        name_regex: check
            .name_prefix
            .as_deref()
            .map(|p| format!("^/{}", escape_regex(p))),
        ..Default::default()
    }
}

/// With no bound at all, a count check asks for at least one container.
fn within(check: &CountCheck, found: usize) -> bool {
    let min = match (check.min, check.max) {
        (None, None) => Some(1),
        (min, _) => min,
    };
    min.is_none_or(|m| found >= m) && check.max.is_none_or(|m| found <= m)
}

fn expectation(check: &CountCheck) -> String {
    match (check.min, check.max) {
        (Some(min), Some(max)) if min == max => trf!("exactly {}", min),
        (Some(min), Some(max)) => trf!("between {} and {}", min, max),
        (Some(min), None) => trf!("at least {}", min),
        (None, Some(max)) => trf!("at most {}", max),
        (None, None) => tr!("at least 1").to_owned(),
    }
}

/// "1 exited container from `busybox` labelled `tier=web` whose name starts with `web-`".
fn describe(check: &CountCheck, found: usize) -> String {
    let noun = plural(found, tr!("container"), tr!("containers"));
    let mut text = match check.status {
        Some(status) => {
            let (n, rest) = noun.split_once(' ').unwrap_or((&noun, ""));
            format!("{n} {} {rest}", status.as_str())
        }
        None => noun,
    };
    if let Some(image) = &check.image {
        text.push_str(&trf!(" from `{}`", image));
    }
    if let Some(label) = &check.label {
        text.push_str(&trf!(" labelled `{}`", label));
    }
    if let Some(prefix) = &check.name_prefix {
        text.push_str(&trf!(" whose name starts with `{}`", prefix));
    }
    text
}

/// Escapes the characters special to the engine's (Go) regular expressions.
fn escape_regex(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if r"\.+*?()|[]{}^$".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::ContainerStatus;

    #[test]
    fn a_short_count_says_what_was_found_and_expected() {
        let check = CountCheck {
            image: Some("busybox".into()),
            status: Some(ContainerStatus::Exited),
            min: Some(2),
            ..Default::default()
        };
        assert!(!within(&check, 1));
        assert_eq!(
            format!("{}; expected {}", describe(&check, 1), expectation(&check)),
            "1 exited container from `busybox`; expected at least 2"
        );
    }

    #[test]
    fn a_name_prefix_is_anchored_and_escaped() {
        let check = CountCheck {
            name_prefix: Some("web.1".into()),
            ..Default::default()
        };
        assert_eq!(filter(&check).name_regex.as_deref(), Some(r"^/web\.1"));
    }

    #[test]
    fn no_bound_means_at_least_one() {
        let check = CountCheck::default();
        assert!(!within(&check, 0));
        assert!(within(&check, 3));
        let exact = CountCheck {
            min: Some(2),
            max: Some(2),
            ..Default::default()
        };
        assert_eq!(expectation(&exact), "exactly 2");
        assert!(!within(&exact, 3));
    }
}
