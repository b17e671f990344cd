//! The shape of a Compose file, as compose's JSON schema checks it: which keys each
//! object allows and what type each value must have. Checking is a walk over the
//! YAML tree that stops at the first problem with compose's own wording
//! (`services.web additional properties 'imgae' not allowed`,
//! `services.web.ports must be a array`). Keys the simulator does not act on are
//! still known here, so a valid file is never rejected.

use super::yaml::{Node, Value};

/// What a value must look like.
#[derive(Clone, Copy)]
pub enum S {
    /// Anything (valid compose keys the simulator ignores).
    Any,
    Str,
    /// Strings or numbers (`published`, `expose` items, sizes).
    StrNum,
    /// `true`/`false` (or their strings, as interpolation yields).
    Bool,
    /// Numbers (or numeric strings).
    Num,
    /// `environment`/`labels`/`args`: a list of strings or a mapping of scalars.
    ListOrDict,
    /// `command`/`entrypoint`: null, a string or a list of strings.
    Command,
    List(&'static S),
    /// An object with these keys; others are rejected (except `x-…`).
    Obj(&'static [(&'static str, S)]),
    /// A mapping from user-chosen names to values of one shape.
    MapOf(&'static S),
    /// The first alternative whose top-level type matches decides.
    OneOf(&'static [S]),
    Null,
}

pub const TOP: &[(&str, S)] = &[
    ("version", S::StrNum),
    ("name", S::Str),
    ("include", S::Any),
    ("services", S::MapOf(&S::Obj(SERVICE))),
    ("networks", S::MapOf(&S::OneOf(&[S::Null, S::Obj(NETWORK)]))),
    ("volumes", S::MapOf(&S::OneOf(&[S::Null, S::Obj(VOLUME)]))),
    ("secrets", S::Any),
    ("configs", S::Any),
    ("models", S::Any),
];

const STR_LIST: S = S::List(&S::Str);

pub const SERVICE: &[(&str, S)] = &[
    ("annotations", S::Any),
    ("attach", S::Bool),
    ("blkio_config", S::Any),
    ("build", S::OneOf(&[S::Str, S::Obj(BUILD)])),
    ("cap_add", STR_LIST),
    ("cap_drop", STR_LIST),
    ("cgroup", S::Str),
    ("cgroup_parent", S::Str),
    ("command", S::Command),
    ("configs", S::Any),
    ("container_name", S::Str),
    ("cpu_count", S::StrNum),
    ("cpu_percent", S::StrNum),
    ("cpu_period", S::StrNum),
    ("cpu_quota", S::StrNum),
    ("cpu_rt_period", S::StrNum),
    ("cpu_rt_runtime", S::StrNum),
    ("cpu_shares", S::StrNum),
    ("cpus", S::StrNum),
    ("cpuset", S::Str),
    ("credential_spec", S::Any),
    (
        "depends_on",
        S::OneOf(&[S::List(&S::Str), S::MapOf(&S::Obj(DEPENDS_ON))]),
    ),
    ("deploy", S::Any),
    ("develop", S::Any),
    ("device_cgroup_rules", STR_LIST),
    ("devices", S::Any),
    ("dns", S::Any),
    ("dns_opt", STR_LIST),
    ("dns_search", S::Any),
    ("domainname", S::Str),
    ("entrypoint", S::Command),
    (
        "env_file",
        S::OneOf(&[S::Str, S::List(&S::OneOf(&[S::Str, S::Obj(ENV_FILE)]))]),
    ),
    ("environment", S::ListOrDict),
    ("expose", S::List(&S::StrNum)),
    ("extends", S::Any),
    ("external_links", STR_LIST),
    ("extra_hosts", S::Any),
    ("gpus", S::Any),
    ("group_add", S::Any),
    ("healthcheck", S::Obj(HEALTHCHECK)),
    ("hostname", S::Str),
    ("image", S::Str),
    ("init", S::Bool),
    ("ipc", S::Str),
    ("isolation", S::Str),
    ("label_file", S::Any),
    ("labels", S::ListOrDict),
    ("links", STR_LIST),
    ("logging", S::Any),
    ("mac_address", S::Str),
    ("mem_limit", S::StrNum),
    ("mem_reservation", S::StrNum),
    ("mem_swappiness", S::StrNum),
    ("memswap_limit", S::StrNum),
    ("models", S::Any),
    ("network_mode", S::Str),
    (
        "networks",
        S::OneOf(&[
            S::List(&S::Str),
            S::MapOf(&S::OneOf(&[S::Null, S::Obj(SERVICE_NETWORK)])),
        ]),
    ),
    ("oom_kill_disable", S::Bool),
    ("oom_score_adj", S::StrNum),
    ("pid", S::Any),
    ("pids_limit", S::StrNum),
    ("platform", S::Str),
    ("ports", S::List(&S::OneOf(&[S::StrNum, S::Obj(PORT)]))),
    ("post_start", S::Any),
    ("pre_stop", S::Any),
    ("privileged", S::Bool),
    ("profiles", STR_LIST),
    ("provider", S::Any),
    ("pull_policy", S::Str),
    ("pull_refresh_after", S::Str),
    ("read_only", S::Bool),
    ("restart", S::Str),
    ("runtime", S::Str),
    ("scale", S::StrNum),
    ("secrets", S::Any),
    ("security_opt", STR_LIST),
    ("shm_size", S::StrNum),
    ("stdin_open", S::Bool),
    ("stop_grace_period", S::Str),
    ("stop_signal", S::Str),
    ("storage_opt", S::Any),
    ("sysctls", S::Any),
    ("tmpfs", S::Any),
    ("tty", S::Bool),
    ("ulimits", S::Any),
    ("use_api_socket", S::Bool),
    ("user", S::Str),
    ("userns_mode", S::Str),
    ("uts", S::Str),
    ("volumes", S::List(&S::OneOf(&[S::Str, S::Obj(SERVICE_VOLUME)]))),
    ("volumes_from", STR_LIST),
    ("working_dir", S::Str),
];

pub const BUILD: &[(&str, S)] = &[
    ("context", S::Str),
    ("dockerfile", S::Str),
    ("dockerfile_inline", S::Str),
    ("entitlements", S::Any),
    ("args", S::ListOrDict),
    ("ssh", S::Any),
    ("labels", S::ListOrDict),
    ("cache_from", S::Any),
    ("cache_to", S::Any),
    ("no_cache", S::Bool),
    ("additional_contexts", S::Any),
    ("network", S::Str),
    ("provenance", S::Any),
    ("sbom", S::Any),
    ("pull", S::Bool),
    ("target", S::Str),
    ("shm_size", S::StrNum),
    ("extra_hosts", S::Any),
    ("isolation", S::Str),
    ("privileged", S::Bool),
    ("secrets", S::Any),
    ("tags", STR_LIST),
    ("ulimits", S::Any),
    ("platforms", STR_LIST),
];

pub const HEALTHCHECK: &[(&str, S)] = &[
    ("disable", S::Bool),
    ("interval", S::Str),
    ("retries", S::Num),
    ("test", S::OneOf(&[S::Str, S::List(&S::Str)])),
    ("timeout", S::Str),
    ("start_period", S::Str),
    ("start_interval", S::Str),
];

pub const DEPENDS_ON: &[(&str, S)] = &[("condition", S::Str), ("restart", S::Bool), ("required", S::Bool)];

pub const ENV_FILE: &[(&str, S)] = &[("path", S::Str), ("required", S::Bool), ("format", S::Str)];

pub const PORT: &[(&str, S)] = &[
    ("name", S::Str),
    ("mode", S::Str),
    ("host_ip", S::Str),
    ("target", S::StrNum),
    ("published", S::StrNum),
    ("protocol", S::Str),
    ("app_protocol", S::Str),
];

pub const SERVICE_VOLUME: &[(&str, S)] = &[
    ("type", S::Str),
    ("source", S::Str),
    ("target", S::Str),
    ("read_only", S::Bool),
    ("consistency", S::Str),
    (
        "bind",
        S::Obj(&[
            ("propagation", S::Str),
            ("create_host_path", S::Bool),
            ("recursive", S::Str),
            ("selinux", S::Str),
        ]),
    ),
    ("volume", S::Obj(&[("nocopy", S::Bool), ("subpath", S::Str)])),
    ("tmpfs", S::Obj(&[("size", S::StrNum), ("mode", S::Num)])),
    ("image", S::Obj(&[("subpath", S::Str)])),
];

pub const SERVICE_NETWORK: &[(&str, S)] = &[
    ("aliases", STR_LIST),
    ("interface_name", S::Str),
    ("ipv4_address", S::Str),
    ("ipv6_address", S::Str),
    ("link_local_ips", STR_LIST),
    ("mac_address", S::Str),
    ("driver_opts", S::Any),
    ("priority", S::Num),
    ("gw_priority", S::Num),
];

pub const NETWORK: &[(&str, S)] = &[
    ("name", S::Str),
    ("driver", S::Str),
    ("driver_opts", S::Any),
    ("ipam", S::Any),
    ("external", S::Any),
    ("internal", S::Bool),
    ("enable_ipv4", S::Bool),
    ("enable_ipv6", S::Bool),
    ("attachable", S::Bool),
    ("labels", S::ListOrDict),
];

pub const VOLUME: &[(&str, S)] = &[
    ("name", S::Str),
    ("driver", S::Str),
    ("driver_opts", S::Any),
    ("external", S::Any),
    ("labels", S::ListOrDict),
];

/// A schema violation: where (dotted path and line) and compose's sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub path: String,
    pub line: u32,
    /// `services.web additional properties 'imgae' not allowed`.
    pub message: String,
    /// Unknown keys, when that is the problem (for suggestions).
    pub unknown: Vec<String>,
    /// The keys the object allows (for suggestions).
    pub allowed: Vec<&'static str>,
    /// The expected type, for type errors.
    pub expected: Option<String>,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn type_error(path: &str, n: &Node, want: &str) -> Box<Violation> {
    let message = if path.is_empty() {
        format!("must be a {want}")
    } else {
        format!("{path} must be a {want}")
    };
    Box::new(Violation {
        path: path.to_string(),
        line: n.line,
        message,
        unknown: vec![],
        allowed: vec![],
        expected: Some(want.to_string()),
    })
}

fn is_numeric_str(s: &str) -> bool {
    !s.is_empty() && s.parse::<f64>().is_ok()
}

fn scalar(n: &Node) -> bool {
    matches!(
        n.value,
        Value::Str(_) | Value::Int(_) | Value::Float(_) | Value::Bool(_) | Value::Null
    )
}

/// The top-level type an alternative accepts, to pick the `OneOf` branch.
fn accepts(s: &S, n: &Node) -> bool {
    match (s, &n.value) {
        (S::Any, _) => true,
        (S::Null, Value::Null) => true,
        (S::Str, Value::Str(_)) => true,
        (S::StrNum, Value::Str(_) | Value::Int(_) | Value::Float(_)) => true,
        (S::Bool, Value::Bool(_) | Value::Str(_)) => true,
        (S::Num, Value::Int(_) | Value::Float(_)) => true,
        (S::Num, Value::Str(s)) => is_numeric_str(s),
        (S::ListOrDict, Value::Seq(_) | Value::Map(_)) => true,
        (S::Command, Value::Null | Value::Str(_) | Value::Seq(_)) => true,
        (S::List(_), Value::Seq(_)) => true,
        (S::Obj(_) | S::MapOf(_), Value::Map(_)) => true,
        _ => false,
    }
}

fn want_name(s: &S) -> String {
    match s {
        S::Any => "any".into(),
        S::Null => "null".into(),
        S::Str => "string".into(),
        S::StrNum => "number or string".into(),
        S::Bool => "boolean".into(),
        S::Num => "number".into(),
        S::ListOrDict => "array or mapping".into(),
        S::Command => "array, null or string".into(),
        S::List(_) => "array".into(),
        S::Obj(_) | S::MapOf(_) => "mapping".into(),
        S::OneOf(alts) => {
            let mut names: Vec<String> = alts.iter().map(want_name).collect();
            names.sort();
            names.dedup();
            match names.len() {
                0 => "value".into(),
                1 => names.remove(0),
                _ => {
                    let last = names.pop().unwrap_or_default();
                    format!("{} or {last}", names.join(", "))
                }
            }
        }
    }
}

/// Checks `n` against `s`; the first violation in document order.
pub fn check(n: &Node, s: &S, path: &str) -> Result<(), Box<Violation>> {
    match s {
        S::Any => Ok(()),
        S::Null if matches!(n.value, Value::Null) => Ok(()),
        S::OneOf(alts) => match alts.iter().find(|a| accepts(a, n)) {
            Some(a) => check(n, a, path),
            None => Err(type_error(path, n, &want_name(s))),
        },
        S::ListOrDict => match &n.value {
            Value::Seq(items) => {
                for (i, it) in items.iter().enumerate() {
                    if !matches!(
                        it.value,
                        Value::Str(_) | Value::Int(_) | Value::Float(_) | Value::Bool(_)
                    ) {
                        return Err(type_error(&join(path, &i.to_string()), it, "string"));
                    }
                }
                Ok(())
            }
            Value::Map(entries) => {
                for (k, v) in entries {
                    if !scalar(v) {
                        return Err(type_error(
                            &join(path, &k.key_text()),
                            v,
                            "boolean, null, number or string",
                        ));
                    }
                }
                Ok(())
            }
            _ => Err(type_error(path, n, &want_name(s))),
        },
        S::Command => match &n.value {
            Value::Null | Value::Str(_) => Ok(()),
            Value::Seq(items) => {
                for (i, it) in items.iter().enumerate() {
                    if !matches!(
                        it.value,
                        Value::Str(_) | Value::Int(_) | Value::Float(_) | Value::Bool(_)
                    ) {
                        return Err(type_error(&join(path, &i.to_string()), it, "string"));
                    }
                }
                Ok(())
            }
            _ => Err(type_error(path, n, &want_name(s))),
        },
        S::List(item) => match &n.value {
            Value::Seq(items) => {
                for (i, it) in items.iter().enumerate() {
                    check(it, item, &join(path, &i.to_string()))?;
                }
                Ok(())
            }
            _ => Err(type_error(path, n, "array")),
        },
        S::MapOf(v) => match &n.value {
            Value::Map(entries) => {
                for (k, val) in entries {
                    check(val, v, &join(path, &k.key_text()))?;
                }
                Ok(())
            }
            _ => Err(type_error(path, n, "mapping")),
        },
        S::Obj(fields) => match &n.value {
            Value::Map(entries) => {
                let unknown: Vec<&Node> = entries
                    .iter()
                    .map(|(k, _)| k)
                    .filter(|k| {
                        let t = k.key_text();
                        !t.starts_with("x-") && !fields.iter().any(|(name, _)| *name == t)
                    })
                    .collect();
                if let Some(first) = unknown.first() {
                    let names: Vec<String> = unknown.iter().map(|k| k.key_text()).collect();
                    let quoted: Vec<String> = names.iter().map(|k| format!("'{k}'")).collect();
                    let what = format!("additional properties {} not allowed", quoted.join(", "));
                    let message = if path.is_empty() {
                        what
                    } else {
                        format!("{path} {what}")
                    };
                    return Err(Box::new(Violation {
                        path: path.to_string(),
                        line: first.line,
                        message,
                        unknown: names,
                        allowed: fields.iter().map(|(n, _)| *n).collect(),
                        expected: None,
                    }));
                }
                for (k, val) in entries {
                    let key = k.key_text();
                    if let Some((_, fs)) = fields.iter().find(|(name, _)| *name == key) {
                        check(val, fs, &join(path, &key))?;
                    }
                }
                Ok(())
            }
            _ => Err(type_error(path, n, "mapping")),
        },
        other => {
            if accepts(other, n) {
                Ok(())
            } else {
                Err(type_error(path, n, &want_name(other)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::yaml::parse;

    fn top(text: &str) -> Result<(), Box<Violation>> {
        check(&parse(text).unwrap(), &S::Obj(TOP), "")
    }

    #[test]
    fn messages() {
        assert_eq!(
            top("services:\n  web:\n    imgae: nginx\n").unwrap_err().message,
            "services.web additional properties 'imgae' not allowed"
        );
        assert_eq!(
            top("services:\n  web:\n    ports: \"80:80\"\n").unwrap_err().message,
            "services.web.ports must be a array"
        );
        assert_eq!(
            top("servces:\n  web: {}\n").unwrap_err().message,
            "additional properties 'servces' not allowed"
        );
        assert!(
            top("services:\n  web:\n    image: nginx\n    ports: [\"80:80\", {target: 80}]\n    x-note: hi\n").is_ok()
        );
        assert_eq!(
            top("services:\n  web:\n    healthcheck:\n      intervall: 1s\n")
                .unwrap_err()
                .message,
            "services.web.healthcheck additional properties 'intervall' not allowed"
        );
    }
}
