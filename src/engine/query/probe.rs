//! Probe containers: a short-lived container a check starts (to read a volume from a fresh
//! container, or reach a service from a third one), waits for, reads and always removes.
//!
//! Every probe is named `docktor-probe-...` and labelled [`LABEL_PROBE`], so reset and verify
//! can tell it from the learner's containers should one ever be left behind.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use bollard::models::{ContainerCreateBody, HostConfig};
use bollard::query_parameters::{
    CreateContainerOptions, LogsOptions, RemoveContainerOptions, WaitContainerOptions,
};
use futures_util::StreamExt;

use super::{EXEC_TIMEOUT, ExecOutput, collect_bounded};
use crate::engine::{CALL_TIMEOUT, Engine, EngineError};

/// Label on every probe container (`docktor.probe=1`).
pub const LABEL_PROBE: &str = "docktor.probe";
/// The lesson label, also put on probes so a lesson's reset covers them.
pub const LABEL_LESSON: &str = "docktor.lesson";

/// What a probe container runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProbeRun {
    pub image: String,
    /// Empty for the image's own command.
    pub command: Vec<String>,
    /// `-v` style: `volume:/path`, `/host/path:/path:ro`.
    pub binds: Vec<String>,
    pub network: Option<String>,
    pub env: Vec<String>,
    /// The lesson that runs it, for the lesson label.
    pub lesson: Option<String>,
}

/// A name no other probe uses: `docktor-probe-<pid>-<n>`.
fn probe_name() -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("docktor-probe-{}-{n}", std::process::id())
}

impl Engine {
    /// Runs a probe to its end (bounded by [`EXEC_TIMEOUT`]) and gives its exit code and
    /// output; the container is removed whatever happened.
    pub async fn run_probe(&self, run: &ProbeRun) -> Result<ExecOutput, EngineError> {
        let name = probe_name();
        let result = self.probe_in(&name, run).await;
        let opts = RemoveContainerOptions {
            force: true,
            v: true,
            ..Default::default()
        };
        let removed = self
            .call(
                "remove the probe container",
                self.docker.remove_container(&name, Some(opts)),
            )
            .await;
        match (result, removed) {
            (Err(e), _) => Err(e),
            (Ok(_), Err(e)) if !e.is_not_found() => Err(e),
            (Ok(out), _) => Ok(out),
        }
    }

    async fn probe_in(&self, name: &str, run: &ProbeRun) -> Result<ExecOutput, EngineError> {
        let mut labels = HashMap::from([(LABEL_PROBE.to_owned(), "1".to_owned())]);
        if let Some(lesson) = &run.lesson {
            labels.insert(LABEL_LESSON.to_owned(), lesson.clone());
        }
        let body = ContainerCreateBody {
            image: Some(run.image.clone()),
            cmd: (!run.command.is_empty()).then(|| run.command.clone()),
            env: Some(run.env.clone()),
            labels: Some(labels),
            host_config: Some(HostConfig {
                binds: Some(run.binds.clone()),
                network_mode: run.network.clone(),
                ..Default::default()
            }),
            ..Default::default()
        };
        let opts = CreateContainerOptions {
            name: Some(name.to_owned()),
            ..Default::default()
        };
        self.call(
            "create the probe container",
            self.docker.create_container(Some(opts), body),
        )
        .await?;
        self.call(
            "start the probe container",
            self.docker.start_container(name, None),
        )
        .await?;
        let waiting = async {
            let opts = WaitContainerOptions {
                condition: "not-running".to_owned(),
            };
            let mut wait = self.docker.wait_container(name, Some(opts));
            match wait.next().await {
                Some(Ok(status)) => Ok(status.status_code),
                Some(Err(bollard::errors::Error::DockerContainerWaitError { code, .. })) => {
                    Ok(code)
                }
                Some(Err(e)) => Err(e),
                None => Ok(-1),
            }
        };
        let exit_code = self
            .bounded("wait for the probe container", EXEC_TIMEOUT, waiting)
            .await?;
        let opts = LogsOptions {
            stdout: true,
            stderr: true,
            follow: false,
            ..Default::default()
        };
        let stream = self.docker.logs(name, Some(opts));
        let bytes = self
            .bounded(
                "read the probe's output",
                CALL_TIMEOUT,
                collect_bounded(stream),
            )
            .await?;
        Ok(ExecOutput {
            exit_code,
            output: String::from_utf8_lossy(&bytes).into_owned(),
        })
    }
}
