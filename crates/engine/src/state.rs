//! The read-only, serialisable view of the world that lesson checks and pictures read:
//! containers, images (tags, layers, config), volumes, networks, registries, host files.

use serde::Serialize;

use crate::sandbox::Sandbox;

#[derive(Clone, Debug, Serialize)]
pub struct ContainerView {
    pub id: String,
    pub name: String,
    pub image: String,
    pub image_id: String,
    pub status: String,
    pub running: bool,
    pub exit_code: i32,
    /// `0.0.0.0:8080->80/tcp` style.
    pub ports: Vec<String>,
    pub env: Vec<String>,
    pub command: String,
    pub mounts: Vec<crate::model::Mount>,
    pub networks: Vec<String>,
    pub restart: String,
    pub auto_remove: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct ImageView {
    pub id: String,
    pub tags: Vec<String>,
    pub size: u64,
    pub history: Vec<String>,
    pub config: crate::model::Config,
}

#[derive(Clone, Debug, Serialize)]
pub struct StateView {
    pub endpoint: String,
    pub containers: Vec<ContainerView>,
    pub images: Vec<ImageView>,
    pub volumes: Vec<String>,
    pub networks: Vec<String>,
    pub cwd: String,
    pub logins: Vec<(String, String)>,
}

impl Sandbox {
    /// The state of the daemon the CLI currently talks to.
    pub fn state(&self) -> StateView {
        let ep = self.world.endpoint(None);
        let d = self.world.daemons.get(&ep);
        let containers = d
            .map(|d| {
                d.containers
                    .iter()
                    .map(|c| ContainerView {
                        id: c.id.clone(),
                        name: c.name.clone(),
                        image: c.image_ref.clone(),
                        image_id: c.image_id.clone(),
                        status: c.state.status.as_str().into(),
                        running: c.is_running(),
                        exit_code: c.state.exit_code,
                        ports: c
                            .ports
                            .iter()
                            .filter(|b| !b.host_ip.contains(':'))
                            .map(|b| format!("{}:{}->{}/{}", b.host_ip, b.host_port, b.container_port, b.proto))
                            .collect(),
                        env: c.config.env.clone(),
                        command: c.command_line(),
                        mounts: c.mounts.clone(),
                        networks: c.networks.keys().cloned().collect(),
                        restart: c.restart.name().into(),
                        auto_remove: c.auto_remove,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let images = d
            .map(|d| {
                d.images
                    .values()
                    .map(|i| ImageView {
                        id: i.id.clone(),
                        tags: d
                            .tags_of(&i.id)
                            .iter()
                            .filter_map(|t| crate::reference::Reference::parse(t).ok())
                            .map(|r| r.familiar())
                            .collect(),
                        size: d.image_size(i),
                        history: i.history.iter().map(|h| h.created_by.clone()).collect(),
                        config: i.config.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        StateView {
            endpoint: ep,
            containers,
            images,
            volumes: d.map(|d| d.volumes.keys().cloned().collect()).unwrap_or_default(),
            networks: d
                .map(|d| d.networks.iter().map(|n| n.name.clone()).collect())
                .unwrap_or_default(),
            cwd: self.world.host.cwd.clone(),
            logins: self.world.logins.iter().map(|(a, b)| (a.clone(), b.clone())).collect(),
        }
    }
}
