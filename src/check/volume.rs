//! Grading volume checks: a volume found by name or by label (anonymous ones too), its
//! driver, and the containers that mount it.

use super::container::plural;
use super::{Findings, GradeContext, Verdict, VolumeCheck};
use crate::engine::{ContainerFilter, Engine, EngineError, VolumeFacts};

/// "volume `data`" or "volume labelled `docktor.lesson=06`".
pub fn subject(check: &VolumeCheck) -> String {
    match &check.label {
        Some(label) if check.name.is_empty() => format!("volume labelled `{label}`"),
        _ => format!("volume `{}`", check.name),
    }
}

/// Grades a volume check against the engine.
pub async fn evaluate(check: &VolumeCheck, ctx: &GradeContext<'_>) -> Verdict {
    let subject = subject(check);
    if check.name.is_empty() && check.label.is_none() {
        return Verdict::error(
            subject,
            "this check is malformed: it needs a `name` or a `label`",
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
        f.right(format!("matches {}", plural(found.len() as i64, "volume")));
    }
    let Some(volume) = f.presence(found.into_iter().next(), want_exists) else {
        return Ok(f.into_verdict(check.message.as_deref()));
    };
    if let Some(driver) = &check.driver {
        f.expect(
            volume.driver == *driver,
            format!("uses the `{}` driver", volume.driver),
            format!("uses the `{}` driver; expected `{driver}`", volume.driver),
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
        grade_members(&check.used_by, &users, MOUNTED_BY, &mut f);
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
/// `wrong` are wordings with a `{name}` slot: "is mounted by `{name}`".
pub(super) fn grade_members(
    expected: &[String],
    found: &[String],
    (right, wrong, verb): (&str, &str, &str),
    f: &mut Findings,
) {
    let listed = found.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>();
    let context = match listed.len() {
        0 => format!("no container {verb}"),
        _ => format!("only {} {verb}", listed.join(", ")),
    };
    for name in expected {
        f.expect(
            found.contains(name),
            right.replace("{name}", name),
            format!("{} ({context})", wrong.replace("{name}", name)),
        );
    }
}

/// How a volume's users are worded.
const MOUNTED_BY: (&str, &str, &str) = (
    "is mounted by `{name}`",
    "is not mounted by `{name}`",
    "mounts it",
);

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
            MOUNTED_BY,
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
        grade_members(&["db".into()], &[], MOUNTED_BY, &mut f);
        assert!(
            f.into_verdict(None)
                .message
                .contains("(no container mounts it)")
        );
    }
}
