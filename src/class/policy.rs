//! What grading a class may do on a learner's engine: read, never act, unless the roster
//! trusts the pack. Acting checks run a command in a container (`exec`) or send it an HTTP
//! request (`http`); without trust, their read-only part is graded and the rest is skipped.

use crate::check::Check;

/// True when grading `check` would act on the learner's engine or containers.
/// The core's one rule ([`Check::acts`]), so a class report meets the same policy as the CLI,
/// the tutor and verify.
pub fn acts(check: &Check) -> bool {
    check.acts()
}

/// `check` with its acting parts removed (the container's state, ports, files and logs stay).
pub fn read_only(check: &Check) -> Check {
    match check {
        Check::Container(c) => Check::Container(crate::check::ContainerCheck {
            exec: None,
            http: None,
            ..c.clone()
        }),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{ContainerCheck, ExecSpec, HttpSpec};

    #[test]
    fn exec_and_http_checks_act_and_lose_those_parts_when_read_only() {
        let exec = Check::Container(ContainerCheck {
            name: Some("web".into()),
            exec: Some(ExecSpec::default()),
            ..Default::default()
        });
        let http = Check::Container(ContainerCheck {
            http: Some(HttpSpec::default()),
            ..Default::default()
        });
        let state = Check::Container(ContainerCheck {
            name: Some("web".into()),
            ..Default::default()
        });
        assert!(acts(&exec) && acts(&http) && !acts(&state));
        assert_eq!(read_only(&exec), state);
        assert!(!acts(&read_only(&http)));
    }
}
