//! Property tests: random sequences of docker commands never break the simulator's
//! invariants (unique names, a running container's image exists, a host port bound
//! once, a used image or volume never vanishes, volume data survives `docker rm`).

use std::collections::BTreeSet;

use dockyard_engine::fs::Vfs;
use dockyard_engine::{Options, Sandbox};
use proptest::prelude::*;

const NAMES: &[&str] = &["web", "db", "app", "cache"];
const IMAGES: &[&str] = &["alpine", "nginx", "python:3.11.5-alpine", "redis:7-alpine", "busybox"];
const PORTS: &[&str] = &["8080:80", "8081:80", "5000:5000", "8080:8080"];

fn command() -> impl Strategy<Value = String> {
    let name = prop::sample::select(NAMES);
    let image = prop::sample::select(IMAGES);
    let port = prop::sample::select(PORTS);
    prop_oneof![
        (name.clone(), image.clone()).prop_map(|(n, i)| format!("docker run -d --name {n} {i} sleep 1000")),
        (name.clone(), image.clone(), port).prop_map(|(n, i, p)| format!("docker run -d --name {n} -p {p} {i}")),
        (name.clone(), image.clone())
            .prop_map(|(n, i)| format!("docker run -d --name {n} -v data:/data {i} sleep 1000")),
        name.clone()
            .prop_map(|n| format!("docker exec {n} sh -c 'echo x > /data/f'")),
        image.clone().prop_map(|i| format!("docker run --rm {i} echo hi")),
        name.clone().prop_map(|n| format!("docker stop -t 0 {n}")),
        name.clone().prop_map(|n| format!("docker start {n}")),
        name.clone().prop_map(|n| format!("docker rm {n}")),
        name.clone().prop_map(|n| format!("docker rm -f {n}")),
        name.clone().prop_map(|n| format!("docker kill {n}")),
        name.clone().prop_map(|n| format!("docker restart {n}")),
        image.clone().prop_map(|i| format!("docker rmi {i}")),
        image.clone().prop_map(|i| format!("docker rmi -f {i}")),
        image.prop_map(|i| format!("docker pull {i}")),
        Just("docker volume rm data".to_string()),
        Just("docker volume prune -f".to_string()),
        Just("docker container prune -f".to_string()),
        Just("docker image prune -a -f".to_string()),
        Just("docker system prune -f".to_string()),
    ]
}

fn check(sb: &Sandbox) -> Result<(), String> {
    let ep = sb.world.endpoint(None);
    let d = &sb.world.daemons[&ep];
    let mut names = BTreeSet::new();
    let mut ports = BTreeSet::new();
    for c in &d.containers {
        if !names.insert(c.name.clone()) {
            return Err(format!("duplicate name {}", c.name));
        }
        if !d.images.contains_key(&c.image_id) {
            return Err(format!("container {} has no image", c.name));
        }
        for b in &c.ports {
            if !ports.insert((b.host_ip.clone(), b.host_port, b.proto.clone())) {
                return Err(format!("port {}:{} bound twice", b.host_ip, b.host_port));
            }
        }
        for m in &c.mounts {
            if m.kind == dockyard_engine::model::MountKind::Volume && !d.volumes.contains_key(&m.source) {
                return Err(format!("volume {} of {} vanished", m.source, c.name));
            }
        }
    }
    for img in d.images.values() {
        for l in &img.layers {
            if !d.layers.contains_key(l) {
                return Err(format!("image {} lost layer {l}", img.id));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn invariants_hold(cmds in prop::collection::vec(command(), 1..25)) {
        let mut sb = Sandbox::new(Options { seed: 9, ..Options::default() });
        let mut wrote = false;
        for c in &cmds {
            sb.step_clock();
            let out = sb.run_line(c);
            if c.contains("echo x > /data/f") && out.exit_code == 0 {
                wrote = true;
            }
            if let Err(e) = check(&sb) {
                prop_assert!(false, "after `{}`: {}", c, e);
            }
        }
        // Data written through a volume is never lost by removing containers.
        let ep = sb.world.endpoint(None);
        let d = &sb.world.daemons[&ep];
        if wrote && let Some(v) = d.volumes.get("data") {
            let removed_by_user = cmds.iter().any(|c| c.contains("volume rm") || c.contains("volume prune"));
            prop_assert!(removed_by_user || v.data.exists("/f"), "volume data lost");
        }
    }

    #[test]
    fn any_line_never_panics(line in "\\PC{0,80}") {
        let mut sb = Sandbox::new(Options::default());
        let _ = sb.run_line(&line);
        let _ = sb.run_line(&format!("docker {line}"));
        let _ = sb.complete(&line, line.len());
    }

    #[test]
    fn same_seed_same_output(cmds in prop::collection::vec(command(), 1..10)) {
        let run = || {
            let mut sb = Sandbox::new(Options { seed: 3, ..Options::default() });
            cmds.iter().map(|c| { sb.step_clock(); sb.run_line(c).io.combined() }).collect::<Vec<_>>()
        };
        prop_assert_eq!(run(), run());
    }
}

#[test]
fn volume_in_use_cannot_be_removed() {
    let mut sb = Sandbox::new(Options::default());
    sb.run_line("docker run -d --name worker -v data:/data alpine sleep 100");
    let out = sb.run_line("docker volume rm data");
    assert_eq!(out.exit_code, 1);
    assert!(out.stderr().contains("volume is in use"), "{}", out.stderr());
}
