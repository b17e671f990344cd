//! Tab completion from the engine's knowledge: docker sub-commands and flags from the
//! command table, and the names of containers, images, volumes and networks.

use crate::sandbox::{Mode, Sandbox};

const HOST_WORDS: &[&str] = &[
    "docker", "cat", "cd", "clear", "curl", "echo", "export", "help", "ls", "mkdir", "pwd", "rm", "sleep", "touch",
    "wget",
];

pub fn complete(sb: &Sandbox, line: &str, pos: usize) -> (usize, Vec<String>) {
    let mut pos = pos.min(line.len());
    while !line.is_char_boundary(pos) {
        pos -= 1;
    }
    let head = &line[..pos];
    let start = head
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let partial = &head[start..];
    let words: Vec<&str> = head[..start].split_whitespace().collect();
    if !matches!(sb.mode, Mode::Host) {
        return (start, Vec::new());
    }
    let mut cands: Vec<String> = if words.is_empty() {
        HOST_WORDS.iter().map(|s| s.to_string()).collect()
    } else if words[0] != "docker" {
        file_names(sb, partial)
    } else if words.len() == 1 {
        crate::docker::top_level_words()
            .into_iter()
            .map(str::to_string)
            .collect()
    } else if words.len() == 2 && crate::docker::GROUPS.contains(&words[1]) {
        crate::docker::group_words(words[1])
            .into_iter()
            .map(str::to_string)
            .collect()
    } else {
        let cmd: Vec<&str> = if crate::docker::GROUPS.contains(&words[1]) {
            words[1..3.min(words.len())].to_vec()
        } else {
            vec![words[1]]
        };
        if partial.starts_with('-') {
            crate::docker::flags_for(&cmd)
        } else {
            objects_for(sb, &cmd.join(" "))
        }
    };
    cands.retain(|c| c.starts_with(partial));
    cands.sort();
    cands.dedup();
    (start, cands)
}

fn objects_for(sb: &Sandbox, cmd: &str) -> Vec<String> {
    let ep = sb.world.endpoint(None);
    let Some(d) = sb.world.daemons.get(&ep) else {
        return Vec::new();
    };
    let containers = || d.containers.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
    let images = || {
        d.tags
            .keys()
            .filter_map(|t| crate::reference::Reference::parse(t).ok())
            .map(|r| r.familiar())
            .chain(dockyard_catalogue::hub().images().iter().flat_map(|i| {
                let repo = i
                    .repository
                    .strip_prefix("library/")
                    .unwrap_or(&i.repository)
                    .to_string();
                i.tags.iter().map(move |t| format!("{repo}:{t}")).collect::<Vec<_>>()
            }))
            .collect::<Vec<_>>()
    };
    match cmd {
        "run" | "create" | "pull" | "rmi" | "tag" | "history" | "push" | "save" | "image" | "image rm"
        | "image inspect" | "image history" | "image tag" | "image pull" | "container run" | "container create" => {
            images()
        }
        "volume" => d.volumes.keys().cloned().collect(),
        "network" => d.networks.iter().map(|n| n.name.clone()).collect(),
        _ => containers(),
    }
}

fn file_names(sb: &Sandbox, partial: &str) -> Vec<String> {
    use crate::fs::Vfs;
    let (dir, _) = partial
        .rsplit_once('/')
        .map(|(d, f)| (format!("{d}/"), f))
        .unwrap_or((String::new(), partial));
    let abs = crate::fs::normalize(&sb.world.host.cwd, if dir.is_empty() { "." } else { &dir });
    sb.world
        .host
        .fs
        .list(&abs)
        .map(|v| {
            v.into_iter()
                .map(|(n, node)| {
                    format!(
                        "{dir}{n}{}",
                        if matches!(node, crate::fs::Node::Dir { .. }) {
                            "/"
                        } else {
                            ""
                        }
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}
