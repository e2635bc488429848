//! Reading the learner's command lines: which need the whole terminal (`docker run -it`,
//! `docker exec -it`, an editor) rather than a captured output pane, and which start a
//! container the engine must name.

/// Programs that draw on the terminal or wait for keys.
const FULL_SCREEN: &[&str] = &[
    "vi", "vim", "nvim", "nano", "emacs", "micro", "less", "more", "man", "top", "htop",
];
const SHELLS: &[&str] = &["sh", "bash", "zsh", "ash", "dash", "fish"];

/// True when `line` should get the terminal: a docker command attached to a terminal or to
/// stdin (`-it`, `-i`, `-t`, `attach`, compose `exec`/`run`), a full-screen program, a bare
/// shell, or any line the learner starts with `!`.
pub fn needs_terminal(line: &str) -> bool {
    let line = line.trim();
    if line.starts_with('!') {
        return true;
    }
    line.split(['|', ';', '&'])
        .map(str::split_whitespace)
        .any(|words| command_needs_terminal(&words.collect::<Vec<_>>()))
}

/// True when `line` runs `docker run` (or `docker container run`) with neither `--name` nor
/// `--rm`: the container stays behind under a name the engine made up.
pub fn unnamed_run(line: &str) -> bool {
    line.split(['|', ';', '&']).any(|command| {
        let words: Vec<&str> = command.split_whitespace().collect();
        let run_at = match words.as_slice() {
            ["docker", "run", ..] => 2,
            ["docker", "container", "run", ..] => 3,
            _ => return false,
        };
        !words[run_at..]
            .iter()
            .any(|w| *w == "--rm" || *w == "--name" || w.starts_with("--name="))
    })
}

/// True for a name the engine makes up for an unnamed container (`eager_turing`, and
/// `eager_turing3` after a clash).
pub fn is_generated_name(name: &str) -> bool {
    let Some((adjective, surname)) = name.split_once('_') else {
        return false;
    };
    let surname = surname.trim_end_matches(|c: char| c.is_ascii_digit());
    [adjective, surname]
        .iter()
        .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase()))
}

/// The line to run: without the `!` that forces a terminal hand-over.
pub fn strip_force(line: &str) -> &str {
    let line = line.trim();
    line.strip_prefix('!').map_or(line, str::trim_start)
}

fn command_needs_terminal(words: &[&str]) -> bool {
    let words: Vec<&str> = words
        .iter()
        .copied()
        .skip_while(|w| *w == "sudo" || *w == "exec" || w.contains('='))
        .collect();
    let Some(&program) = words.first() else {
        return false;
    };
    let program = program.rsplit('/').next().unwrap_or(program);
    if FULL_SCREEN.contains(&program) {
        return true;
    }
    if SHELLS.contains(&program) {
        return words.len() == 1;
    }
    match program {
        "docker" => docker_needs_terminal(&words[1..]),
        "docker-compose" => compose_needs_terminal(&words[1..]),
        _ => false,
    }
}

fn docker_needs_terminal(args: &[&str]) -> bool {
    let Some(pos) = args.iter().position(|a| !a.starts_with('-')) else {
        return false;
    };
    let rest = &args[pos + 1..];
    match args[pos] {
        "run" | "exec" => attached(rest),
        "start" => flags(rest).contains(&'i') || rest.contains(&"--interactive"),
        "attach" => true,
        "container" => docker_needs_terminal(rest),
        "compose" => compose_needs_terminal(rest),
        _ => false,
    }
}

fn compose_needs_terminal(args: &[&str]) -> bool {
    let Some(pos) = args.iter().position(|a| !a.starts_with('-')) else {
        return false;
    };
    let rest = &args[pos + 1..];
    match args[pos] {
        // Compose gives `exec` and `run` a terminal unless told not to.
        "exec" | "run" => {
            let f = flags(rest);
            !(f.contains(&'T') || f.contains(&'d') || rest.contains(&"--detach"))
        }
        "attach" => true,
        _ => false,
    }
}

/// `-i` or `-t` (or their long forms), and not `-d`.
fn attached(args: &[&str]) -> bool {
    let f = flags(args);
    let long = |name: &str| {
        args.iter()
            .any(|a| *a == name || a.strip_prefix(name).is_some_and(|r| r == "=true"))
    };
    let detached = f.contains(&'d') || long("--detach");
    let wants = f.contains(&'i') || f.contains(&'t') || long("--interactive") || long("--tty");
    wants && !detached
}

/// The letters of short flag clusters (`-it` gives i and t), up to the image or command.
fn flags(args: &[&str]) -> Vec<char> {
    let mut letters = Vec::new();
    let mut expects_value = false;
    for arg in args {
        if expects_value {
            expects_value = false;
            continue;
        }
        if let Some(long) = arg.strip_prefix("--") {
            expects_value = !long.contains('=') && takes_value(long);
            continue;
        }
        match arg.strip_prefix('-') {
            Some(cluster) if !cluster.is_empty() => {
                letters.extend(cluster.chars().take_while(char::is_ascii_alphabetic));
                // `-p 8080:80`, `-e X=1`: a final value-taking letter swallows the next word.
                expects_value = cluster
                    .chars()
                    .last()
                    .is_some_and(|c| "pevwlhumc".contains(c))
                    && cluster.chars().all(|c| c.is_ascii_alphabetic());
            }
            // The image (or container): what follows is the command, not docker's flags.
            _ => break,
        }
    }
    letters
}

/// Long docker flags that take a separate value (`--name web`).
fn takes_value(long: &str) -> bool {
    !matches!(
        long,
        "interactive" | "tty" | "detach" | "rm" | "privileged" | "init" | "read-only" | "help"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_run_with_a_terminal_needs_the_terminal() {
        assert!(needs_terminal("docker run -it busybox sh"));
        assert!(needs_terminal("docker run --rm -ti busybox"));
        assert!(needs_terminal("docker exec -it web sh"));
        assert!(needs_terminal("docker run -i -t --name x busybox"));
        assert!(needs_terminal("docker run --interactive --tty busybox"));
        assert!(needs_terminal("docker container run -it busybox"));
        assert!(needs_terminal("docker attach web"));
        assert!(needs_terminal("docker start -ai web"));
    }

    #[test]
    fn detached_and_plain_commands_are_captured() {
        assert!(!needs_terminal("docker run -d --name web busybox httpd -f"));
        assert!(!needs_terminal("docker run -dit busybox"));
        assert!(!needs_terminal("docker ps -a"));
        assert!(!needs_terminal("docker run --name hello busybox echo hi"));
        assert!(!needs_terminal("docker logs -t web"));
        assert!(!needs_terminal("ls -l"));
        assert!(!needs_terminal("sh -c 'echo hi'"));
    }

    #[test]
    fn flags_after_the_image_belong_to_the_command() {
        assert!(!needs_terminal("docker run busybox ls -it"));
        assert!(!needs_terminal("docker run -p 8080:80 web -t"));
        assert!(needs_terminal("docker run -p 8080:80 -it web"));
        assert!(!needs_terminal("docker run --name t busybox echo -t"));
    }

    #[test]
    fn compose_exec_gets_a_terminal_unless_told_not_to() {
        assert!(needs_terminal("docker compose exec web sh"));
        assert!(needs_terminal("docker-compose run web sh"));
        assert!(!needs_terminal("docker-compose exec -T web ls"));
        assert!(!needs_terminal("docker-compose up -d"));
    }

    #[test]
    fn editors_bare_shells_and_bang_lines_get_the_terminal() {
        assert!(needs_terminal("vi Dockerfile"));
        assert!(needs_terminal("sh"));
        assert!(needs_terminal("!docker build ."));
        assert_eq!(strip_force("! docker build ."), "docker build .");
        assert_eq!(strip_force("docker ps"), "docker ps");
    }

    #[test]
    fn a_docker_run_without_a_name_is_spotted() {
        assert!(unnamed_run("docker run busybox echo hi"));
        assert!(unnamed_run("docker run -d -p 8080:80 web"));
        assert!(!unnamed_run("docker run -p 8080:80 --name web busybox"));
        assert!(unnamed_run("docker ps; docker container run busybox"));
        assert!(!unnamed_run("docker run --name hi busybox echo hi"));
        assert!(!unnamed_run("docker run -d --name=hi busybox"));
        assert!(!unnamed_run("docker run --rm busybox echo hi"));
        assert!(!unnamed_run("docker ps -a"));
        assert!(is_generated_name("eager_turing"));
        assert!(is_generated_name("eager_turing3"));
        assert!(!is_generated_name("web"));
        assert!(!is_generated_name("my-app_1"));
    }

    #[test]
    fn each_command_of_a_compound_line_is_looked_at() {
        assert!(needs_terminal(
            "docker rm -f x; docker run -it --name x busybox"
        ));
        assert!(!needs_terminal("docker ps && docker images"));
    }
}
