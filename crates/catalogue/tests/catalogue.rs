//! Validation of the embedded catalogue data and of the public API.

use std::collections::{BTreeMap, BTreeSet};

use dockyard_catalogue::{Catalogue, CatalogueImage, ImageFamily, SOURCES, hub};

fn img(reference: &str) -> &'static CatalogueImage {
    let (repo, tag) = reference.split_once(':').unwrap_or((reference, "latest"));
    hub()
        .resolve(repo, tag)
        .unwrap_or_else(|| panic!("{reference} is not in the catalogue"))
}

fn short_digests(i: &CatalogueImage) -> Vec<&str> {
    i.layers().map(|l| l.short_digest()).collect()
}

#[test]
fn data_loads_and_hub_matches_a_fresh_parse() {
    let fresh = Catalogue::from_sources(SOURCES).expect("embedded data is valid");
    assert_eq!(fresh.images().len(), hub().images().len());
    assert!(hub().images().len() >= 25);
}

#[test]
fn required_references_resolve() {
    let required = [
        "python:3.11.5-alpine",
        "python:3.11-alpine",
        "python:3.11.5",
        "python:3.10-slim-bullseye",
        "python:3.9",
        "python:3.8",
        "python:3.6",
        "python:3.7.2-alpine3.8",
        "python:latest",
        "nginx:latest",
        "nginx:alpine",
        "nginx:1.25.2",
        "redis:7-alpine",
        "redis:latest",
        "postgres:14-alpine",
        "postgres:latest",
        "alpine:latest",
        "alpine:3.18",
        "alpine:3.19",
        "ubuntu:18.04",
        "ubuntu:20.04",
        "ubuntu:22.04",
        "ubuntu:latest",
        "busybox:latest",
        "hello-world:latest",
        "registry:2",
        "registry:latest",
        "node:latest",
        "node:20-alpine",
        "node:18",
        "debian:bookworm",
        "debian:bullseye",
        "debian:latest",
    ];
    for r in required {
        img(r);
    }
    // Path form, docker.io form and default tag all work.
    assert_eq!(
        hub().resolve("library/python", "3.11.5-alpine").unwrap().id(),
        img("python:3.11.5-alpine").id()
    );
    assert_eq!(
        hub().resolve("docker.io/library/nginx", "latest").unwrap().id(),
        img("nginx").id()
    );
    assert!(hub().resolve("python", "2.7").is_none());
    assert!(hub().resolve("nosuchimage", "latest").is_none());
}

#[test]
fn tag_aliases_name_the_same_image() {
    assert_eq!(img("python:latest").id(), img("python:3.12").id());
    assert_eq!(img("python:3.11").id(), img("python:3.11.5").id());
    assert_eq!(img("python:3.11-alpine").id(), img("python:3.11.5-alpine").id());
    assert_eq!(img("alpine:latest").id(), img("alpine:3.19").id());
    assert_eq!(img("ubuntu:latest").id(), img("ubuntu:22.04").id());
    assert_eq!(img("registry:latest").id(), img("registry:2").id());
    assert_eq!(img("debian:latest").id(), img("debian:bookworm").id());
    assert_eq!(img("node:latest").id(), img("node:20").id());
    assert_ne!(img("alpine:3.18").id(), img("alpine:3.19").id());
}

#[test]
fn no_duplicate_tags_ids_or_layer_keys() {
    let mut refs = BTreeSet::new();
    let mut ids = BTreeSet::new();
    for i in hub().images() {
        for t in &i.tags {
            assert!(
                refs.insert((i.repository.clone(), t.clone())),
                "duplicate {}:{t}",
                i.repository
            );
        }
        assert!(ids.insert(i.id()), "duplicate id {}", i.id());
    }
    let keys: Vec<&str> = hub().layers().map(|l| l.id.as_str()).collect();
    let unique: BTreeSet<&str> = keys.iter().copied().collect();
    assert_eq!(keys.len(), unique.len());
}

#[test]
fn every_layer_is_used_and_history_matches_layers() {
    let used: BTreeSet<&str> = hub()
        .images()
        .iter()
        .flat_map(|i| i.layers().map(|l| l.id.as_str()))
        .collect();
    for l in hub().layers() {
        assert!(used.contains(l.id.as_str()), "layer {} is not used by any image", l.id);
        assert!(hub().layer_by_digest(l.digest()).is_some_and(|x| x.id == l.id));
    }
    for i in hub().images() {
        let from_history: Vec<&str> = i
            .history
            .iter()
            .filter_map(|h| h.layer.as_ref().map(|l| l.id.as_str()))
            .collect();
        let layers: Vec<&str> = i.layers().map(|l| l.id.as_str()).collect();
        assert_eq!(from_history, layers, "{}", i.familiar_name());
        assert!(i.created_unix() > 1_500_000_000, "{}", i.familiar_name());
        for h in &i.history {
            assert!(
                h.created_unix() > 1_500_000_000,
                "{}: {}",
                i.familiar_name(),
                h.created_by
            );
            assert_eq!(h.size(), h.layer.as_ref().map_or(0, |l| l.size));
        }
        assert_eq!(i.architecture, "amd64");
        assert_eq!(i.os, "linux");
    }
}

/// Uncompressed image sizes must match what `docker images` shows for the real
/// images, within the documented range (bytes, inclusive).
#[test]
fn image_sizes_are_believable() {
    let expected: &[(&str, u64, u64, &str)] = &[
        (
            "python:3.11.5-alpine",
            52_050_000,
            52_149_999,
            "52.1MB as in the course notes",
        ),
        ("python:latest", 1_015_000_000, 1_024_999_999, "1.02GB"),
        ("python:3.11.5", 1_005_000_000, 1_014_999_999, "1.01GB"),
        ("python:3.10-slim-bullseye", 125_500_000, 126_499_999, "126MB"),
        ("python:3.9", 990_000_000, 1_005_000_000, "~997MB"),
        ("python:3.8", 990_000_000, 1_005_000_000, "~997MB"),
        ("python:3.6", 900_000_000, 940_000_000, "~922MB"),
        ("python:3.7.2-alpine3.8", 80_000_000, 95_000_000, "~87MB"),
        ("nginx:latest", 186_500_000, 192_499_999, "187MB"),
        ("nginx:alpine", 40_000_000, 44_000_000, "42.6MB"),
        ("redis:7-alpine", 40_500_000, 41_499_999, "41MB"),
        ("redis:latest", 117_000_000, 138_499_999, "117-138MB"),
        ("postgres:14-alpine", 235_000_000, 245_000_000, "~240MB"),
        ("postgres:latest", 425_000_000, 435_000_000, "~430MB"),
        ("alpine:3.18", 7_335_000, 7_344_999, "7.34MB"),
        ("alpine:latest", 7_375_000, 7_384_999, "7.38MB (3.19.0)"),
        ("ubuntu:22.04", 77_750_000, 77_949_999, "77.8MB"),
        ("ubuntu:20.04", 72_750_000, 72_849_999, "72.8MB"),
        ("ubuntu:18.04", 62_950_000, 63_249_999, "63.1MB"),
        ("busybox:latest", 4_255_000, 4_264_999, "4.26MB"),
        ("hello-world:latest", 9_140, 13_349, "9.14kB..13.3kB"),
        ("registry:2", 24_050_000, 25_049_999, "24.1MB as in the course notes"),
        ("node:latest", 1_095_000_000, 1_124_999_999, "~1.1GB"),
        ("node:18", 1_095_000_000, 1_124_999_999, "~1.1GB"),
        ("node:20-alpine", 170_000_000, 185_000_000, "~180MB"),
        ("debian:bookworm", 116_500_000, 117_499_999, "117MB"),
        ("debian:bullseye", 123_500_000, 124_499_999, "124MB"),
    ];
    for (r, lo, hi, what) in expected {
        let s = img(r).size();
        assert!(
            (*lo..=*hi).contains(&s),
            "{r}: size {s} not within {lo}..={hi} ({what})"
        );
    }
}

#[test]
fn layer_counts_resemble_reality() {
    let expected = [
        ("python:latest", 8),
        ("python:3.11.5", 8),
        ("python:3.9", 8),
        ("python:3.11.5-alpine", 5),
        ("python:3.6", 9),
        ("alpine:latest", 1),
        ("hello-world:latest", 1),
        ("busybox:latest", 1),
        ("ubuntu:22.04", 1),
        ("registry:2", 5),
        ("nginx:latest", 7),
        ("nginx:alpine", 8),
    ];
    for (r, n) in expected {
        assert_eq!(img(r).layer_count(), n, "{r}");
    }
}

#[test]
fn every_image_has_a_runnable_command() {
    for i in hub().images() {
        let name = i.familiar_name();
        let argv = i.config.default_argv();
        assert!(!argv.is_empty(), "{name}: empty command");
        let tree = i.file_tree();
        let path = i.config.path();
        let exe = tree
            .which(&argv[0], path)
            .unwrap_or_else(|| panic!("{name}: `{}` not found via PATH {path}", argv[0]));
        let program = exe
            .entry
            .program
            .as_deref()
            .unwrap_or_else(|| panic!("{name}: {} has no program", exe.real_path));
        assert!(dockyard_catalogue::PROGRAMS.contains(&program));
        // An entrypoint script hands over to Cmd: that must be runnable too (or be a file argument).
        if program == "docker-entrypoint"
            && let Some(cmd0) = i.config.cmd.as_ref().and_then(|c| c.first())
        {
            if cmd0.starts_with('/') {
                assert!(tree.resolve(cmd0).is_some(), "{name}: {cmd0} missing");
            } else {
                let r = tree
                    .which(cmd0, path)
                    .unwrap_or_else(|| panic!("{name}: cmd `{cmd0}` not found"));
                assert!(r.entry.program.is_some(), "{name}: cmd `{cmd0}` has no program");
            }
        }
    }
}

#[test]
fn families_have_their_programs_and_facts() {
    for i in hub().images() {
        let name = i.familiar_name();
        let tree = i.file_tree();
        let path = i.config.path();
        let prog = |cmd: &str| tree.which(cmd, path).and_then(|r| r.entry.program.clone());
        match i.family {
            ImageFamily::Python => {
                let v = i.python_version().unwrap_or_else(|| panic!("{name}: no python fact"));
                assert_eq!(i.env("PYTHON_VERSION"), Some(v), "{name}");
                assert!(i.fact("python_sys_version").is_some_and(|s| s.starts_with(v)), "{name}");
                let minor: Vec<&str> = v.split('.').take(2).collect();
                assert!(
                    tree.resolve(&format!("/usr/local/bin/python{}", minor.join(".")))
                        .is_some(),
                    "{name}"
                );
                for cmd in ["python", "python3"] {
                    assert_eq!(prog(cmd).as_deref(), Some("python"), "{name}: {cmd}");
                }
                for cmd in ["pip", "pip3"] {
                    assert_eq!(prog(cmd).as_deref(), Some("pip"), "{name}: {cmd}");
                }
                assert_eq!(i.fact("pip"), i.env("PYTHON_PIP_VERSION"), "{name}");
            }
            ImageFamily::Nginx => {
                assert_eq!(prog("nginx").as_deref(), Some("nginx"), "{name}");
                assert_eq!(i.fact("nginx"), i.env("NGINX_VERSION"), "{name}");
                let index = tree.get("/usr/share/nginx/html/index.html").unwrap();
                assert_eq!(index.size, 615);
                assert!(index.content.as_deref().unwrap().contains("<h1>Welcome to nginx!</h1>"));
                assert!(tree.get("/etc/nginx/conf.d/default.conf").unwrap().content.is_some());
            }
            ImageFamily::Redis => {
                assert_eq!(prog("redis-server").as_deref(), Some("redis-server"));
                assert_eq!(prog("redis-cli").as_deref(), Some("redis-cli"));
                assert_eq!(i.fact("redis"), i.env("REDIS_VERSION"));
            }
            ImageFamily::Postgres => {
                for p in ["postgres", "psql", "pg_isready"] {
                    let found = tree.which(p, path).unwrap_or_else(|| panic!("{name}: {p}"));
                    assert!(found.entry.program.is_some(), "{name}: {p}");
                }
                assert!(tree.get("/var/lib/postgresql/data").is_some_and(|e| e.is_dir()));
                assert!(
                    i.fact("postgres_version_string")
                        .is_some_and(|s| s.contains(i.fact("postgres").unwrap()))
                );
            }
            ImageFamily::Node => {
                assert_eq!(prog("node").as_deref(), Some("node"), "{name}");
                assert_eq!(prog("npm").as_deref(), Some("npm"), "{name}");
                assert_eq!(i.fact("node"), i.env("NODE_VERSION"));
            }
            ImageFamily::Registry => {
                assert_eq!(prog("registry").as_deref(), Some("registry"));
                assert!(
                    tree.get("/etc/docker/registry/config.yml")
                        .unwrap()
                        .content
                        .as_deref()
                        .unwrap()
                        .contains(":5000")
                );
            }
            ImageFamily::HelloWorld => assert_eq!(tree.get("/hello").unwrap().program.as_deref(), Some("hello")),
            ImageFamily::Os => {
                let os = i.fact("os").unwrap();
                // The busybox image has no /etc/os-release (like the real one).
                if os != "busybox" {
                    let osr = tree
                        .resolve("/etc/os-release")
                        .unwrap_or_else(|| panic!("{name}: /etc/os-release"));
                    assert!(
                        osr.entry.content.as_deref().unwrap().contains(&format!("ID={os}")),
                        "{name}"
                    );
                }
                assert!(prog("sh").is_some(), "{name}: no sh");
            }
        }
        if i.fact("os") == Some("alpine") {
            let rel = tree.get("/etc/alpine-release").unwrap().content.clone().unwrap();
            assert_eq!(rel.trim(), i.fact("os_version").unwrap(), "{name}");
            assert_eq!(prog("sh").as_deref(), Some("busybox"), "{name}");
            assert_eq!(prog("apk").as_deref(), Some("apk"), "{name}");
        }
        if i.fact("os") == Some("debian") || i.fact("os") == Some("ubuntu") {
            assert!(tree.get("/etc/debian_version").is_some(), "{name}");
            assert_eq!(prog("ls").as_deref(), Some("coreutils"), "{name}");
            assert_eq!(prog("apt-get").as_deref(), Some("apt-get"), "{name}");
            assert_eq!(prog("bash").as_deref(), Some("bash"), "{name}");
        }
    }
}

#[test]
fn shared_layers_are_really_shared() {
    let alpine = img("alpine:3.18");
    for other in [
        "python:3.11.5-alpine",
        "registry:2",
        "nginx:alpine",
        "redis:7-alpine",
        "postgres:14-alpine",
        "node:20-alpine",
    ] {
        assert_eq!(
            img(other).layers().next().unwrap().digest(),
            alpine.layers().next().unwrap().digest(),
            "{other}"
        );
    }
    assert_eq!(
        alpine.layers().next().unwrap().digest(),
        "sha256:7264a8db6415046d36d16ba98b79778e18accee6ffa71850405994cffa9be7de"
    );
    let base: Vec<&str> = short_digests(img("python:3.11.5"))[..4].to_vec();
    for other in ["python:latest", "python:3.9", "python:3.8", "node:latest", "node:18"] {
        assert_eq!(short_digests(img(other))[..4], base[..], "{other}");
    }
    assert_eq!(short_digests(img("debian:bookworm")), base[..1]);
    let slim = img("nginx:latest").layers().next().unwrap().digest().to_owned();
    for other in ["redis:latest", "postgres:latest"] {
        assert_eq!(img(other).layers().next().unwrap().digest(), slim, "{other}");
    }
    // Different Python versions do not share their own layers.
    let own = |r: &str| -> BTreeSet<String> { img(r).layers().skip(4).map(|l| l.digest().to_owned()).collect() };
    assert!(own("python:3.9").is_disjoint(&own("python:3.8")));
}

#[test]
fn pull_lines_match_the_course_notes() {
    // `docker run python:3.11.5-alpine ...` and `docker pull registry:2` in the seed notes.
    assert_eq!(
        short_digests(img("python:3.11.5-alpine")),
        [
            "7264a8db6415",
            "66e1d5e70e42",
            "0448660c92fc",
            "3ce23f846e31",
            "efebc2e683d2"
        ]
    );
    assert_eq!(
        img("python:3.11.5-alpine").repo_digest(),
        "sha256:5d769f990397afbb2aca24b0655e404c0f2806d268f454b052e81e39d87abf42"
    );
    assert_eq!(img("python:3.11.5-alpine").short_id(), "b9b301ab01c2");
    assert_eq!(
        img("python:3.11.5-alpine").manifest_digest(),
        "sha256:e5d592c422d6e527cb946ae6abb1886c511a5e163d3543865f5a5b9b61c01584"
    );
    assert_eq!(
        short_digests(img("registry:2")),
        [
            "7264a8db6415",
            "c4d48a809fc2",
            "88b450dec42e",
            "121f958bea53",
            "7417fa3c6d92"
        ]
    );
    assert_eq!(
        img("registry:2").repo_digest(),
        "sha256:d5f2fb0940fe9371b6b026b9b66ad08d8ab7b0d56b6ee8d5c71cb9b45a374307"
    );
    assert_eq!(img("registry:2").short_id(), "0030ba3d620c");
    assert_eq!(short_digests(img("hello-world")), ["719385e32844"]);
    // `docker push` prints DiffIDs; the alpine one is known.
    assert!(
        img("python:3.11.5-alpine")
            .layers()
            .next()
            .unwrap()
            .diff_id()
            .starts_with("sha256:4693057ce236")
    );
}

#[test]
fn digests_and_ids_are_well_formed() {
    for i in hub().images() {
        for d in [i.id(), i.repo_digest(), i.manifest_digest().to_owned()] {
            assert!(dockyard_catalogue::digest::is_valid(&d), "{}: {d}", i.familiar_name());
        }
        let doc: serde_json::Value = serde_json::from_str(i.config_json()).expect("config JSON");
        assert_eq!(doc["rootfs"]["diff_ids"].as_array().unwrap().len(), i.layer_count());
        assert_eq!(i.short_id().len(), 12);
    }
    for l in hub().layers() {
        assert!(dockyard_catalogue::digest::is_valid(l.digest()));
        assert!(dockyard_catalogue::digest::is_valid(l.diff_id()));
    }
}

#[test]
fn digest_references_resolve() {
    let py = img("python:3.11.5-alpine");
    assert_eq!(hub().resolve("python", &py.repo_digest()).unwrap().id(), py.id());
    assert_eq!(hub().resolve("python", py.manifest_digest()).unwrap().id(), py.id());
    assert!(
        hub().resolve("nginx", &py.repo_digest()).is_none(),
        "a digest only resolves in its repository"
    );
    assert_eq!(hub().by_digest("b9b301ab01c2").unwrap().id(), py.id());
    assert_eq!(hub().by_digest(&py.id()).unwrap().id(), py.id());
    assert!(hub().by_digest("b9b3").is_none(), "short prefixes are ambiguous");
}

#[test]
fn repositories_and_tags() {
    let repos = hub().repositories();
    for r in [
        "library/alpine",
        "library/debian",
        "library/hello-world",
        "library/nginx",
        "library/node",
        "library/postgres",
        "library/python",
        "library/redis",
        "library/registry",
        "library/ubuntu",
        "library/busybox",
    ] {
        assert!(repos.contains(&r), "{r}");
    }
    let tags = hub().tags("python");
    assert!(tags.contains(&"3.11.5-alpine") && tags.contains(&"latest"));
    assert!(tags.windows(2).all(|w| w[0] <= w[1]));
    assert!(hub().tags("nosuch").is_empty());
}

#[test]
fn texts_exist_and_render() {
    let required = [
        "hello-world",
        "nginx-startup",
        "nginx-worker",
        "nginx-404",
        "redis-startup",
        "postgres-init",
        "postgres-startup",
        "postgres-no-password",
        "registry-startup",
        "python-banner",
        "node-banner",
        "python-http-server-start",
    ];
    for t in required {
        assert!(hub().text(t).is_some(), "missing text {t}");
    }
    let hello = hub().text("hello-world").unwrap();
    assert!(hello.starts_with(
        "\nHello from Docker!\nThis message shows that your installation appears to be working correctly.\n"
    ));
    let py = img("python:3.11.5-alpine");
    assert_eq!(
        py.render_text(hub().text("python-banner").unwrap(), &[]),
        "Python 3.11.5 (main, Aug 26 2023, 00:26:34) [GCC 12.2.1 20220924] on linux\nType \"help\", \"copyright\", \"credits\" or \"license\" for more information.\n"
    );
    assert_eq!(
        py.render_text(hub().text("python-version").unwrap(), &[]),
        "Python 3.11.5\n"
    );
    assert_eq!(
        py.render_text(
            hub().text("python-http-server-start").unwrap(),
            &[("host", "0.0.0.0"), ("port", "8888")]
        ),
        "Serving HTTP on 0.0.0.0 port 8888 (http://0.0.0.0:8888/) ...\n"
    );
    let nginx = img("nginx:latest");
    let page = nginx.render_text(hub().text("nginx-404").unwrap(), &[]);
    assert!(page.contains("<hr><center>nginx/1.25.2</center>"));
    assert!(
        hub()
            .text("postgres-no-password")
            .unwrap()
            .starts_with("Error: Database is uninitialized and superuser password is not specified.")
    );
    assert!(
        hub()
            .text("redis-startup")
            .unwrap()
            .contains("oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo")
    );
}

/// Each family's texts only use facts its images define, and every
/// placeholder of every text is documented.
#[test]
fn text_placeholders_are_documented_and_satisfiable() {
    let by_family: BTreeMap<ImageFamily, &[&str]> = BTreeMap::from([
        (
            ImageFamily::Python,
            &[
                "python-banner",
                "python-version",
                "pip-version",
                "python-http-server-start",
            ][..],
        ),
        (ImageFamily::Nginx, &["nginx-startup", "nginx-404"][..]),
        (ImageFamily::Redis, &["redis-startup"][..]),
        (
            ImageFamily::Postgres,
            &["postgres-init", "postgres-startup", "postgres-no-password"][..],
        ),
        (ImageFamily::Registry, &["registry-startup"][..]),
        (ImageFamily::Node, &["node-banner"][..]),
        (ImageFamily::HelloWorld, &["hello-world"][..]),
    ]);
    for name in hub().text_names() {
        let t = hub().text_entry(name).unwrap();
        let used: BTreeSet<&str> = dockyard_catalogue::placeholders(&t.text).into_iter().collect();
        let doc: BTreeSet<&str> = t.placeholders.keys().map(String::as_str).collect();
        assert_eq!(used, doc, "{name}");
    }
    for i in hub().images() {
        for text in by_family.get(&i.family).copied().unwrap_or_default() {
            let t = hub().text(text).unwrap();
            for p in dockyard_catalogue::placeholders(t) {
                if let Some(f) = p.strip_prefix("fact:") {
                    assert!(i.fact(f).is_some(), "{}: text {text} needs fact {f}", i.familiar_name());
                }
            }
        }
    }
}

#[test]
fn merged_tree_follows_symlinks() {
    let py = img("python:3.11.5-alpine");
    let tree = py.file_tree();
    let r = tree.which("python", py.config.path()).unwrap();
    assert_eq!(r.path, "/usr/local/bin/python");
    assert_eq!(r.real_path, "/usr/local/bin/python3.11");
    let osr = tree.resolve("/etc/os-release").unwrap();
    assert_eq!(osr.real_path, "/usr/lib/os-release");
    assert!(osr.entry.content.as_deref().unwrap().contains("VERSION_ID=3.18.3"));
    // merged-/usr Debian: /bin/bash is /usr/bin/bash.
    let deb = img("debian:bookworm");
    assert_eq!(deb.file_tree().resolve("/bin/bash").unwrap().real_path, "/usr/bin/bash");
    assert_eq!(deb.file_tree().resolve("/bin/sh").unwrap().real_path, "/usr/bin/dash");
    // Later layers win: nginx adds its user to /etc/passwd.
    let ng = img("nginx:latest");
    assert!(
        ng.file_tree()
            .get("/etc/passwd")
            .unwrap()
            .content
            .as_deref()
            .unwrap()
            .contains("nginx:x:101:101")
    );
    let names: Vec<String> = tree
        .children("/usr/local/bin")
        .iter()
        .map(|e| e.name().to_owned())
        .collect();
    assert!(names.iter().any(|n| n == "pip") && names.iter().any(|n| n == "python3.11"));
}

#[test]
fn ids_and_digests_are_stable() {
    let mut out = String::new();
    for i in hub().images() {
        out.push_str(&format!(
            "{} {} {} {} {}\n",
            i.familiar_name(),
            i.short_id(),
            dockyard_catalogue::digest::short(&i.repo_digest()),
            i.size(),
            short_digests(i).join(",")
        ));
    }
    // Absolute path: independent of how the workspace root is resolved.
    insta::with_settings!({ snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"), prepend_module_to_snapshot => true }, {
        insta::assert_snapshot!(out);
    });
}
