//! A container's state as a verdict words it: the status and exit code the author asked for,
//! and, when a container that should be running is not, that cause said once. Its
//! consequences (no published port, no HTTP answer, no `exec`) are not reported as more faults.

use super::describe_state;
use super::inside::glimpse;
use crate::check::{ContainerCheck, ContainerStatus, Findings};
use crate::engine::{ContainerFacts, Engine, EngineError};
use crate::{tr, trf};

/// Whether the checks that need a running container (ports, HTTP, exec) should be graded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Liveness {
    /// Grade them: the container runs, or the author expects it not to.
    Grade,
    /// Skip them: the container is not running, and that cause is already recorded.
    Stopped,
}

/// Records the status and exit code findings, and says whether to grade what needs a running
/// container. A container that ended is asked for its last log line (it cannot change until
/// the container starts again, which is an event that re-grades).
pub(super) async fn grade(
    check: &ContainerCheck,
    c: &ContainerFacts,
    engine: &Engine,
    f: &mut Findings,
) -> Result<Liveness, EngineError> {
    if stopped_unexpectedly(check, c) {
        let logs = match c.status.as_str() {
            "exited" | "restarting" | "dead" => Some(engine.logs(&c.id).await?),
            _ => None,
        };
        f.wrong(not_running_cause(c, logs.as_deref()));
        return Ok(Liveness::Stopped);
    }
    grade_settled(check, c, f);
    Ok(Liveness::Grade)
}

/// True when the check needs the container running and it is not.
fn stopped_unexpectedly(check: &ContainerCheck, c: &ContainerFacts) -> bool {
    let wants_running = check.status.is_none_or(|s| s == ContainerStatus::Running);
    let needs_running =
        check.status == Some(ContainerStatus::Running) || needs_a_live_container(check);
    wants_running && needs_running && !c.is_running()
}

/// The status and exit code findings of a container in a state the check can grade.
fn grade_settled(check: &ContainerCheck, c: &ContainerFacts, f: &mut Findings) {
    match (check.status, check.exit_code) {
        (Some(want), Some(code)) => grade_status_and_code(want, code, c, f),
        (Some(want), None) => {
            let state = describe_state(c);
            f.expect(
                c.status == want.as_str(),
                trf!("is {}", state),
                trf!("is {}; expected {}", state, want.as_str()),
            );
        }
        (None, Some(code)) => grade_exit_code(code, c, f),
        (None, None) => {}
    }
}

/// True when the check asserts something only a running container can show.
fn needs_a_live_container(check: &ContainerCheck) -> bool {
    check.ports.as_ref().is_some_and(|p| !p.is_empty())
        || check.http.is_some()
        || check.exec.is_some()
}

/// Both a status and an exit code: each fact is said once. A container still running when it
/// should have exited is one fault ("is still running; expected it to have exited with code 0"),
/// not two.
fn grade_status_and_code(want: ContainerStatus, code: i64, c: &ContainerFacts, f: &mut Findings) {
    let has_ended = matches!(c.status.as_str(), "exited" | "dead");
    let wants_ended = matches!(want, ContainerStatus::Exited | ContainerStatus::Dead);
    if c.status == want.as_str() {
        // The code is worded once, by the exit-code finding.
        f.right(trf!("is {}", c.status));
    } else if wants_ended && !has_ended {
        grade_exit_code(code, c, f);
        return;
    } else {
        f.wrong(trf!("is {}; expected {}", describe_state(c), want.as_str()));
        if !has_ended {
            return;
        }
    }
    grade_exit_code(code, c, f);
}

/// "exited with code 3; expected 0", or why no code is known yet.
pub(super) fn grade_exit_code(want: i64, c: &ContainerFacts, f: &mut Findings) {
    match c.status.as_str() {
        "exited" | "dead" => f.expect(
            c.exit_code == want,
            trf!("exited with code {}", want),
            trf!("exited with code {}; expected {}", c.exit_code, want),
        ),
        "created" => f.wrong(trf!(
            "has never run; expected it to exit with code {}",
            want
        )),
        other => f.wrong(trf!(
            "is still {}; expected it to have exited with code {}",
            other,
            want
        )),
    }
}

/// Why a container that should be running is not, and where to look: one fact.
/// `logs` are what it logged, for a container that ran.
fn not_running_cause(c: &ContainerFacts, logs: Option<&str>) -> String {
    let name = &c.name;
    let said = match logs.map(glimpse) {
        Some(Some(line)) => trf!(
            "it last logged `{}` (`docker logs {}` shows all)",
            line,
            name
        ),
        Some(None) => tr!("it logged nothing").to_owned(),
        None => trf!("see its logs with `docker logs {}`", name),
    };
    match c.status.as_str() {
        "exited" => trf!(
            "is exited (code {}{}); expected running: {}",
            c.exit_code,
            exit_code_meaning(c.exit_code),
            said
        ),
        "created" => trf!(
            "was created but never started; expected running: start it with `docker start {}`",
            name
        ),
        "paused" => trf!(
            "is paused; expected running: `docker unpause {}` resumes it",
            name
        ),
        "restarting" => trf!(
            "keeps restarting (it last exited with code {}); expected running: {}",
            c.exit_code,
            said
        ),
        other => trf!("is {}; expected running", describe_state_word(other)),
    }
}

fn describe_state_word(status: &str) -> &str {
    if status.is_empty() {
        tr!("in an unknown state")
    } else {
        status
    }
}

/// The usual meaning of the exit codes a learner meets most, as a parenthetical tail.
fn exit_code_meaning(code: i64) -> &'static str {
    match code {
        125 => tr!(": docker could not start it"),
        126 => tr!(": the command could not be executed"),
        127 => tr!(": the command was not found"),
        137 => tr!(": it was killed, by `docker kill` or for lack of memory"),
        139 => tr!(": it crashed (segmentation fault)"),
        143 => tr!(": it was stopped by `docker stop`"),
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::HttpSpec;

    fn facts(status: &str, exit_code: i64) -> ContainerFacts {
        ContainerFacts {
            name: "web".into(),
            status: status.into(),
            exit_code,
            ..Default::default()
        }
    }

    fn check() -> ContainerCheck {
        ContainerCheck {
            name: Some("web".into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_stopped_container_that_should_serve_gets_its_cause_once() {
        let check = ContainerCheck {
            status: Some(ContainerStatus::Running),
            ports: Some(vec!["8080:80".into()]),
            http: Some(HttpSpec {
                port: 80,
                ..Default::default()
            }),
            ..check()
        };
        let c = facts("exited", 127);
        assert!(stopped_unexpectedly(&check, &c));
        assert_eq!(
            not_running_cause(&c, Some("starting\nsh: nosuch: not found\n")),
            "is exited (code 127: the command was not found); expected running: it last logged `sh: nosuch: not found` (`docker logs web` shows all)"
        );
        assert_eq!(
            not_running_cause(&c, Some("")),
            "is exited (code 127: the command was not found); expected running: it logged nothing"
        );
    }

    #[test]
    fn ports_alone_need_a_running_container_too() {
        let check = ContainerCheck {
            ports: Some(vec!["8080:80".into()]),
            ..check()
        };
        let c = facts("created", 0);
        assert!(stopped_unexpectedly(&check, &c));
        assert!(not_running_cause(&c, None).contains("never started"));
    }

    #[test]
    fn a_check_that_expects_exited_grades_ports_as_usual() {
        let check = ContainerCheck {
            status: Some(ContainerStatus::Exited),
            ports: Some(vec!["8080:80".into()]),
            ..check()
        };
        assert!(!stopped_unexpectedly(&check, &facts("exited", 0)));
    }

    #[test]
    fn still_running_when_it_should_have_exited_is_said_once() {
        let check = ContainerCheck {
            status: Some(ContainerStatus::Exited),
            exit_code: Some(0),
            ..check()
        };
        let mut f = Findings::new("container `job`");
        grade_settled(&check, &facts("running", 0), &mut f);
        assert_eq!(
            f.into_verdict(None).message,
            "container `job` is still running; expected it to have exited with code 0"
        );
    }

    #[test]
    fn exit_codes_of_a_running_container_are_not_known_yet() {
        let mut f = Findings::new("container `job`");
        grade_exit_code(0, &facts("running", 0), &mut f);
        assert_eq!(
            f.into_verdict(None).message,
            "container `job` is still running; expected it to have exited with code 0"
        );
    }

    #[test]
    fn an_exited_container_with_the_right_status_words_its_code_once() {
        let check = ContainerCheck {
            status: Some(ContainerStatus::Exited),
            exit_code: Some(3),
            ..check()
        };
        let mut f = Findings::new("container `job`");
        grade_settled(&check, &facts("exited", 3), &mut f);
        assert_eq!(
            f.into_verdict(None).message,
            "container `job` is exited, exited with code 3"
        );
    }

    /// Grades `web` expected running, in `lang`: the verdict a learner would read.
    fn verdict_in(lang: crate::i18n::Lang, status: &str, exit_code: i64) -> crate::check::Verdict {
        crate::i18n::with_lang(lang, || {
            let check = ContainerCheck {
                status: Some(ContainerStatus::Running),
                ..check()
            };
            let c = facts(status, exit_code);
            let mut f = Findings::new(super::super::subject(&check));
            if stopped_unexpectedly(&check, &c) {
                f.wrong(not_running_cause(&c, Some("boom\n")));
            } else {
                grade_settled(&check, &c, &mut f);
            }
            f.into_verdict(None)
        })
    }

    #[test]
    fn a_stopped_container_is_worded_in_swedish_with_its_facts() {
        use crate::i18n::Lang;
        let failed = verdict_in(Lang::Sv, "exited", 1);
        assert!(!failed.passed());
        assert_eq!(
            failed.message,
            "behållaren `web` är exited (kod 1); förväntat running: den loggade sist `boom` (`docker logs web` visar allt)"
        );
        let passed = verdict_in(Lang::Sv, "running", 0);
        assert!(passed.passed());
        assert_eq!(passed.message, "behållaren `web` är running");
    }

    #[test]
    fn a_stopped_container_is_worded_in_dutch_with_its_facts() {
        use crate::i18n::Lang;
        let failed = verdict_in(Lang::Nl, "exited", 127);
        assert_eq!(
            failed.message,
            "container `web` is exited (code 127: het commando is niet gevonden); verwacht running: hij logde als laatste `boom` (`docker logs web` toont alles)"
        );
        let passed = verdict_in(Lang::Nl, "running", 0);
        assert!(passed.passed());
        assert_eq!(passed.message, "container `web` is running");
    }

    #[test]
    fn a_stopped_container_is_worded_in_norwegian_with_its_facts() {
        use crate::i18n::Lang;
        let failed = verdict_in(Lang::Nb, "exited", 1);
        assert_eq!(
            failed.message,
            "containeren `web` er exited (kode 1); forventet running: den logget sist `boom` (`docker logs web` viser alt)"
        );
        let passed = verdict_in(Lang::Nb, "running", 0);
        assert!(passed.passed());
        assert_eq!(passed.message, "containeren `web` er running");
    }
}
