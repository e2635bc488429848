//! Grading container checks: find the container by name or by label, then test each assertion
//! the author wrote against what the engine really reports.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use super::ports::{self, PortSpec};
use super::{
    ContainerCheck, ExecSpec, FileInContainer, Findings, GradeContext, MountSpec, Verdict, http,
};
use crate::engine::{
    ContainerFacts, ContainerFilter, ContainerPath, Engine, EngineError, MountFacts,
};

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
        f.expect(
            c.status == want,
            format!("is {}", describe_state(c)),
            format!("is {}; expected {want}", describe_state(c)),
        );
    }
    if let Some(code) = check.exit_code {
        grade_exit_code(code, c, &mut f);
    }
    if let Some(image) = &check.image {
        grade_image(image, c, ctx.engine, &mut f).await?;
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
    grade_settings(check, c, ctx.workspace, &mut f);
    if let Some(needle) = &check.logs_contain {
        let logs = ctx.engine.logs(&c.id).await?;
        grade_logs(needle, &logs, &mut f);
    }
    if let Some(exec) = &check.exec {
        grade_exec(exec, c, ctx.engine, &mut f).await?;
    }
    if let Some(file) = &check.file {
        let found = ctx.engine.read_path(&c.id, &file.path).await?;
        grade_file(file, found, &mut f);
    }
    if let Some(spec) = &check.http {
        http::grade(spec, c, ctx.engine.host(), &mut f).await;
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

/// Compares the image as typed (`busybox` is `busybox:latest`), then by image id, so a
/// container created from another tag or the id of the same image also counts.
async fn grade_image(
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
        format!("was created from `{typed}`"),
        format!("was created from `{typed}`; expected `{want}`"),
    );
    Ok(())
}

/// An image reference as a learner reads it: `busybox` and `docker.io/library/busybox` are
/// both `busybox:latest`; ids and digests are kept.
pub(super) fn normalise_reference(reference: &str) -> String {
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
pub(super) fn is_image_id(r: &str) -> bool {
    let hex = r.strip_prefix("sha256:").unwrap_or(r);
    (12..=64).contains(&hex.len()) && hex.chars().all(|c| c.is_ascii_hexdigit())
}

/// The assertions answered by the inspect data alone.
fn grade_settings(check: &ContainerCheck, c: &ContainerFacts, workspace: &Path, f: &mut Findings) {
    if let (Some(_), Some(label)) = (&check.name, &check.label) {
        f.expect(
            has_label(&c.labels, label),
            format!("has label `{label}`"),
            format!("has no label `{label}`"),
        );
    }
    grade_env(&check.env, &c.env, f);
    for mount in &check.mounts {
        grade_mount(mount, &c.mounts, workspace, f);
    }
    if let Some(policy) = &check.restart_policy {
        grade_restart_policy(policy, c, f);
    }
    if let Some(min) = check.restart_count_min {
        let times = plural(c.restart_count, "time");
        f.expect(
            c.restart_count >= min,
            format!("has restarted {times}"),
            format!("has restarted {times}; expected at least {min}"),
        );
    }
    for network in &check.networks {
        let on = c
            .networks
            .keys()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>();
        let on = if on.is_empty() {
            "no network".to_owned()
        } else {
            on.join(", ")
        };
        f.expect(
            c.networks.contains_key(network),
            format!("is on network `{network}`"),
            format!("is not on network `{network}` (it is on {on})"),
        );
    }
    for alias in &check.aliases {
        f.expect(
            c.networks.values().flatten().any(|a| a == alias),
            format!("answers to `{alias}`"),
            format!("does not answer to the alias `{alias}` on any network"),
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
pub(super) fn grade_env(expected: &[String], actual: &[String], f: &mut Findings) {
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
            (None, None) => f.wrong(format!("does not set `{key}`")),
            (None, Some(want)) => f.wrong(format!("does not set `{key}`; expected `{key}={want}`")),
            (Some(_), None) => f.right(format!("sets `{key}`")),
            (Some(v), Some(want)) => f.expect(
                v == want,
                format!("sets `{key}={v}`"),
                format!("sets `{key}={v}`; expected `{key}={want}`"),
            ),
        }
    }
}

/// Labels that must be present with these exact values.
pub(super) fn grade_labels(
    expected: &BTreeMap<String, String>,
    actual: &BTreeMap<String, String>,
    f: &mut Findings,
) {
    for (key, want) in expected {
        match actual.get(key) {
            None => f.wrong(format!("has no label `{key}`; expected `{key}={want}`")),
            Some(v) => f.expect(
                v == want,
                format!("has label `{key}={v}`"),
                format!("has label `{key}={v}`; expected `{key}={want}`"),
            ),
        }
    }
}

/// Compares users, treating an empty user, `0` and `root` as the same root user.
pub(super) fn grade_user(expected: &str, actual: &str, f: &mut Findings) {
    let is_root = |u: &str| matches!(u, "" | "0" | "root" | "0:0" | "root:root");
    let describe = |u: &str| {
        if is_root(u) {
            "root".to_owned()
        } else {
            format!("user `{u}`")
        }
    };
    let same = expected == actual || (is_root(expected) && is_root(actual));
    f.expect(
        same,
        format!("runs as {}", describe(actual)),
        format!(
            "runs as {}; expected {}",
            describe(actual),
            describe(expected)
        ),
    );
}

fn grade_flag(want: bool, actual: bool, flag: &str, f: &mut Findings) {
    let said = if actual {
        format!("was started with {flag}")
    } else {
        format!("was started without {flag}")
    };
    let expected = if want { "with it" } else { "without it" };
    f.expect(
        want == actual,
        said.clone(),
        format!("{said}; expected {expected}"),
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
        format!("has restart policy `{actual}`"),
        format!("has restart policy `{actual}`; expected `{want}`"),
    );
}

fn grade_mount(spec: &MountSpec, mounts: &[MountFacts], workspace: &Path, f: &mut Findings) {
    let target = spec.target.trim_end_matches('/');
    let wanted = match (spec.kind.as_deref(), spec.source.as_deref()) {
        (Some(kind), Some(source)) => format!("{kind} `{source}`"),
        (Some(kind), None) => format!("a {kind} mount"),
        (None, Some(source)) => format!("`{source}`"),
        (None, None) => "a mount".to_owned(),
    };
    let Some(m) = mounts
        .iter()
        .find(|m| m.target.trim_end_matches('/') == target)
    else {
        f.wrong(format!("mounts nothing at `{target}`; expected {wanted}"));
        return;
    };
    let found = match (m.kind.as_str(), &m.name) {
        ("volume", Some(name)) => format!("volume `{name}`"),
        ("tmpfs", _) => "a tmpfs".to_owned(),
        (kind, _) => format!("{kind} `{}`", m.source),
    };
    let kind_ok = spec.kind.as_deref().is_none_or(|k| k == m.kind);
    let source_ok = spec
        .source
        .as_deref()
        .is_none_or(|s| mount_source_matches(s, m, workspace));
    f.expect(
        kind_ok && source_ok,
        format!("mounts {found} at `{target}`"),
        format!("mounts {found} at `{target}`; expected {wanted}"),
    );
    if let Some(want) = spec.read_only {
        let mode = |ro: bool| if ro { "read-only" } else { "read-write" };
        f.expect(
            m.read_only == want,
            format!("mounts `{target}` {}", mode(m.read_only)),
            format!(
                "mounts `{target}` {}; expected {}",
                mode(m.read_only),
                mode(want)
            ),
        );
    }
}

/// A volume matches by name; a bind by host path, a relative one taken from the workspace.
fn mount_source_matches(source: &str, m: &MountFacts, workspace: &Path) -> bool {
    match m.kind.as_str() {
        "volume" => m.name.as_deref() == Some(source),
        "bind" => {
            let wanted = lexical(&workspace.join(source));
            let found = lexical(Path::new(&m.source));
            wanted == found
                || matches!(
                    (wanted.canonicalize(), found.canonicalize()),
                    (Ok(a), Ok(b)) if a == b
                )
        }
        _ => false,
    }
}

/// A path without `.` and `..`, without touching the filesystem.
fn lexical(path: &Path) -> PathBuf {
    let mut clean = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    clean
}

fn grade_logs(needle: &str, logs: &str, f: &mut Findings) {
    if logs.contains(needle) {
        f.right(format!("logs contain `{needle}`"));
    } else if let Some(last) = glimpse(logs) {
        f.wrong(format!(
            "logs do not contain `{needle}` (the last line is `{last}`)"
        ));
    } else {
        f.wrong(format!(
            "logs do not contain `{needle}` (its logs are empty)"
        ));
    }
}

async fn grade_exec(
    exec: &ExecSpec,
    c: &ContainerFacts,
    engine: &Engine,
    f: &mut Findings,
) -> Result<(), EngineError> {
    let shown = exec.command.join(" ");
    if !c.is_running() {
        f.wrong(format!(
            "is not running ({}), so `{shown}` cannot run in it",
            state_brief(c)
        ));
        return Ok(());
    }
    let out = engine.exec(&c.id, &exec.command).await?;
    let want = exec.exit_code.unwrap_or(0);
    let said = glimpse(&out.output)
        .map(|line| format!(" (it printed `{line}`)"))
        .unwrap_or_default();
    f.expect(
        out.exit_code == want,
        format!("`{shown}` exits with {want}"),
        format!(
            "`{shown}` exits with {}{said}; expected {want}",
            out.exit_code
        ),
    );
    if let Some(needle) = &exec.output_contains {
        f.expect(
            out.output.contains(needle.as_str()),
            format!("`{shown}` prints `{needle}`"),
            format!("`{shown}` does not print `{needle}`{said}"),
        );
    }
    Ok(())
}

fn grade_file(spec: &FileInContainer, found: Option<ContainerPath>, f: &mut Findings) {
    let path = &spec.path;
    let want_exists = spec.exists.unwrap_or(true);
    let Some(found) = found else {
        f.expect(
            !want_exists,
            format!("has no `{path}`"),
            format!("has no file `{path}`"),
        );
        return;
    };
    if !want_exists {
        f.wrong(format!("has `{path}`; expected it to be gone"));
        return;
    }
    match (&spec.contains, found) {
        (None, _) => f.right(format!("has `{path}`")),
        (Some(needle), ContainerPath::File(bytes)) => f.expect(
            String::from_utf8_lossy(&bytes).contains(needle.as_str()),
            format!("has `{path}` containing `{needle}`"),
            format!("has `{path}`, which does not contain `{needle}`"),
        ),
        (Some(_), ContainerPath::Directory) => {
            f.wrong(format!("has `{path}`, but it is a directory, not a file"));
        }
        (Some(_), ContainerPath::Other) => {
            f.wrong(format!("has `{path}`, but it is not a regular file"));
        }
    }
}

/// The last non-empty line of some output, shortened, to show a learner what did happen.
fn glimpse(text: &str) -> Option<String> {
    let line = text.lines().rev().map(str::trim).find(|l| !l.is_empty())?;
    let mut short: String = line.chars().take(80).collect();
    if short.len() < line.len() {
        short.push('…');
    }
    Some(short)
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
    fn a_missing_mount_names_what_was_expected() {
        let mut f = Findings::new("container `db`");
        let spec = MountSpec {
            target: "/data".into(),
            source: Some("dbdata".into()),
            kind: Some("volume".into()),
            read_only: None,
        };
        grade_mount(&spec, &[], Path::new("/ws"), &mut f);
        assert_eq!(
            f.into_verdict(None).message,
            "container `db` mounts nothing at `/data`; expected volume `dbdata`"
        );
    }

    #[test]
    fn a_relative_bind_source_is_taken_from_the_workspace() {
        let mount = MountFacts {
            kind: "bind".into(),
            source: "/ws/site".into(),
            target: "/www".into(),
            ..Default::default()
        };
        assert!(mount_source_matches("./site", &mount, Path::new("/ws")));
        assert!(mount_source_matches(
            "/ws/site/",
            &mount,
            Path::new("/elsewhere")
        ));
        assert!(!mount_source_matches("other", &mount, Path::new("/ws")));
    }

    #[test]
    fn missing_logs_show_the_last_line_seen() {
        let mut f = Findings::new("container `hi`");
        grade_logs("hello, world", "starting\nhello world\n\n", &mut f);
        assert_eq!(
            f.into_verdict(None).message,
            "container `hi` logs do not contain `hello, world` (the last line is `hello world`)"
        );
    }

    #[test]
    fn a_file_that_is_a_directory_does_not_contain_text() {
        let mut f = Findings::new("container `web`");
        let spec = FileInContainer {
            path: "/www".into(),
            contains: Some("hello".into()),
            ..Default::default()
        };
        grade_file(&spec, Some(ContainerPath::Directory), &mut f);
        assert!(f.into_verdict(None).message.contains("is a directory"));
    }

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
