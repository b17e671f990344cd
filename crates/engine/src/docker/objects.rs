//! `docker volume ...` and `docker network ...`: create, ls, inspect, rm, prune,
//! connect and disconnect, with Docker's tables and errors.

use std::collections::BTreeMap;

use super::args::Parsed;
use super::{Ctx, Next};
use crate::fs::Tree;
use crate::io::Explain;
use crate::model::{Network, Volume};

fn labels(p: &Parsed) -> BTreeMap<String, String> {
    p.values("label")
        .into_iter()
        .map(|l| {
            let (k, v) = l.split_once('=').unwrap_or((l, ""));
            (k.to_string(), v.to_string())
        })
        .collect()
}

pub fn volume_create(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let name = p.value("name").map(str::to_string).or_else(|| p.args.first().cloned());
    if let (Some(flag), Some(arg)) = (p.value("name"), p.args.first())
        && flag != arg
    {
        ctx.io
            .errln("conflicting options: cannot specify a volume-name through both --name and as a positional arg");
        return 1;
    }
    let now = ctx.world.now;
    let (name, anonymous) = match name {
        Some(n) => (n, false),
        None => (ctx.world.rng.hex_id(), true),
    };
    if !anonymous && !crate::names::valid_container_name(&name) && name.len() != 1 {
        ctx.daemon_error(format!("create {name}: \"{name}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path"));
        if name.contains('—') || name.contains('–') {
            ctx.explain(Explain::new("long-dash").arg("text", name.clone()));
        }
        return 1;
    }
    let lbl = labels(p);
    let d = ctx.daemon();
    d.volumes.entry(name.clone()).or_insert(Volume {
        name: name.clone(),
        driver: p.value("driver").unwrap_or("local").to_string(),
        created: now,
        labels: lbl,
        anonymous,
        data: Tree::new(),
    });
    ctx.io.outln(name);
    0
}

pub fn volume_ls(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let d = ctx.d();
    let used: Vec<&String> = d
        .containers
        .iter()
        .flat_map(|c| c.mounts.iter().map(|m| &m.source))
        .collect();
    let mut rows = Vec::new();
    for v in d.volumes.values() {
        let ok = p.values("filter").iter().all(|f| {
            let (k, val) = f.split_once('=').unwrap_or((f, ""));
            match k {
                "dangling" => (val == "true") != used.contains(&&v.name),
                "name" => v.name.contains(val),
                "driver" => v.driver == val,
                "label" => {
                    let (lk, lv) = val.split_once('=').unwrap_or((val, ""));
                    v.labels.get(lk).is_some_and(|x| lv.is_empty() || x == lv)
                }
                _ => true,
            }
        });
        if ok {
            rows.push(vec![v.driver.clone(), v.name.clone()]);
        }
    }
    if p.has("quiet") {
        for r in rows {
            ctx.io.outln(&r[1]);
        }
        return 0;
    }
    ctx.io.out(crate::tabwriter::table(&["DRIVER", "VOLUME NAME"], &rows));
    0
}

pub fn volume_rm(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let mut code = 0;
    for name in &p.args {
        let d = ctx.d();
        if !d.volumes.contains_key(name) {
            if p.has("force") {
                continue;
            }
            ctx.daemon_error(format!("get {name}: no such volume"));
            ctx.explain(Explain::new("no-such-volume").arg("name", name.clone()));
            code = 1;
            continue;
        }
        let users: Vec<String> = d
            .containers
            .iter()
            .filter(|c| c.mounts.iter().any(|m| &m.source == name))
            .map(|c| c.id.clone())
            .collect();
        if !users.is_empty() {
            ctx.daemon_error(format!("remove {name}: volume is in use - [{}]", users.join(", ")));
            let cname = ctx
                .d()
                .containers
                .iter()
                .find(|c| c.id == users[0])
                .map(|c| c.name.clone())
                .unwrap_or_default();
            ctx.explain(
                Explain::new("volume-in-use")
                    .arg("name", name.clone())
                    .arg("container", cname),
            );
            code = 1;
            continue;
        }
        ctx.daemon().volumes.remove(name);
        ctx.io.outln(name);
    }
    code
}

pub fn volume_prune(ctx: &mut Ctx<'_>, p: &Parsed, raw: &[String]) -> (i32, Next) {
    let all = p.has("all");
    if !p.has("force") {
        let msg = if all {
            "WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue?"
        } else {
            "WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue?"
        };
        match super::system::confirm(ctx, msg, raw) {
            super::system::Confirm::Yes => {}
            super::system::Confirm::No => return (0, Next::Done),
            super::system::Confirm::Ask(n) => return (0, n),
        }
    }
    let (names, space) = crate::volumes::prune_volumes(ctx, all);
    if !names.is_empty() {
        ctx.io.outln("Deleted Volumes:");
        for n in names {
            ctx.io.outln(n);
        }
        ctx.io.outln("");
    }
    ctx.io
        .outln(format!("Total reclaimed space: {}", crate::units::human_size(space)));
    (0, Next::Done)
}

pub fn network_create(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let name = p.args[0].clone();
    if ctx.d().network(&name).is_some_and(|n| n.name == name) {
        ctx.daemon_error(format!("network with name {name} already exists"));
        return 1;
    }
    let driver = p.value("driver").unwrap_or("bridge").to_string();
    if !matches!(driver.as_str(), "bridge" | "overlay" | "macvlan" | "ipvlan") {
        ctx.daemon_error(format!(
            "could not find plugin {driver} in v1 plugin registry: plugin not found"
        ));
        return 1;
    }
    let idx = ctx.d().networks.iter().filter(|n| n.user_defined()).count() as u32;
    let subnet = p
        .value("subnet")
        .map(str::to_string)
        .unwrap_or_else(|| format!("172.{}.0.0/16", 18 + idx));
    let gateway = p.value("gateway").map(str::to_string).unwrap_or_else(|| {
        let base = subnet.split('/').next().unwrap_or("172.18.0.0");
        let mut parts: Vec<String> = base.split('.').map(str::to_string).collect();
        if let Some(last) = parts.last_mut() {
            *last = "1".into();
        }
        parts.join(".")
    });
    let id = ctx.world.rng.hex_id();
    let now = ctx.world.now;
    let lbl = labels(p);
    ctx.daemon().networks.push(Network {
        id: id.clone(),
        name,
        driver,
        subnet,
        gateway,
        created: now,
        internal: p.has("internal"),
        labels: lbl,
        next_host: 2,
    });
    ctx.io.outln(id);
    0
}

pub fn network_ls(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let trunc = !p.has("no-trunc");
    let mut nets: Vec<&Network> = ctx.d().networks.iter().collect();
    nets.sort_by(|a, b| a.name.cmp(&b.name));
    let rows: Vec<Vec<String>> = nets
        .iter()
        .filter(|n| {
            p.values("filter").iter().all(|f| {
                let (k, v) = f.split_once('=').unwrap_or((f, ""));
                match k {
                    "name" => n.name.contains(v),
                    "driver" => n.driver == v,
                    "type" => (v == "custom") == n.user_defined(),
                    _ => true,
                }
            })
        })
        .map(|n| {
            vec![
                if trunc { n.id[..12].to_string() } else { n.id.clone() },
                n.name.clone(),
                n.driver.clone(),
                "local".into(),
            ]
        })
        .collect();
    if p.has("quiet") {
        for r in rows {
            ctx.io.outln(&r[0]);
        }
        return 0;
    }
    ctx.io.out(crate::tabwriter::table(
        &["NETWORK ID", "NAME", "DRIVER", "SCOPE"],
        &rows,
    ));
    0
}

pub fn network_rm(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let mut code = 0;
    for name in &p.args {
        let Some(n) = ctx.d().network(name).cloned() else {
            ctx.daemon_error(format!("network {name} not found"));
            code = 1;
            continue;
        };
        if !n.user_defined() {
            ctx.daemon_error(format!("{} is a pre-defined network and cannot be removed", n.name));
            code = 1;
            continue;
        }
        let users: Vec<String> = ctx
            .d()
            .containers
            .iter()
            .filter(|c| c.is_running() && c.networks.contains_key(&n.name))
            .map(|c| c.name.clone())
            .collect();
        if !users.is_empty() {
            ctx.daemon_error(format!(
                "error while removing network: network {} has active endpoints (name:{:?} id:{:?})",
                n.name,
                users[0],
                &n.id[..12]
            ));
            code = 1;
            continue;
        }
        let d = ctx.daemon();
        d.networks.retain(|x| x.id != n.id);
        for c in d.containers.iter_mut() {
            c.networks.remove(&n.name);
        }
        ctx.io.outln(name);
    }
    code
}

pub fn network_prune(ctx: &mut Ctx<'_>, p: &Parsed, raw: &[String]) -> (i32, Next) {
    if !p.has("force") {
        match super::system::confirm(
            ctx,
            "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue?",
            raw,
        ) {
            super::system::Confirm::Yes => {}
            super::system::Confirm::No => return (0, Next::Done),
            super::system::Confirm::Ask(n) => return (0, n),
        }
    }
    let names = crate::volumes::prune_networks(ctx);
    if !names.is_empty() {
        ctx.io.outln("Deleted Networks:");
        for n in names {
            ctx.io.outln(n);
        }
    }
    (0, Next::Done)
}

pub fn network_connect(ctx: &mut Ctx<'_>, p: &Parsed, connect: bool) -> i32 {
    let (net, cname) = (&p.args[0], &p.args[1]);
    let Some(n) = ctx.d().network(net).cloned() else {
        ctx.daemon_error(format!("network {net} not found"));
        return 1;
    };
    let Some(cid) = ctx.d().container(cname).map(|c| c.id.clone()) else {
        ctx.daemon_error(format!("No such container: {cname}"));
        return 1;
    };
    let aliases: Vec<String> = p.values("alias").into_iter().map(str::to_string).collect();
    let ep = ctx.endpoint.clone();
    let running = ctx.d().container_by_id(&cid).is_some_and(|c| c.is_running());
    let d = ctx.daemon();
    let Some(c) = d.container_by_id_mut(&cid) else { return 1 };
    if connect {
        if c.networks.contains_key(&n.name) {
            ctx.daemon_error(format!(
                "endpoint with name {cname} already exists in network {}",
                n.name
            ));
            return 1;
        }
        let mut al = aliases;
        if n.user_defined() {
            al.push(cid[..12].to_string());
        }
        c.networks.insert(
            n.name.clone(),
            crate::model::Endpoint {
                network_id: n.id.clone(),
                ip: String::new(),
                mac: String::new(),
                aliases: al,
            },
        );
        if running {
            crate::network::connect_all(ctx.world, &ep, &cid);
        }
    } else {
        if c.networks.remove(&n.name).is_none() {
            ctx.daemon_error(format!("container {cid} is not connected to network {}", n.name));
            return 1;
        }
    }
    0
}
