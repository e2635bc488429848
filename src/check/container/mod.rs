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
mod state;

pub(super) use settings::{grade_env, grade_labels, grade_user, is_image_id, normalise_reference};

use self::state::Liveness;
use super::ports::{self, PortSpec};
use super::{ContainerCheck, Findings, GradeContext, Verdict, closest_name, http};
use crate::engine::{ContainerFacts, ContainerFilter, Engine, EngineError, ResourceKind};
use crate::{tr, trf};

/// Grades a container check against the engine.
pub async fn evaluate(check: &ContainerCheck, ctx: &GradeContext<'_>) -> Verdict {
    let subject = subject(check);
    let ports = match validate(check) {
        Ok(ports) => ports,
        Err(why) => return Verdict::error(subject, trf!("this check is malformed: {}", why)),
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
        (Some(name), _) => trf!("container `{}`", name),
        (None, Some(label)) => trf!("container labelled `{}`", label),
        (None, None) => tr!("container").to_owned(),
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
    if let Some(why) = check
        .http
        .as_ref()
        .and_then(|h| h.path.as_deref())
        .and_then(http::path_problem)
    {
        return Err(why);
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
        if want_exists {
            f.wrong(missing_with_suggestion(check, ctx.engine).await);
        } else {
            f.right(tr!("does not exist"));
        }
        return Ok(f.into_verdict(author));
    };
    if !want_exists {
        let mut f = Findings::new(candidate_subject(check, first));
        f.wrong(trf!(
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

/// "does not exist", with the closest existing name when the learner likely mistyped it
/// (one engine call; a failing call only loses the suggestion).
async fn missing_with_suggestion(check: &ContainerCheck, engine: &Engine) -> String {
    let Some(name) = &check.name else {
        return tr!("does not exist").to_owned();
    };
    let names = engine
        .resource_names(ResourceKind::Container)
        .await
        .unwrap_or_default();
    match closest_name(name, &names) {
        Some(near) => trf!("does not exist; did you mean `{}`? (it exists)", near),
        None => tr!("does not exist").to_owned(),
    }
}

/// The container found, named: "container `proj_web_1` (labelled `app=web`)".
fn candidate_subject(check: &ContainerCheck, c: &ContainerFacts) -> String {
    match (&check.name, &check.label) {
        (None, Some(label)) => trf!("container `{}` (labelled `{}`)", c.name, label),
        _ => trf!("container `{}`", c.name),
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
        f.right(trf!("exists and is {}", describe_state(c)));
    }
    let liveness = state::grade(check, c, ctx.engine, &mut f).await?;
    if let Some(image) = &check.image {
        settings::grade_image(image, c, ctx.engine, &mut f).await?;
    }
    if let Some(needle) = &check.command_contains {
        let command = c.command.join(" ");
        f.expect(
            command.contains(needle.as_str()),
            trf!("runs `{}`", command),
            trf!(
                "runs `{}`; expected a command containing `{}`",
                command,
                needle
            ),
        );
    }
    if let Some(ports) = ports.filter(|_| liveness == Liveness::Grade) {
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
    if let Some(exec) = check.exec.as_ref().filter(|_| liveness == Liveness::Grade) {
        inside::grade_exec(exec, c, ctx.engine, &mut f).await?;
    }
    if let Some(file) = &check.file {
        let found = ctx.engine.read_path(&c.id, &file.path).await?;
        inside::grade_file(file, found, &mut f);
    }
    if let Some(spec) = check.http.as_ref().filter(|_| liveness == Liveness::Grade) {
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
        "exited" => trf!("exited (code {})", c.exit_code),
        "" => tr!("in an unknown state").to_owned(),
        other => other.to_owned(),
    }
}

/// The state inside parentheses: "exited with code 1", "created".
fn state_brief(c: &ContainerFacts) -> String {
    match c.status.as_str() {
        "exited" => trf!("exited with code {}", c.exit_code),
        _ => describe_state(c),
    }
}

/// "1 time", "3 times": `one` and `many` are the two forms, already in the learner's language.
pub(super) fn plural<N: TryInto<i64> + std::fmt::Display + Copy>(
    n: N,
    one: &str,
    many: &str,
) -> String {
    let word = if n.try_into().is_ok_and(|n: i64| n == 1) {
        one
    } else {
        many
    };
    format!("{n} {word}")
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn an_http_path_that_would_inject_request_lines_is_malformed_not_sent() {
        let check = ContainerCheck {
            name: Some("web".into()),
            http: Some(crate::check::HttpSpec {
                port: 80,
                path: Some("/a HTTP/1.0\r\nX-Evil: 1".into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        let why = validate(&check).expect_err("refused");
        assert!(why.contains("control characters"), "{why}");
    }
}
