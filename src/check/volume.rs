//! Grading volume checks: a volume found by name or by label (anonymous ones too), its
//! driver, and the containers that mount it.

use super::container::plural;
use super::{Findings, GradeContext, Verdict, VolumeCheck};
use crate::engine::{ContainerFilter, Engine, EngineError, VolumeFacts};
use crate::i18n::fill;
use crate::{tr, trf};

/// "volume `data`" or "volume labelled `docktor.lesson=06`".
pub fn subject(check: &VolumeCheck) -> String {
    match &check.label {
        Some(label) if check.name.is_empty() => trf!("volume labelled `{}`", label),
        _ => trf!("volume `{}`", check.name),
    }
}

/// Grades a volume check against the engine.
pub async fn evaluate(check: &VolumeCheck, ctx: &GradeContext<'_>) -> Verdict {
    let subject = subject(check);
    if check.name.is_empty() && check.label.is_none() {
        return Verdict::error(
            subject,
            tr!("this check is malformed: it needs a `name` or a `label`"),
        );
    }
    match grade(check, ctx.engine, &subject).await {
        Ok(verdict) => verdict,
        Err(e) => Verdict::error(subject, e.to_string()),
    }
}

async fn grade(
    check: &VolumeCheck,
    engine: &Engine,
    subject: &str,
) -> Result<Verdict, EngineError> {
    let mut f = Findings::new(subject);
    let want_exists = check.exists.unwrap_or(true);
    let found = find(check, engine).await?;
    if check.name.is_empty() && found.len() > 1 {
        f.right(trf!(
            "matches {}",
            plural(found.len(), tr!("volume"), tr!("volumes"))
        ));
    }
    let Some(volume) = f.presence(found.into_iter().next(), want_exists) else {
        return Ok(f.into_verdict(check.message.as_deref()));
    };
    if let Some(driver) = &check.driver {
        f.expect(
            volume.driver == *driver,
            trf!("uses the `{}` driver", volume.driver),
            trf!("uses the `{}` driver; expected `{}`", volume.driver, driver),
        );
    }
    if !check.used_by.is_empty() {
        let filter = ContainerFilter {
            volume: Some(volume.name.clone()),
            ..Default::default()
        };
        let users: Vec<String> = engine
            .containers(&filter)
            .await?
            .into_iter()
            .map(|c| c.name)
            .collect();
        grade_members(&check.used_by, &users, mounted_by(), &mut f);
    }
    Ok(f.into_verdict(check.message.as_deref()))
}

/// The volume by name, or every volume carrying the label (and the name, when both are given).
async fn find(check: &VolumeCheck, engine: &Engine) -> Result<Vec<VolumeFacts>, EngineError> {
    match &check.label {
        Some(label) => Ok(engine
            .volumes_labelled(label)
            .await?
            .into_iter()
            .filter(|v| check.name.is_empty() || v.name == check.name)
            .collect()),
        None => Ok(engine.volume(&check.name).await?.into_iter().collect()),
    }
}

/// Records, for each expected container name, whether it is among `found`. `right` and
/// `wrong` are wordings with a `{}` slot for the name: "is mounted by `{}`".
pub(super) fn grade_members(
    expected: &[String],
    found: &[String],
    (right, wrong, verb): (&str, &str, &str),
    f: &mut Findings,
) {
    let listed = found.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>();
    let context = match listed.len() {
        0 => trf!("no container {}", verb),
        _ => trf!("only {} {}", listed.join(", "), verb),
    };
    for name in expected {
        f.expect(
            found.contains(name),
            fill(right, &[&name]),
            format!("{} ({context})", fill(wrong, &[&name])),
        );
    }
}

/// How a volume's users are worded.
fn mounted_by() -> (&'static str, &'static str, &'static str) {
    (
        tr!("is mounted by `{}`"),
        tr!("is not mounted by `{}`"),
        tr!("mounts it"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_user_is_named_with_those_that_are_there() {
        let mut f = Findings::new("volume `data`");
        f.right("exists");
        grade_members(
            &["web".into(), "db".into()],
            &["web".into()],
            mounted_by(),
            &mut f,
        );
        assert_eq!(
            f.into_verdict(None).message,
            "volume `data` exists, is mounted by `web`, but is not mounted by `db` (only `web` mounts it)"
        );
    }

    #[test]
    fn no_user_at_all_says_so() {
        let mut f = Findings::new("volume `data`");
        grade_members(&["db".into()], &[], mounted_by(), &mut f);
        assert!(
            f.into_verdict(None)
                .message
                .contains("(no container mounts it)")
        );
    }
}
