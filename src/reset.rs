//! Reset: removing the Docker resources lessons declare, and nothing else.
//!
//! A plan is made first from what exists on the engine and what the lessons declare (names,
//! `*` patterns, compose projects), so the learner can see it; then it is carried out in an
//! order the engine accepts: containers, networks, volumes, images.

use crate::engine::{BUILTIN_NETWORKS, Engine, EngineError, LABEL_COMPOSE_PROJECT, ResourceKind};
use crate::lesson::{Resources, name_matches};

/// One engine object a reset will remove.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    pub kind: ResourceKind,
    pub name: String,
}

/// What a reset did.
#[derive(Debug, Default)]
pub struct ResetReport {
    pub removed: Vec<Target>,
    pub failed: Vec<(Target, EngineError)>,
    /// The engine left a swarm that a lesson made.
    pub left_swarm: bool,
}

/// The objects on the engine now that `resources` declares, in removal order.
pub async fn plan(engine: &Engine, resources: &[&Resources]) -> Result<Vec<Target>, EngineError> {
    let mut targets = Vec::new();
    for kind in [
        ResourceKind::Container,
        ResourceKind::Network,
        ResourceKind::Volume,
        ResourceKind::Image,
    ] {
        let existing = engine.resource_names(kind).await?;
        for name in existing {
            let declared = resources.iter().any(|r| {
                declared_patterns(r, kind)
                    .iter()
                    .any(|p| name_matches(p, &name))
            });
            if declared
                && !(kind == ResourceKind::Network && BUILTIN_NETWORKS.contains(&name.as_str()))
            {
                targets.push(Target { kind, name });
            }
        }
        for label in owning_labels(resources, kind) {
            for name in engine.labelled_resources(kind, &label).await? {
                targets.push(Target { kind, name });
            }
        }
    }
    dedup_keeping_order(&mut targets);
    Ok(targets)
}

/// Removes every planned object, going on past failures and reporting each.
pub async fn carry_out(engine: &Engine, targets: Vec<Target>) -> ResetReport {
    let mut report = ResetReport::default();
    for target in targets {
        match engine.remove(target.kind, &target.name).await {
            Ok(true) => report.removed.push(target),
            Ok(false) => {}
            Err(e) => report.failed.push((target, e)),
        }
    }
    report
}

/// Plans and carries out a reset of `resources`.
pub async fn reset(engine: &Engine, resources: &[&Resources]) -> Result<ResetReport, EngineError> {
    let targets = plan(engine, resources).await?;
    carry_out_for(engine, resources, targets).await
}

/// Carries out a planned reset of `resources`: first leaves a swarm the lessons made (see
/// [`owns_swarm`]), then removes the targets, then what leaving the swarm leaves behind.
pub async fn carry_out_for(
    engine: &Engine,
    resources: &[&Resources],
    targets: Vec<Target>,
) -> Result<ResetReport, EngineError> {
    let left = owns_swarm(engine, resources).await?;
    if left {
        engine.leave_swarm().await?;
    }
    let mut report = carry_out(engine, targets).await;
    if left {
        engine.settle_after_leaving().await?;
        report.left_swarm = true;
        // What leaving leaves behind: the swarm's bridge, and its routing mesh network.
        let remains = ["docker_gwbridge", "ingress"].map(|name| Target {
            kind: ResourceKind::Network,
            name: name.to_owned(),
        });
        let more = carry_out(engine, remains.into_iter().collect()).await;
        report.removed.extend(more.removed);
        report.failed.extend(more.failed);
    }
    Ok(report)
}

/// True when the engine is in a swarm the lessons made: its node carries one of their
/// declared labels (a lesson's first step has the learner add it). A swarm the learner had
/// before has no such label and is never touched.
pub async fn owns_swarm(engine: &Engine, resources: &[&Resources]) -> Result<bool, EngineError> {
    let labels = engine.swarm_node_labels().await?;
    if labels.is_empty() {
        return Ok(false);
    }
    Ok(resources
        .iter()
        .flat_map(|r| &r.labels)
        .any(|declared| match declared.split_once('=') {
            Some((key, value)) => labels.get(key).is_some_and(|v| v == value),
            None => labels.contains_key(declared),
        }))
}

/// Labels that mark objects of `kind` as the lessons' own: compose projects (not for images,
/// which compose does not label) and the lessons' declared labels.
fn owning_labels(resources: &[&Resources], kind: ResourceKind) -> Vec<String> {
    let mut labels = Vec::new();
    for r in resources {
        if kind != ResourceKind::Image {
            labels.extend(
                r.compose_projects
                    .iter()
                    .map(|p| format!("{LABEL_COMPOSE_PROJECT}={p}")),
            );
        }
        labels.extend(r.labels.iter().cloned());
    }
    labels
}

fn declared_patterns(resources: &Resources, kind: ResourceKind) -> Vec<String> {
    match kind {
        ResourceKind::Container => resources.containers.clone(),
        ResourceKind::Network => resources.networks.clone(),
        ResourceKind::Volume => resources.volumes.clone(),
        // `web` means `web:latest`, as the engine lists images by repo:tag.
        ResourceKind::Image => resources
            .images
            .iter()
            .map(|i| {
                if i.ends_with('*') || has_tag(i) {
                    i.clone()
                } else {
                    format!("{i}:latest")
                }
            })
            .collect(),
    }
}

fn has_tag(reference: &str) -> bool {
    reference
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains(':'))
}

fn dedup_keeping_order(targets: &mut Vec<Target>) {
    let mut seen = std::collections::BTreeSet::new();
    targets.retain(|t| seen.insert(t.clone()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_untagged_image_declaration_means_latest() {
        let r = Resources {
            images: vec!["app".into(), "app:1.0".into(), "lesson-*".into()],
            ..Default::default()
        };
        assert_eq!(
            declared_patterns(&r, ResourceKind::Image),
            vec!["app:latest", "app:1.0", "lesson-*"]
        );
    }

    #[test]
    fn a_registry_port_is_not_a_tag() {
        assert!(!has_tag("localhost:5000/app"));
        assert!(has_tag("localhost:5000/app:2"));
    }
}
