//! `docker inspect` JSON for containers, images, volumes and networks, with Docker's
//! key order, 4-space indentation, and the `--format '{{.State.Status}}'` subset.

use serde_json::{Map, Value, json};

use crate::docker::Ctx;
use crate::model::{Container, MountKind, RestartPolicy, Status};
use crate::time::rfc3339_nano;

/// Pretty JSON with 4-space indentation, keys in insertion order.
pub fn to_json(v: &Value) -> String {
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    serde::Serialize::serialize(v, &mut ser).ok();
    String::from_utf8(buf).unwrap_or_default()
}

fn obj(pairs: Vec<(&str, Value)>) -> Value {
    let mut m = Map::new();
    for (k, v) in pairs {
        m.insert(k.to_string(), v);
    }
    Value::Object(m)
}

fn time_or_zero(t: Option<i64>) -> Value {
    Value::String(t.map(rfc3339_nano).unwrap_or_else(|| "0001-01-01T00:00:00Z".into()))
}

fn opt_vec(v: &Option<Vec<String>>) -> Value {
    match v {
        Some(v) => json!(v),
        None => Value::Null,
    }
}

fn ports_map(keys: &[String]) -> Value {
    if keys.is_empty() {
        return Value::Null;
    }
    let mut m = Map::new();
    for k in keys {
        m.insert(k.clone(), json!({}));
    }
    Value::Object(m)
}

pub fn container_value(ctx: &Ctx<'_>, c: &Container, size: bool) -> Value {
    let d = ctx.d();
    let mut port_bindings = Map::new();
    for r in &c.port_requests {
        let key = format!("{}/{}", r.container_port, r.proto);
        let entry = port_bindings.entry(key).or_insert_with(|| json!([]));
        if let Value::Array(a) = entry {
            a.push(json!({"HostIp": r.host_ip, "HostPort": r.host_port.map(|p| p.to_string()).unwrap_or_default()}));
        }
    }
    let mut ports = Map::new();
    if c.is_running() {
        for e in &c.config.exposed_ports {
            ports.insert(e.clone(), Value::Null);
        }
        for b in &c.ports {
            let key = format!("{}/{}", b.container_port, b.proto);
            let entry = ports.entry(key).or_insert(Value::Null);
            if entry.is_null() {
                *entry = json!([]);
            }
            if let Value::Array(a) = entry {
                a.push(json!({"HostIp": b.host_ip, "HostPort": b.host_port.to_string()}));
            }
        }
    }
    let restart = match &c.restart {
        RestartPolicy::OnFailure(n) => json!({"Name": "on-failure", "MaximumRetryCount": n}),
        r => json!({"Name": r.name(), "MaximumRetryCount": 0}),
    };
    let binds: Vec<String> = c
        .mounts
        .iter()
        .filter(|m| m.kind != MountKind::Tmpfs && !m.anonymous)
        .map(|m| format!("{}:{}{}", m.source, m.target, if m.readonly { ":ro" } else { "" }))
        .collect();
    let mounts: Vec<Value> = c
        .mounts
        .iter()
        .map(|m| match m.kind {
            MountKind::Volume => obj(vec![
                ("Type", json!("volume")),
                ("Name", json!(m.source)),
                ("Source", json!(format!("/var/lib/docker/volumes/{}/_data", m.source))),
                ("Destination", json!(m.target)),
                ("Driver", json!("local")),
                ("Mode", json!(if m.readonly { "ro" } else { "z" })),
                ("RW", json!(!m.readonly)),
                ("Propagation", json!("")),
            ]),
            MountKind::Bind => obj(vec![
                ("Type", json!("bind")),
                ("Source", json!(m.source)),
                ("Destination", json!(m.target)),
                ("Mode", json!(if m.readonly { "ro" } else { "" })),
                ("RW", json!(!m.readonly)),
                ("Propagation", json!("rprivate")),
            ]),
            MountKind::Tmpfs => obj(vec![
                ("Type", json!("tmpfs")),
                ("Source", json!("")),
                ("Destination", json!(m.target)),
                ("Mode", json!("")),
                ("RW", json!(true)),
                ("Propagation", json!("")),
            ]),
        })
        .collect();
    let mut networks = Map::new();
    for (name, e) in &c.networks {
        let net = d.network(name);
        let prefix: u32 = net
            .and_then(|n| n.subnet.split('/').nth(1))
            .and_then(|p| p.parse().ok())
            .unwrap_or(16);
        networks.insert(
            name.clone(),
            obj(vec![
                ("IPAMConfig", Value::Null),
                ("Links", Value::Null),
                (
                    "Aliases",
                    if e.aliases.is_empty() {
                        Value::Null
                    } else {
                        json!(e.aliases)
                    },
                ),
                ("MacAddress", json!(e.mac)),
                ("DriverOpts", Value::Null),
                ("GwPriority", json!(0)),
                ("NetworkID", json!(e.network_id)),
                (
                    "EndpointID",
                    json!(if e.ip.is_empty() {
                        String::new()
                    } else {
                        format!("{:x}", e.network_id.len()) + &c.id[..63]
                    }),
                ),
                (
                    "Gateway",
                    json!(if e.ip.is_empty() {
                        ""
                    } else {
                        net.map(|n| n.gateway.as_str()).unwrap_or("")
                    }),
                ),
                ("IPAddress", json!(e.ip)),
                ("IPPrefixLen", json!(if e.ip.is_empty() { 0 } else { prefix })),
                ("IPv6Gateway", json!("")),
                ("GlobalIPv6Address", json!("")),
                ("GlobalIPv6PrefixLen", json!(0)),
                (
                    "DNSNames",
                    if net.is_some_and(|n| n.user_defined()) {
                        json!([c.name, c.short_id()])
                    } else {
                        Value::Null
                    },
                ),
            ]),
        );
    }
    let bridge_ip = c.networks.get("bridge").map(|e| e.ip.clone()).unwrap_or_default();
    let health = c.state.health.map(|h| {
        json!({"Status": match h { crate::model::Health::Starting => "starting", crate::model::Health::Healthy => "healthy", crate::model::Health::Unhealthy => "unhealthy" }, "FailingStreak": c.state.failing_streak, "Log": []})
    });
    let mut state = vec![
        ("Status", json!(c.state.status.as_str())),
        (
            "Running",
            json!(matches!(c.state.status, Status::Running | Status::Paused)),
        ),
        ("Paused", json!(c.state.status == Status::Paused)),
        ("Restarting", json!(c.state.status == Status::Restarting)),
        ("OOMKilled", json!(c.state.oom_killed)),
        ("Dead", json!(c.state.status == Status::Dead)),
        ("Pid", json!(c.state.pid)),
        ("ExitCode", json!(c.state.exit_code)),
        ("Error", json!(c.state.error)),
        ("StartedAt", time_or_zero(c.state.started_at)),
        ("FinishedAt", time_or_zero(c.state.finished_at)),
    ];
    if let Some(h) = health {
        state.push(("Health", h));
    }
    let config = obj(vec![
        ("Hostname", json!(c.hostname)),
        ("Domainname", json!("")),
        ("User", json!(c.config.user)),
        ("AttachStdin", json!(c.open_stdin)),
        ("AttachStdout", json!(true)),
        ("AttachStderr", json!(true)),
        ("ExposedPorts", ports_map(&c.config.exposed_ports)),
        ("Tty", json!(c.tty)),
        ("OpenStdin", json!(c.open_stdin)),
        ("StdinOnce", json!(c.open_stdin)),
        ("Env", json!(c.config.env)),
        ("Cmd", opt_vec(&c.config.cmd)),
        ("Image", json!(c.image_ref)),
        (
            "Volumes",
            if c.config.volumes.is_empty() {
                Value::Null
            } else {
                ports_map(&c.config.volumes)
            },
        ),
        ("WorkingDir", json!(c.config.working_dir)),
        ("Entrypoint", opt_vec(&c.config.entrypoint)),
        ("OnBuild", Value::Null),
        ("Labels", json!(c.config.labels)),
    ]);
    let mut pairs = vec![
        ("Id", json!(c.id)),
        ("Created", json!(rfc3339_nano(c.created))),
        ("Path", json!(c.path)),
        ("Args", json!(c.args)),
        ("State", obj(state)),
        ("Image", json!(c.image_id)),
        (
            "ResolvConfPath",
            json!(format!("/var/lib/docker/containers/{}/resolv.conf", c.id)),
        ),
        (
            "HostnamePath",
            json!(format!("/var/lib/docker/containers/{}/hostname", c.id)),
        ),
        ("HostsPath", json!(format!("/var/lib/docker/containers/{}/hosts", c.id))),
        (
            "LogPath",
            json!(format!("/var/lib/docker/containers/{0}/{0}-json.log", c.id)),
        ),
        ("Name", json!(format!("/{}", c.name))),
        ("RestartCount", json!(c.state.restart_count)),
        ("Driver", json!("overlay2")),
        ("Platform", json!("linux")),
        ("MountLabel", json!("")),
        ("ProcessLabel", json!("")),
        ("AppArmorProfile", json!("docker-default")),
        ("ExecIDs", Value::Null),
        (
            "HostConfig",
            obj(vec![
                ("Binds", if binds.is_empty() { Value::Null } else { json!(binds) }),
                ("ContainerIDFile", json!("")),
                ("LogConfig", json!({"Type": "json-file", "Config": {}})),
                ("NetworkMode", json!(c.network_mode)),
                ("PortBindings", Value::Object(port_bindings)),
                ("RestartPolicy", restart),
                ("AutoRemove", json!(c.auto_remove)),
                ("VolumeDriver", json!("")),
                ("VolumesFrom", Value::Null),
                ("ConsoleSize", json!([0, 0])),
                ("CapAdd", Value::Null),
                ("CapDrop", Value::Null),
                ("CgroupnsMode", json!("private")),
                ("Dns", json!([])),
                ("DnsOptions", json!([])),
                ("DnsSearch", json!([])),
                ("ExtraHosts", Value::Null),
                ("GroupAdd", Value::Null),
                ("IpcMode", json!("private")),
                ("Cgroup", json!("")),
                (
                    "Links",
                    if c.links.is_empty() {
                        Value::Null
                    } else {
                        json!(
                            c.links
                                .iter()
                                .map(|(n, a)| format!("/{n}:/{}/{a}", c.name))
                                .collect::<Vec<_>>()
                        )
                    },
                ),
                ("OomScoreAdj", json!(0)),
                ("PidMode", json!("")),
                ("Privileged", json!(false)),
                ("PublishAllPorts", json!(c.publish_all)),
                ("ReadonlyRootfs", json!(false)),
                ("SecurityOpt", Value::Null),
                ("UTSMode", json!("")),
                ("UsernsMode", json!("")),
                ("ShmSize", json!(67108864)),
                ("Runtime", json!("runc")),
                ("Isolation", json!("")),
                ("Memory", json!(0)),
                ("NanoCpus", json!(0)),
                ("Mounts", Value::Null),
                ("Init", Value::Null),
            ]),
        ),
        (
            "GraphDriver",
            json!({"Data": {"MergedDir": format!("/var/lib/docker/overlay2/{}/merged", &c.id[..25]), "UpperDir": format!("/var/lib/docker/overlay2/{}/diff", &c.id[..25])}, "Name": "overlay2"}),
        ),
    ];
    if size {
        let rw = c.rw.size();
        let root = rw + d.images.get(&c.image_id).map(|i| d.image_size(i)).unwrap_or(0);
        pairs.push(("SizeRw", json!(rw)));
        pairs.push(("SizeRootFs", json!(root)));
    }
    pairs.push(("Mounts", json!(mounts)));
    pairs.push(("Config", config));
    let mut ports_v = Value::Object(ports);
    if !c.is_running() {
        ports_v = json!({});
    }
    pairs.push((
        "NetworkSettings",
        obj(vec![
            ("Bridge", json!("")),
            (
                "SandboxID",
                json!(if c.is_running() {
                    c.id.chars().rev().collect::<String>()
                } else {
                    String::new()
                }),
            ),
            (
                "SandboxKey",
                json!(if c.is_running() {
                    format!("/var/run/docker/netns/{}", &c.id[52..])
                } else {
                    String::new()
                }),
            ),
            ("Ports", ports_v),
            ("HairpinMode", json!(false)),
            ("LinkLocalIPv6Address", json!("")),
            ("LinkLocalIPv6PrefixLen", json!(0)),
            ("SecondaryIPAddresses", Value::Null),
            ("SecondaryIPv6Addresses", Value::Null),
            ("EndpointID", json!("")),
            ("Gateway", json!(if bridge_ip.is_empty() { "" } else { "172.17.0.1" })),
            ("GlobalIPv6Address", json!("")),
            ("GlobalIPv6PrefixLen", json!(0)),
            ("IPAddress", json!(bridge_ip)),
            ("IPPrefixLen", json!(if bridge_ip.is_empty() { 0 } else { 16 })),
            ("IPv6Gateway", json!("")),
            (
                "MacAddress",
                json!(c.networks.get("bridge").map(|e| e.mac.clone()).unwrap_or_default()),
            ),
            ("Networks", Value::Object(networks)),
        ]),
    ));
    obj(pairs)
}

pub fn container(ctx: &Ctx<'_>, name: &str, size: bool) -> Option<Value> {
    let c = ctx.d().container(name)?;
    Some(container_value(ctx, c, size))
}

pub fn image(ctx: &Ctx<'_>, name: &str) -> Option<Value> {
    let d = ctx.d();
    let id = d.image_id_for(name)?;
    let img = d.images.get(&id)?;
    let tags: Vec<String> = d
        .tags_of(&id)
        .iter()
        .map(|t| {
            crate::reference::Reference::parse(t)
                .map(|r| r.familiar())
                .unwrap_or(t.clone())
        })
        .collect();
    let c = &img.config;
    let config = obj(vec![
        ("Hostname", json!("")),
        ("Domainname", json!("")),
        ("User", json!(c.user)),
        ("AttachStdin", json!(false)),
        ("AttachStdout", json!(false)),
        ("AttachStderr", json!(false)),
        ("ExposedPorts", ports_map(&c.exposed_ports)),
        ("Tty", json!(false)),
        ("OpenStdin", json!(false)),
        ("StdinOnce", json!(false)),
        ("Env", json!(c.env)),
        ("Cmd", opt_vec(&c.cmd)),
        ("Image", json!("")),
        (
            "Volumes",
            if c.volumes.is_empty() {
                Value::Null
            } else {
                ports_map(&c.volumes)
            },
        ),
        ("WorkingDir", json!(c.working_dir)),
        ("Entrypoint", opt_vec(&c.entrypoint)),
        (
            "OnBuild",
            if c.onbuild.is_empty() {
                Value::Null
            } else {
                json!(c.onbuild)
            },
        ),
        (
            "Labels",
            if c.labels.is_empty() {
                Value::Null
            } else {
                json!(c.labels)
            },
        ),
    ]);
    let mut config = config;
    if let (Some(s), Value::Object(m)) = (&c.stop_signal, &mut config) {
        m.insert("StopSignal".into(), json!(s));
    }
    if let (Some(h), Value::Object(m)) = (&c.healthcheck, &mut config) {
        m.insert("Healthcheck".into(), json!({"Test": h.test, "Interval": h.interval_s * 1_000_000_000, "Timeout": h.timeout_s * 1_000_000_000, "Retries": h.retries}));
    }
    let layers: Vec<String> = img.layers.iter().map(|l| diff_id(l)).collect();
    Some(obj(vec![
        ("Id", json!(img.id)),
        ("RepoTags", json!(tags)),
        ("RepoDigests", json!(img.repo_digests)),
        ("Parent", json!(img.parent.clone().unwrap_or_default())),
        ("Comment", json!(img.comment)),
        ("Created", json!(rfc3339_nano(img.created))),
        ("DockerVersion", json!("")),
        ("Author", json!(img.author)),
        ("Config", config),
        ("Architecture", json!(img.architecture)),
        ("Os", json!(img.os)),
        ("Size", json!(d.image_size(img))),
        (
            "GraphDriver",
            json!({"Data": {"MergedDir": format!("/var/lib/docker/overlay2/{}/merged", &img.id[7..32])}, "Name": "overlay2"}),
        ),
        ("RootFS", json!({"Type": "layers", "Layers": layers})),
        (
            "Metadata",
            json!({"LastTagTime": img.last_tag_time.map(rfc3339_nano).unwrap_or_else(|| "0001-01-01T00:00:00Z".into())}),
        ),
    ]))
}

/// The uncompressed diff id of a layer (derived from its digest, stable).
pub fn diff_id(digest: &str) -> String {
    let hex = digest.strip_prefix("sha256:").unwrap_or(digest);
    let rotated: String = hex.chars().skip(7).chain(hex.chars().take(7)).collect();
    format!("sha256:{rotated}")
}

pub fn volume(ctx: &Ctx<'_>, name: &str) -> Option<Value> {
    let v = ctx.d().volumes.get(name)?;
    Some(obj(vec![
        ("CreatedAt", json!(rfc3339_nano(v.created - v.created % 1_000_000_000))),
        ("Driver", json!(v.driver)),
        (
            "Labels",
            if v.labels.is_empty() {
                Value::Null
            } else {
                json!(v.labels)
            },
        ),
        ("Mountpoint", json!(format!("/var/lib/docker/volumes/{}/_data", v.name))),
        ("Name", json!(v.name)),
        ("Options", Value::Null),
        ("Scope", json!("local")),
    ]))
}

pub fn network(ctx: &Ctx<'_>, name: &str) -> Option<Value> {
    let d = ctx.d();
    let n = d.network(name)?;
    let mut containers = Map::new();
    for c in &d.containers {
        if let Some(e) = c.networks.get(&n.name)
            && c.is_running()
        {
            let prefix = n.subnet.split('/').nth(1).unwrap_or("16");
            containers.insert(c.id.clone(), json!({"Name": c.name, "EndpointID": c.id.chars().rev().collect::<String>(), "MacAddress": e.mac, "IPv4Address": format!("{}/{prefix}", e.ip), "IPv6Address": ""}));
        }
    }
    let ipam_config = if n.subnet.is_empty() {
        json!([])
    } else {
        json!([{"Subnet": n.subnet, "Gateway": n.gateway}])
    };
    Some(obj(vec![
        ("Name", json!(n.name)),
        ("Id", json!(n.id)),
        ("Created", json!(rfc3339_nano(n.created))),
        ("Scope", json!("local")),
        ("Driver", json!(n.driver)),
        ("EnableIPv4", json!(true)),
        ("EnableIPv6", json!(false)),
        (
            "IPAM",
            json!({"Driver": "default", "Options": Value::Null, "Config": ipam_config}),
        ),
        ("Internal", json!(n.internal)),
        ("Attachable", json!(false)),
        ("Ingress", json!(false)),
        ("ConfigFrom", json!({"Network": ""})),
        ("ConfigOnly", json!(false)),
        ("Containers", Value::Object(containers)),
        ("Options", json!({})),
        ("Labels", json!(n.labels)),
    ]))
}

/// `--format` for inspect: `{{.Path.To.Field}}`, `{{json .Field}}`, literal text.
pub fn render_format(tpl: &str, v: &Value) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = tpl;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find("}}").ok_or("template: unclosed action")?;
        let action = after[..end].trim();
        let (is_json, path) = match action.strip_prefix("json ") {
            Some(p) => (true, p.trim()),
            None => (false, action),
        };
        if !path.starts_with('.') {
            return Err(format!(
                "template: :1: function \"{}\" not defined",
                path.split_whitespace().next().unwrap_or("")
            ));
        }
        let mut cur = v;
        for part in path[1..].split('.').filter(|p| !p.is_empty()) {
            cur = match cur.get(part) {
                Some(x) => x,
                None => {
                    return Err(format!(
                        "template: :1:{}: executing \"\" at <{path}>: map has no entry for key \"{part}\"",
                        start + 2
                    ));
                }
            };
        }
        if is_json {
            out.push_str(&cur.to_string());
        } else {
            out.push_str(&go_print(cur));
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Go's `fmt.Print` of a decoded JSON value as text/template shows it.
fn go_print(v: &Value) -> String {
    match v {
        Value::Null => "<no value>".into(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(a) => format!("[{}]", a.iter().map(go_print).collect::<Vec<_>>().join(" ")),
        Value::Object(m) => format!(
            "map[{}]",
            m.iter()
                .map(|(k, v)| format!("{k}:{}", go_print(v)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    }
}
