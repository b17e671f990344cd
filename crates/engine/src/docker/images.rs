//! `docker images/history/tag/rmi/image prune`: the image store as the CLI shows it,
//! with every `rmi` conflict rule of the classic (graphdriver) store.

use std::collections::BTreeMap;

use super::args::Parsed;
use super::format::{self, ago, short};
use super::{Ctx, Next};
use crate::io::Explain;
use crate::reference::Reference;
use crate::tabwriter::ellipsis;
use crate::units::size3;

fn split_full(full: &str) -> (String, String) {
    match Reference::parse(full) {
        Ok(r) => (
            r.familiar_repository(),
            r.tag.clone().unwrap_or_else(|| "<none>".into()),
        ),
        Err(_) => ("<none>".into(), "<none>".into()),
    }
}

/// `docker images` / `docker image ls`.
pub fn ls(ctx: &mut Ctx<'_>, p: &Parsed, shown: &str) -> i32 {
    let now = ctx.world.now;
    let d = ctx.d();
    let filter_ref = p.args.first().cloned();
    if let Some(f) = &filter_ref
        && shown == "images"
        && matches!(
            f.as_str(),
            "ls" | "list" | "rm" | "prune" | "inspect" | "history" | "tag" | "pull" | "push"
        )
        && !d.tags.keys().any(|k| k.contains(&format!("/{f}:")))
    {
        ctx.io.err(format!(
            "\nNo images found matching \"{f}\": did you mean \"docker image {f}\"?\n"
        ));
        ctx.explain(Explain::new("images-ls-mistake").arg("word", f.clone()));
        return 0;
    }
    let trunc = !p.has("no-trunc");
    let mut images: Vec<&crate::model::Image> = d.images.values().collect();
    images.sort_by(|a, b| b.created.cmp(&a.created).then(a.id.cmp(&b.id)));
    let mut dangling_filter: Option<bool> = None;
    let mut label_filters = Vec::new();
    let mut ref_filters = Vec::new();
    for f in p.values("filter") {
        let (k, v) = f.split_once('=').unwrap_or((f, ""));
        match k {
            "dangling" => dangling_filter = Some(v == "true" || v == "1"),
            "label" => label_filters.push(v.to_string()),
            "reference" => ref_filters.push(v.to_string()),
            _ => {}
        }
    }
    let mut rows: Vec<BTreeMap<&'static str, String>> = Vec::new();
    for img in images {
        let tags = d.tags_of(&img.id);
        let dangling = tags.is_empty();
        if let Some(want) = dangling_filter
            && want != dangling
        {
            continue;
        }
        if !label_filters.iter().all(|l| {
            let (lk, lv) = l.split_once('=').unwrap_or((l, ""));
            img.config.labels.get(lk).is_some_and(|x| lv.is_empty() || x == lv)
        }) {
            continue;
        }
        let id = if trunc {
            short(&img.id).to_string()
        } else {
            img.id.clone()
        };
        let created = ago(now, img.created);
        let size = size3(d.image_size(img));
        let entries: Vec<(String, String)> = if dangling {
            vec![("<none>".into(), "<none>".into())]
        } else {
            tags.iter().map(|t| split_full(t)).collect()
        };
        for (repo, tag) in entries {
            if let Some(f) = &filter_ref {
                let (frepo, ftag) = match f.rsplit_once(':') {
                    Some((a, b)) if !b.contains('/') => (a.to_string(), Some(b.to_string())),
                    _ => (f.clone(), None),
                };
                let frepo_fam = Reference::parse(&frepo)
                    .map(|r| r.familiar_repository())
                    .unwrap_or(frepo.clone());
                if repo != frepo_fam || ftag.as_ref().is_some_and(|t| *t != tag) {
                    continue;
                }
            }
            if !ref_filters.is_empty()
                && !ref_filters
                    .iter()
                    .any(|rf| dockyard_glob(rf, &format!("{repo}:{tag}")) || dockyard_glob(rf, &repo))
            {
                continue;
            }
            let digest = img
                .repo_digests
                .iter()
                .find(|rd| rd.starts_with(&format!("{repo}@")))
                .and_then(|rd| rd.split_once('@').map(|x| x.1.to_string()))
                .unwrap_or_else(|| "<none>".into());
            let mut m = BTreeMap::new();
            m.insert("Repository", repo);
            m.insert("Tag", tag);
            m.insert("ID", id.clone());
            m.insert("Digest", digest);
            m.insert("CreatedSince", created.clone());
            m.insert("CreatedAt", crate::time::go_default(img.created));
            m.insert("Size", size.clone());
            rows.push(m);
        }
    }
    if p.has("quiet") {
        let mut seen = Vec::new();
        for r in &rows {
            if !seen.contains(&r["ID"]) {
                seen.push(r["ID"].clone());
            }
        }
        for id in seen {
            ctx.io.outln(id);
        }
        return 0;
    }
    let tpl = match p.value("format") {
        Some(f) if f != "table" => f.to_string(),
        _ if p.has("digests") => {
            "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}".to_string()
        }
        _ => "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}".to_string(),
    };
    let header: BTreeMap<&'static str, String> = [
        ("Repository", "REPOSITORY"),
        ("Tag", "TAG"),
        ("ID", "IMAGE ID"),
        ("Digest", "DIGEST"),
        ("CreatedSince", "CREATED"),
        ("CreatedAt", "CREATED AT"),
        ("Size", "SIZE"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_string()))
    .collect();
    match format::format_rows(&tpl, &header, &rows) {
        Ok(s) => {
            ctx.io.out(s);
            0
        }
        Err(e) => {
            ctx.io.errln(e);
            1
        }
    }
}

fn dockyard_glob(pattern: &str, s: &str) -> bool {
    fn m(p: &[u8], s: &[u8]) -> bool {
        match (p.first(), s.first()) {
            (None, None) => true,
            (Some(b'*'), _) => m(&p[1..], s) || (!s.is_empty() && s[0] != b'/' && m(p, &s[1..])),
            (Some(a), Some(b)) if a == b || *a == b'?' => m(&p[1..], &s[1..]),
            _ => false,
        }
    }
    m(pattern.as_bytes(), s.as_bytes())
}

/// Resolves an image argument or prints `No such image` (exit 1).
fn image_or_error(ctx: &mut Ctx<'_>, arg: &str) -> Option<String> {
    if let Some(id) = ctx.d().image_id_for(arg) {
        return Some(id);
    }
    let shown = Reference::parse(arg)
        .map(|r| r.with_default_tag().familiar())
        .unwrap_or_else(|_| arg.to_string());
    ctx.daemon_error(format!("No such image: {shown}"));
    ctx.explain(Explain::new("no-such-image").arg("image", shown));
    None
}

/// `docker history`.
pub fn history(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let Some(id) = image_or_error(ctx, &p.args[0]) else {
        return 1;
    };
    let now = ctx.world.now;
    let d = ctx.d();
    let img = &d.images[&id];
    let trunc = !p.has("no-trunc");
    let human = p.bool_explicit("human").unwrap_or(true);
    // Ids for entries: the top is the image; parents (local builds) fill in further down.
    let mut chain_ids: Vec<String> = vec![img.id.clone()];
    let mut cur = img.parent.clone();
    while let Some(pid) = cur {
        match d.images.get(&pid) {
            Some(pimg) => {
                chain_ids.push(pid.clone());
                cur = pimg.parent.clone();
            }
            None => break,
        }
    }
    let entries: Vec<&crate::model::History> = img.history.iter().rev().collect();
    let mut rows = Vec::new();
    let mut quiet = String::new();
    // Map: the last history entry of each image in the chain gets that image's id.
    let mut id_at: BTreeMap<usize, String> = BTreeMap::new();
    for cid in &chain_ids {
        if let Some(ci) = d.images.get(cid) {
            let from_top = img.history.len() - ci.history.len();
            id_at.insert(from_top, cid.clone());
        }
    }
    for (i, h) in entries.iter().enumerate() {
        let idcell = match id_at.get(&i) {
            Some(x) => {
                if trunc {
                    short(x).to_string()
                } else {
                    x.clone()
                }
            }
            None => "<missing>".to_string(),
        };
        quiet.push_str(&idcell);
        quiet.push('\n');
        let created = if human {
            ago(now, h.created)
        } else {
            crate::time::rfc3339_nano(h.created)
        };
        let by = h.created_by.replace('\t', " ");
        let by = if trunc { ellipsis(&by, 45) } else { by };
        let size = if human { size3(h.size) } else { h.size.to_string() };
        rows.push(vec![idcell, created, by, size, h.comment.clone()]);
    }
    if p.has("quiet") {
        ctx.io.out(quiet);
        return 0;
    }
    ctx.io.out(crate::tabwriter::table(
        &["IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT"],
        &rows,
    ));
    0
}

/// `docker tag SRC DST`.
pub fn tag(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let (src, dst) = (&p.args[0], &p.args[1]);
    let Some(id) = image_or_error(ctx, src) else { return 1 };
    let r = match Reference::parse(dst) {
        Ok(r) => r.with_default_tag(),
        Err(e) => {
            ctx.io.errln(e.to_string());
            ctx.explain(Explain::new("invalid-reference").arg("reference", dst.clone()));
            return 1;
        }
    };
    if r.digest.is_some() {
        ctx.io.errln("refusing to create a tag with a digest reference");
        return 1;
    }
    let now = ctx.world.now;
    let d = ctx.daemon();
    d.tags.insert(r.full(), id.clone());
    if let Some(img) = d.images.get_mut(&id) {
        img.last_tag_time = Some(now);
    }
    0
}

/// Deletes an image record and its now-unused layers; returns the `Deleted:` lines.
fn delete_image(ctx: &mut Ctx<'_>, id: &str) -> Vec<String> {
    let d = ctx.daemon();
    let mut out = vec![format!("Deleted: {id}")];
    let Some(img) = d.images.remove(id) else { return out };
    // Layers no longer used by any image ("chain ids" are shown as layer digests).
    let mut gone = Vec::new();
    for l in img.layers.iter().rev() {
        let used = d.images.values().any(|o| o.layers.contains(l));
        if !used && d.layers.remove(l).is_some() {
            gone.push(l.clone());
        }
    }
    out.extend(gone.into_iter().map(|l| format!("Deleted: {l}")));
    // A parent left without tags or children is an intermediate image of a build: removed too.
    if let Some(parent) = img.parent
        && d.images.contains_key(&parent)
        && d.tags_of(&parent).is_empty()
        && d.children_of(&parent).is_empty()
        && !d.containers.iter().any(|c| c.image_id == parent)
        && d.images
            .get(&parent)
            .is_some_and(|pi| pi.facts.contains_key("intermediate"))
    {
        out.extend(delete_image(ctx, &parent));
    }
    out
}

/// `docker rmi` / `docker image rm`.
pub fn rmi(ctx: &mut Ctx<'_>, p: &Parsed) -> i32 {
    let force = p.has("force");
    let mut code = 0;
    for arg in &p.args {
        let Some(id) = ctx.d().image_id_for(arg) else {
            let shown = Reference::parse(arg)
                .map(|r| r.with_default_tag().familiar())
                .unwrap_or_else(|_| arg.clone());
            ctx.daemon_error(format!("No such image: {shown}"));
            if force {
                continue;
            }
            ctx.explain(Explain::new("no-such-image").arg("image", shown));
            code = 1;
            continue;
        };
        match remove_one(ctx, arg, &id, force) {
            Ok(lines) => {
                for l in lines {
                    ctx.io.outln(l);
                }
            }
            Err(msg) => {
                ctx.daemon_error(&msg);
                if msg.contains("container") {
                    let cname = ctx
                        .d()
                        .containers
                        .iter()
                        .find(|c| c.image_id == id)
                        .map(|c| c.name.clone())
                        .unwrap_or_default();
                    ctx.explain(
                        Explain::new("rmi-image-in-use")
                            .arg("image", arg.clone())
                            .arg("container", cname),
                    );
                } else if msg.contains("multiple repositories") {
                    ctx.explain(Explain::new("rmi-multiple-tags").arg("image", arg.clone()));
                } else if msg.contains("child images") {
                    ctx.explain(Explain::new("rmi-child-images").arg("image", arg.clone()));
                }
                code = 1;
            }
        }
    }
    code
}

/// The daemon's `ImageDelete` for one argument.
pub fn remove_one(ctx: &mut Ctx<'_>, arg: &str, id: &str, force: bool) -> Result<Vec<String>, String> {
    let d = ctx.d();
    let by_ref = Reference::parse(arg)
        .ok()
        .map(|r| r.with_default_tag())
        .filter(|r| d.tags.get(&r.full()).is_some_and(|x| x == id));
    let tags = d.tags_of(id);
    let sid = short(id).to_string();
    let running = d
        .containers
        .iter()
        .find(|c| c.image_id == id && c.is_running())
        .map(|c| c.short_id().to_string());
    let stopped = d
        .containers
        .iter()
        .find(|c| c.image_id == id && !c.is_running())
        .map(|c| c.short_id().to_string());
    let mut lines = Vec::new();
    if let Some(r) = by_ref {
        // Removing by reference: untag; delete only if that was the last tag.
        let repo_tags_same_repo: Vec<&String> = tags.iter().collect();
        if repo_tags_same_repo.len() > 1 {
            ctx.daemon().tags.remove(&r.full());
            return Ok(vec![format!("Untagged: {}", r.familiar())]);
        }
        if let Some(cid) = running.clone().or(stopped.clone())
            && !force
        {
            return Err(format!(
                "conflict: unable to remove repository reference \"{arg}\" (must force) - container {cid} is using its referenced image {sid}"
            ));
        }
        if !ctx.d().children_of(id).is_empty() && !force {
            ctx.daemon().tags.remove(&r.full());
            return Ok(vec![format!("Untagged: {}", r.familiar())]);
        }
        ctx.daemon().tags.remove(&r.full());
        lines.push(format!("Untagged: {}", r.familiar()));
        if let Some(img) = ctx.d().images.get(id) {
            for rd in img.repo_digests.clone() {
                if rd.starts_with(&format!("{}@", r.familiar_repository())) {
                    lines.push(format!("Untagged: {rd}"));
                }
            }
        }
        if running.is_some() || stopped.is_some() {
            // Forced with containers: untag only, the image stays as <none>.
            return Ok(lines);
        }
        lines.extend(delete_image(ctx, id));
        return Ok(lines);
    }
    // By id.
    if !ctx.d().children_of(id).is_empty() {
        return Err(format!(
            "conflict: unable to delete {sid} (cannot be forced) - image has dependent child images"
        ));
    }
    if let Some(cid) = running {
        return Err(format!(
            "conflict: unable to delete {sid} (cannot be forced) - image is being used by running container {cid}"
        ));
    }
    if tags.len() > 1 && !force {
        return Err(format!(
            "conflict: unable to delete {sid} (must be forced) - image is referenced in multiple repositories"
        ));
    }
    if let Some(cid) = stopped
        && !force
    {
        return Err(format!(
            "conflict: unable to delete {sid} (must be forced) - image is being used by stopped container {cid}"
        ));
    }
    for t in &tags {
        ctx.daemon().tags.remove(t);
        lines.push(format!(
            "Untagged: {}",
            Reference::parse(t).map(|r| r.familiar()).unwrap_or(t.clone())
        ));
    }
    if let Some(img) = ctx.d().images.get(id) {
        for rd in img.repo_digests.clone() {
            lines.push(format!("Untagged: {rd}"));
        }
    }
    lines.extend(delete_image(ctx, id));
    Ok(lines)
}

/// `docker image prune [-a] [-f]`.
pub fn prune(ctx: &mut Ctx<'_>, p: &Parsed, raw: &[String]) -> (i32, Next) {
    let all = p.has("all");
    if !p.has("force") {
        let msg = if all {
            "WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue?"
        } else {
            "WARNING! This will remove all dangling images.\nAre you sure you want to continue?"
        };
        match super::system::confirm(ctx, msg, raw) {
            super::system::Confirm::Yes => {}
            super::system::Confirm::No => return (0, Next::Done),
            super::system::Confirm::Ask(n) => return (0, n),
        }
    }
    let (lines, space) = prune_images(ctx, all);
    if !lines.is_empty() {
        ctx.io.outln("Deleted Images:");
        for l in lines {
            ctx.io.outln(l);
        }
        ctx.io.outln("");
    }
    ctx.io
        .outln(format!("Total reclaimed space: {}", crate::units::human_size(space)));
    (0, Next::Done)
}

/// Removes dangling (or, with `all`, unused) images; lower-case `untagged:`/`deleted:` lines.
pub fn prune_images(ctx: &mut Ctx<'_>, all: bool) -> (Vec<String>, u64) {
    let before = ctx.d().images_disk_size();
    let mut lines = Vec::new();
    loop {
        let d = ctx.d();
        let victim = d
            .images
            .values()
            .filter(|i| !d.containers.iter().any(|c| c.image_id == i.id))
            .filter(|i| d.children_of(&i.id).is_empty())
            .find(|i| all || d.tags_of(&i.id).is_empty())
            .map(|i| i.id.clone());
        let Some(id) = victim else { break };
        for t in ctx.d().tags_of(&id) {
            ctx.daemon().tags.remove(&t);
            lines.push(format!(
                "untagged: {}",
                Reference::parse(&t).map(|r| r.familiar()).unwrap_or(t.clone())
            ));
        }
        if let Some(img) = ctx.d().images.get(&id) {
            for rd in img.repo_digests.clone() {
                lines.push(format!("untagged: {rd}"));
            }
        }
        for l in delete_image(ctx, &id) {
            lines.push(l.replacen("Deleted:", "deleted:", 1));
        }
    }
    let after = ctx.d().images_disk_size();
    (lines, before.saturating_sub(after))
}
