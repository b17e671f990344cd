//! `docker compose config`: the project in compose's canonical form (long syntax,
//! absolute paths, resolved names), printed as go-yaml v3 prints it (keys in
//! compose-go's field order, 2-space indent, quoting only where YAML needs it).

use super::model::*;

/// A value of the canonical document.
#[derive(Clone, Debug, PartialEq)]
pub enum Out {
    Null,
    Str(String),
    Int(i64),
    Bool(bool),
    Seq(Vec<Out>),
    Map(Vec<(String, Out)>),
}

fn s(v: impl Into<String>) -> Out {
    Out::Str(v.into())
}

/// Go's `time.Duration.String()` for whole milliseconds.
pub fn go_duration(millis: u64) -> String {
    if millis == 0 {
        return "0s".into();
    }
    if millis < 1000 {
        return format!("{millis}ms");
    }
    let h = millis / 3_600_000;
    let m = (millis / 60_000) % 60;
    let sec = (millis % 60_000) as f64 / 1000.0;
    let secs = if sec.fract() == 0.0 {
        format!("{}s", sec as u64)
    } else {
        format!("{}s", sec)
    };
    if h > 0 {
        format!("{h}h{m}m{secs}")
    } else if m > 0 {
        format!("{m}m{secs}")
    } else {
        secs
    }
}

fn kv_map(items: &[(String, String)]) -> Out {
    let mut v: Vec<(String, Out)> = items.iter().map(|(k, val)| (k.clone(), s(val.clone()))).collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    Out::Map(v)
}

fn service(svc: &Service) -> Out {
    let mut m: Vec<(String, Out)> = Vec::new();
    if let Some(b) = &svc.build {
        let mut bm = vec![
            ("context".to_string(), s(b.context.clone())),
            (
                "dockerfile".to_string(),
                s(b.dockerfile.clone().unwrap_or_else(|| "Dockerfile".into())),
            ),
        ];
        if !b.args.is_empty() {
            bm.push(("args".into(), kv_map(&b.args)));
        }
        if let Some(t) = &b.target {
            bm.push(("target".into(), s(t.clone())));
        }
        m.push(("build".into(), Out::Map(bm)));
    }
    if let Some(c) = &svc.command {
        m.push(("command".into(), Out::Seq(c.iter().map(|x| s(x.clone())).collect())));
    }
    if let Some(n) = &svc.container_name {
        m.push(("container_name".into(), s(n.clone())));
    }
    if !svc.depends_on.is_empty() {
        let mut deps: Vec<(String, Out)> = svc
            .depends_on
            .iter()
            .map(|d| {
                let mut dm = vec![
                    ("condition".to_string(), s(d.condition.as_str())),
                    ("required".to_string(), Out::Bool(d.required)),
                ];
                if d.restart {
                    dm.insert(1, ("restart".into(), Out::Bool(true)));
                }
                (d.service.clone(), Out::Map(dm))
            })
            .collect();
        deps.sort_by(|a, b| a.0.cmp(&b.0));
        m.push(("depends_on".into(), Out::Map(deps)));
    }
    if let Some(e) = &svc.entrypoint {
        m.push(("entrypoint".into(), Out::Seq(e.iter().map(|x| s(x.clone())).collect())));
    }
    if !svc.environment.is_empty() {
        m.push(("environment".into(), kv_map(&svc.environment)));
    }
    if !svc.env_files.is_empty() {
        m.push((
            "env_file".into(),
            Out::Seq(
                svc.env_files
                    .iter()
                    .map(|f| {
                        Out::Map(vec![
                            ("path".into(), s(f.clone())),
                            ("required".into(), Out::Bool(true)),
                        ])
                    })
                    .collect(),
            ),
        ));
    }
    if !svc.expose.is_empty() {
        m.push((
            "expose".into(),
            Out::Seq(svc.expose.iter().map(|x| s(x.clone())).collect()),
        ));
    }
    if let Some(h) = &svc.hostname {
        m.push(("hostname".into(), s(h.clone())));
    }
    if let Some(h) = &svc.healthcheck {
        let mut hm: Vec<(String, Out)> = Vec::new();
        if !h.test.is_empty() {
            hm.push(("test".into(), Out::Seq(h.test.iter().map(|x| s(x.clone())).collect())));
        }
        if let Some(d) = &h.timeout {
            hm.push(("timeout".into(), s(go_duration(d.millis))));
        }
        if let Some(d) = &h.interval {
            hm.push(("interval".into(), s(go_duration(d.millis))));
        }
        if let Some(r) = h.retries {
            hm.push(("retries".into(), Out::Int(i64::from(r))));
        }
        if let Some(d) = &h.start_period {
            hm.push(("start_period".into(), s(go_duration(d.millis))));
        }
        if h.disable {
            hm.push(("disable".into(), Out::Bool(true)));
        }
        m.push(("healthcheck".into(), Out::Map(hm)));
    }
    if let Some(i) = &svc.image {
        m.push(("image".into(), s(i.clone())));
    }
    if !svc.labels.is_empty() {
        m.push(("labels".into(), kv_map(&svc.labels)));
    }
    if let Some(mode) = &svc.network_mode {
        m.push(("network_mode".into(), s(mode.clone())));
    } else {
        let mut nets: Vec<(String, Out)> = if svc.networks.is_empty() {
            vec![("default".into(), Out::Null)]
        } else {
            svc.networks
                .iter()
                .map(|n| {
                    let v = if n.aliases.is_empty() {
                        Out::Null
                    } else {
                        Out::Map(vec![(
                            "aliases".into(),
                            Out::Seq(n.aliases.iter().map(|a| s(a.clone())).collect()),
                        )])
                    };
                    (n.key.clone(), v)
                })
                .collect()
        };
        nets.sort_by(|a, b| a.0.cmp(&b.0));
        m.push(("networks".into(), Out::Map(nets)));
    }
    if !svc.port_specs.is_empty() {
        let ports = svc
            .port_specs
            .iter()
            .map(|ps| {
                let mut pm = vec![("mode".to_string(), s(ps.mode.clone()))];
                if let Some(ip) = &ps.host_ip {
                    pm.push(("host_ip".into(), s(ip.clone())));
                }
                pm.push(("target".into(), Out::Int(i64::from(ps.target))));
                if let Some(pb) = &ps.published {
                    pm.push(("published".into(), s(pb.clone())));
                }
                pm.push(("protocol".into(), s(ps.protocol.clone())));
                Out::Map(pm)
            })
            .collect();
        m.push(("ports".into(), Out::Seq(ports)));
    }
    if let Some(pp) = &svc.pull_policy {
        m.push(("pull_policy".into(), s(pp.clone())));
    }
    if let Some(r) = &svc.restart {
        m.push(("restart".into(), s(r.clone())));
    }
    if svc.stdin_open {
        m.push(("stdin_open".into(), Out::Bool(true)));
    }
    if let Some(g) = svc.stop_grace_period {
        m.push(("stop_grace_period".into(), s(go_duration(g * 1000))));
    }
    if let Some(sig) = &svc.stop_signal {
        m.push(("stop_signal".into(), s(sig.clone())));
    }
    if svc.tty {
        m.push(("tty".into(), Out::Bool(true)));
    }
    if let Some(u) = &svc.user {
        m.push(("user".into(), s(u.clone())));
    }
    if !svc.volumes.is_empty() {
        let vols = svc
            .volumes
            .iter()
            .map(|v| {
                let mut vm = vec![("type".to_string(), s(v.kind.as_str()))];
                if !v.source.is_empty() {
                    vm.push(("source".into(), s(v.source.clone())));
                }
                vm.push(("target".into(), s(v.target.clone())));
                if v.read_only {
                    vm.push(("read_only".into(), Out::Bool(true)));
                }
                match v.kind {
                    // compose-go omits `bind:` unless the host path is to be created.
                    MountType::Bind if v.create_host_path => vm.push((
                        "bind".into(),
                        Out::Map(vec![("create_host_path".into(), Out::Bool(true))]),
                    )),
                    MountType::Bind => {}
                    MountType::Volume => vm.push(("volume".into(), Out::Map(vec![]))),
                    MountType::Tmpfs => {}
                }
                Out::Map(vm)
            })
            .collect();
        m.push(("volumes".into(), Out::Seq(vols)));
    }
    if let Some(w) = &svc.working_dir {
        m.push(("working_dir".into(), s(w.clone())));
    }
    Out::Map(m)
}

/// The canonical document.
pub fn document(p: &Project) -> Out {
    let mut top = vec![("name".to_string(), s(p.name.clone()))];
    let mut services: Vec<(String, Out)> = p.services.iter().map(|x| (x.name.clone(), service(x))).collect();
    services.sort_by(|a, b| a.0.cmp(&b.0));
    top.push(("services".into(), Out::Map(services)));
    let uses_default = p
        .services
        .iter()
        .any(|x| x.network_mode.is_none() && x.networks.iter().all(|n| n.key == "default"));
    let mut nets: Vec<(String, Out)> = Vec::new();
    if uses_default && !p.networks.iter().any(|n| n.key == "default") {
        nets.push((
            "default".into(),
            Out::Map(vec![("name".into(), s(format!("{}_default", p.name)))]),
        ));
    }
    for n in &p.networks {
        let mut nm = vec![("name".to_string(), s(n.name.clone()))];
        if let Some(d) = &n.driver {
            nm.push(("driver".into(), s(d.clone())));
        }
        if n.external {
            nm.push(("external".into(), Out::Bool(true)));
        }
        if n.internal {
            nm.push(("internal".into(), Out::Bool(true)));
        }
        nets.push((n.key.clone(), Out::Map(nm)));
    }
    nets.sort_by(|a, b| a.0.cmp(&b.0));
    if !nets.is_empty() {
        top.push(("networks".into(), Out::Map(nets)));
    }
    let mut vols: Vec<(String, Out)> = p
        .volumes
        .iter()
        .map(|v| {
            let mut vm = vec![("name".to_string(), s(v.name.clone()))];
            if let Some(d) = &v.driver {
                vm.push(("driver".into(), s(d.clone())));
            }
            if v.external {
                vm.push(("external".into(), Out::Bool(true)));
            }
            (v.key.clone(), Out::Map(vm))
        })
        .collect();
    vols.sort_by(|a, b| a.0.cmp(&b.0));
    if !vols.is_empty() {
        top.push(("volumes".into(), Out::Map(vols)));
    }
    Out::Map(top)
}

pub fn render_yaml(p: &Project) -> String {
    let mut out = String::new();
    emit(&document(p), 0, &mut out);
    out
}

pub fn render_json(p: &Project) -> String {
    let mut out = String::new();
    json(&document(p), 0, &mut out);
    out.push('\n');
    out
}

// ------------------------------------------------------------------ YAML emitter

/// Whether a plain scalar would read back as something other than this string.
fn resolves_to_other(v: &str) -> bool {
    if matches!(
        v,
        "" | "~" | "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
    ) {
        return true;
    }
    // go-yaml v3 also quotes YAML 1.1 booleans.
    if matches!(
        v,
        "y" | "Y" | "yes" | "Yes" | "YES" | "n" | "N" | "no" | "No" | "NO" | "on" | "On" | "ON" | "off" | "Off" | "OFF"
    ) {
        return true;
    }
    if matches!(
        v,
        ".inf" | ".Inf" | ".INF" | "+.inf" | "-.inf" | ".nan" | ".NaN" | ".NAN"
    ) {
        return true;
    }
    let t = v.strip_prefix(['+', '-']).unwrap_or(v);
    if t.is_empty() {
        return false;
    }
    if t.chars().all(|c| c.is_ascii_digit() || c == '_') && t.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return true;
    }
    if let Some(h) = t
        .strip_prefix("0x")
        .or_else(|| t.strip_prefix("0o"))
        .or_else(|| t.strip_prefix("0b"))
    {
        return !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit() || c == '_');
    }
    // Floats: digits with one dot and/or an exponent.
    let (mant, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let mant_ok = !mant.is_empty()
        && mant.chars().all(|c| c.is_ascii_digit() || c == '.')
        && mant.matches('.').count() <= 1
        && mant.chars().any(|c| c.is_ascii_digit());
    let exp_ok = exp.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && e.chars().all(|c| c.is_ascii_digit())
    });
    mant_ok && exp_ok && (mant.contains('.') || exp.is_some())
}

fn plain_allowed(v: &str) -> bool {
    if v.is_empty() || v.starts_with(' ') || v.ends_with(' ') || v.contains('\n') || v.contains('\t') {
        return false;
    }
    let first = v.chars().next().unwrap_or(' ');
    if "#,[]{}&*!|>'\"%@`".contains(first) {
        return false;
    }
    if matches!(first, '-' | '?' | ':') && (v.len() == 1 || v[1..].starts_with(' ')) {
        return false;
    }
    if v.contains(": ") || v.contains(" #") || v.ends_with(':') {
        return false;
    }
    v.chars().all(|c| !c.is_control())
}

fn double_quoted(v: &str) -> String {
    crate::compose::yaml::go_quote(v)
}

fn scalar(v: &str) -> String {
    if resolves_to_other(v) {
        return double_quoted(v);
    }
    if plain_allowed(v) {
        return v.to_string();
    }
    if v.chars().any(|c| c.is_control()) {
        return double_quoted(v);
    }
    format!("'{}'", v.replace('\'', "''"))
}

fn inline(v: &Out) -> Option<String> {
    match v {
        Out::Null => Some("null".into()),
        Out::Bool(b) => Some(b.to_string()),
        Out::Int(i) => Some(i.to_string()),
        Out::Str(x) if x.contains('\n') => None,
        Out::Str(x) => Some(scalar(x)),
        Out::Seq(items) if items.is_empty() => Some("[]".into()),
        Out::Map(m) if m.is_empty() => Some("{}".into()),
        _ => None,
    }
}

fn literal(text: &str, indent: usize, out: &mut String) {
    let chomp = if text.ends_with('\n') { "" } else { "-" };
    out.push_str(&format!("|{chomp}\n"));
    for line in text.trim_end_matches('\n').split('\n') {
        if !line.is_empty() {
            out.push_str(&" ".repeat(indent));
            out.push_str(line);
        }
        out.push('\n');
    }
}

fn emit(v: &Out, indent: usize, out: &mut String) {
    match v {
        Out::Map(m) => {
            for (k, val) in m {
                out.push_str(&" ".repeat(indent));
                out.push_str(&scalar(k));
                out.push(':');
                match inline(val) {
                    Some(t) => {
                        out.push(' ');
                        out.push_str(&t);
                        out.push('\n');
                    }
                    None => match val {
                        Out::Str(x) => {
                            out.push(' ');
                            literal(x, indent + 2, out);
                        }
                        _ => {
                            out.push('\n');
                            emit(val, indent + 2, out);
                        }
                    },
                }
            }
        }
        Out::Seq(items) => {
            for it in items {
                out.push_str(&" ".repeat(indent));
                out.push_str("- ");
                match inline(it) {
                    Some(t) => {
                        out.push_str(&t);
                        out.push('\n');
                    }
                    None => match it {
                        Out::Map(_) => {
                            let mut inner = String::new();
                            emit(it, indent + 2, &mut inner);
                            // The first entry shares the dash's line.
                            out.push_str(inner.trim_start_matches(' '));
                        }
                        Out::Str(x) => literal(x, indent + 2, out),
                        _ => {
                            out.push('\n');
                            emit(it, indent + 2, out);
                        }
                    },
                }
            }
        }
        other => {
            out.push_str(&" ".repeat(indent));
            out.push_str(&inline(other).unwrap_or_default());
            out.push('\n');
        }
    }
}

fn json(v: &Out, indent: usize, out: &mut String) {
    let pad = |n: usize| " ".repeat(n);
    match v {
        Out::Null => out.push_str("null"),
        Out::Bool(b) => out.push_str(&b.to_string()),
        Out::Int(i) => out.push_str(&i.to_string()),
        Out::Str(x) => out.push_str(&serde_json::to_string(x).unwrap_or_else(|_| "\"\"".into())),
        Out::Seq(items) => {
            if items.is_empty() {
                out.push_str("[]");
                return;
            }
            out.push_str("[\n");
            for (i, it) in items.iter().enumerate() {
                out.push_str(&pad(indent + 2));
                json(it, indent + 2, out);
                if i + 1 < items.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            out.push_str(&pad(indent));
            out.push(']');
        }
        Out::Map(m) => {
            if m.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push_str("{\n");
            for (i, (k, val)) in m.iter().enumerate() {
                out.push_str(&pad(indent + 2));
                out.push_str(&serde_json::to_string(k).unwrap_or_else(|_| "\"\"".into()));
                out.push_str(": ");
                json(val, indent + 2, out);
                if i + 1 < m.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            out.push_str(&pad(indent));
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(scalar("8080"), "\"8080\"");
        assert_eq!(scalar("postgres:14-alpine"), "postgres:14-alpine");
        assert_eq!(scalar("a: b"), "'a: b'");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar(""), "\"\"");
        assert_eq!(scalar("1.5"), "\"1.5\"");
        assert_eq!(scalar("-c"), "-c");
        assert_eq!(scalar("#x"), "'#x'");
    }

    #[test]
    fn durations() {
        assert_eq!(go_duration(1000), "1s");
        assert_eq!(go_duration(90_000), "1m30s");
        assert_eq!(go_duration(500), "500ms");
        assert_eq!(go_duration(3_600_000), "1h0m0s");
    }

    #[test]
    fn document_yaml() {
        let p = crate::compose::load::parse_text(
            "services:\n  web:\n    image: nginx\n    ports: [\"8080:80\"]\n    command: nginx -g 'daemon off;'\n",
        )
        .unwrap();
        let y = render_yaml(&p);
        assert!(
            y.starts_with(
                "name: app\nservices:\n  web:\n    command:\n      - nginx\n      - -g\n      - daemon off;\n"
            ),
            "{y}"
        );
        assert!(y.contains("    ports:\n      - mode: ingress\n        target: 80\n        published: \"8080\"\n        protocol: tcp\n"), "{y}");
        assert!(y.ends_with("networks:\n  default:\n    name: app_default\n"), "{y}");
    }
}
