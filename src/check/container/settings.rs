//! How a container was configured, answered by the inspect data alone: its image, labels,
//! environment, restart policy, networks and aliases, user and `--rm`/`-t`/`-i` flags.
//! Mounts are graded in [`super::mounts`].

use std::collections::BTreeMap;
use std::path::Path;

use super::{mounts, plural};
use crate::check::{ContainerCheck, Findings};
use crate::engine::{ContainerFacts, Engine, EngineError};
use crate::{tr, trf};

/// Compares the image as typed (`busybox` is `busybox:latest`), then by image id, so a
/// container created from another tag or the id of the same image also counts.
pub(super) async fn grade_image(
    expected: &str,
    c: &ContainerFacts,
    engine: &Engine,
    f: &mut Findings,
) -> Result<(), EngineError> {
    let want = normalise_reference(expected);
    let typed = normalise_reference(&c.image);
    let same = want == typed
        || engine
            .image(expected)
            .await?
            .is_some_and(|image| image.id == c.image_id);
    f.expect(
        same,
        trf!("was created from `{}`", typed),
        trf!("was created from `{}`; expected `{}`", typed, want),
    );
    Ok(())
}

/// An image reference as a learner reads it: `busybox` and `docker.io/library/busybox` are
/// both `busybox:latest`; ids and digests are kept.
pub(in crate::check) fn normalise_reference(reference: &str) -> String {
    let r = reference.trim();
    if is_image_id(r) {
        return r.to_ascii_lowercase();
    }
    let r = r
        .strip_prefix("docker.io/")
        .or_else(|| r.strip_prefix("index.docker.io/"))
        .unwrap_or(r);
    let r = r.strip_prefix("library/").unwrap_or(r);
    let last = r.rsplit('/').next().unwrap_or(r);
    if r.contains('@') || last.contains(':') {
        r.to_owned()
    } else {
        format!("{r}:latest")
    }
}

/// `sha256:...`, or the 12 to 64 hex digits `docker images` shows.
pub(in crate::check) fn is_image_id(r: &str) -> bool {
    let hex = r.strip_prefix("sha256:").unwrap_or(r);
    (12..=64).contains(&hex.len()) && hex.chars().all(|c| c.is_ascii_hexdigit())
}

/// The assertions answered by the inspect data alone.
pub(super) fn grade_settings(
    check: &ContainerCheck,
    c: &ContainerFacts,
    workspace: &Path,
    f: &mut Findings,
) {
    if let (Some(_), Some(label)) = (&check.name, &check.label) {
        f.expect(
            has_label(&c.labels, label),
            trf!("has label `{}`", label),
            trf!("has no label `{}`", label),
        );
    }
    grade_env(&check.env, &c.env, f);
    for mount in &check.mounts {
        mounts::grade_mount(mount, &c.mounts, workspace, f);
    }
    if let Some(policy) = &check.restart_policy {
        grade_restart_policy(policy, c, f);
    }
    if let Some(min) = check.restart_count_min {
        let times = plural(c.restart_count, tr!("time"), tr!("times"));
        f.expect(
            c.restart_count >= min,
            trf!("has restarted {}", times),
            trf!("has restarted {}; expected at least {}", times, min),
        );
    }
    for network in &check.networks {
        let on = c
            .networks
            .keys()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>();
        let on = if on.is_empty() {
            tr!("no network").to_owned()
        } else {
            on.join(", ")
        };
        f.expect(
            c.networks.contains_key(network),
            trf!("is on network `{}`", network),
            trf!("is not on network `{}` (it is on {})", network, on),
        );
    }
    for alias in &check.aliases {
        f.expect(
            c.networks.values().flatten().any(|a| a == alias),
            trf!("answers to `{}`", alias),
            trf!("does not answer to the alias `{}` on any network", alias),
        );
    }
    grade_labels(&check.labels, &c.labels, f);
    if let Some(user) = &check.user {
        grade_user(user, &c.user, f);
    }
    let flags = [
        (check.auto_remove, c.auto_remove, "--rm"),
        (check.tty, c.tty, "-t"),
        (check.interactive, c.open_stdin, "-i"),
    ];
    for (want, actual, flag) in flags {
        if let Some(want) = want {
            grade_flag(want, actual, flag, f);
        }
    }
}

/// True for a label selector `key` or `key=value` that `labels` satisfy.
fn has_label(labels: &BTreeMap<String, String>, selector: &str) -> bool {
    match selector.split_once('=') {
        Some((key, value)) => labels.get(key).is_some_and(|v| v == value),
        None => labels.contains_key(selector),
    }
}

/// Environment entries: `KEY=value` must match, `KEY` must be set.
pub(in crate::check) fn grade_env(expected: &[String], actual: &[String], f: &mut Findings) {
    for entry in expected {
        let (key, want) = match entry.split_once('=') {
            Some((key, value)) => (key, Some(value)),
            None => (entry.as_str(), None),
        };
        // The last definition of a variable is the one in force.
        let found = actual.iter().rev().find_map(|e| {
            let (k, v) = e.split_once('=').unwrap_or((e, ""));
            (k == key).then_some(v)
        });
        match (found, want) {
            (None, None) => f.wrong(trf!("does not set `{}`", key)),
            (None, Some(want)) => {
                f.wrong(trf!("does not set `{}`; expected `{}={}`", key, key, want))
            }
            (Some(_), None) => f.right(trf!("sets `{}`", key)),
            (Some(v), Some(want)) => f.expect(
                v == want,
                trf!("sets `{}={}`", key, v),
                trf!("sets `{}={}`; expected `{}={}`", key, v, key, want),
            ),
        }
    }
}

/// Labels that must be present with these exact values.
pub(in crate::check) fn grade_labels(
    expected: &BTreeMap<String, String>,
    actual: &BTreeMap<String, String>,
    f: &mut Findings,
) {
    for (key, want) in expected {
        match actual.get(key) {
            None => f.wrong(trf!("has no label `{}`; expected `{}={}`", key, key, want)),
            Some(v) => f.expect(
                v == want,
                trf!("has label `{}={}`", key, v),
                trf!("has label `{}={}`; expected `{}={}`", key, v, key, want),
            ),
        }
    }
}

/// Compares users, treating an empty user, `0` and `root` as the same root user.
pub(in crate::check) fn grade_user(expected: &str, actual: &str, f: &mut Findings) {
    let is_root = |u: &str| matches!(u, "" | "0" | "root" | "0:0" | "root:root");
    let describe = |u: &str| {
        if is_root(u) {
            "root".to_owned()
        } else {
            trf!("user `{}`", u)
        }
    };
    let same = expected == actual || (is_root(expected) && is_root(actual));
    f.expect(
        same,
        trf!("runs as {}", describe(actual)),
        trf!(
            "runs as {}; expected {}",
            describe(actual),
            describe(expected)
        ),
    );
}

fn grade_flag(want: bool, actual: bool, flag: &str, f: &mut Findings) {
    let said = if actual {
        trf!("was started with {}", flag)
    } else {
        trf!("was started without {}", flag)
    };
    let expected = if want {
        tr!("with it")
    } else {
        tr!("without it")
    };
    f.expect(
        want == actual,
        said.clone(),
        trf!("{}; expected {}", said, expected),
    );
}

fn grade_restart_policy(want: &str, c: &ContainerFacts, f: &mut Findings) {
    let (name, retries) = match want.split_once(':') {
        Some((name, retries)) => (name, retries.trim().parse::<i64>().ok()),
        None => (want, None),
    };
    let actual = if c.restart_policy == "on-failure" && c.restart_max_retries > 0 {
        format!("on-failure:{}", c.restart_max_retries)
    } else {
        c.restart_policy.clone()
    };
    let same = c.restart_policy == name && retries.is_none_or(|r| r == c.restart_max_retries);
    f.expect(
        same,
        trf!("has restart policy `{}`", actual),
        trf!("has restart policy `{}`; expected `{}`", actual, want),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_without_tag_mean_latest() {
        assert_eq!(normalise_reference("busybox"), "busybox:latest");
        assert_eq!(
            normalise_reference("docker.io/library/busybox"),
            "busybox:latest"
        );
        assert_eq!(normalise_reference("web:1.0"), "web:1.0");
        assert_eq!(
            normalise_reference("localhost:5000/web"),
            "localhost:5000/web:latest"
        );
        assert_eq!(
            normalise_reference("me/web@sha256:abc"),
            "me/web@sha256:abc"
        );
        assert_eq!(normalise_reference("DAEF4FAECFA1"), "daef4faecfa1");
    }

    #[test]
    fn only_hex_of_id_length_is_an_image_id() {
        assert!(is_image_id("daef4faecfa1"));
        assert!(is_image_id("sha256:daef4faecfa1"));
        assert!(!is_image_id("cafe"));
        assert!(!is_image_id("busybox"));
    }

    #[test]
    fn env_entries_say_what_is_set_and_what_was_expected() {
        let mut f = Findings::new("container `web`");
        let actual = ["PATH=/bin".to_owned(), "MODE=dev".to_owned()];
        grade_env(
            &["PATH".into(), "MODE=prod".into(), "TOKEN".into()],
            &actual,
            &mut f,
        );
        assert_eq!(
            f.into_verdict(None).message,
            "container `web` sets `PATH`, but sets `MODE=dev`; expected `MODE=prod`; \
             and does not set `TOKEN`"
        );
    }

    #[test]
    fn root_is_root_however_it_is_written() {
        let mut f = Findings::new("container `web`");
        grade_user("root", "", &mut f);
        grade_user("0", "root", &mut f);
        assert!(f.into_verdict(None).passed());
        let mut f = Findings::new("container `web`");
        grade_user("app", "", &mut f);
        assert_eq!(
            f.into_verdict(None).message,
            "container `web` runs as root; expected user `app`"
        );
    }

    #[test]
    fn restart_policies_compare_retries_when_given() {
        let c = ContainerFacts {
            restart_policy: "on-failure".into(),
            restart_max_retries: 3,
            ..Default::default()
        };
        let mut f = Findings::new("container `w`");
        grade_restart_policy("on-failure", &c, &mut f);
        grade_restart_policy("on-failure:3", &c, &mut f);
        assert!(f.into_verdict(None).passed());
        let mut f = Findings::new("container `w`");
        grade_restart_policy("always", &c, &mut f);
        assert_eq!(
            f.into_verdict(None).message,
            "container `w` has restart policy `on-failure:3`; expected `always`"
        );
    }
}
