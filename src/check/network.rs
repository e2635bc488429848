//! Grading network checks: a network, its driver, and the containers attached to it.

use super::volume::grade_members;
use super::{Findings, GradeContext, NetworkCheck, Verdict};
use crate::engine::{ContainerFilter, Engine, EngineError};
use crate::{tr, trf};

/// Grades a network check against the engine.
pub async fn evaluate(check: &NetworkCheck, ctx: &GradeContext<'_>) -> Verdict {
    let subject = trf!("network `{}`", check.name);
    match grade(check, ctx.engine, &subject).await {
        Ok(verdict) => verdict,
        Err(e) => Verdict::error(subject, e.to_string()),
    }
}

async fn grade(
    check: &NetworkCheck,
    engine: &Engine,
    subject: &str,
) -> Result<Verdict, EngineError> {
    let mut f = Findings::new(subject);
    let want_exists = check.exists.unwrap_or(true);
    let Some(network) = f.presence(engine.network(&check.name).await?, want_exists) else {
        return Ok(f.into_verdict(check.message.as_deref()));
    };
    if let Some(driver) = &check.driver {
        f.expect(
            network.driver == *driver,
            trf!("uses the `{}` driver", network.driver),
            trf!(
                "uses the `{}` driver; expected `{}`",
                network.driver,
                driver
            ),
        );
    }
    if !check.containers.is_empty() {
        // By name: a created, never started container has no endpoint id yet, but its
        // settings already name the network.
        let filter = ContainerFilter {
            network: Some(network.name.clone()),
            ..Default::default()
        };
        let attached: Vec<String> = engine
            .containers(&filter)
            .await?
            .into_iter()
            .map(|c| c.name)
            .collect();
        let wording = (
            tr!("has `{}` attached"),
            tr!("does not have `{}` attached"),
            tr!("is attached"),
        );
        grade_members(&check.containers, &attached, wording, &mut f);
    }
    Ok(f.into_verdict(check.message.as_deref()))
}
