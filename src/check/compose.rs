//! Grading compose checks: a service's containers found by the labels both Compose v1 and v2
//! put on them (never by container names, which differ between the two).

use std::collections::BTreeSet;

use super::container::plural;
use super::ports::{self, PortSpec};
use super::{ComposeCheck, Findings, GradeContext, Verdict};
use crate::engine::{
    ContainerFacts, ContainerFilter, Engine, EngineError, LABEL_COMPOSE_ONEOFF,
    LABEL_COMPOSE_PROJECT, LABEL_COMPOSE_SERVICE,
};
use crate::{tr, trf};

/// Grades a compose check against the engine.
pub async fn evaluate(check: &ComposeCheck, ctx: &GradeContext<'_>) -> Verdict {
    let subject = trf!(
        "compose service `{}` of project `{}`",
        check.service,
        check.project
    );
    let ports = match ports::parse_all(&check.ports) {
        Ok(ports) => ports,
        Err(why) => return Verdict::error(subject, trf!("this check is malformed: {}", why)),
    };
    match grade(check, &ports, ctx.engine, &subject).await {
        Ok(verdict) if verdict.passed() && check.detached.is_some() => {
            match grade_detached(check, ctx.engine, &subject).await {
                Ok(Some(failed)) => failed,
                Ok(None) => verdict,
                Err(e) => Verdict::error(subject, e.to_string()),
            }
        }
        Ok(verdict) => verdict,
        Err(e) => Verdict::error(subject, e.to_string()),
    }
}

async fn grade(
    check: &ComposeCheck,
    ports: &[PortSpec],
    engine: &Engine,
    subject: &str,
) -> Result<Verdict, EngineError> {
    let filter = ContainerFilter {
        labels: vec![
            format!("{LABEL_COMPOSE_PROJECT}={}", check.project),
            format!("{LABEL_COMPOSE_SERVICE}={}", check.service),
        ],
        ..Default::default()
    };
    let (oneoff, service): (Vec<ContainerFacts>, Vec<ContainerFacts>) = engine
        .containers_facts(&filter)
        .await?
        .into_iter()
        .partition(is_oneoff);
    let mut f = Findings::new(subject);
    let running = service.iter().filter(|c| c.is_running()).count();
    let have = if service.is_empty() {
        trf!("has no container ({})", missing_hint(check, engine).await?)
    } else {
        let stopped = service.len() - running;
        let running = plural(running, tr!("running container"), tr!("running containers"));
        match stopped {
            0 => trf!("has {}", running),
            _ => trf!("has {} and {} stopped", running, stopped),
        }
    };
    if let Some(want) = check.running {
        f.expect(
            running == want,
            have.clone(),
            trf!("{}; expected {} running", have, want),
        );
    }
    if let Some(min) = check.running_min {
        f.expect(
            running >= min,
            have.clone(),
            trf!("{}; expected at least {} running", have, min),
        );
    }
    if check.running.is_none() && check.running_min.is_none() {
        // With no count asked for, the service must at least have been created.
        f.expect(
            !service.is_empty(),
            have.clone(),
            trf!("{}; expected at least one", have),
        );
    }
    // Only running containers publish ports: with none running, that is the one fault to
    // report, not a port missing besides.
    if !ports.is_empty() && running > 0 {
        let published: Vec<_> = service.iter().flat_map(|c| c.ports.clone()).collect();
        ports::grade(ports, &published, &mut f);
    } else if !ports.is_empty() && !f.has_wrong() {
        let wanted: Vec<String> = ports.iter().map(ToString::to_string).collect();
        f.wrong(trf!(
            "{}; expected a running one publishing {}",
            have,
            wanted.join(" and ")
        ));
    }
    if let Some(needle) = &check.oneoff_logs_contain {
        grade_oneoff_logs(needle, &oneoff, engine, &mut f).await?;
    }
    Ok(f.into_verdict(check.message.as_deref()))
}

/// `up -d` leaves nothing attached; a foreground `up` attaches to every container it starts
/// (Compose v1 creates both alike, so the engine's past `attach` events tell them apart).
/// `None` when the running containers are as wanted, else the failing verdict.
async fn grade_detached(
    check: &ComposeCheck,
    engine: &Engine,
    subject: &str,
) -> Result<Option<Verdict>, EngineError> {
    let want = check.detached.unwrap_or(true);
    let filter = ContainerFilter {
        labels: vec![
            format!("{LABEL_COMPOSE_PROJECT}={}", check.project),
            format!("{LABEL_COMPOSE_SERVICE}={}", check.service),
        ],
        status: Some("running".to_owned()),
        ..Default::default()
    };
    let mut f = Findings::new(subject);
    for c in engine.containers_facts(&filter).await? {
        if is_oneoff(&c) {
            continue;
        }
        let created = c.created_at.unwrap_or(std::time::UNIX_EPOCH);
        let attached = engine.attached_in_current_run(&c.id, created).await?;
        if attached == want {
            f.wrong(if want {
                trf!(
                    "runs `{}` attached to a foreground `up`; expected `up -d`",
                    c.name
                )
            } else {
                trf!("runs `{}` detached; expected a foreground `up`", c.name)
            });
        }
    }
    Ok(f.has_wrong()
        .then(|| f.into_verdict(check.message.as_deref())))
}

/// `compose run` containers carry `oneoff=True` (v1 and v2 alike).
fn is_oneoff(c: &ContainerFacts) -> bool {
    c.labels
        .get(LABEL_COMPOSE_ONEOFF)
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

/// Why a service has no container: a wrong project name, or a service it does not have.
async fn missing_hint(check: &ComposeCheck, engine: &Engine) -> Result<String, EngineError> {
    let filter = ContainerFilter {
        labels: vec![format!("{LABEL_COMPOSE_PROJECT}={}", check.project)],
        ..Default::default()
    };
    let services: BTreeSet<String> = engine
        .containers(&filter)
        .await?
        .into_iter()
        .filter_map(|c| c.labels.get(LABEL_COMPOSE_SERVICE).cloned())
        .collect();
    Ok(if services.is_empty() {
        trf!("no container belongs to project `{}`", check.project)
    } else {
        let names: Vec<String> = services.iter().map(|s| format!("`{s}`")).collect();
        let noun = if names.len() == 1 {
            "service"
        } else {
            "services"
        };
        trf!(
            "project `{}` has only the {} {}",
            check.project,
            noun,
            names.join(", ")
        )
    })
}

async fn grade_oneoff_logs(
    needle: &str,
    oneoff: &[ContainerFacts],
    engine: &Engine,
    f: &mut Findings,
) -> Result<(), EngineError> {
    if oneoff.is_empty() {
        f.wrong(trf!(
            "has no one-off `run` container; expected one whose logs contain `{}`",
            needle
        ));
        return Ok(());
    }
    for c in oneoff {
        if engine.logs(&c.id).await?.contains(needle) {
            f.right(trf!(
                "has a one-off container `{}` whose logs contain `{}`",
                c.name,
                needle
            ));
            return Ok(());
        }
    }
    f.wrong(trf!(
        "logs of its {} do not contain `{}`",
        plural(
            oneoff.len(),
            tr!("one-off container"),
            tr!("one-off containers")
        ),
        needle
    ));
    Ok(())
}
