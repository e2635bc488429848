//! Reset: removing the Docker objects a lesson made, and nothing else.
//!
//! A declared name, pattern, compose project or label is necessary but not sufficient: an
//! object is the lesson's only if it also appeared after the learner started the lesson
//! (creation times come from the engine), or docktor itself made it (verify knows what
//! existed before it ran). Everything else is kept, and the plan says why. An image another
//! container still uses is untagged at most, never forced. A plan is made first, so the
//! learner can see it; then it is carried out in an order the engine accepts: containers,
//! networks, volumes, images.

use std::collections::{BTreeMap, BTreeSet};

use crate::engine::{
    BUILTIN_NETWORKS, DatedObject, Engine, EngineError, LABEL_COMPOSE_PROJECT, ResourceKind,
};
use crate::lesson::{Lesson, Resources, name_matches, own_compose_project};
use crate::progress::Progress;
use crate::{tr, trf};

/// Why an untrusted pack's reset removes nothing, in the learner's language.
pub fn untrusted() -> &'static str {
    tr!(
        "this pack is not trusted, so reset removes nothing from the engine; restart docktor with --trust once you have read the lessons"
    )
}

/// One engine object a reset will remove.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    pub kind: ResourceKind,
    pub name: String,
}

/// A declared object reset leaves alone, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub target: Target,
    pub why: String,
}

impl Kept {
    /// "kept container `web`: it existed before you started this lesson".
    pub fn describe(&self) -> String {
        trf!(
            "kept {} `{}`: {}",
            self.target.kind.as_str(),
            self.target.name,
            self.why
        )
    }
}

/// What a reset would do: what goes, in removal order, and what is kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub remove: Vec<Target>,
    pub kept: Vec<Kept>,
}

/// What a reset did.
#[derive(Debug, Default)]
pub struct ResetReport {
    pub removed: Vec<Target>,
    pub kept: Vec<Kept>,
    pub failed: Vec<(Target, EngineError)>,
    /// The engine left a swarm that a lesson made.
    pub left_swarm: bool,
}

/// How to tell what a lesson made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Since {
    /// The learner started the lesson at this time (seconds since the Unix epoch).
    Started(i64),
    /// The learner has not started the lesson: nothing on the engine is its.
    NotStarted,
    /// docktor made everything except these objects (what existed before `verify` ran).
    Existing(BTreeSet<(ResourceKind, String)>),
}

/// One lesson to reset, and how to tell what it made.
#[derive(Debug, Clone)]
pub struct LessonScope<'a> {
    pub lesson: &'a Lesson,
    pub since: Since,
}

impl<'a> LessonScope<'a> {
    /// The learner's own lesson: made since they started it (as `progress` records).
    pub fn for_learner(lesson: &'a Lesson, progress: &Progress) -> Self {
        let since = progress
            .lessons
            .get(&lesson.meta.id)
            .and_then(|p| p.started_at)
            .map_or(Since::NotStarted, Since::Started);
        Self { lesson, since }
    }
}

const KINDS: [ResourceKind; 4] = [
    ResourceKind::Container,
    ResourceKind::Network,
    ResourceKind::Volume,
    ResourceKind::Image,
];

/// What a reset of `scopes` would remove and keep, from what exists on the engine now.
pub async fn plan(engine: &Engine, scopes: &[LessonScope<'_>]) -> Result<Plan, EngineError> {
    let mut plan = Plan::default();
    let mut staying_images: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for kind in KINDS {
        let mut declared: Vec<(DatedObject, &LessonScope)> = Vec::new();
        for object in engine.dated_objects(kind, None).await? {
            if kind == ResourceKind::Network && BUILTIN_NETWORKS.contains(&object.name.as_str()) {
                continue;
            }
            if let Some(scope) = scopes.iter().find(|s| {
                declared_patterns(&s.lesson.meta.resources, kind)
                    .iter()
                    .any(|p| name_matches(p, &object.name))
            }) {
                declared.push((object, scope));
            }
        }
        for scope in scopes {
            for label in owning_labels(scope, kind) {
                for object in engine.dated_objects(kind, Some(&label)).await? {
                    declared.push((object, scope));
                }
            }
        }
        if kind == ResourceKind::Image {
            for (container, image) in &staying_images_of(engine, &plan).await? {
                staying_images
                    .entry(image.clone())
                    .or_default()
                    .push(container.clone());
            }
        }
        for (object, scope) in declared {
            let target = Target {
                kind,
                name: object.name.clone(),
            };
            if plan.remove.contains(&target) || plan.kept.iter().any(|k| k.target == target) {
                continue;
            }
            match why_kept(engine, &object, kind, scope, &staying_images).await? {
                Some(why) => plan.kept.push(Kept { target, why }),
                None => plan.remove.push(target),
            }
        }
    }
    Ok(plan)
}

/// Containers that stay after the plan, with the image id each uses.
async fn staying_images_of(
    engine: &Engine,
    plan: &Plan,
) -> Result<Vec<(String, String)>, EngineError> {
    Ok(engine
        .dated_objects(ResourceKind::Container, None)
        .await?
        .into_iter()
        .filter(|c| {
            !plan.remove.contains(&Target {
                kind: ResourceKind::Container,
                name: c.name.clone(),
            })
        })
        .map(|c| (c.name, c.image_id))
        .collect())
}

/// Why a declared object is not the lesson's to remove, or `None` when it is.
async fn why_kept(
    engine: &Engine,
    object: &DatedObject,
    kind: ResourceKind,
    scope: &LessonScope<'_>,
    staying_images: &BTreeMap<String, Vec<String>>,
) -> Result<Option<String>, EngineError> {
    if kind == ResourceKind::Image {
        let needed = scope
            .lesson
            .meta
            .images
            .iter()
            .any(|i| crate::images::normalise(i) == object.name);
        if needed {
            return Ok(Some(tr!("the lessons need it to run").to_owned()));
        }
        if object.tags <= 1
            && let Some(users) = staying_images.get(&object.id)
        {
            return Ok(Some(trf!(
                "container `{}` uses it and it has no other name, so it is not forced out",
                users.join("`, `")
            )));
        }
    }
    let made = match &scope.since {
        Since::NotStarted => {
            return Ok(Some(
                tr!("you have not started this lesson, so it is not the lesson's").to_owned(),
            ));
        }
        Since::Existing(before) => {
            return Ok(before
                .contains(&(kind, object.name.clone()))
                .then(|| tr!("it existed before docktor verify started").to_owned()));
        }
        Since::Started(at) => (*at, made_at(engine, object, kind).await?),
    };
    Ok(match made {
        (_, None) => Some(tr!("docktor cannot tell when it was made, so it is kept").to_owned()),
        (started, Some(created)) if created < started => {
            Some(tr!("it existed before you started this lesson").to_owned())
        }
        _ => None,
    })
}

/// When the object appeared: for an image, the later of its build and its last tagging.
async fn made_at(
    engine: &Engine,
    object: &DatedObject,
    kind: ResourceKind,
) -> Result<Option<i64>, EngineError> {
    if kind != ResourceKind::Image {
        return Ok(object.created);
    }
    let tagged = match engine.image_last_tagged(&object.name).await {
        Ok(t) => t,
        Err(e) if e.is_not_found() => None,
        Err(e) => return Err(e),
    };
    Ok(match (object.created, tagged) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    })
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

/// Plans and carries out a reset of `scopes`, leaving a swarm the lessons made.
pub async fn reset(
    engine: &Engine,
    scopes: &[LessonScope<'_>],
) -> Result<ResetReport, EngineError> {
    let plan = plan(engine, scopes).await?;
    let resources: Vec<&Resources> = scopes.iter().map(|s| &s.lesson.meta.resources).collect();
    let mut report = carry_out_for(engine, &resources, plan.remove).await?;
    report.kept = plan.kept;
    Ok(report)
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

/// Labels that mark objects of `kind` as the lesson's own: its compose project (not for
/// images, which compose does not label) and its declared labels. Declarations too broad to
/// be a lesson's (see [`Resources::too_broad`]) are never used, even if a lesson got past
/// loading some other way.
fn owning_labels(scope: &LessonScope<'_>, kind: ResourceKind) -> Vec<String> {
    let r = &scope.lesson.meta.resources;
    let refused: Vec<String> = r
        .too_broad(&own_compose_project(&scope.lesson.meta.id))
        .into_iter()
        .map(|(written, _)| written)
        .collect();
    let mut labels = Vec::new();
    if kind != ResourceKind::Image {
        labels.extend(
            r.compose_projects
                .iter()
                .filter(|p| !refused.contains(p))
                .map(|p| format!("{LABEL_COMPOSE_PROJECT}={p}")),
        );
    }
    labels.extend(r.labels.iter().filter(|l| !refused.contains(l)).cloned());
    labels
}

fn declared_patterns(resources: &Resources, kind: ResourceKind) -> Vec<String> {
    let refused: Vec<String> = resources
        .too_broad("")
        .into_iter()
        .map(|(written, _)| written)
        .collect();
    let patterns = match kind {
        ResourceKind::Container => resources.containers.clone(),
        ResourceKind::Network => resources.networks.clone(),
        ResourceKind::Volume => resources.volumes.clone(),
        // `web` means `web:latest`, as the engine lists images by repo:tag.
        ResourceKind::Image => resources
            .images
            .iter()
            .filter(|i| !refused.contains(i))
            .map(|i| {
                if i.ends_with('*') || has_tag(i) {
                    i.clone()
                } else {
                    format!("{i}:latest")
                }
            })
            .collect(),
    };
    patterns
        .into_iter()
        .filter(|p| !refused.contains(p))
        .collect()
}

fn has_tag(reference: &str) -> bool {
    reference
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains(':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_untrusted_reset_note_speaks_swedish() {
        let text = crate::i18n::with_lang(crate::i18n::Lang::Sv, untrusted);
        assert!(
            text.starts_with("det här paketet är inte betrott"),
            "{text}"
        );
        assert!(text.contains("--trust"), "{text}");
        assert!(untrusted().starts_with("this pack is not trusted"));
    }

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
    fn broad_declarations_never_become_patterns() {
        let r = Resources {
            containers: vec!["*".into(), "ab*".into(), "web".into()],
            ..Default::default()
        };
        assert_eq!(declared_patterns(&r, ResourceKind::Container), vec!["web"]);
    }

    #[test]
    fn a_registry_port_is_not_a_tag() {
        assert!(!has_tag("localhost:5000/app"));
        assert!(has_tag("localhost:5000/app:2"));
    }
}
