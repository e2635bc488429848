//! Engine calls about swarm mode: whether this engine is in a swarm, and its services with
//! their running tasks, reduced to what service checks grade.

use std::collections::{BTreeMap, HashMap};

use bollard::query_parameters::{LeaveSwarmOptions, ListServicesOptions, ListTasksOptions};

use super::facts::{ServiceFacts, ServicePort};
use crate::engine::{Engine, EngineError};

impl Engine {
    /// The swarm's state as `docker info` shows it: `inactive`, `active`, `pending`, ...
    pub async fn swarm_state(&self) -> Result<String, EngineError> {
        let info = self.call("read engine info", self.docker.info()).await?;
        Ok(info
            .swarm
            .and_then(|s| s.local_node_state)
            .map(|s| s.to_string())
            .unwrap_or_default())
    }

    /// The labels of this engine's own swarm node (`docker node update --label-add`); empty
    /// when the engine is not in a swarm.
    pub async fn swarm_node_labels(&self) -> Result<BTreeMap<String, String>, EngineError> {
        let info = self.call("read engine info", self.docker.info()).await?;
        let Some(swarm) = info.swarm else {
            return Ok(BTreeMap::new());
        };
        let active = swarm
            .local_node_state
            .is_some_and(|s| s.to_string() == "active");
        let Some(node) = swarm.node_id.filter(|id| active && !id.is_empty()) else {
            return Ok(BTreeMap::new());
        };
        let node = self
            .call("inspect the swarm node", self.docker.inspect_node(&node))
            .await?;
        Ok(node
            .spec
            .and_then(|s| s.labels)
            .unwrap_or_default()
            .into_iter()
            .collect())
    }

    /// Leaves the swarm (`docker swarm leave --force`): its services and their tasks go too.
    /// Networks of swarm scope that the engine still lists while it is in no swarm: what a
    /// forced leave leaves in the daemon's memory. The API cannot remove them ("not found");
    /// they go when the daemon restarts, so they are no object anyone made or can clean up.
    pub async fn stale_swarm_networks(&self) -> Result<Vec<String>, EngineError> {
        if self.swarm_state().await? == "active" {
            return Ok(Vec::new());
        }
        let list = self
            .call(
                "list networks",
                self.docker
                    .list_networks(None::<bollard::query_parameters::ListNetworksOptions>),
            )
            .await?;
        Ok(list
            .into_iter()
            // An overlay network on an engine in no swarm is the swarm's too, whatever scope
            // the daemon lists it with while it tears the swarm down.
            .filter(|n| {
                n.scope.as_deref() == Some("swarm") || n.driver.as_deref() == Some("overlay")
            })
            .filter_map(|n| n.name)
            .collect())
    }

    pub async fn leave_swarm(&self) -> Result<(), EngineError> {
        let opts = LeaveSwarmOptions { force: true };
        self.call("leave the swarm", self.docker.leave_swarm(Some(opts)))
            .await
    }

    /// After leaving a swarm: waits (a few seconds at most) for its task containers to go,
    /// then frees `docker_gwbridge` of the routing mesh's sandbox, which a forced leave can
    /// keep attached, so the network can be removed.
    pub async fn settle_after_leaving(&self) -> Result<(), EngineError> {
        use bollard::models::NetworkDisconnectRequest;
        let tasks = super::ContainerFilter {
            labels: vec!["com.docker.swarm.service.id".to_owned()],
            ..Default::default()
        };
        for _ in 0..20 {
            if self.containers(&tasks).await?.is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        }
        let opts = NetworkDisconnectRequest {
            container: "gateway_ingress-sbox".to_owned(),
            force: Some(true),
        };
        // Not attached (the usual case) is fine.
        let _ = self
            .call(
                "free docker_gwbridge",
                self.docker.disconnect_network("docker_gwbridge", opts),
            )
            .await;
        Ok(())
    }

    /// A swarm service by exact name, with its running tasks counted; `None` when there is
    /// none, or when the engine is not in a swarm at all.
    pub async fn service(&self, name: &str) -> Result<Option<ServiceFacts>, EngineError> {
        if self.swarm_state().await? != "active" {
            return Ok(None);
        }
        let filters = HashMap::from([("name".to_owned(), vec![name.to_owned()])]);
        let opts = ListServicesOptions {
            filters: Some(filters),
            status: Some(true),
        };
        let services = self
            .call("list services", self.docker.list_services(Some(opts)))
            .await?;
        // The engine's `name` filter matches prefixes too.
        let Some(service) = services
            .into_iter()
            .find(|s| s.spec.as_ref().and_then(|s| s.name.as_deref()) == Some(name))
        else {
            return Ok(None);
        };
        let spec = service.spec.clone().unwrap_or_default();
        let image = spec
            .task_template
            .and_then(|t| t.container_spec)
            .and_then(|c| c.image)
            .unwrap_or_default();
        let replicas = spec
            .mode
            .and_then(|m| m.replicated)
            .and_then(|r| r.replicas)
            .and_then(|r| u64::try_from(r).ok());
        let ports = service
            .endpoint
            .and_then(|e| e.ports)
            .unwrap_or_default()
            .into_iter()
            .map(|p| ServicePort {
                target: p.target_port.unwrap_or_default(),
                published: p.published_port.unwrap_or_default(),
                protocol: p
                    .protocol
                    .map(|p| p.to_string())
                    .unwrap_or_else(|| "tcp".to_owned()),
            })
            .collect();
        let running = self.running_tasks(name).await?;
        Ok(Some(ServiceFacts {
            name: name.to_owned(),
            image,
            replicas,
            running,
            ports,
            update_state: service
                .update_status
                .and_then(|u| u.state)
                .map(|s| s.to_string())
                .unwrap_or_default(),
            labels: spec
                .labels
                .unwrap_or_default()
                .into_iter()
                .collect::<BTreeMap<_, _>>(),
        }))
    }

    /// How many of a service's tasks are running now.
    async fn running_tasks(&self, service: &str) -> Result<usize, EngineError> {
        let filters = HashMap::from([
            ("service".to_owned(), vec![service.to_owned()]),
            ("desired-state".to_owned(), vec!["running".to_owned()]),
        ]);
        let opts = ListTasksOptions {
            filters: Some(filters),
        };
        let tasks = self
            .call("list tasks", self.docker.list_tasks(Some(opts)))
            .await?;
        Ok(tasks
            .iter()
            .filter(|t| {
                t.status
                    .as_ref()
                    .and_then(|s| s.state)
                    .is_some_and(|s| s.to_string() == "running")
            })
            .count())
    }
}
