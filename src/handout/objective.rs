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
        what.push(format!("running {}", code(&c.command.join(" "))));
    }
    if !c.mounts.is_empty() {
        what.push(format!("with {}", codes(&c.mounts)));
    }
    if let Some(network) = &c.network {
        what.push(format!("on network {}", code(network)));
    }
    let mut clauses = vec![format!("exits with code {}", c.exit_code.unwrap_or(0))];
    if let Some(text) = &c.output_contains {
        clauses.push(format!("prints {}", code(text)));
    }
    if let Some(pattern) = &c.output_matches {
        clauses.push(format!(
            "prints a line matching {}",
            code(&pattern.to_string())
        ));
    }
    format!("a fresh container of {} {}", what.join(" "), join(&clauses))
}

fn service(c: &ServiceCheck) -> String {
    let subject = format!("swarm service {}", code(&c.name));
    if c.exists == Some(false) {
        return format!("no {subject} exists");
    }
    let mut clauses = Vec::new();
    if let Some(image) = &c.image {
        clauses.push(format!("runs image {}", code(image)));
    }
    if let Some(n) = c.replicas {
        clauses.push(format!("asks for {n} replica(s)"));
    }
    if let Some(n) = c.running {
        clauses.push(format!("has {n} task(s) running"));
    }
    if !c.ports.is_empty() {
        clauses.push(format!("publishes {}", codes(&c.ports)));
    }
    if let Some(state) = &c.update_state {
        clauses.push(format!("its last update is {}", code(state)));
    }
    for (key, value) in &c.labels {
        clauses.push(format!("is labelled {}", code(&format!("{key}={value}"))));
    }
    sentence(subject, &clauses, "exists")
}

fn swarm(c: &SwarmCheck) -> String {
    if c.active == Some(false) {
        return "this engine is not in a swarm".to_owned();
    }
    let labels: Vec<String> = c
        .node_labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    if labels.is_empty() {
        "this engine is in an active swarm".to_owned()
    } else {
        format!(
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
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn sentence(subject: String, clauses: &[String], fallback: &str) -> String {
    if clauses.is_empty() {
        format!("{subject} {fallback}")
    } else {
        format!("{subject} {}", join(clauses))
    }
}

/// `1 container`, `3 containers`.
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn codes(items: &[String]) -> String {
    join(&items.iter().map(|i| code(i)).collect::<Vec<_>>())
}

fn status_words(status: ContainerStatus) -> &'static str {
    match status {
        ContainerStatus::Created => "has been created but not started",
        ContainerStatus::Running => "is running",
        ContainerStatus::Paused => "is paused",
        ContainerStatus::Restarting => "is restarting",
        ContainerStatus::Exited => "has stopped (exited)",
        ContainerStatus::Dead => "is dead",
    }
}

fn container(c: &ContainerCheck) -> String {
    let subject = match (&c.name, &c.label) {
        (Some(name), _) => format!("container {}", code(name)),
        (None, Some(label)) => format!("a container labelled {}", code(label)),
        (None, None) => "a container".to_owned(),
    };
    if c.exists == Some(false) {
        let subject = subject.replacen("a container", "container", 1);
        return format!("no {subject} exists");
    }
    let mut clauses = Vec::new();
    if let Some(status) = c.status {
        clauses.push(status_words(status).to_owned());
    }
    if let Some(code_) = c.exit_code {
        clauses.push(format!("ended with exit code {code_}"));
    }
    if let Some(image) = &c.image {
        clauses.push(format!("was made from image {}", code(image)));
    }
    if let Some(text) = &c.command_contains {
        clauses.push(format!("runs a command containing {}", code(text)));
    }
    if let Some(ports) = &c.ports {
        clauses.push(ports_clause(ports));
    }
    clauses.extend(container_settings(c));
    if let Some(text) = &c.logs_contain {
        clauses.push(format!("has printed {} in its logs", code(text)));
    }
    if let Some(exec) = &c.exec {
        let mut words = format!("running {} inside it", code(&exec.command.join(" ")));
        let exit = exec.exit_code.unwrap_or(0);
        match &exec.output_contains {
            Some(out) if exit == 0 => words.push_str(&format!(" prints {}", code(out))),
            Some(out) => words.push_str(&format!(" exits with {exit} and prints {}", code(out))),
            None => words.push_str(&format!(" exits with code {exit}")),
        }
        clauses.push(words);
    }
    if let Some(f) = &c.file {
        clauses.push(match (f.exists, &f.contains) {
            (Some(false), _) => format!("has no file {} inside", code(&f.path)),
            (_, Some(text)) => format!("has a file {} containing {}", code(&f.path), code(text)),
            (_, None) => format!("has a file {} inside", code(&f.path)),
        });
    }
    if let Some(http) = &c.http {
        clauses.push(http_clause(http, c.ports.as_deref().unwrap_or(&[])));
    }
    sentence(subject, &clauses, "exists")
}

/// Mounts, restart policy, networks, labels, user and run flags.
fn container_settings(c: &ContainerCheck) -> Vec<String> {
    let mut clauses = Vec::new();
    if !c.env.is_empty() {
        let (set, valued): (Vec<String>, Vec<String>) =
            c.env.iter().cloned().partition(|e| !e.contains('='));
        if !valued.is_empty() {
            clauses.push(format!("has {} in its environment", codes(&valued)));
        }
        if !set.is_empty() {
            clauses.push(format!("has the variable(s) {} set", codes(&set)));
        }
    }
    for m in &c.mounts {
        let what = match (m.kind.as_deref(), &m.source) {
            (Some("bind"), Some(src)) => format!("the folder {}", code(src)),
            (Some("tmpfs"), _) => "a tmpfs".to_owned(),
            (_, Some(src)) => format!("{} ", code(src)).trim_end().to_owned(),
            (Some(kind), None) => format!("a {kind} mount"),
            (None, None) => "something".to_owned(),
        };
        let ro = match m.read_only {
            Some(true) => ", read-only",
            Some(false) => ", writable",
            None => "",
        };
        clauses.push(format!("has {what} mounted at {}{ro}", code(&m.target)));
    }
    if let Some(policy) = &c.restart_policy {
        clauses.push(format!("has the restart policy {}", code(policy)));
    }
    if let Some(n) = c.restart_count_min {
        let n = usize::try_from(n).unwrap_or(0);
        clauses.push(format!("has been restarted at least {}", plural(n, "time")));
    }
    if !c.networks.is_empty() {
        clauses.push(format!("is on the network(s) {}", codes(&c.networks)));
    }
    if !c.aliases.is_empty() {
        clauses.push(format!(
            "answers to the name(s) {} on its network",
            codes(&c.aliases)
        ));
    }
    for (k, v) in &c.labels {
        clauses.push(format!("carries the label {}", code(&format!("{k}={v}"))));
    }
    if let Some(user) = &c.user {
        clauses.push(format!("runs as user {}", code(user)));
    }
    let flag = |on: Option<bool>, flag: &str, what: &str| {
        on.map(|on| {
            let not = if on { "" } else { "not " };
            format!("was {not}started with {} ({what})", code(flag))
        })
    };
    clauses.extend(flag(c.auto_remove, "--rm", "removed when it stops"));
    clauses.extend(flag(c.tty, "-t", "a terminal"));
    clauses.extend(flag(c.interactive, "-i", "keyboard input kept open"));
    clauses
}

fn ports_clause(ports: &[String]) -> String {
    if ports.is_empty() {
        return "publishes no ports".to_owned();
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
                    .map(|ip| format!(" on address {}", code(ip)))
                    .unwrap_or_default();
                match spec.host_port {
                    Some(h) => format!(
                        "its port {}{proto} on port {h} of your machine{at}",
                        spec.container_port
                    ),
                    None => format!(
                        "its port {}{proto} on some port of your machine",
                        spec.container_port
                    ),
                }
            }
            Err(_) => code(p),
        })
        .collect();
    format!("publishes {}", join(&each))
}

fn http_clause(http: &HttpSpec, ports: &[String]) -> String {
    let path = http.path.as_deref().unwrap_or("/");
    let host_port = ports
        .iter()
        .filter_map(|p| PortSpec::parse(p).ok())
        .find(|s| s.container_port == http.port && s.protocol == "tcp")
        .and_then(|s| s.host_port);
    let mut words = match host_port {
        Some(h) => format!("answers on http://localhost:{h}{path}"),
        None => format!(
            "answers HTTP requests for {} on the port of your machine that its port {} is published on",
            code(path),
            http.port
        ),
    };
    match http.status {
        Some(status) if status != 200 => words.push_str(&format!(" with status {status}")),
        _ => {}
    }
    if let Some(body) = &http.body_contains {
        words.push_str(&format!(" with a page containing {}", code(body)));
    }
    words
}

fn image(c: &ImageCheck) -> String {
    let subject = format!("image {}", code(&c.reference));
    if c.exists == Some(false) {
        return format!("no {subject} exists");
    }
    let mut clauses = Vec::new();
    match (c.layers_min, c.layers_max) {
        (Some(a), Some(b)) if a == b => clauses.push(format!("has exactly {a} layer(s)")),
        (Some(a), Some(b)) => clauses.push(format!("has between {a} and {b} layers")),
        (Some(a), None) => clauses.push(format!("has at least {a} layer(s)")),
        (None, Some(b)) => clauses.push(format!("has at most {b} layer(s)")),
        (None, None) => {}
    }
    if !c.history_contains.is_empty() {
        clauses.push(format!(
            "was built with steps containing {}",
            codes(&c.history_contains)
        ));
    }
    if let Some(cmd) = &c.cmd {
        clauses.push(format!("has the default command {}", code(&json_list(cmd))));
    }
    if let Some(ep) = &c.entrypoint {
        clauses.push(format!("has the entrypoint {}", code(&json_list(ep))));
    }
    if !c.exposed_ports.is_empty() {
        clauses.push(format!("declares the port(s) {}", codes(&c.exposed_ports)));
    }
    if let Some(dir) = &c.workdir {
        clauses.push(format!("works in the folder {}", code(dir)));
    }
    if let Some(user) = &c.user {
        clauses.push(format!("runs as user {}", code(user)));
    }
    if !c.env.is_empty() {
        clauses.push(format!("sets {} in its environment", codes(&c.env)));
    }
    for (k, v) in &c.labels {
        clauses.push(format!("carries the label {}", code(&format!("{k}={v}"))));
    }
    if let Some(mb) = c.size_max_mb {
        clauses.push(format!("is at most {mb} MB"));
    }
    sentence(subject, &clauses, "exists")
}

fn json_list(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| items.join(" "))
}

fn volume(c: &VolumeCheck) -> String {
    let subject = format!("volume {}", code(&c.name));
    if c.exists == Some(false) {
        return format!("no {subject} exists");
    }
    let mut clauses = Vec::new();
    if let Some(driver) = &c.driver {
        clauses.push(format!("uses the driver {}", code(driver)));
    }
    if !c.used_by.is_empty() {
        clauses.push(format!("is mounted by container(s) {}", codes(&c.used_by)));
    }
    sentence(subject, &clauses, "exists")
}

fn network(c: &NetworkCheck) -> String {
    let subject = format!("network {}", code(&c.name));
    if c.exists == Some(false) {
        return format!("no {subject} exists");
    }
    let mut clauses = Vec::new();
    if let Some(driver) = &c.driver {
        clauses.push(format!("uses the driver {}", code(driver)));
    }
    if !c.containers.is_empty() {
        clauses.push(format!(
            "has container(s) {} attached",
            codes(&c.containers)
        ));
    }
    sentence(subject, &clauses, "exists")
}

fn compose(c: &ComposeCheck) -> String {
    let subject = format!(
        "service {} of the compose project {}",
        code(&c.service),
        code(&c.project)
    );
    let mut clauses = Vec::new();
    match (c.running, c.running_min) {
        (Some(0), _) => clauses.push("has no container running".to_owned()),
        (Some(n), _) => clauses.push(format!("has exactly {} running", plural(n, "container"))),
        (None, Some(n)) => clauses.push(format!("has at least {} running", plural(n, "container"))),
        (None, None) => {}
    }
    if !c.ports.is_empty() {
        clauses.push(ports_clause(&c.ports));
    }
    if let Some(text) = &c.oneoff_logs_contain {
        clauses.push(format!(
            "was run once (`compose run`) and printed {}",
            code(text)
        ));
    }
    sentence(subject, &clauses, "exists")
}

fn count(c: &CountCheck) -> String {
    let mut which = Vec::new();
    if let Some(status) = c.status {
        which.push(format!("in the state {}", code(status.as_str())));
    }
    if let Some(image) = &c.image {
        which.push(format!("made from image {}", code(image)));
    }
    if let Some(label) = &c.label {
        which.push(format!("labelled {}", code(label)));
    }
    if let Some(prefix) = &c.name_prefix {
        which.push(format!("with a name starting {}", code(prefix)));
    }
    let (how_many, n) = match (c.min, c.max) {
        (Some(a), Some(b)) if a == b => (format!("exactly {a}"), a),
        (Some(a), Some(b)) => (format!("between {a} and {b}"), b),
        (Some(a), None) => (format!("at least {a}"), a),
        (None, Some(0)) => ("no".to_owned(), 0),
        (None, Some(b)) => (format!("at most {b}"), b),
        (None, None) => ("any number of".to_owned(), 2),
    };
    let which = if which.is_empty() {
        String::new()
    } else {
        format!(" {}", join(&which))
    };
    let (noun, verb) = if n == 1 {
        ("container", "exists")
    } else {
        ("containers", "exist")
    };
    format!("{how_many} {noun}{which} {verb}")
}

fn dockerfile(c: &DockerfileCheck) -> String {
    let path = c.path.as_deref().unwrap_or("Dockerfile");
    let subject = format!("your {} (in the lesson folder)", code(path));
    let mut clauses = Vec::new();
    let rules: Vec<String> = c
        .rules
        .iter()
        .map(|id| match rule(id) {
            Some(r) => format!("“{}”", r.title),
            None => code(id),
        })
        .collect();
    match rules.as_slice() {
        [] => {}
        [one] => clauses.push(format!("follows the rule {one}")),
        many => clauses.push(format!("follows the rules {}", join(many))),
    }
    if !c.contains.is_empty() {
        clauses.push(format!(
            "has instructions containing {}",
            codes(&c.contains)
        ));
    }
    if !c.manifests.is_empty() {
        clauses.push(format!(
            "copies {} before the rest of the source",
            codes(&c.manifests)
        ));
    }
    sentence(subject, &clauses, "exists")
}

fn file(c: &FileCheck) -> String {
    let subject = format!("the file {} (in the lesson folder)", code(&c.path));
    if c.exists == Some(false) {
        return format!("{subject} does not exist");
    }
    let mut clauses = Vec::new();
    if let Some(text) = &c.contains {
        clauses.push(format!("contains {}", code(text)));
    }
    if !c.lines.is_empty() {
        clauses.push(format!("has the line(s) {}", codes(&c.lines)));
    }
    sentence(subject, &clauses, "exists")
}

#[cfg(test)]
#[path = "objective_tests.rs"]
mod tests;
