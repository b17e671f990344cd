//! `docker context ls|create|use|show|inspect|rm`: named endpoints the CLI can switch
//! between, kept client-side like `~/.docker/contexts`.

use serde_json::json;

use super::Ctx;
use super::args::Parsed;
use crate::io::Explain;
use crate::world::{LOCAL_DAEMON, normalize_endpoint};

pub fn ls(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let current = ctx.world.current_context.clone();
    let env_override = ctx
        .world
        .host
        .get_env("DOCKER_HOST")
        .filter(|h| !h.is_empty())
        .map(str::to_string);
    let mut rows = vec![vec![
        format!("default{}", if current == "default" { " *" } else { "" }),
        "Current DOCKER_HOST based configuration".to_string(),
        env_override
            .clone()
            .map(|h| normalize_endpoint(&h))
            .unwrap_or_else(|| LOCAL_DAEMON.to_string()),
        String::new(),
    ]];
    for (name, (desc, ep)) in &ctx.world.contexts {
        rows.push(vec![
            format!("{name}{}", if *name == current { " *" } else { "" }),
            desc.clone(),
            ep.clone(),
            String::new(),
        ]);
    }
    if p.has("quiet") {
        for r in rows {
            ctx.io.outln(r[0].trim_end_matches(" *"));
        }
        return 0;
    }
    ctx.io.out(crate::tabwriter::table(
        &["NAME", "DESCRIPTION", "DOCKER ENDPOINT", "ERROR"],
        &rows,
    ));
    if env_override.is_some() && current != "default" {
        ctx.io.errln("Warning: DOCKER_HOST environment variable overrides the active context. To use a context, either set the global --context flag, or unset DOCKER_HOST environment variable.");
    }
    0
}

pub fn create(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let name = p.args[0].clone();
    if name == "default" || ctx.world.contexts.contains_key(&name) {
        ctx.io.errln(format!("context {name:?} already exists"));
        return 1;
    }
    let Some(docker) = p.value("docker") else {
        ctx.io.errln("docker endpoint configuration is required");
        ctx.explain(Explain::new("context-needs-host"));
        return 1;
    };
    let host = docker.split(',').find_map(|kv| kv.strip_prefix("host=")).unwrap_or("");
    if host.is_empty() {
        ctx.io.errln(format!(
            "unable to parse docker endpoint: invalid docker endpoint options {docker:?}"
        ));
        return 1;
    }
    let desc = p.value("description").unwrap_or("").to_string();
    ctx.world
        .contexts
        .insert(name.clone(), (desc, normalize_endpoint(host)));
    ctx.io.outln(&name);
    ctx.io.errln(format!("Successfully created context \"{name}\""));
    0
}

pub fn use_ctx(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let name = p.args[0].clone();
    if name != "default" && !ctx.world.contexts.contains_key(&name) {
        ctx.io.errln(format!("context \"{name}\" does not exist"));
        return 1;
    }
    ctx.world.current_context = name.clone();
    ctx.io.outln(&name);
    ctx.io.errln(format!("Current context is now \"{name}\""));
    if ctx.world.host.get_env("DOCKER_HOST").is_some_and(|h| !h.is_empty()) {
        ctx.io.errln("Warning: DOCKER_HOST environment variable overrides the active context. To use a context, either set the global --context flag, or unset DOCKER_HOST environment variable.");
    }
    0
}

pub fn show(ctx: &mut Ctx<'_>) -> i32 {
    let c = ctx.world.current_context.clone();
    ctx.io.outln(c);
    0
}

pub fn rm(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let mut code = 0;
    for name in &p.args {
        if name == "default" {
            ctx.io.errln("default: context \"default\" cannot be removed");
            code = 1;
        } else if ctx.world.current_context == *name && !p.has("force") {
            ctx.io.errln(format!(
                "{name}: context \"{name}\" is in use, set -f flag to force remove"
            ));
            code = 1;
        } else if ctx.world.contexts.remove(name).is_none() {
            ctx.io.errln(format!("{name}: context \"{name}\" does not exist"));
            code = 1;
        } else {
            if ctx.world.current_context == *name {
                ctx.world.current_context = "default".into();
            }
            ctx.io.outln(name);
        }
    }
    code
}

pub fn inspect(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let names: Vec<String> = if p.args.is_empty() {
        vec![ctx.world.current_context.clone()]
    } else {
        p.args.clone()
    };
    let mut out = Vec::new();
    for n in names {
        let (desc, ep) = match ctx.world.contexts.get(&n) {
            Some(x) => x.clone(),
            None if n == "default" => (
                "Current DOCKER_HOST based configuration".into(),
                LOCAL_DAEMON.to_string(),
            ),
            None => {
                ctx.io.errln(format!("context \"{n}\" does not exist"));
                return 1;
            }
        };
        out.push(json!({"Name": n, "Metadata": {"Description": desc}, "Endpoints": {"docker": {"Host": ep, "SkipTLSVerify": false}}, "TLSMaterial": {}, "Storage": {"MetadataPath": "<IN MEMORY>", "TLSPath": "<IN MEMORY>"}}));
    }
    ctx.io.outln(crate::inspect::to_json(&serde_json::Value::Array(out)));
    0
}
