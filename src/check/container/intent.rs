//! How and when a container was started, so a step that teaches a flag is passed only by
//! using it: detached or attached, started since the step was opened, its restarts and its
//! health, and label keys that must be set.

use std::time::SystemTime;

use super::plural;
use crate::check::{ContainerCheck, Findings, HealthStatus};
use crate::engine::ContainerFacts;
use crate::{tr, trf};

/// The intent assertions of a container check.
pub(super) fn grade_intent(
    check: &ContainerCheck,
    c: &ContainerFacts,
    step_opened_at: Option<SystemTime>,
    f: &mut Findings,
) {
    if let Some(want) = check.detached {
        grade_detached(want, c, f);
    }
    if let (Some(want), Some(opened)) = (check.started_since_step, step_opened_at) {
        grade_started_since(want, c, opened, f);
    }
    if let Some(max) = check.restart_count_max {
        let times = plural(c.restart_count, tr!("time"), tr!("times"));
        f.expect(
            c.restart_count <= max,
            trf!("has restarted {}", times),
            trf!("has restarted {}; expected at most {}", times, max),
        );
    }
    if let Some(want) = check.health {
        grade_health(want, c, f);
    }
    for key in &check.label_keys {
        f.expect(
            c.labels.contains_key(key),
            trf!("has label `{}`", key),
            trf!("has no label `{}`", key),
        );
    }
}

/// `-d` leaves `AttachStdout` and `AttachStderr` off; a foreground run turns them on.
fn grade_detached(want: bool, c: &ContainerFacts, f: &mut Findings) {
    let detached = !c.attach_stdout && !c.attach_stderr;
    match (want, detached) {
        (true, true) => f.right(tr!("was started detached (-d)")),
        (true, false) => f.wrong(tr!(
            "was started in the foreground, attached to your terminal; expected it detached (-d)"
        )),
        (false, false) => f.right(tr!("was started attached (in the foreground)")),
        (false, true) => f.wrong(tr!(
            "was started detached (-d); expected it in the foreground"
        )),
    }
}

/// Created or last started after the step was opened: work done before does not count.
fn grade_started_since(want: bool, c: &ContainerFacts, opened: SystemTime, f: &mut Findings) {
    let latest = c.started_at.max(c.created_at);
    let since = latest.is_some_and(|t| t >= opened);
    match (want, since) {
        (true, true) => f.right(tr!("was started after this step was opened")),
        (true, false) => f.wrong(match c.started_at {
            Some(_) => tr!("was last started before this step was opened; do the step now"),
            None => tr!("has not been started since this step was opened"),
        }),
        (false, false) => f.right(tr!("has not been started again during this step")),
        (false, true) => f.wrong(tr!(
            "was (re)started during this step; expected it untouched"
        )),
    }
}

fn grade_health(want: HealthStatus, c: &ContainerFacts, f: &mut Findings) {
    let found = if c.health.is_empty() {
        "none"
    } else {
        c.health.as_str()
    };
    let want = want.as_str();
    let shown = |s: &str| match s {
        "none" => tr!("has no health check").to_owned(),
        s => trf!("is {}", s),
    };
    f.expect(
        found == want,
        shown(found),
        trf!(
            "{}; expected {}",
            shown(found),
            shown(want).replace("is ", "")
        ),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_container_started_before_the_step_opened_does_not_count() {
        let opened = SystemTime::now();
        let c = ContainerFacts {
            started_at: Some(opened - Duration::from_secs(5)),
            created_at: Some(opened - Duration::from_secs(60)),
            ..Default::default()
        };
        let mut f = Findings::new("container `web`");
        grade_started_since(true, &c, opened, &mut f);
        assert!(f.has_wrong());
        let restarted = ContainerFacts {
            started_at: Some(opened + Duration::from_millis(5)),
            ..c
        };
        let mut f = Findings::new("container `web`");
        grade_started_since(true, &restarted, opened, &mut f);
        assert!(!f.has_wrong());
    }

    #[test]
    fn attached_output_means_not_detached() {
        let c = ContainerFacts {
            attach_stdout: true,
            attach_stderr: true,
            ..Default::default()
        };
        let mut f = Findings::new("container `bg`");
        grade_detached(true, &c, &mut f);
        assert!(
            f.into_verdict(None)
                .message
                .contains("expected it detached (-d)")
        );
    }

    #[test]
    fn health_is_worded_as_the_engine_says_it() {
        let c = ContainerFacts {
            health: "unhealthy".into(),
            ..Default::default()
        };
        let mut f = Findings::new("container `web`");
        grade_health(HealthStatus::Healthy, &c, &mut f);
        assert_eq!(
            f.into_verdict(None).message,
            "container `web` is unhealthy; expected healthy"
        );
    }
}
