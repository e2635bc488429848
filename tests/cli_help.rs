//! The command line as clap programs behave: completions, the man page, suggestions for a
//! mistyped command, help texts, and the colour decision. No engine needed.

mod cli_support;
mod support;

use cli_support::{Scratch, text};

#[test]
fn completions_generate_for_bash_zsh_and_fish() {
    let scratch = Scratch::new("completions");
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef docktor"),
        ("fish", "complete -c docktor"),
    ] {
        let out = scratch.docktor(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", text(&out));
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(script.contains(marker), "{shell} script lacks `{marker}`");
        for command in ["check", "start", "watch", "verify", "completions"] {
            assert!(script.contains(command), "{shell} script lacks `{command}`");
        }
    }
    let out = scratch.docktor(&["completions", "tcsh"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn bash_accepts_the_completion_script() {
    let scratch = Scratch::new("bash-completion");
    let out = scratch.docktor(&["completions", "bash"]);
    let file = scratch.dir.join("docktor.bash");
    std::fs::write(&file, &out.stdout).expect("write script");
    let check = std::process::Command::new("bash")
        .args(["-n", file.to_str().expect("utf-8")])
        .output()
        .expect("run bash");
    assert!(check.status.success(), "{}", text(&check));
}

#[test]
fn the_man_page_renders_every_command_with_environment_and_exit_codes() {
    let scratch = Scratch::new("man");
    let out = scratch.docktor(&["man"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(
        page.starts_with(".ie") || page.contains(".TH docktor 1"),
        "{page}"
    );
    assert!(page.contains(".TH docktor 1"), "a man page title");
    for section in [
        "DOCKTOR CHECK",
        "DOCKTOR START",
        "DOCKTOR WATCH",
        "DOCKTOR VERIFY",
    ] {
        assert!(
            page.contains(section),
            "the page lacks a `{section}` section"
        );
    }
    assert!(page.contains("CLICOLOR_FORCE"), "the environment is listed");
    assert!(page.contains("Exit codes"), "the exit codes are listed");
    // Where a formatter is installed, the page must go through it cleanly.
    if let Ok(rendered) = std::process::Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().expect("stdin").write_all(&out.stdout)?;
            child.wait_with_output()
        })
    {
        assert!(
            rendered.status.success() && rendered.stderr.is_empty(),
            "groff complains: {}",
            String::from_utf8_lossy(&rendered.stderr)
        );
    }
}

#[test]
fn a_mistyped_command_gets_a_suggestion_and_exit_code_2() {
    let scratch = Scratch::new("typo");
    let out = scratch.docktor(&["chek", "01"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("a similar subcommand exists: 'check'"),
        "{}",
        text(&out)
    );
}

#[test]
fn long_help_lists_environment_and_exit_codes_and_keeps_global_options_apart() {
    let scratch = Scratch::new("help");
    let out = scratch.docktor(&["--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "DOCKER_HOST",
        "DOCKTOR_HOME",
        "NO_COLOR",
        "CLICOLOR",
        "Exit codes:",
        "  4  a --lessons pack",
    ] {
        assert!(help.contains(needle), "--help lacks `{needle}`:\n{help}");
    }
    let out = scratch.docktor(&["check", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("STEP, after a colon"),
        "LESSON[:STEP] is described:\n{help}"
    );
    let (own, global) = help
        .split_once("Global options:")
        .expect("a global heading");
    assert!(
        own.contains("--all-steps") && !own.contains("--lessons"),
        "{help}"
    );
    assert!(
        global.contains("--lessons") && global.contains("--color"),
        "{help}"
    );
}

/// `docktor list` on a one-lesson pack, with extra arguments and environment.
fn list_output(scratch: &Scratch, extra: &[&str], env: &[(&str, &str)]) -> String {
    let pack = scratch.pack();
    let mut args = vec!["--lessons", pack.to_str().expect("utf-8"), "list"];
    args.extend_from_slice(extra);
    let mut command = scratch.command(&args);
    for (k, v) in env {
        command.env(k, v);
    }
    let out = command.output().expect("run docktor");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn colour_follows_the_flag_then_no_color_then_clicolor_force() {
    let scratch = Scratch::new("colour");
    scratch.lesson(
        "01-a",
        "+++\nid = \"a\"\ntitle = \"A\"\nformat_version = 1\n+++\n## S\n```toml check\n[[file]]\npath = \"x\"\n```\n",
    );
    let coloured = |s: &str| s.contains("\x1b[");
    assert!(
        !coloured(&list_output(&scratch, &[], &[])),
        "a pipe gets no colour"
    );
    assert!(coloured(&list_output(
        &scratch,
        &[],
        &[("CLICOLOR_FORCE", "1")]
    )));
    assert!(!coloured(&list_output(
        &scratch,
        &[],
        &[("CLICOLOR_FORCE", "0")]
    )));
    assert!(
        !coloured(&list_output(
            &scratch,
            &[],
            &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
        )),
        "NO_COLOR wins over CLICOLOR_FORCE"
    );
    assert!(
        coloured(&list_output(
            &scratch,
            &["--color", "always"],
            &[("NO_COLOR", "1")]
        )),
        "--color always wins over NO_COLOR"
    );
    assert!(
        !coloured(&list_output(
            &scratch,
            &["--color=never"],
            &[("CLICOLOR_FORCE", "1")]
        )),
        "--color never wins over CLICOLOR_FORCE"
    );
    let out = scratch.docktor(&["list", "--color", "sometimes"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

#[test]
fn a_mistyped_lesson_gets_a_suggestion_and_exit_code_2() {
    let scratch = Scratch::new("lesson-typo");
    let out = scratch.docktor(&["check", "05-dockerfle"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("no lesson `05-dockerfle`; did you mean `05-dockerfile`?"),
        "{}",
        text(&out)
    );
}
