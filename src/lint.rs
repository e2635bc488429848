//! `docktor lint`: everything that can be known wrong about a lesson without an engine.
//!
//! Parse errors come from the lesson parser; this module adds the checks that need the whole
//! lesson: a check that names nothing, a Dockerfile rule that does not exist, a resource a
//! solution creates but the front matter does not declare, a solution that needs a terminal.

mod safety;

use std::fmt;

use crate::check::{Check, ContainerCheck, DOCKERFILE_RULES, PortSpec};
use crate::lesson::{Diagnostic, Lesson, LessonPack, Resources, Script, name_matches};
use crate::workspace::safe_relative;

/// How bad a problem is: errors make a lesson unusable, warnings make it worse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One lint finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub diagnostic: Diagnostic,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.diagnostic;
        match self.severity {
            Severity::Error => write!(f, "{}:{}: {}", d.file, d.line, d.message),
            Severity::Warning => write!(f, "{}:{}: warning: {}", d.file, d.line, d.message),
        }
    }
}

/// Every problem in a pack: its load errors, then each lesson's.
pub fn lint_pack(pack: &LessonPack) -> Vec<Problem> {
    let mut problems: Vec<Problem> = pack
        .problems
        .iter()
        .map(|d| Problem {
            severity: Severity::Error,
            diagnostic: d.clone(),
        })
        .collect();
    for lesson in &pack.lessons {
        problems.extend(lint_lesson(lesson));
    }
    problems.extend(missing_languages(pack));
    problems
}

/// A warning for each lesson that lacks a language the rest of the pack has: it is shown in
/// its original words there.
fn missing_languages(pack: &LessonPack) -> Vec<Problem> {
    let mut spoken: Vec<crate::i18n::Lang> =
        pack.lessons.iter().flat_map(|l| l.languages()).collect();
    spoken.sort();
    spoken.dedup();
    let mut problems = Vec::new();
    for lesson in &pack.lessons {
        for &lang in &spoken {
            if lesson.speaks(lang) {
                continue;
            }
            let tried = lesson.translation_findings.iter().any(|f| {
                f.diagnostic
                    .file
                    .ends_with(&format!("lesson.{}.md", lang.code()))
            });
            if !tried {
                problems.push(Problem {
                    severity: Severity::Warning,
                    diagnostic: Diagnostic {
                        file: lesson.source.clone(),
                        line: 1,
                        message: format!(
                            "no lesson.{0}.md: other lessons of this pack have a `{0}` translation; this one is shown in its own words there",
                            lang.code()
                        ),
                    },
                });
            }
        }
    }
    problems
}

/// The problems of one parsed lesson.
pub fn lint_lesson(lesson: &Lesson) -> Vec<Problem> {
    let mut lint = Lint {
        lesson,
        problems: Vec::new(),
    };
    lint.meta();
    lint.problems
        .extend(lesson.translation_findings.iter().map(|f| Problem {
            severity: if f.error {
                Severity::Error
            } else {
                Severity::Warning
            },
            diagnostic: f.diagnostic.clone(),
        }));
    for step in &lesson.steps {
        if step.hints.is_empty() {
            lint.warn(step.line, format!("step `{}` has no hint", step.title));
        }
        if step.solution.is_empty() {
            lint.warn(
                step.line,
                format!(
                    "step `{}` has no `sh solution`, so `docktor verify` cannot prove it",
                    step.title
                ),
            );
        }
        for check in &step.checks {
            lint.check(step.line, check);
            lint.safety(step.line, check);
        }
        for script in step.setup.iter().chain(&step.solution) {
            lint.script(script);
        }
    }
    lint.problems
}

struct Lint<'a> {
    lesson: &'a Lesson,
    problems: Vec<Problem>,
}

impl Lint<'_> {
    fn push(&mut self, severity: Severity, line: usize, message: String) {
        let diagnostic = Diagnostic {
            file: self.lesson.source.clone(),
            line,
            message,
        };
        self.problems.push(Problem {
            severity,
            diagnostic,
        });
    }

    fn error(&mut self, line: usize, message: String) {
        self.push(Severity::Error, line, message);
    }

    fn warn(&mut self, line: usize, message: String) {
        self.push(Severity::Warning, line, message);
    }

    fn meta(&mut self) {
        for image in &self.lesson.meta.images {
            if image.is_empty() || image.contains(char::is_whitespace) {
                self.error(1, format!("images: `{image}` is not an image reference"));
            }
        }
        for file in &self.lesson.files {
            if safe_relative(&file.path).is_none() {
                self.error(
                    1,
                    format!(
                        "starter file `{}` would be written outside the workspace",
                        file.path
                    ),
                );
            }
        }
    }

    fn check(&mut self, line: usize, check: &Check) {
        let resources = &self.lesson.meta.resources;
        match check {
            Check::Container(c) => self.container(line, c),
            Check::Image(c) => {
                if c.exists != Some(false)
                    && !declared_image(resources, &c.reference)
                    && !self.lesson.meta.images.contains(&c.reference)
                {
                    self.undeclared(line, "image", &c.reference);
                }
            }
            Check::Volume(c) => {
                if c.name.is_empty() && c.label.is_none() {
                    self.error(
                        line,
                        "a [[volume]] check needs `name` or `label`".to_owned(),
                    );
                } else if !c.name.is_empty()
                    && c.exists != Some(false)
                    && !declared(&resources.volumes, &c.name)
                {
                    self.undeclared(line, "volume", &c.name);
                }
            }
            Check::Probe(c) => {
                if c.image.is_empty() {
                    self.error(line, "a [[probe]] check needs an `image`".to_owned());
                }
                for mount in &c.mounts {
                    if !mount.contains(':') {
                        self.error(
                            line,
                            format!("probe mount `{mount}` must be `SOURCE:TARGET[:ro]`"),
                        );
                    }
                }
            }
            Check::Swarm(_) => {}
            Check::Service(c) => {
                for port in &c.ports {
                    self.port(line, port);
                }
            }
            Check::Network(c) => {
                let builtin = crate::engine::BUILTIN_NETWORKS.contains(&c.name.as_str());
                if c.exists != Some(false) && !builtin && !declared(&resources.networks, &c.name) {
                    self.undeclared(line, "network", &c.name);
                }
            }
            Check::Compose(c) => {
                if !resources.compose_projects.contains(&c.project) {
                    self.warn(line, format!("compose project `{}` is checked but not declared in [resources] compose_projects", c.project));
                }
                for port in &c.ports {
                    self.port(line, port);
                }
            }
            Check::Count(c) => {
                if c.of == crate::check::CountOf::Volumes
                    && (c.image.is_some() || c.status.is_some())
                {
                    self.error(
                        line,
                        "a [[count]] of volumes takes only `label` and `name_prefix`".to_owned(),
                    );
                }
                if c.min.is_none() && c.max.is_none() {
                    self.error(
                        line,
                        "a [[count]] check needs `min`, `max` or both".to_owned(),
                    );
                }
            }
            Check::Dockerfile(c) => {
                if c.rules.iter().any(|r| r == "manifest-before-source") && c.manifests.is_empty() {
                    self.error(
                        line,
                        "rule `manifest-before-source` needs `manifests`, the dependency files copied first (e.g. [\"package.json\"])"
                            .to_owned(),
                    );
                }
                for rule in &c.rules {
                    if !DOCKERFILE_RULES.iter().any(|r| r.id == rule) {
                        let known: Vec<&str> = DOCKERFILE_RULES.iter().map(|r| r.id).collect();
                        self.error(
                            line,
                            format!(
                                "unknown Dockerfile rule `{rule}`; known rules: {}",
                                known.join(", ")
                            ),
                        );
                    }
                }
            }
            Check::File(c) => {
                if safe_relative(&c.path).is_none() {
                    self.error(
                        line,
                        format!(
                            "file check path `{}` must stay inside the workspace",
                            c.path
                        ),
                    );
                }
            }
        }
    }

    fn container(&mut self, line: usize, c: &ContainerCheck) {
        match (&c.name, &c.label) {
            (None, None) => self.error(
                line,
                "a [[container]] check needs `name` or `label`".to_owned(),
            ),
            (Some(_), Some(_)) => self.error(
                line,
                "a [[container]] check takes `name` or `label`, not both".to_owned(),
            ),
            (Some(name), None) => {
                if c.exists != Some(false)
                    && !declared(&self.lesson.meta.resources.containers, name)
                {
                    self.undeclared(line, "container", name);
                }
            }
            (None, Some(_)) => {}
        }
        for port in c.ports.iter().flatten() {
            self.port(line, port);
        }
        if let Some(policy) = &c.restart_policy
            && !["no", "always", "unless-stopped", "on-failure"].contains(&policy.as_str())
        {
            self.error(
                line,
                format!(
                    "restart_policy `{policy}` must be no, always, unless-stopped or on-failure"
                ),
            );
        }
        for mount in &c.mounts {
            if let Some(kind) = &mount.kind
                && !["volume", "bind", "tmpfs"].contains(&kind.as_str())
            {
                self.error(
                    line,
                    format!("mount type `{kind}` must be volume, bind or tmpfs"),
                );
            }
        }
        if c.exec.as_ref().is_some_and(|e| e.command.is_empty()) {
            self.error(
                line,
                "an `exec` check needs a non-empty `command` list".to_owned(),
            );
        }
    }

    fn port(&mut self, line: usize, spec: &str) {
        if let Err(message) = PortSpec::parse(spec) {
            self.error(line, message);
        }
    }

    fn undeclared(&mut self, line: usize, kind: &str, name: &str) {
        self.warn(line, format!("{kind} `{name}` is checked but not declared in [resources]; reset will not remove it"));
    }

    fn script(&mut self, script: &Script) {
        let resources = &self.lesson.meta.resources;
        for (kind, name) in created_names(&script.text) {
            let ok = match kind {
                "container" => declared(&resources.containers, &name),
                "volume" => declared(&resources.volumes, &name),
                "network" => declared(&resources.networks, &name),
                _ => declared_image(resources, &name),
            };
            if !ok {
                self.error(
                    script.line,
                    format!("this command creates {kind} `{name}`, which [resources] does not declare: reset would leave it behind"),
                );
            }
        }
        if needs_terminal(&script.text) {
            self.error(
                script.line,
                "this command needs a terminal (`-it` without `-d`), so it cannot run in setup or solution; use `-dit`".to_owned(),
            );
        }
    }
}

fn declared(patterns: &[String], name: &str) -> bool {
    patterns.iter().any(|p| name_matches(p, name))
}

fn declared_image(resources: &Resources, reference: &str) -> bool {
    let with_tag = crate::images::normalise(reference);
    resources.images.iter().any(|p| {
        let p = if p.ends_with('*') {
            p.clone()
        } else {
            crate::images::normalise(p)
        };
        name_matches(&p, &with_tag)
    })
}

/// Names a docker command line creates: `--name X`, `volume create X`, `network create X`,
/// `build -t X`, `tag A X`, `commit C X`.
fn created_names(script: &str) -> Vec<(&'static str, String)> {
    let mut found = Vec::new();
    for line in script.lines() {
        for command in split_commands(line) {
            let words = shell_words(command);
            let Some(docker) = words.iter().position(|w| w == "docker") else {
                continue;
            };
            let words = &words[docker + 1..];
            let sub: Vec<&str> = words
                .iter()
                .map(String::as_str)
                .filter(|w| !w.starts_with('-'))
                .take(2)
                .collect();
            match sub.as_slice() {
                ["volume", "create", ..] => push_last_arg(&mut found, "volume", words),
                ["network", "create", ..] => push_last_arg(&mut found, "network", words),
                ["tag", ..] | ["image", "tag"] => push_last_arg(&mut found, "image", words),
                ["commit", ..] | ["container", "commit"] => {
                    push_last_arg(&mut found, "image", words)
                }
                _ => {}
            }
            for (i, w) in words.iter().enumerate() {
                let value = |flag: &str| {
                    w.strip_prefix(flag).map(str::to_owned).or_else(|| {
                        (w == flag.trim_end_matches('='))
                            .then(|| words.get(i + 1).cloned())
                            .flatten()
                    })
                };
                if let Some(name) = value("--name=") {
                    found.push(("container", name));
                }
                let builds = matches!(sub.first(), Some(&"build"))
                    || matches!(sub.as_slice(), ["image", "build"]);
                if builds && let Some(tag) = value("--tag=").or_else(|| value("-t=")) {
                    found.push(("image", tag));
                }
            }
        }
    }
    found
}

/// Splits a shell line at `&&`, `||`, `;`, `|` and a lone `&`, leaving `2>&1` and `>&2` whole.
fn split_commands(line: &str) -> Vec<&str> {
    let bytes = line.as_bytes();
    let mut parts = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let in_redirection =
            c == b'&' && (i > 0 && bytes[i - 1] == b'>' || bytes.get(i + 1) == Some(&b'>'));
        if matches!(c, b';' | b'|' | b'&') && !in_redirection {
            parts.push(&line[start..i]);
            while i + 1 < bytes.len() && matches!(bytes[i + 1], b'|' | b'&') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    parts.push(&line[start..]);
    parts
}

/// The words of one command, quotes trimmed, redirections (`>/dev/null`, `2>&1`, `2> log`) left out.
fn shell_words(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut skip_target = false;
    for word in command.split_whitespace() {
        if std::mem::take(&mut skip_target) {
            continue;
        }
        let rest = word.trim_start_matches(|c: char| c.is_ascii_digit());
        if rest.starts_with('>') || rest.starts_with('<') || rest.starts_with("&>") {
            // A bare operator (`2>`, `>>`) takes the next word as its target.
            skip_target = rest.trim_start_matches(['>', '<', '&']).is_empty();
            continue;
        }
        words.push(word.trim_matches(['"', '\'']).to_owned());
    }
    words
}

fn push_last_arg(found: &mut Vec<(&'static str, String)>, kind: &'static str, words: &[String]) {
    if let Some(last) = words.iter().rev().find(|w| !w.starts_with('-')) {
        found.push((kind, last.clone()));
    }
}

/// `docker run -it` or `docker exec -it` without `-d`: needs a terminal that setup and
/// solutions do not have.
fn needs_terminal(script: &str) -> bool {
    script.lines().any(|line| {
        let words: Vec<&str> = line.split_whitespace().collect();
        let interactive = words.iter().any(|w| {
            w.starts_with('-')
                && !w.starts_with("--")
                && w.contains('i')
                && w.contains('t')
                && !w.contains('d')
        });
        let detached = words.iter().any(|w| {
            *w == "--detach" || (w.starts_with('-') && !w.starts_with("--") && w.contains('d'))
        });
        let runs = words
            .windows(2)
            .any(|p| p[0] == "docker" && (p[1] == "run" || p[1] == "exec"));
        runs && interactive && !detached
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::parse_lesson;

    fn lesson(body: &str) -> Lesson {
        let text = format!(
            "+++\nid = \"t\"\ntitle = \"T\"\nformat_version = 1\n[resources]\ncontainers = [\"known\"]\nimages = [\"app:*\"]\n+++\n{body}"
        );
        parse_lesson("t/lesson.md", &text, Vec::new()).expect("parses")
    }

    fn messages(body: &str) -> Vec<String> {
        lint_lesson(&lesson(body))
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    const CHECK: &str = "```toml check\n[[container]]\nname = \"known\"\n```\n```hint\nh\n```\n";

    #[test]
    fn a_complete_step_has_no_problems() {
        let body = format!(
            "## S\n{CHECK}```sh solution\ndocker run -d --name known busybox sleep 5\n```\n"
        );
        assert_eq!(messages(&body), Vec::<String>::new());
    }

    #[test]
    fn a_solution_creating_an_undeclared_container_is_an_error_at_its_line() {
        let body =
            format!("## S\n{CHECK}```sh solution\ndocker run -d --name stray busybox\n```\n");
        let m = messages(&body);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(
            m[0].starts_with("t/lesson.md:17: this command creates container `stray`"),
            "{m:?}"
        );
    }

    #[test]
    fn built_and_tagged_images_must_be_declared() {
        let found = created_names(
            "docker build -t app:1 . && docker tag app:1 other:2\ndocker volume create v1",
        );
        assert_eq!(
            found,
            vec![
                ("image", "app:1".to_owned()),
                ("image", "other:2".to_owned()),
                ("volume", "v1".to_owned())
            ]
        );
    }

    #[test]
    fn redirections_are_not_taken_for_names() {
        let found = created_names("docker network create clean-net >/dev/null 2>&1 || true");
        assert_eq!(found, vec![("network", "clean-net".to_owned())]);
        let found = created_names(
            "docker volume create v2 2> /dev/null; docker run -d --name c1 busybox & wait",
        );
        assert_eq!(
            found,
            vec![("volume", "v2".to_owned()), ("container", "c1".to_owned())]
        );
    }

    #[test]
    fn an_interactive_solution_without_detach_is_refused() {
        assert!(needs_terminal("docker run -it busybox sh"));
        assert!(!needs_terminal("docker run -dit --name x busybox sh"));
        assert!(!needs_terminal("docker ps -a"));
    }

    #[test]
    fn unknown_dockerfile_rules_and_bad_ports_are_errors() {
        let body = "## S\n```toml check\n[[dockerfile]]\nrules = [\"no-such-rule\"]\n[[container]]\nname = \"known\"\nports = [\"80:eighty\"]\n```\n```hint\nh\n```\n```sh solution\ntrue\n```\n";
        let m = messages(body);
        assert!(
            m.iter()
                .any(|p| p.contains("unknown Dockerfile rule `no-such-rule`")),
            "{m:?}"
        );
        assert!(
            m.iter().any(|p| p.contains("`80:eighty` is not a port")),
            "{m:?}"
        );
    }

    #[test]
    fn checks_that_can_never_pass_or_leave_the_workspace_are_errors() {
        let body = "## S\n```toml check\n[[count]]\nmin = 2\nmax = 1\n[[dockerfile]]\npath = \"/etc/x\"\n[[container]]\nname = \"known\"\nexit_code = 300\n[container.http]\nport = 80\npath = \"/a b\"\nstatus = 42\n```\n```hint\nh\n```\n```sh solution\ntrue\n```\n";
        let m = messages(body);
        for words in [
            "min 2 is above max 1",
            "Dockerfile path `/etc/x` must stay inside the workspace",
            "exit_code 300 must be between 0 and 255",
            "http.path `/a b` must not hold spaces",
            "http.status 42 is not an HTTP status",
        ] {
            assert!(m.iter().any(|p| p.contains(words)), "`{words}` in {m:?}");
        }
    }

    #[test]
    fn a_step_without_hint_or_solution_gets_warnings() {
        let body = "## S\n```toml check\n[[container]]\nname = \"known\"\n```\n";
        let m = messages(body);
        assert!(
            m.iter()
                .any(|p| p.contains("warning: step `S` has no hint")),
            "{m:?}"
        );
        assert!(m.iter().any(|p| p.contains("no `sh solution`")), "{m:?}");
    }

    #[test]
    fn lint_never_panics_on_any_prefix_or_mangling_of_a_lesson() {
        let body =
            format!("## S\n{CHECK}```sh solution\ndocker run -d --name known busybox\n```\n");
        let full = format!("+++\nid = \"t\"\ntitle = \"T\"\nformat_version = 1\n+++\n{body}");
        for end in 0..=full.len() {
            if !full.is_char_boundary(end) {
                continue;
            }
            for text in [
                full[..end].to_owned(),
                full[end..].to_owned(),
                full.replacen('\n', "\n```", end % 7),
            ] {
                if let Ok(lesson) = parse_lesson("x/lesson.md", &text, Vec::new()) {
                    let _ = lint_lesson(&lesson);
                }
            }
        }
    }

    #[test]
    fn lint_never_panics_on_random_lesson_shaped_input() {
        const PIECES: &[&str] = &[
            "+++\n",
            "id = \"x\"\n",
            "title = \"T\"\n",
            "format_version = 1\n",
            "[resources]\n",
            "containers = [\"a*\"]\n",
            "## Step\n",
            "## \n",
            "```toml check\n",
            "```sh solution\n",
            "```sh setup\n",
            "```hint\n",
            "```\n",
            "```sh\n",
            "[[container]]\n",
            "name = \"a\"\n",
            "ports = [\"x:\"]\n",
            "[[dockerfile]]\n",
            "rules = [\"merge-runs\"]\n",
            "docker run -it x\n",
            "docker build -t \"\" .\n",
            "2>&1 >\n",
            "é🐳\u{0}\n",
            "\r\n",
            "\u{feff}",
            "    indented\n",
            "~~~\n",
            "[[count]]\n",
            "label = \"\"\n",
            "--name\n",
            "| a | b |\n|---|---|\n",
        ];
        let mut seed: u64 = 0x5eed;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize
        };
        for _ in 0..3000 {
            let text: String = (0..next() % 40)
                .map(|_| PIECES[next() % PIECES.len()])
                .collect();
            if let Ok(lesson) = parse_lesson("fuzz/lesson.md", &text, Vec::new()) {
                let _ = lint_lesson(&lesson);
            }
        }
    }
}
