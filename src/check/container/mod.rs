//! Grading container checks: find the container by name or by label, then test each assertion
//! the author wrote against what the engine really reports.
//!
//! This module selects the container, picks the closest candidate when several match, and
//! grades its state; [`settings`] grades how it was configured, [`mounts`] what it mounts,
//! and [`inside`] what only the container itself can answer (logs, commands, files).

mod inside;
mod intent;
mod mounts;
mod settings;

pub(super) use settings::{grade_env, grade_labels, grade_user, is_image_id, normalise_reference};

use super::ports::{self, PortSpec};
use super::{ContainerCheck, Findings, GradeContext, Verdict, http};
use crate::engine::{ContainerFacts, ContainerFilter, Engine, EngineError};

/// Grades a container check against the engine.
pub async fn evaluate(check: &ContainerCheck, ctx: &GradeContext<'_>) -> Verdict {
    let subject = subject(check);
    let ports = match validate(check) {
        Ok(ports) => ports,
        Err(why) => return Verdict::error(subject, format!("this check is malformed: {why}")),
    };
    match grade(check, ports.as_deref(), ctx).await {
        // The message names the container found; the subject stays the check's own.
        Ok(verdict) => Verdict { subject, ..verdict },
        Err(e) => Verdict::error(subject, e.to_string()),
    }
}

/// "container `web`" or "container labelled `app=web`".
fn subject(check: &ContainerCheck) -> String {
    match (&check.name, &check.label) {
        (Some(name), _) => format!("container `{name}`"),
        (None, Some(label)) => format!("container labelled `{label}`"),
        (None, None) => "container".to_owned(),
    }
}

/// Refuses what no engine state could satisfy, so an authoring slip is not a learner's failure.
fn validate(check: &ContainerCheck) -> Result<Option<Vec<PortSpec>>, String> {
    if check.name.is_none() && check.label.is_none() {
        return Err("it needs a `name` or a `label` to find the container".to_owned());
    }
    if check.exec.as_ref().is_some_and(|e| e.command.is_empty()) {
        return Err("`exec.command` is empty".to_owned());
    }
    check.ports.as_deref().map(ports::parse_all).transpose()
}

async fn grade(
    check: &ContainerCheck,
    ports: Option<&[PortSpec]>,
    ctx: &GradeContext<'_>,
) -> Result<Verdict, EngineError> {
    let author = check.message.as_deref();
    let found = candidates(check, ctx.engine).await?;
    let want_exists = check.exists.unwrap_or(true);
    let Some(first) = found.first() else {
        let mut f = Findings::new(subject(check));
        f.expect(!want_exists, "does not exist", "does not exist");
        return Ok(f.into_verdict(author));
    };
    if !want_exists {
        let mut f = Findings::new(candidate_subject(check, first));
        f.wrong(format!(
            "exists ({}); expected it to be removed",
            state_brief(first)
        ));
        return Ok(f.into_verdict(author));
    }
    // Several matches (by label): one that satisfies everything passes; otherwise the
    // closest one explains what is missing.
    let mut closest: Option<Findings> = None;
    for container in &found {
        let f = assess(check, ports, container, ctx).await?;
        if !f.has_wrong() {
            return Ok(f.into_verdict(author));
        }
        if closest
            .as_ref()
            .is_none_or(|c| f.wrong_count() < c.wrong_count())
        {
            closest = Some(f);
        }
    }
    let f = closest.unwrap_or_else(|| Findings::new(subject(check)));
    Ok(f.into_verdict(author))
}

async fn candidates(
    check: &ContainerCheck,
    engine: &Engine,
) -> Result<Vec<ContainerFacts>, EngineError> {
    match (&check.name, &check.label) {
        (Some(name), _) => Ok(engine.container(name).await?.into_iter().collect()),
        (None, Some(label)) => {
            let filter = ContainerFilter {
                labels: vec![label.clone()],
                ..Default::default()
            };
            engine.containers_facts(&filter).await
        }
        (None, None) => Ok(Vec::new()),
    }
}

/// The container found, named: "container `proj_web_1` (labelled `app=web`)".
fn candidate_subject(check: &ContainerCheck, c: &ContainerFacts) -> String {
    match (&check.name, &check.label) {
        (None, Some(label)) => format!("container `{}` (labelled `{label}`)", c.name),
        _ => format!("container `{}`", c.name),
    }
}

/// Tests every assertion the check makes about one container.
async fn assess(
    check: &ContainerCheck,
    ports: Option<&[PortSpec]>,
    c: &ContainerFacts,
    ctx: &GradeContext<'_>,
) -> Result<Findings, EngineError> {
    let mut f = Findings::new(candidate_subject(check, c));
    if asserts_nothing(check) {
        f.right(format!("exists and is {}", describe_state(c)));
    }
    if let Some(want) = check.status {
        let want = want.as_str();
        // With an exit code asserted too, the code is worded once, by that finding.
        let state = if check.exit_code.is_some() && c.status == want {
            c.status.clone()
        } else {
            describe_state(c)
        };
        f.expect(
            c.status == want,
            format!("is {state}"),
            format!("is {state}; expected {want}"),
        );
    }
    if let Some(code) = check.exit_code {
        grade_exit_code(code, c, &mut f);
    }
    if let Some(image) = &check.image {
        settings::grade_image(image, c, ctx.engine, &mut f).await?;
    }
    if let Some(needle) = &check.command_contains {
        let command = c.command.join(" ");
        f.expect(
            command.contains(needle.as_str()),
            format!("runs `{command}`"),
            format!("runs `{command}`; expected a command containing `{needle}`"),
        );
    }
    if let Some(ports) = ports {
        ports::grade(ports, &c.ports, &mut f);
    }
    settings::grade_settings(check, c, ctx.workspace, &mut f);
    intent::grade_intent(check, c, ctx.step_opened_at, &mut f);
    if check.logs_contain.is_some() || check.logs_match.is_some() {
        let logs = ctx.engine.logs(&c.id).await?;
        if let Some(needle) = &check.logs_contain {
            inside::grade_logs(needle, &logs, &mut f);
        }
        if let Some(pattern) = &check.logs_match {
            inside::grade_logs_match(pattern, &logs, &mut f);
        }
    }
    if let Some(exec) = &check.exec {
        inside::grade_exec(exec, c, ctx.engine, &mut f).await?;
    }
    if let Some(file) = &check.file {
        let found = ctx.engine.read_path(&c.id, &file.path).await?;
        inside::grade_file(file, found, &mut f);
    }
    if let Some(spec) = &check.http {
        http::grade(spec, c, ctx, &mut f).await;
    }
    Ok(f)
}

/// True when the check only asks that the container exists.
fn asserts_nothing(check: &ContainerCheck) -> bool {
    let bare = ContainerCheck {
        name: check.name.clone(),
        label: check.label.clone(),
        exists: check.exists,
        message: check.message.clone(),
        ..Default::default()
    };
    *check == bare
}

/// "running", "exited (code 1)".
fn describe_state(c: &ContainerFacts) -> String {
    match c.status.as_str() {
        "exited" => format!("exited (code {})", c.exit_code),
        "" => "in an unknown state".to_owned(),
        other => other.to_owned(),
    }
}

/// The state inside parentheses: "exited with code 1", "created".
fn state_brief(c: &ContainerFacts) -> String {
    match c.status.as_str() {
        "exited" => format!("exited with code {}", c.exit_code),
        _ => describe_state(c),
    }
}

fn grade_exit_code(want: i64, c: &ContainerFacts, f: &mut Findings) {
    match c.status.as_str() {
        "exited" | "dead" => f.expect(
            c.exit_code == want,
            format!("exited with code {want}"),
            format!("exited with code {}; expected {want}", c.exit_code),
        ),
        "created" => f.wrong(format!(
            "has never run; expected it to exit with code {want}"
        )),
        other => f.wrong(format!(
            "is still {other}; expected it to have exited with code {want}"
        )),
    }
}

/// "1 time", "3 times".
pub(super) fn plural(n: impl Into<i64>, word: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_of_a_running_container_are_not_known_yet() {
        let c = ContainerFacts {
            status: "running".into(),
            ..Default::default()
        };
        let mut f = Findings::new("container `job`");
        grade_exit_code(0, &c, &mut f);
        assert_eq!(
            f.into_verdict(None).message,
            "container `job` is still running; expected it to have exited with code 0"
        );
    }

    #[test]
    fn a_check_without_a_selector_is_malformed() {
        let check = ContainerCheck::default();
        assert!(validate(&check).is_err());
        let check = ContainerCheck {
            name: Some("web".into()),
            ports: Some(vec!["eighty".into()]),
            ..Default::default()
        };
        assert!(validate(&check).expect_err("bad port").contains("eighty"));
    }
}
