//! Every lesson of the course completes when its reference solution is typed with other
//! spellings of the same commands — `docker container run` for `docker run`, `docker image
//! ls` for `docker images`, `--name=web` for `--name web`, long option names — because
//! checks read the sandbox's state, never the text typed.

mod common;

use common::{course, type_lines};

/// The management-command form of a top-level docker command.
const LONG_FORMS: &[(&str, &str)] = &[
    ("docker run ", "docker container run "),
    ("docker create ", "docker container create "),
    ("docker ps", "docker container ls"),
    ("docker start ", "docker container start "),
    ("docker stop ", "docker container stop "),
    ("docker restart ", "docker container restart "),
    ("docker rm ", "docker container rm "),
    ("docker logs ", "docker container logs "),
    ("docker exec ", "docker container exec "),
    ("docker inspect ", "docker container inspect "),
    ("docker port ", "docker container port "),
    ("docker images", "docker image ls"),
    ("docker rmi ", "docker image rm "),
    ("docker pull ", "docker image pull "),
    ("docker push ", "docker image push "),
    ("docker tag ", "docker image tag "),
    ("docker build ", "docker image build "),
    ("docker history ", "docker image history "),
    ("docker save ", "docker image save "),
    ("docker load ", "docker image load "),
];

/// Long option names that mean the same as the short ones, for `run`/`create`.
const LONG_FLAGS: &[(&str, &str)] = &[(" -d ", " --detach "), (" -p ", " --publish "), (" -e ", " --env ")];

fn respell(line: &str) -> String {
    let mut out = line.to_string();
    // Only whole docker commands at the start of a line are rewritten; `docker inspect`
    // of an image must stay generic, so it is left alone when it names no container.
    for (short, long) in LONG_FORMS {
        if out.starts_with(short) && !(short.starts_with("docker inspect") && out.contains("image")) {
            out = format!("{long}{}", &out[short.len()..]);
            break;
        }
    }
    let is_run = out.starts_with("docker container run ") || out.starts_with("docker container create ");
    if is_run {
        // Options come before the image: rewrite only that part.
        let words: Vec<&str> = out.split(' ').collect();
        let mut rebuilt: Vec<String> = Vec::new();
        let mut i = 0;
        let mut in_options = true;
        while i < words.len() {
            let w = words[i];
            if i < 3 {
                rebuilt.push(w.to_string());
                i += 1;
                continue;
            }
            if in_options && w == "--name" && i + 1 < words.len() {
                rebuilt.push(format!("--name={}", words[i + 1]));
                i += 2;
                continue;
            }
            if in_options && !w.starts_with('-') && !rebuilt.last().is_some_and(|p| takes_value(p)) {
                in_options = false;
            }
            rebuilt.push(w.to_string());
            i += 1;
        }
        out = rebuilt.join(" ");
        let (opts_end, _) = image_position(&out);
        let (head, tail) = out.split_at(opts_end);
        let mut head = format!("{head} ");
        for (short, long) in LONG_FLAGS {
            head = head.replace(short, long);
        }
        out = format!("{}{}", head.trim_end(), tail);
    }
    out
}

fn takes_value(flag: &str) -> bool {
    matches!(
        flag,
        "-p" | "--publish"
            | "-e"
            | "--env"
            | "-v"
            | "--volume"
            | "--name"
            | "--network"
            | "--net"
            | "-w"
            | "--workdir"
            | "--mount"
            | "--restart"
            | "--entrypoint"
            | "-u"
            | "--user"
            | "--env-file"
            | "-h"
            | "--hostname"
            | "--link"
            | "--expose"
            | "--label"
            | "-l"
            | "--health-cmd"
            | "--network-alias"
            | "--tmpfs"
    )
}

/// Byte offset where the image argument starts (after the options).
fn image_position(line: &str) -> (usize, usize) {
    let mut pos: usize = 0;
    let mut prev: Option<&str> = None;
    for (i, w) in line.split(' ').enumerate() {
        if i >= 3 && !w.starts_with('-') && !prev.is_some_and(takes_value) {
            return (pos.saturating_sub(1), i);
        }
        prev = Some(w);
        pos += w.len() + 1;
    }
    (line.len(), 0)
}

#[test]
fn respelling_examples() {
    assert_eq!(
        respell("docker run -d --name web -p 8080:80 nginx"),
        "docker container run --detach --name=web --publish 8080:80 nginx"
    );
    assert_eq!(respell("docker ps -a"), "docker container ls -a");
    assert_eq!(respell("docker images"), "docker image ls");
    assert_eq!(
        respell("docker run --rm alpine sh -c 'mkdir -p /x -d'"),
        "docker container run --rm alpine sh -c 'mkdir -p /x -d'"
    );
}

#[test]
fn every_lesson_completes_with_other_spellings() {
    let mut failures = Vec::new();
    for lesson in &course().lessons {
        let lines: Vec<String> = lesson
            .steps()
            .iter()
            .flat_map(|s| s.solution.iter().map(|l| respell(l.as_ref())))
            .collect();
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let s = type_lines(lesson, &refs);
        if !s.all_solved() {
            failures.push(format!(
                "{}: stopped at step {} ({:?})",
                lesson.id(),
                s.step_index() + 1,
                s.missing()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
