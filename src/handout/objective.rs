//! What a check will look at, in plain words for a participant on paper: one sentence per
//! check, written as inline Markdown (values in code spans).
//!
//! One function per check kind, reached through an exhaustive match: a new kind of check does
//! not compile until it gets its sentence here.

use crate::check::{
    Check, ComposeCheck, ContainerCheck, ContainerStatus, CountCheck, DockerfileCheck, FileCheck,
    HttpSpec, ImageCheck, NetworkCheck, PortSpec, ProbeCheck, ServiceCheck, SwarmCheck,
    VolumeCheck, rule,
};
use crate::{tr, trf};

/// The sentence a participant reads to know when the check will pass.
pub fn objective(check: &Check) -> String {
    match check {
        Check::Container(c) => container(c),
        Check::Image(c) => image(c),
        Check::Volume(c) => volume(c),
        Check::Network(c) => network(c),
        Check::Compose(c) => compose(c),
        Check::Count(c) => count(c),
        Check::Dockerfile(c) => dockerfile(c),
        Check::File(c) => file(c),
        Check::Probe(c) => probe(c),
        Check::Service(c) => service(c),
        Check::Swarm(c) => swarm(c),
    }
}

fn probe(c: &ProbeCheck) -> String {
    let mut what = vec![code(&c.image)];
    if !c.command.is_empty() {
        what.push(trf!("running {}", code(&c.command.join(" "))));
    }
    if !c.mounts.is_empty() {
        what.push(trf!("with {}", codes(&c.mounts)));
    }
    if let Some(network) = &c.network {
        what.push(trf!("on network {}", code(network)));
    }
    let mut clauses = vec![trf!("exits with code {}", c.exit_code.unwrap_or(0))];
    if let Some(text) = &c.output_contains {
        clauses.push(trf!("prints {}", code(text)));
    }
    if let Some(pattern) = &c.output_matches {
        clauses.push(trf!(
            "prints a line matching {}",
            code(&pattern.to_string())
        ));
    }
    trf!("a fresh container of {} {}", what.join(" "), join(&clauses))
}

fn service(c: &ServiceCheck) -> String {
    let subject = trf!("swarm service {}", code(&c.name));
    if c.exists == Some(false) {
        return trf!("no {} exists", subject);
    }
    let mut clauses = Vec::new();
    if let Some(image) = &c.image {
        clauses.push(trf!("runs image {}", code(image)));
    }
    if let Some(n) = c.replicas {
        clauses.push(trf!("asks for {} replica(s)", n));
    }
    if let Some(n) = c.running {
        clauses.push(trf!("has {} task(s) running", n));
    }
    if !c.ports.is_empty() {
        clauses.push(trf!("publishes {}", codes(&c.ports)));
    }
    if let Some(state) = &c.update_state {
        clauses.push(trf!("its last update is {}", code(state)));
    }
    for (key, value) in &c.labels {
        clauses.push(trf!("is labelled {}", code(&format!("{key}={value}"))));
    }
    sentence(subject, &clauses)
}

fn swarm(c: &SwarmCheck) -> String {
    if c.active == Some(false) {
        return tr!("this engine is not in a swarm").to_owned();
    }
    let labels: Vec<String> = c
        .node_labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    if labels.is_empty() {
        tr!("this engine is in an active swarm").to_owned()
    } else {
        trf!(
            "this engine is in an active swarm and its node is labelled {}",
            codes(&labels)
        )
    }
}

/// A code span that holds any text, backticks included.
pub fn code(text: &str) -> String {
    // A code span is one line: a newline the check expects shows as ⏎.
    let text = &text.trim_end_matches('\n').replace('\n', "⏎");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// `a`, `a and b`, `a, b and c`.
fn join(clauses: &[String]) -> String {
    match clauses {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => trf!("{} and {}", rest.join(tr!(", ")), last),
    }
}

/// The subject and its clauses; a subject with none `exists`.
fn sentence(subject: String, clauses: &[String]) -> String {
    if clauses.is_empty() {
        trf!("{} exists", subject)
    } else {
        format!("{subject} {}", join(clauses))
    }
}

/// `1 container`, `3 containers`: `one` and `many` are the two forms in the reader's language.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn codes(items: &[String]) -> String {
    join(&items.iter().map(|i| code(i)).collect::<Vec<_>>())
}

fn status_words(status: ContainerStatus) -> &'static str {
    match status {
        ContainerStatus::Created => tr!("has been created but not started"),
        ContainerStatus::Running => tr!("is running"),
        ContainerStatus::Paused => tr!("is paused"),
        ContainerStatus::Restarting => tr!("is restarting"),
        ContainerStatus::Exited => tr!("has stopped (exited)"),
        ContainerStatus::Dead => tr!("is dead"),
    }
}

fn container(c: &ContainerCheck) -> String {
    if c.exists == Some(false) {
        return match (&c.name, &c.label) {
            (Some(name), _) => trf!("no container {} exists", code(name)),
            (None, Some(label)) => trf!("no container labelled {} exists", code(label)),
            (None, None) => tr!("no container exists").to_owned(),
        };
    }
    let subject = match (&c.name, &c.label) {
        (Some(name), _) => trf!("container {}", code(name)),
        (None, Some(label)) => trf!("a container labelled {}", code(label)),
        (None, None) => tr!("a container").to_owned(),
    };
    let mut clauses = Vec::new();
    if let Some(status) = c.status {
        clauses.push(status_words(status).to_owned());
    }
    if let Some(code_) = c.exit_code {
        clauses.push(trf!("ended with exit code {}", code_));
    }
    if let Some(image) = &c.image {
        clauses.push(trf!("was made from image {}", code(image)));
    }
    if let Some(text) = &c.command_contains {
        clauses.push(trf!("runs a command containing {}", code(text)));
    }
    if let Some(ports) = &c.ports {
        clauses.push(ports_clause(ports));
    }
    clauses.extend(container_settings(c));
    if let Some(text) = &c.logs_contain {
        clauses.push(trf!("has printed {} in its logs", code(text)));
    }
    if let Some(exec) = &c.exec {
        let mut words = trf!("running {} inside it", code(&exec.command.join(" ")));
        let exit = exec.exit_code.unwrap_or(0);
        match &exec.output_contains {
            Some(out) if exit == 0 => words.push_str(&trf!(" prints {}", code(out))),
            Some(out) => words.push_str(&trf!(" exits with {} and prints {}", exit, code(out))),
            None => words.push_str(&trf!(" exits with code {}", exit)),
        }
        clauses.push(words);
    }
    if let Some(f) = &c.file {
        clauses.push(match (f.exists, &f.contains) {
            (Some(false), _) => trf!("has no file {} inside", code(&f.path)),
            (_, Some(text)) => trf!("has a file {} containing {}", code(&f.path), code(text)),
            (_, None) => trf!("has a file {} inside", code(&f.path)),
        });
    }
    if let Some(http) = &c.http {
        clauses.push(http_clause(http, c.ports.as_deref().unwrap_or(&[])));
    }
    sentence(subject, &clauses)
}

/// Mounts, restart policy, networks, labels, user and run flags.
fn container_settings(c: &ContainerCheck) -> Vec<String> {
    let mut clauses = Vec::new();
    if !c.env.is_empty() {
        let (set, valued): (Vec<String>, Vec<String>) =
            c.env.iter().cloned().partition(|e| !e.contains('='));
        if !valued.is_empty() {
            clauses.push(trf!("has {} in its environment", codes(&valued)));
        }
        if !set.is_empty() {
            clauses.push(trf!("has the variable(s) {} set", codes(&set)));
        }
    }
    for m in &c.mounts {
        let what = match (m.kind.as_deref(), &m.source) {
            (Some("bind"), Some(src)) => trf!("the folder {}", code(src)),
            (Some("tmpfs"), _) => tr!("a tmpfs").to_owned(),
            (_, Some(src)) => format!("{} ", code(src)).trim_end().to_owned(),
            (Some(kind), None) => trf!("a {} mount", kind),
            (None, None) => tr!("something").to_owned(),
        };
        let ro = match m.read_only {
            Some(true) => tr!(", read-only"),
            Some(false) => tr!(", writable"),
            None => "",
        };
        clauses.push(trf!("has {} mounted at {}{}", what, code(&m.target), ro));
    }
    if let Some(policy) = &c.restart_policy {
        clauses.push(trf!("has the restart policy {}", code(policy)));
    }
    if let Some(n) = c.restart_count_min {
        let n = usize::try_from(n).unwrap_or(0);
        clauses.push(trf!(
            "has been restarted at least {}",
            plural(n, tr!("time"), tr!("times"))
        ));
    }
    if !c.networks.is_empty() {
        clauses.push(trf!("is on the network(s) {}", codes(&c.networks)));
    }
    if !c.aliases.is_empty() {
        clauses.push(trf!(
            "answers to the name(s) {} on its network",
            codes(&c.aliases)
        ));
    }
    for (k, v) in &c.labels {
        clauses.push(trf!("carries the label {}", code(&format!("{k}={v}"))));
    }
    if let Some(user) = &c.user {
        clauses.push(trf!("runs as user {}", code(user)));
    }
    let flag = |on: Option<bool>, flag: &str, what: &str| {
        on.map(|on| {
            if on {
                trf!("was started with {} ({})", code(flag), what)
            } else {
                trf!("was not started with {} ({})", code(flag), what)
            }
        })
    };
    clauses.extend(flag(c.auto_remove, "--rm", tr!("removed when it stops")));
    clauses.extend(flag(c.tty, "-t", tr!("a terminal")));
    clauses.extend(flag(c.interactive, "-i", tr!("keyboard input kept open")));
    clauses
}

fn ports_clause(ports: &[String]) -> String {
    if ports.is_empty() {
        return tr!("publishes no ports").to_owned();
    }
    let each: Vec<String> = ports
        .iter()
        .map(|p| match PortSpec::parse(p) {
            Ok(spec) => {
                let proto = if spec.protocol == "tcp" {
                    String::new()
                } else {
                    format!("/{}", spec.protocol)
                };
                let at = spec
                    .host_ip
                    .as_ref()
                    .map(|ip| trf!(" on address {}", code(ip)))
                    .unwrap_or_default();
                match spec.host_port {
                    Some(h) => trf!(
                        "its port {}{} on port {} of your machine{}",
                        spec.container_port,
                        proto,
                        h,
                        at
                    ),
                    None => trf!(
                        "its port {}{} on some port of your machine",
                        spec.container_port,
                        proto
                    ),
                }
            }
            Err(_) => code(p),
        })
        .collect();
    trf!("publishes {}", join(&each))
}

fn http_clause(http: &HttpSpec, ports: &[String]) -> String {
    let path = http.path.as_deref().unwrap_or("/");
    let host_port = ports
        .iter()
        .filter_map(|p| PortSpec::parse(p).ok())
        .find(|s| s.container_port == http.port && s.protocol == "tcp")
        .and_then(|s| s.host_port);
    let mut words = match host_port {
        Some(h) => trf!("answers on http://localhost:{}{}", h, path),
        None => trf!(
            "answers HTTP requests for {} on the port of your machine that its port {} is published on",
            code(path),
            http.port
        ),
    };
    match http.status {
        Some(status) if status != 200 => words.push_str(&trf!(" with status {}", status)),
        _ => {}
    }
    if let Some(body) = &http.body_contains {
        words.push_str(&trf!(" with a page containing {}", code(body)));
    }
    words
}

fn image(c: &ImageCheck) -> String {
    let subject = trf!("image {}", code(&c.reference));
    if c.exists == Some(false) {
        return trf!("no {} exists", subject);
    }
    let mut clauses = Vec::new();
    match (c.layers_min, c.layers_max) {
        (Some(a), Some(b)) if a == b => clauses.push(trf!("has exactly {} layer(s)", a)),
        (Some(a), Some(b)) => clauses.push(trf!("has between {} and {} layers", a, b)),
        (Some(a), None) => clauses.push(trf!("has at least {} layer(s)", a)),
        (None, Some(b)) => clauses.push(trf!("has at most {} layer(s)", b)),
        (None, None) => {}
    }
    if !c.history_contains.is_empty() {
        clauses.push(trf!(
            "was built with steps containing {}",
            codes(&c.history_contains)
        ));
    }
    if let Some(cmd) = &c.cmd {
        clauses.push(trf!("has the default command {}", code(&json_list(cmd))));
    }
    if let Some(ep) = &c.entrypoint {
        clauses.push(trf!("has the entrypoint {}", code(&json_list(ep))));
    }
    if !c.exposed_ports.is_empty() {
        clauses.push(trf!("declares the port(s) {}", codes(&c.exposed_ports)));
    }
    if let Some(dir) = &c.workdir {
        clauses.push(trf!("works in the folder {}", code(dir)));
    }
    if let Some(user) = &c.user {
        clauses.push(trf!("runs as user {}", code(user)));
    }
    if !c.env.is_empty() {
        clauses.push(trf!("sets {} in its environment", codes(&c.env)));
    }
    for (k, v) in &c.labels {
        clauses.push(trf!("carries the label {}", code(&format!("{k}={v}"))));
    }
    if let Some(mb) = c.size_max_mb {
        clauses.push(trf!("is at most {} MB", mb));
    }
    sentence(subject, &clauses)
}

fn json_list(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| items.join(" "))
}

fn volume(c: &VolumeCheck) -> String {
    let subject = trf!("volume {}", code(&c.name));
    if c.exists == Some(false) {
        return trf!("no {} exists", subject);
    }
    let mut clauses = Vec::new();
    if let Some(driver) = &c.driver {
        clauses.push(trf!("uses the driver {}", code(driver)));
    }
    if !c.used_by.is_empty() {
        clauses.push(trf!("is mounted by container(s) {}", codes(&c.used_by)));
    }
    sentence(subject, &clauses)
}

fn network(c: &NetworkCheck) -> String {
    let subject = trf!("network {}", code(&c.name));
    if c.exists == Some(false) {
        return trf!("no {} exists", subject);
    }
    let mut clauses = Vec::new();
    if let Some(driver) = &c.driver {
        clauses.push(trf!("uses the driver {}", code(driver)));
    }
    if !c.containers.is_empty() {
        clauses.push(trf!("has container(s) {} attached", codes(&c.containers)));
    }
    sentence(subject, &clauses)
}

fn compose(c: &ComposeCheck) -> String {
    let subject = trf!(
        "service {} of the compose project {}",
        code(&c.service),
        code(&c.project)
    );
    let mut clauses = Vec::new();
    match (c.running, c.running_min) {
        (Some(0), _) => clauses.push(tr!("has no container running").to_owned()),
        (Some(n), _) => clauses.push(trf!(
            "has exactly {} running",
            plural(n, tr!("container"), tr!("containers"))
        )),
        (None, Some(n)) => clauses.push(trf!(
            "has at least {} running",
            plural(n, tr!("container"), tr!("containers"))
        )),
        (None, None) => {}
    }
    if !c.ports.is_empty() {
        clauses.push(ports_clause(&c.ports));
    }
    if let Some(text) = &c.oneoff_logs_contain {
        clauses.push(trf!(
            "was run once (`compose run`) and printed {}",
            code(text)
        ));
    }
    sentence(subject, &clauses)
}

fn count(c: &CountCheck) -> String {
    let mut which = Vec::new();
    if let Some(status) = c.status {
        which.push(trf!("in the state {}", code(status.as_str())));
    }
    if let Some(image) = &c.image {
        which.push(trf!("made from image {}", code(image)));
    }
    if let Some(label) = &c.label {
        which.push(trf!("labelled {}", code(label)));
    }
    if let Some(prefix) = &c.name_prefix {
        which.push(trf!("with a name starting {}", code(prefix)));
    }
    let (how_many, n) = match (c.min, c.max) {
        (Some(a), Some(b)) if a == b => (trf!("exactly {}", a), a),
        (Some(a), Some(b)) => (trf!("between {} and {}", a, b), b),
        (Some(a), None) => (trf!("at least {}", a), a),
        (None, Some(0)) => (String::new(), 0),
        (None, Some(b)) => (trf!("at most {}", b), b),
        (None, None) => (tr!("any number of").to_owned(), 2),
    };
    let which = if which.is_empty() {
        String::new()
    } else {
        format!(" {}", join(&which))
    };
    if c.min.is_none() && c.max == Some(0) {
        trf!("no containers{} exist", which)
    } else if n == 1 {
        trf!("{} container{} exists", how_many, which)
    } else {
        trf!("{} containers{} exist", how_many, which)
    }
}

fn dockerfile(c: &DockerfileCheck) -> String {
    let path = c.path.as_deref().unwrap_or("Dockerfile");
    let subject = trf!("your {} (in the lesson folder)", code(path));
    let mut clauses = Vec::new();
    let rules: Vec<String> = c
        .rules
        .iter()
        .map(|id| match rule(id) {
            Some(r) => format!("“{}”", r.title()),
            None => code(id),
        })
        .collect();
    match rules.as_slice() {
        [] => {}
        [one] => clauses.push(trf!("follows the rule {}", one)),
        many => clauses.push(trf!("follows the rules {}", join(many))),
    }
    if !c.contains.is_empty() {
        clauses.push(trf!("has instructions containing {}", codes(&c.contains)));
    }
    if !c.manifests.is_empty() {
        clauses.push(trf!(
            "copies {} before the rest of the source",
            codes(&c.manifests)
        ));
    }
    sentence(subject, &clauses)
}

fn file(c: &FileCheck) -> String {
    let subject = trf!("the file {} (in the lesson folder)", code(&c.path));
    if c.exists == Some(false) {
        return trf!("{} does not exist", subject);
    }
    let mut clauses = Vec::new();
    if let Some(text) = &c.contains {
        clauses.push(trf!("contains {}", code(text)));
    }
    if !c.lines.is_empty() {
        clauses.push(trf!("has the line(s) {}", codes(&c.lines)));
    }
    sentence(subject, &clauses)
}

#[cfg(test)]
#[path = "objective_tests.rs"]
mod tests;
