//! Package managers as builds use them: `pip install` (with `-r requirements.txt` and
//! `--no-cache-dir`), `apk add`, `apt-get update/install`. They print what the real
//! tools print (abridged to the lines people look at) and write believable files, so
//! layer sizes grow as they would.

use std::sync::Arc;

use dockyard_coreutils::Io as CIo;

use super::csys::ContainerSys;
use crate::fs::{Node, Vfs};

/// Known Python packages: (canonical name, default version, wheel size in bytes, dependencies).
const PYPI: &[(&str, &str, u64, &[&str])] = &[
    (
        "flask",
        "3.0.0",
        101_000,
        &["werkzeug", "jinja2", "itsdangerous", "click", "blinker"],
    ),
    ("werkzeug", "3.0.1", 226_000, &["markupsafe"]),
    ("jinja2", "3.1.2", 133_000, &["markupsafe"]),
    ("itsdangerous", "2.1.2", 15_000, &[]),
    ("click", "8.1.7", 97_000, &[]),
    ("blinker", "1.7.0", 13_000, &[]),
    ("markupsafe", "2.1.3", 25_000, &[]),
    (
        "requests",
        "2.31.0",
        62_000,
        &["charset-normalizer", "idna", "urllib3", "certifi"],
    ),
    ("charset-normalizer", "3.3.2", 142_000, &[]),
    ("idna", "3.4", 61_000, &[]),
    ("urllib3", "2.0.7", 124_000, &[]),
    ("certifi", "2023.7.22", 158_000, &[]),
    ("sqlalchemy", "2.0.23", 3_100_000, &["greenlet", "typing-extensions"]),
    ("greenlet", "3.0.1", 610_000, &[]),
    ("typing-extensions", "4.8.0", 31_000, &[]),
    ("psycopg2-binary", "2.9.9", 3_000_000, &[]),
    ("redis", "5.0.1", 250_000, &[]),
    ("gunicorn", "21.2.0", 80_000, &["packaging"]),
    ("packaging", "23.2", 53_000, &[]),
    ("numpy", "1.26.2", 18_200_000, &[]),
    (
        "pandas",
        "2.1.3",
        12_300_000,
        &["numpy", "python-dateutil", "pytz", "tzdata"],
    ),
    ("python-dateutil", "2.8.2", 247_000, &["six"]),
    ("six", "1.16.0", 11_000, &[]),
    ("pytz", "2023.3.post1", 502_000, &[]),
    ("tzdata", "2023.3", 341_000, &[]),
    ("django", "4.2.7", 8_000_000, &["asgiref", "sqlparse"]),
    ("asgiref", "3.7.2", 24_000, &[]),
    ("sqlparse", "0.4.4", 41_000, &[]),
    ("fastapi", "0.104.1", 92_000, &["pydantic", "starlette"]),
    ("pydantic", "2.5.1", 381_000, &[]),
    ("starlette", "0.27.0", 66_000, &[]),
    ("uvicorn", "0.24.0", 59_000, &["click"]),
    ("pytest", "7.4.3", 325_000, &[]),
];

fn lookup(name: &str) -> Option<&'static (&'static str, &'static str, u64, &'static [&'static str])> {
    let n = name.to_ascii_lowercase().replace('_', "-");
    PYPI.iter().find(|p| p.0 == n)
}

fn site_packages(sys: &ContainerSys<'_>) -> String {
    let v = super::csys::image_fact(sys.world, &sys.ep, &sys.cid, "python").unwrap_or_else(|| "3.12.0".into());
    let minor: Vec<&str> = v.split('.').take(2).collect();
    format!("/usr/local/lib/python{}/site-packages", minor.join("."))
}

fn write_blob(sys: &mut ContainerSys<'_>, path: &str, size: u64) {
    let _ = sys.mkdir(crate::fs::parent(path), true);
    let _ = sys.write_node(
        path,
        Node::File {
            data: Arc::new(Vec::new()),
            size,
            mode: 0o644,
            program: None,
        },
    );
}

/// `pip install ...` / `pip --version` / `pip list` / `pip freeze`.
pub fn pip(sys: &mut ContainerSys<'_>, argv: &[String], io: &mut CIo) -> i32 {
    let args: Vec<&str> = argv[1..].iter().map(String::as_str).collect();
    let sp = site_packages(sys);
    match args.first().copied() {
        Some("--version") | Some("-V") => {
            let pipv = super::csys::image_fact(sys.world, &sys.ep, &sys.cid, "pip").unwrap_or_else(|| "23.2.1".into());
            let v = super::csys::image_fact(sys.world, &sys.ep, &sys.cid, "python").unwrap_or_default();
            let minor: Vec<&str> = v.split('.').take(2).collect();
            io.outln(format!("pip {pipv} from {sp}/pip (python {})", minor.join(".")));
            0
        }
        Some("list") | Some("freeze") => {
            let mut pkgs: Vec<(String, String)> = sys
                .list(&sp)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|(n, _)| n.strip_suffix(".dist-info").map(str::to_string))
                .filter_map(|n| n.rsplit_once('-').map(|(a, b)| (a.to_string(), b.to_string())))
                .collect();
            pkgs.sort();
            if args[0] == "freeze" {
                for (n, v) in pkgs {
                    io.outln(format!("{n}=={v}"));
                }
            } else {
                io.outln("Package    Version\n---------- -------");
                for (n, v) in pkgs {
                    io.outln(format!("{n:<10} {v}"));
                }
            }
            0
        }
        Some("install") => {
            let mut wanted: Vec<(String, Option<String>)> = Vec::new();
            let mut no_cache = false;
            let mut i = 1;
            while i < args.len() {
                match args[i] {
                    "-r" | "--requirement" => {
                        i += 1;
                        let Some(f) = args.get(i) else {
                            io.errln("\nUsage:   \n  pip install [options] <requirement specifier> [package-index-options] ...\n\n-r option requires 1 argument");
                            return 2;
                        };
                        let path = crate::fs::normalize(&sys.cwd, f);
                        match sys.read_string(&path) {
                            Ok(text) => {
                                for line in text.lines() {
                                    let l = line.split('#').next().unwrap_or("").trim();
                                    if l.is_empty() || l.starts_with('-') {
                                        continue;
                                    }
                                    wanted.push(split_req(l));
                                }
                            }
                            Err(_) => {
                                io.errln(format!("ERROR: Could not open requirements file: [Errno 2] No such file or directory: '{f}'"));
                                return 1;
                            }
                        }
                    }
                    "--no-cache-dir" => no_cache = true,
                    "-U" | "--upgrade" | "-q" | "--quiet" | "--user" | "--no-deps" | "--disable-pip-version-check" => {}
                    a if a.starts_with('-') => {}
                    a => wanted.push(split_req(a)),
                }
                i += 1;
            }
            if wanted.is_empty() {
                io.errln("ERROR: You must give at least one requirement to install (see \"pip help install\")");
                return 1;
            }
            // Resolve with dependencies, in install order.
            let mut order: Vec<(String, String, u64, bool)> = Vec::new();
            for (name, ver) in &wanted {
                let Some(p) = lookup(name) else {
                    io.outln(format!(
                        "ERROR: Could not find a version that satisfies the requirement {name} (from versions: none)"
                    ));
                    io.outln(format!("ERROR: No matching distribution found for {name}"));
                    return 1;
                };
                let v = ver.clone().unwrap_or_else(|| p.1.to_string());
                io.outln(format!(
                    "Collecting {}{}",
                    name,
                    ver.as_ref().map(|v| format!("=={v}")).unwrap_or_default()
                ));
                io.outln(format!("  Downloading {}-{v}-py3-none-any.whl ({})", cap(p.0), kb(p.2)));
                if !order.iter().any(|o| o.0 == p.0) {
                    order.push((p.0.to_string(), v, p.2, true));
                }
                let mut stack: Vec<&str> = p.3.to_vec();
                while let Some(dep) = stack.pop() {
                    if order.iter().any(|o| o.0 == dep) {
                        continue;
                    }
                    if let Some(d) = lookup(dep) {
                        io.outln(format!(
                            "Collecting {dep}>={} (from {})",
                            d.1.split('.').next().unwrap_or("1"),
                            p.0
                        ));
                        io.outln(format!(
                            "  Downloading {}-{}-py3-none-any.whl ({})",
                            cap(d.0),
                            d.1,
                            kb(d.2)
                        ));
                        order.push((d.0.to_string(), d.1.to_string(), d.2, false));
                        stack.extend(d.3.iter());
                    }
                }
            }
            io.outln(format!(
                "Installing collected packages: {}",
                order.iter().rev().map(|o| o.0.clone()).collect::<Vec<_>>().join(", ")
            ));
            for (name, ver, size, _) in &order {
                let dir = format!("{sp}/{}", name.replace('-', "_"));
                write_blob(sys, &format!("{dir}/__init__.py"), size * 3);
                let _ = sys.mkdir(&format!("{sp}/{}-{ver}.dist-info", name.replace('-', "_")), true);
                write_blob(
                    sys,
                    &format!("{sp}/{}-{ver}.dist-info/METADATA", name.replace('-', "_")),
                    3_000,
                );
                if !no_cache {
                    write_blob(sys, &format!("/root/.cache/pip/http-v2/{}/{}", &name[..1], name), *size);
                }
            }
            io.outln(format!(
                "Successfully installed {}",
                order
                    .iter()
                    .rev()
                    .map(|o| format!("{}-{}", o.0, o.1))
                    .collect::<Vec<_>>()
                    .join(" ")
            ));
            io.outln("WARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour with the system package manager. It is recommended to use a virtual environment instead: https://pip.pypa.io/warnings/venv");
            0
        }
        Some("uninstall") => 0,
        _ => {
            io.errln("\nUsage:   \n  pip <command> [options]\n\nno such option or command");
            2
        }
    }
}

fn split_req(s: &str) -> (String, Option<String>) {
    match s.split_once("==") {
        Some((n, v)) => (n.trim().to_string(), Some(v.trim().to_string())),
        None => (
            s.split(['>', '<', '~', '=', '['])
                .next()
                .unwrap_or(s)
                .trim()
                .to_string(),
            None,
        ),
    }
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn kb(n: u64) -> String {
    if n >= 1_000_000 {
        format!("{:.1} MB", n as f64 / 1e6)
    } else {
        format!("{} kB", n / 1000)
    }
}

/// Alpine packages: (name, version, installed size).
const APK: &[(&str, &str, u64)] = &[
    ("curl", "8.4.0-r0", 260_000),
    ("libcurl", "8.4.0-r0", 500_000),
    ("ca-certificates", "20230506-r0", 680_000),
    ("bash", "5.2.15-r5", 1_300_000),
    ("git", "2.40.1-r0", 12_600_000),
    ("gcc", "12.2.1_git20220924-r10", 47_000_000),
    ("musl-dev", "1.2.4-r2", 1_100_000),
    ("build-base", "0.5-r3", 4_000),
    ("postgresql-dev", "15.5-r0", 4_600_000),
    ("vim", "9.0.2073-r0", 3_200_000),
    ("nano", "7.2-r1", 460_000),
    ("tzdata", "2023c-r1", 1_500_000),
    ("openssl", "3.1.4-r1", 700_000),
    ("jq", "1.6-r3", 560_000),
    ("wget", "1.21.4-r0", 480_000),
];

pub fn apk(sys: &mut ContainerSys<'_>, argv: &[String], io: &mut CIo) -> i32 {
    let args: Vec<&str> = argv[1..].iter().map(String::as_str).collect();
    match args.first().copied() {
        Some("update") => {
            io.outln("fetch https://dl-cdn.alpinelinux.org/alpine/v3.18/main/x86_64/APKINDEX.tar.gz\nfetch https://dl-cdn.alpinelinux.org/alpine/v3.18/community/x86_64/APKINDEX.tar.gz\nv3.18.4-204-g5f02f3d0d5e [https://dl-cdn.alpinelinux.org/alpine/v3.18/main]\nv3.18.4-203-g0ac2a7dd3d4 [https://dl-cdn.alpinelinux.org/alpine/v3.18/community]\nOK: 20072 distinct packages available");
            write_blob(sys, "/var/cache/apk/APKINDEX.5a59b88b.tar.gz", 1_400_000);
            0
        }
        Some("add") => {
            let no_cache = args.contains(&"--no-cache");
            let pkgs: Vec<&str> = args[1..].iter().copied().filter(|a| !a.starts_with('-')).collect();
            if !no_cache && sys.lstat("/var/cache/apk/APKINDEX.5a59b88b.tar.gz").is_none() {
                // Without an index apk still fetches it when adding.
            }
            io.outln("fetch https://dl-cdn.alpinelinux.org/alpine/v3.18/main/x86_64/APKINDEX.tar.gz\nfetch https://dl-cdn.alpinelinux.org/alpine/v3.18/community/x86_64/APKINDEX.tar.gz");
            let mut n = 0;
            let total = pkgs.len();
            for p in &pkgs {
                let Some(info) = APK.iter().find(|x| x.0 == *p) else {
                    io.errln(format!(
                        "ERROR: unable to select packages:\n  {p} (no such package):\n    required by: world[{p}]"
                    ));
                    return 1;
                };
                n += 1;
                io.outln(format!("({n}/{total}) Installing {} ({})", info.0, info.1));
                write_blob(sys, &format!("/usr/bin/{}", info.0), info.2);
                if let Ok((_, Node::File { .. })) = sys.resolve(&format!("/usr/bin/{}", info.0))
                    && info.0 == "bash"
                {
                    let _ = sys.write_node(
                        "/bin/bash",
                        Node::File {
                            data: Arc::new(Vec::new()),
                            size: info.2,
                            mode: 0o755,
                            program: Some("bash".into()),
                        },
                    );
                }
                if matches!(info.0, "curl" | "wget" | "jq" | "git" | "vim" | "nano") {
                    let _ = sys.write_node(
                        &format!("/usr/bin/{}", info.0),
                        Node::File {
                            data: Arc::new(Vec::new()),
                            size: info.2,
                            mode: 0o755,
                            program: Some("busybox".into()),
                        },
                    );
                }
            }
            io.outln("Executing busybox-1.36.1-r2.trigger");
            io.outln(format!("OK: {} MiB in {} packages", 8 + n * 2, 15 + n));
            if !no_cache {
                write_blob(sys, "/var/cache/apk/APKINDEX.5a59b88b.tar.gz", 1_400_000);
            }
            0
        }
        _ => {
            io.errln("apk-tools 2.14.0, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]");
            1
        }
    }
}

/// Debian packages: (name, version, installed size).
const DEB: &[(&str, &str, u64)] = &[
    ("curl", "7.88.1-10+deb12u4", 500_000),
    ("wget", "1.21.3-1+b2", 3_600_000),
    ("git", "1:2.39.2-1.1", 36_000_000),
    ("vim", "2:9.0.1378-2", 3_900_000),
    ("nano", "7.2-1", 2_700_000),
    ("gcc", "4:12.2.0-3", 52_000_000),
    ("build-essential", "12.9", 20_000),
    ("libpq-dev", "15.5-0+deb12u1", 700_000),
    ("ca-certificates", "20230311", 400_000),
    ("iputils-ping", "3:20221126-1", 120_000),
    ("procps", "2:4.0.2-3", 2_200_000),
    ("net-tools", "2.10-0.1", 1_000_000),
];

pub fn apt_get(sys: &mut ContainerSys<'_>, argv: &[String], io: &mut CIo) -> i32 {
    let args: Vec<&str> = argv[1..].iter().map(String::as_str).collect();
    let sub = args.iter().copied().find(|a| !a.starts_with('-'));
    match sub {
        Some("update") => {
            io.outln("Get:1 http://deb.debian.org/debian bookworm InRelease [151 kB]\nGet:2 http://deb.debian.org/debian bookworm-updates InRelease [52.1 kB]\nGet:3 http://deb.debian.org/debian-security bookworm-security InRelease [48.0 kB]\nGet:4 http://deb.debian.org/debian bookworm/main amd64 Packages [8786 kB]\nFetched 9037 kB in 1s (7268 kB/s)\nReading package lists...");
            write_blob(
                sys,
                "/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4",
                18_900_000,
            );
            0
        }
        Some("install") => {
            if sys.list("/var/lib/apt/lists").map(|v| v.is_empty()).unwrap_or(true) {
                io.outln("Reading package lists...\nBuilding dependency tree...\nReading state information...");
                let p = args
                    .iter()
                    .copied()
                    .find(|a| !a.starts_with('-') && *a != "install")
                    .unwrap_or("");
                io.errln(format!("E: Unable to locate package {p}"));
                return 100;
            }
            let pkgs: Vec<&str> = args
                .iter()
                .copied()
                .filter(|a| !a.starts_with('-') && *a != "install")
                .collect();
            io.outln("Reading package lists...\nBuilding dependency tree...\nReading state information...");
            let mut found = Vec::new();
            for p in &pkgs {
                match DEB.iter().find(|x| x.0 == *p) {
                    Some(i) => found.push(i),
                    None => {
                        io.errln(format!("E: Unable to locate package {p}"));
                        return 100;
                    }
                }
            }
            io.outln(format!(
                "The following NEW packages will be installed:\n  {}",
                pkgs.join(" ")
            ));
            let size: u64 = found.iter().map(|x| x.2).sum();
            io.outln(format!(
                "0 upgraded, {} newly installed, 0 to remove and 0 not upgraded.",
                found.len()
            ));
            io.outln(format!(
                "After this operation, {} of additional disk space will be used.",
                crate::units::size3(size).replace("MB", " MB").replace("kB", " kB")
            ));
            for i in &found {
                io.outln(format!("Setting up {} ({}) ...", i.0, i.1));
                let prog = if matches!(i.0, "curl" | "wget" | "iputils-ping" | "procps") {
                    Some("coreutils".to_string())
                } else {
                    None
                };
                let bin = match i.0 {
                    "iputils-ping" => "ping",
                    "procps" => "ps",
                    n => n,
                };
                let _ = sys.mkdir("/usr/bin", true);
                let _ = sys.write_node(
                    &format!("/usr/bin/{bin}"),
                    Node::File {
                        data: Arc::new(Vec::new()),
                        size: i.2,
                        mode: 0o755,
                        program: prog,
                    },
                );
            }
            write_blob(sys, "/var/cache/apt/archives/pkgs.deb", size / 3);
            0
        }
        Some("clean") => {
            let _ = sys.remove("/var/cache/apt/archives", true);
            0
        }
        _ => {
            io.outln("apt 2.6.1 (amd64)\nUsage: apt-get [options] command");
            1
        }
    }
}
