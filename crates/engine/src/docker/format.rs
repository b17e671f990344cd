//! Docker's output formats in one place: the `ps`/`images`/`history` columns, PORTS
//! grouping, STATUS strings, `--format` templates (the common `{{.Field}}` subset and
//! `json`), so executors never build Docker text themselves.

use std::collections::BTreeMap;

use crate::daemon::Daemon;
use crate::model::{Container, Health, PortBinding, Status};
use crate::tabwriter::{ellipsis, go_quote};
use crate::time::Time;
use crate::units::{human_duration, size3};

pub fn ago(now: Time, t: Time) -> String {
    format!("{} ago", human_duration(((now - t).max(0)) as f64 / 1e9))
}

/// `Up 26 seconds`, `Exited (0) 12 seconds ago`, `Created`, `Up 5 minutes (Paused)`.
pub fn status(c: &Container, now: Time) -> String {
    let since = |t: Option<Time>| human_duration(((now - t.unwrap_or(now)).max(0)) as f64 / 1e9);
    match c.state.status {
        Status::Running => {
            let mut s = format!("Up {}", since(c.state.started_at));
            match c.state.health {
                Some(Health::Starting) => s.push_str(" (health: starting)"),
                Some(Health::Healthy) => s.push_str(" (healthy)"),
                Some(Health::Unhealthy) => s.push_str(" (unhealthy)"),
                None => {}
            }
            s
        }
        Status::Paused => format!("Up {} (Paused)", since(c.state.started_at)),
        Status::Restarting => format!("Restarting ({}) {} ago", c.state.exit_code, since(c.state.finished_at)),
        Status::Removing => "Removal In Progress".into(),
        Status::Dead => "Dead".into(),
        Status::Created => "Created".into(),
        Status::Exited => format!("Exited ({}) {} ago", c.state.exit_code, since(c.state.finished_at)),
    }
}

fn host_port_str(ip: &str, port: u16) -> String {
    if ip.contains(':') {
        format!("[{ip}]:{port}")
    } else {
        format!("{ip}:{port}")
    }
}

/// The PORTS column (`DisplayablePorts`): exposed-only ranges, same-port groups, then the rest.
pub fn ports_column(exposed: &[String], bound: &[PortBinding]) -> String {
    #[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
    struct P {
        private: u16,
        ip: String,
        public: u16,
        proto: String,
    }
    let mut ports: Vec<P> = bound
        .iter()
        .map(|b| P {
            private: b.container_port,
            ip: b.host_ip.clone(),
            public: b.host_port,
            proto: b.proto.clone(),
        })
        .collect();
    for e in exposed {
        let (num, proto) = e.split_once('/').unwrap_or((e.as_str(), "tcp"));
        if let Ok(n) = num.parse::<u16>()
            && !bound.iter().any(|b| b.container_port == n && b.proto == proto)
        {
            ports.push(P {
                private: n,
                ip: String::new(),
                public: 0,
                proto: proto.to_string(),
            });
        }
    }
    ports.sort();
    // Group keys in first-seen order.
    let mut group_order: Vec<String> = Vec::new();
    let mut groups: BTreeMap<String, Vec<u16>> = BTreeMap::new();
    let mut singles: Vec<String> = Vec::new();
    for p in &ports {
        let key = if p.ip.is_empty() {
            format!("/{}", p.proto)
        } else if p.public == p.private {
            format!("{}/{}", host_port_str(&p.ip, 0).trim_end_matches(":0"), p.proto)
        } else {
            singles.push(format!("{}->{}/{}", host_port_str(&p.ip, p.public), p.private, p.proto));
            continue;
        };
        if !groups.contains_key(&key) {
            group_order.push(key.clone());
        }
        groups.entry(key).or_default().push(p.private);
    }
    let mut out: Vec<String> = Vec::new();
    for key in group_order {
        let nums = &groups[&key];
        let (ipk, proto) = key.rsplit_once('/').unwrap_or(("", "tcp"));
        // Consecutive ranges.
        let mut ranges: Vec<(u16, u16)> = Vec::new();
        for &n in nums {
            match ranges.last_mut() {
                Some((_, hi)) if n == *hi + 1 => *hi = n,
                Some((_, hi)) if n == *hi => {}
                _ => ranges.push((n, n)),
            }
        }
        for (lo, hi) in ranges {
            let r = if lo == hi { lo.to_string() } else { format!("{lo}-{hi}") };
            if ipk.is_empty() {
                out.push(format!("{r}/{proto}"));
            } else {
                out.push(format!("{ipk}:{r}->{r}/{proto}"));
            }
        }
    }
    out.extend(singles);
    out.join(", ")
}

/// The COMMAND cell: `"python -m http.serv…"` (or untruncated with `--no-trunc`).
pub fn command_cell(c: &Container, trunc: bool) -> String {
    let cmd = c.command_line();
    if trunc {
        go_quote(&ellipsis(&cmd, 20))
    } else {
        go_quote(&cmd)
    }
}

/// IMAGE column: as typed, or the short id if the reference no longer points at it.
pub fn image_cell(d: &Daemon, c: &Container) -> String {
    match d.image_id_for(&c.image_ref) {
        Some(id) if id == c.image_id => familiar_typed(&c.image_ref),
        _ => short(&c.image_id).to_string(),
    }
}

fn familiar_typed(r: &str) -> String {
    match crate::reference::Reference::parse(r) {
        Ok(rf) => {
            let mut s = rf.familiar_repository();
            if let Some(t) = &rf.tag {
                s.push(':');
                s.push_str(t);
            }
            s
        }
        Err(_) => r.to_string(),
    }
}

/// 12-character id without the `sha256:` prefix.
pub fn short(id: &str) -> &str {
    let h = id.split_once(':').map(|x| x.1).unwrap_or(id);
    &h[..h.len().min(12)]
}

/// Fields of one container row, for tables and `--format`.
pub fn container_fields(
    d: &Daemon,
    c: &Container,
    now: Time,
    trunc: bool,
    size: bool,
) -> BTreeMap<&'static str, String> {
    let mut m = BTreeMap::new();
    m.insert("ID", if trunc { short(&c.id).to_string() } else { c.id.clone() });
    m.insert("Image", image_cell(d, c));
    m.insert("Command", command_cell(c, trunc));
    m.insert("CreatedAt", crate::time::go_default(c.created));
    m.insert("RunningFor", ago(now, c.created));
    m.insert(
        "Ports",
        if c.is_running() {
            ports_column(&c.config.exposed_ports, &c.ports)
        } else {
            String::new()
        },
    );
    m.insert("State", c.state.status.as_str().to_string());
    m.insert("Status", status(c, now));
    m.insert("Names", c.name.clone());
    m.insert(
        "Labels",
        c.labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(","),
    );
    m.insert(
        "Mounts",
        c.mounts
            .iter()
            .map(|mt| {
                if mt.kind == crate::model::MountKind::Volume {
                    ellipsis(&mt.source, 15)
                } else {
                    mt.source.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(","),
    );
    m.insert("Networks", c.networks.keys().cloned().collect::<Vec<_>>().join(","));
    if size {
        let rw = c.rw.size();
        let virt = rw + d.images.get(&c.image_id).map(|i| d.image_size(i)).unwrap_or(0);
        m.insert("Size", format!("{} (virtual {})", size3(rw), size3(virt)));
    }
    m
}

/// Renders a Go-template `--format` string for the common cases: `{{.Field}}`,
/// `{{json .}}`, `{{json .Field}}`, literal text, `\t` and `\n`, and a leading `table `.
pub fn render_template(tpl: &str, fields: &BTreeMap<&'static str, String>) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = tpl;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| "template: unclosed action".to_string())?;
        let action = after[..end].trim();
        if action == "json ." {
            let map: serde_json::Map<String, serde_json::Value> = fields
                .iter()
                .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.clone())))
                .collect();
            out.push_str(&serde_json::Value::Object(map).to_string());
        } else if let Some(f) = action.strip_prefix("json .") {
            let v = fields.get(f).ok_or_else(|| no_field(f))?;
            out.push_str(&serde_json::Value::String(v.clone()).to_string());
        } else if let Some(f) = action.strip_prefix('.') {
            let v = fields.get(f).ok_or_else(|| no_field(f))?;
            out.push_str(v);
        } else {
            return Err(format!(
                "template: :1: function \"{}\" not defined",
                action.split_whitespace().next().unwrap_or("")
            ));
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out.replace("\\t", "\t").replace("\\n", "\n"))
}

fn no_field(f: &str) -> String {
    format!("template: :1:2: executing \"\" at <.{f}>: can't evaluate field {f} in type formatter.Context")
}

/// Renders rows with `--format` (table or plain).
pub fn format_rows(
    tpl: &str,
    header: &BTreeMap<&'static str, String>,
    rows: &[BTreeMap<&'static str, String>],
) -> Result<String, String> {
    if tpl == "json" {
        return format_rows("{{json .}}", header, rows);
    }
    if let Some(t) = tpl.strip_prefix("table") {
        let t = t.trim_start();
        let t = if t.is_empty() {
            return Err("table format requires columns".into());
        } else {
            t
        };
        let mut text = render_template(t, header)?;
        for r in rows {
            text.push('\n');
            text.push_str(&render_template(t, r)?);
        }
        let mut s = crate::tabwriter::layout(&text, 10, 3);
        s.push('\n');
        return Ok(s);
    }
    let mut s = String::new();
    for r in rows {
        s.push_str(&render_template(tpl, r)?);
        s.push('\n');
    }
    Ok(s)
}

pub fn ps_header() -> BTreeMap<&'static str, String> {
    [
        ("ID", "CONTAINER ID"),
        ("Image", "IMAGE"),
        ("Command", "COMMAND"),
        ("CreatedAt", "CREATED AT"),
        ("RunningFor", "CREATED"),
        ("Ports", "PORTS"),
        ("State", "STATE"),
        ("Status", "STATUS"),
        ("Names", "NAMES"),
        ("Labels", "LABELS"),
        ("Mounts", "MOUNTS"),
        ("Networks", "NETWORKS"),
        ("Size", "SIZE"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_string()))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(cp: u16, ip: &str, hp: u16) -> PortBinding {
        PortBinding {
            container_port: cp,
            proto: "tcp".into(),
            host_ip: ip.into(),
            host_port: hp,
        }
    }

    #[test]
    fn ports_like_docker_28() {
        assert_eq!(
            ports_column(&["80/tcp".into()], &[b(80, "0.0.0.0", 8080), b(80, "::", 8080)]),
            "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp"
        );
        assert_eq!(
            ports_column(&["80/tcp".into(), "443/tcp".into()], &[]),
            "80/tcp, 443/tcp"
        );
        assert_eq!(
            ports_column(&["8000/tcp".into(), "8001/tcp".into(), "8002/tcp".into()], &[]),
            "8000-8002/tcp"
        );
        assert_eq!(
            ports_column(&[], &[b(8888, "0.0.0.0", 8888), b(8888, "::", 8888)]),
            "0.0.0.0:8888->8888/tcp, [::]:8888->8888/tcp"
        );
    }
}
