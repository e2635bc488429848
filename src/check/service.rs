//! Grading swarm service checks: desired and running replicas, image, ports published
//! through the routing mesh, and the state of the last rolling update.

use super::container::{grade_labels, normalise_reference};
use super::{Findings, GradeContext, ServiceCheck, SwarmCheck, Verdict};
use crate::engine::{EngineError, ServiceFacts};

/// Grades a service check against the engine.
pub async fn evaluate(check: &ServiceCheck, ctx: &GradeContext<'_>) -> Verdict {
    let subject = format!("service `{}`", check.name);
    match grade(check, ctx, &subject).await {
        Ok(verdict) => verdict,
        Err(e) => Verdict::error(subject, e.to_string()),
    }
}

async fn grade(
    check: &ServiceCheck,
    ctx: &GradeContext<'_>,
    subject: &str,
) -> Result<Verdict, EngineError> {
    let mut f = Findings::new(subject);
    let want_exists = check.exists.unwrap_or(true);
    let found = ctx.engine.service(&check.name).await?;
    if found.is_none() && want_exists && ctx.engine.swarm_state().await? != "active" {
        f.wrong("does not exist: this engine is not in a swarm (`docker swarm init`)");
        return Ok(f.into_verdict(check.message.as_deref()));
    }
    let Some(service) = f.presence(found, want_exists) else {
        return Ok(f.into_verdict(check.message.as_deref()));
    };
    grade_service(check, &service, &mut f);
    Ok(f.into_verdict(check.message.as_deref()))
}

/// Grades a swarm check: in a swarm or not, and the node's labels.
pub async fn evaluate_swarm(check: &SwarmCheck, ctx: &GradeContext<'_>) -> Verdict {
    let subject = "this engine's swarm";
    let state = match ctx.engine.swarm_state().await {
        Ok(state) => state,
        Err(e) => return Verdict::error(subject, e.to_string()),
    };
    let labels = match ctx.engine.swarm_node_labels().await {
        Ok(labels) => labels,
        Err(e) => return Verdict::error(subject, e.to_string()),
    };
    let mut f = Findings::new("this engine");
    let active = state == "active";
    match (check.active.unwrap_or(true), active) {
        (true, true) => f.right("is in a swarm"),
        (true, false) => f.wrong("is not in a swarm (`docker swarm init`)"),
        (false, false) => f.right("is not in a swarm"),
        (false, true) => {
            f.wrong("is still in a swarm; expected it to have left (`docker swarm leave --force`)")
        }
    }
    if active {
        grade_labels(&check.node_labels, &labels, &mut f);
    }
    Verdict {
        subject: subject.to_owned(),
        ..f.into_verdict(check.message.as_deref())
    }
}

/// Every assertion about a service that exists.
fn grade_service(check: &ServiceCheck, s: &ServiceFacts, f: &mut Findings) {
    if let Some(want) = check.replicas {
        match s.replicas {
            Some(n) => f.expect(
                n == want,
                format!("wants {n} replicas"),
                format!("wants {n} replicas; expected {want}"),
            ),
            None => f.wrong(format!(
                "is global, not replicated; expected {want} replicas"
            )),
        }
    }
    if let Some(want) = check.running {
        f.expect(
            s.running == want,
            format!("has {} running", s.running),
            format!("has {} running; expected {want}", s.running),
        );
    }
    if let Some(want) = &check.image {
        // The engine pins the image with its digest: `busybox:latest@sha256:...`.
        let have = s.image.split('@').next().unwrap_or(&s.image);
        let have = normalise_reference(have);
        let want = normalise_reference(want);
        f.expect(
            have == want,
            format!("runs `{have}`"),
            format!("runs `{have}`; expected `{want}`"),
        );
    }
    for port in &check.ports {
        grade_port(port, s, f);
    }
    if let Some(want) = &check.update_state {
        let have = if s.update_state.is_empty() {
            "never updated"
        } else {
            s.update_state.as_str()
        };
        f.expect(
            have == want,
            format!("update {have}"),
            format!("update state is {have}; expected {want}"),
        );
    }
    grade_labels(&check.labels, &s.labels, f);
}

/// `"8080:80"` published through the routing mesh; `"80"` on any published port.
fn grade_port(spec: &str, s: &ServiceFacts, f: &mut Findings) {
    let (published, target) = match spec.split_once(':') {
        Some((p, t)) => (p.parse::<i64>().ok(), t),
        None => (None, spec),
    };
    let target = target.split('/').next().unwrap_or(target);
    let target: i64 = target.parse().unwrap_or(-1);
    let ok = s
        .ports
        .iter()
        .any(|p| p.target == target && published.is_none_or(|want| p.published == want));
    let listed: Vec<String> = s
        .ports
        .iter()
        .map(|p| format!("{}->{}", p.published, p.target))
        .collect();
    let have = if listed.is_empty() {
        "publishes no port".to_owned()
    } else {
        format!("publishes {}", listed.join(", "))
    };
    f.expect(ok, have.clone(), format!("{have}; expected {spec}"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ServicePort;

    #[test]
    fn a_scaled_service_is_compared_on_desired_and_running_replicas() {
        let s = ServiceFacts {
            name: "web".into(),
            image: "busybox:latest@sha256:abc".into(),
            replicas: Some(3),
            running: 2,
            ports: vec![ServicePort {
                target: 80,
                published: 8080,
                protocol: "tcp".into(),
            }],
            ..Default::default()
        };
        let check = ServiceCheck {
            name: "web".into(),
            replicas: Some(3),
            running: Some(3),
            image: Some("busybox".into()),
            ports: vec!["8080:80".into()],
            ..Default::default()
        };
        let mut f = Findings::new("service `web`");
        grade_service(&check, &s, &mut f);
        assert_eq!(
            f.into_verdict(None).message,
            "service `web` wants 3 replicas, runs `busybox:latest`, publishes 8080->80, but has 2 running; expected 3"
        );
    }
}
