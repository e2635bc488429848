//! The lint rules that keep a pack inside its bounds: check paths that stay in the
//! workspace, HTTP paths that cannot smuggle lines into a request, and numbers that some
//! engine state could satisfy.

use super::Lint;
use crate::check::{Check, ContainerCheck, http_path_problem};
use crate::workspace::safe_relative;

/// The largest image size limit that still means something (1 TB, in MB).
const SIZE_MAX_MB_LIMIT: f64 = 1_000_000.0;

impl Lint<'_> {
    /// Problems that make a check unsafe to grade or impossible to pass.
    pub(super) fn safety(&mut self, line: usize, check: &Check) {
        match check {
            Check::Container(c) => self.container_numbers(line, c),
            // Probes, services and the swarm have no numbers that could contradict each other.
            Check::Probe(_) | Check::Service(_) | Check::Swarm(_) => {}
            Check::Image(c) => {
                if let (Some(min), Some(max)) = (c.layers_min, c.layers_max)
                    && min > max
                {
                    self.error(
                        line,
                        format!("layers_min {min} is above layers_max {max}: no image can pass"),
                    );
                }
                if let Some(mb) = c.size_max_mb
                    && !(mb.is_finite() && mb > 0.0 && mb <= SIZE_MAX_MB_LIMIT)
                {
                    self.error(line, format!("size_max_mb {mb} must be a number of megabytes above 0 and at most {SIZE_MAX_MB_LIMIT}"));
                }
            }
            Check::Compose(c) => {
                if let (Some(exact), Some(min)) = (c.running, c.running_min)
                    && exact < min
                {
                    self.error(
                        line,
                        format!("running {exact} is below running_min {min}: no service can pass"),
                    );
                }
            }
            Check::Count(c) => {
                if let (Some(min), Some(max)) = (c.min, c.max)
                    && min > max
                {
                    self.error(
                        line,
                        format!("min {min} is above max {max}: no count can pass"),
                    );
                }
            }
            Check::Dockerfile(c) => {
                let path = c.path.as_deref().unwrap_or("Dockerfile");
                if safe_relative(path).is_none() || path.is_empty() {
                    self.error(
                        line,
                        format!("Dockerfile path `{path}` must stay inside the workspace"),
                    );
                }
            }
            Check::Volume(_) | Check::Network(_) | Check::File(_) => {}
        }
    }

    fn container_numbers(&mut self, line: usize, c: &ContainerCheck) {
        let codes = [
            ("exit_code", c.exit_code),
            ("exec.exit_code", c.exec.as_ref().and_then(|e| e.exit_code)),
        ];
        for (field, code) in codes {
            if let Some(code) = code
                && !(0..=255).contains(&code)
            {
                self.error(line, format!("{field} {code} must be between 0 and 255"));
            }
        }
        if let Some(n) = c.restart_count_min
            && n < 0
        {
            self.error(line, format!("restart_count_min {n} must not be negative"));
        }
        if let Some(http) = &c.http {
            if let Some(why) = http.path.as_deref().and_then(http_path_problem) {
                self.error(line, why);
            }
            if http.port == 0 {
                self.error(line, "http.port 0 is not a port".to_owned());
            }
            if let Some(status) = http.status
                && !(100..=599).contains(&status)
            {
                self.error(
                    line,
                    format!("http.status {status} is not an HTTP status (100 to 599)"),
                );
            }
        }
    }
}
