//! Grading swarm service checks: desired and running replicas, image, ports published
//! through the routing mesh, and the state of the last rolling update.

use super::container::{grade_labels, normalise_reference};
use super::{Findings, GradeContext, ServiceCheck, SwarmCheck, Verdict};
use crate::engine::{EngineError, ServiceFacts};
use crate::{tr, trf};

/// Grades a service check against the engine.
pub async fn evaluate(check: &ServiceCheck, ctx: &GradeContext<'_>) -> Verdict {
    let subject = trf!("service `{}`", check.name);
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
        f.wrong(tr!(
            "does not exist: this engine is not in a swarm (`docker swarm init`)"
        ));
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
    let subject = tr!("this engine's swarm");
    let state = match ctx.engine.swarm_state().await {
        Ok(state) => state,
        Err(e) => return Verdict::error(subject, e.to_string()),
    };
    let labels = match ctx.engine.swarm_node_labels().await {
        Ok(labels) => labels,
        Err(e) => return Verdict::error(subject, e.to_string()),
    };
    let mut f = Findings::new(tr!("this engine"));
    let active = state == "active";
    match (check.active.unwrap_or(true), active) {
        (true, true) => f.right(tr!("is in a swarm")),
        (true, false) => f.wrong(tr!("is not in a swarm (`docker swarm init`)")),
        (false, false) => f.right(tr!("is not in a swarm")),
        (false, true) => f.wrong(tr!(
            "is still in a swarm; expected it to have left (`docker swarm leave --force`)"
        )),
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
                trf!("wants {} replicas", n),
                trf!("wants {} replicas; expected {}", n, want),
            ),
            None => f.wrong(trf!(
                "is global, not replicated; expected {} replicas",
                want
            )),
        }
    }
    if let Some(want) = check.running {
        f.expect(
            s.running == want,
            trf!("has {} running", s.running),
            trf!("has {} running; expected {}", s.running, want),
        );
    }
    if let Some(want) = &check.image {
        // The engine pins the image with its digest: `busybox:latest@sha256:...`.
        let have = s.image.split('@').next().unwrap_or(&s.image);
        let have = normalise_reference(have);
        let want = normalise_reference(want);
        f.expect(
            have == want,
            trf!("runs `{}`", have),
            trf!("runs `{}`; expected `{}`", have, want),
        );
    }
    for port in &check.ports {
        grade_port(port, s, f);
    }
    if let Some(want) = &check.update_state {
        let have = if s.update_state.is_empty() {
            tr!("never updated")
        } else {
            s.update_state.as_str()
        };
        f.expect(
            have == want,
            trf!("update {}", have),
            trf!("update state is {}; expected {}", have, want),
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
        tr!("publishes no port").to_owned()
    } else {
        trf!("publishes {}", listed.join(", "))
    };
    f.expect(ok, have.clone(), trf!("{}; expected {}", have, spec));
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
