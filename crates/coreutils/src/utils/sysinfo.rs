//! System information: printenv, hostname, whoami, id, uname, date, sleep, ps, which, clear.

use dockyard_vfs::{Node, normalize};

use super::Ctx;
use crate::args::{Has, Spec};
use crate::system::ProcessInfo;
use crate::{Flavor, time};

/// The kernel every container shares with the host.
const KERNEL_RELEASE: &str = "6.8.0-45-generic";
const KERNEL_VERSION: &str = "#45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024";
const MACHINE: &str = "x86_64";
/// Memory of the simulated machine, for `ps aux`'s %MEM.
const MEM_KB: u64 = 8_039_148;

pub(crate) fn printenv(ctx: &mut Ctx, args: &[String]) -> i32 {
    const GNU: Spec = Spec::new("0", &[("null", Has::No)]);
    const BB: Spec = Spec::new("", &[]);
    let p = match ctx.parse(if ctx.gnu() { &GNU } else { &BB }, args, 2) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let end = if p.any(&["0", "null"]) { "\0" } else { "\n" };
    let mut out = String::new();
    if p.operands.is_empty() {
        for (k, v) in ctx.sys.env() {
            out.push_str(&format!("{k}={v}{end}"));
        }
        ctx.out(out);
        return 0;
    }
    let mut status = 0;
    for name in &p.operands {
        match ctx.sys.get_env(name) {
            Some(v) if !name.contains('=') => out.push_str(&format!("{v}{end}")),
            _ => status = 1,
        }
    }
    ctx.out(out);
    status
}

pub(crate) fn hostname(ctx: &mut Ctx, args: &[String]) -> i32 {
    const GNU: Spec = Spec::new(
        "sfdiI",
        &[
            ("short", Has::No),
            ("fqdn", Has::No),
            ("long", Has::No),
            ("domain", Has::No),
            ("ip-address", Has::No),
            ("all-ip-addresses", Has::No),
        ],
    );
    const BB: Spec = Spec::new("sfdiF:", &[]);
    let p = match ctx.parse(if ctx.gnu() { &GNU } else { &BB }, args, 1) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let name = ctx.sys.hostname();
    if !p.operands.is_empty() {
        ctx.err("sethostname: Operation not permitted");
        return 1;
    }
    if p.any(&["i", "ip-address", "I", "all-ip-addresses"]) {
        let ip = ctx.sys.lookup_host(&name).unwrap_or_else(|_| "127.0.1.1".into());
        if p.any(&["I", "all-ip-addresses"]) {
            ctx.out(format!("{ip} \n"));
        } else {
            ctx.out(format!("{ip}\n"));
        }
        return 0;
    }
    if p.any(&["d", "domain"]) {
        let d = name.split_once('.').map(|(_, d)| d.to_string()).unwrap_or_default();
        ctx.out(format!("{d}\n"));
        return 0;
    }
    let shown = if p.any(&["s", "short"]) {
        name.split('.').next().unwrap_or("").to_string()
    } else {
        name
    };
    ctx.out(format!("{shown}\n"));
    0
}

pub(crate) fn whoami(ctx: &mut Ctx, args: &[String]) -> i32 {
    let p = match ctx.parse(&Spec::new("", &[]), args, 1) {
        Ok(p) => p,
        Err(c) => return c,
    };
    if let Some(op) = p.operands.first() {
        if ctx.gnu() {
            let q = ctx.sq(op);
            return ctx.missing_operand(&format!("extra operand {q}"));
        }
        ctx.bb_usage();
        return 1;
    }
    let (_, user) = ctx.sys.user();
    ctx.out(format!("{user}\n"));
    0
}

/// (gid, name) of the groups a user is in.
fn groups(uid: u32, user: &str, flavor: Flavor) -> Vec<(u32, String)> {
    if uid == 0 {
        if flavor == Flavor::Busybox {
            return [
                (0, "root"),
                (1, "bin"),
                (2, "daemon"),
                (3, "sys"),
                (4, "adm"),
                (6, "disk"),
                (10, "wheel"),
                (11, "floppy"),
                (20, "dialout"),
                (26, "tape"),
                (27, "video"),
            ]
            .iter()
            .map(|(g, n)| (*g, n.to_string()))
            .collect();
        }
        return vec![(0, "root".into())];
    }
    // The student's host account may use docker without sudo.
    vec![(uid, user.to_string()), (27, "sudo".into()), (999, "docker".into())]
}

pub(crate) fn id(ctx: &mut Ctx, args: &[String]) -> i32 {
    const GNU: Spec = Spec::new(
        "ugGnr",
        &[
            ("user", Has::No),
            ("group", Has::No),
            ("groups", Has::No),
            ("name", Has::No),
            ("real", Has::No),
        ],
    );
    const BB: Spec = Spec::new("ugGnr", &[]);
    let p = match ctx.parse(if ctx.gnu() { &GNU } else { &BB }, args, 1) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let (uid, user) = ctx.sys.user();
    if let Some(u) = p.operands.first()
        && *u != user
        && !(u == "root" && uid == 0)
    {
        if ctx.gnu() {
            let q = ctx.sq(u);
            ctx.err(format!("{q}: no such user"));
        } else {
            ctx.err(format!("unknown user {u}"));
        }
        return 1;
    }
    let gs = groups(uid, &user, ctx.flavor);
    let name = p.any(&["n", "name"]);
    let line = if p.any(&["u", "user"]) {
        if name { user.clone() } else { uid.to_string() }
    } else if p.any(&["g", "group"]) {
        if name { gs[0].1.clone() } else { gs[0].0.to_string() }
    } else if p.any(&["G", "groups"]) {
        gs.iter()
            .map(|(g, n)| if name { n.clone() } else { g.to_string() })
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        let list: Vec<String> = gs.iter().map(|(g, n)| format!("{g}({n})")).collect();
        format!(
            "uid={uid}({user}) gid={}({}) groups={}",
            gs[0].0,
            gs[0].1,
            list.join(",")
        )
    };
    ctx.out(format!("{line}\n"));
    0
}

pub(crate) fn uname(ctx: &mut Ctx, args: &[String]) -> i32 {
    const GNU: Spec = Spec::new(
        "asnrvmpio",
        &[
            ("all", Has::No),
            ("kernel-name", Has::No),
            ("nodename", Has::No),
            ("kernel-release", Has::No),
            ("kernel-version", Has::No),
            ("machine", Has::No),
            ("processor", Has::No),
            ("hardware-platform", Has::No),
            ("operating-system", Has::No),
        ],
    );
    const BB: Spec = Spec::new("asnrvmpio", &[]);
    let p = match ctx.parse(if ctx.gnu() { &GNU } else { &BB }, args, 1) {
        Ok(p) => p,
        Err(c) => return c,
    };
    if let Some(op) = p.operands.first() {
        if ctx.gnu() {
            let q = ctx.sq(op);
            return ctx.missing_operand(&format!("extra operand {q}"));
        }
        ctx.bb_usage();
        return 1;
    }
    let all = p.any(&["a", "all"]);
    let os = if ctx.gnu() { "GNU/Linux" } else { "Linux" };
    let host = ctx.sys.hostname();
    let mut parts: Vec<String> = Vec::new();
    let want = |k: &[&str]| all || p.any(k);
    if want(&["s", "kernel-name"]) {
        parts.push("Linux".into());
    }
    if want(&["n", "nodename"]) {
        parts.push(host);
    }
    if want(&["r", "kernel-release"]) {
        parts.push(KERNEL_RELEASE.into());
    }
    if want(&["v", "kernel-version"]) {
        parts.push(KERNEL_VERSION.into());
    }
    if want(&["m", "machine"]) {
        parts.push(MACHINE.into());
    }
    // GNU prints "unknown" for -p/-i when asked alone and omits them from -a.
    if !all && p.any(&["p", "processor"]) {
        parts.push(if ctx.gnu() { "unknown".into() } else { MACHINE.into() });
    }
    if !all && p.any(&["i", "hardware-platform"]) {
        parts.push(if ctx.gnu() { "unknown".into() } else { MACHINE.into() });
    }
    if want(&["o", "operating-system"]) {
        parts.push(os.into());
    }
    if parts.is_empty() {
        parts.push("Linux".into());
    }
    ctx.out(format!("{}\n", parts.join(" ")));
    0
}

pub(crate) fn date(ctx: &mut Ctx, args: &[String]) -> i32 {
    const GNU: Spec = Spec::new(
        "ud:RI::r:",
        &[
            ("utc", Has::No),
            ("universal", Has::No),
            ("date", Has::Required),
            ("rfc-email", Has::No),
            ("iso-8601", Has::Optional),
            ("reference", Has::Required),
        ],
    );
    const BB: Spec = Spec::new("ud:RI::r:D:", &[]);
    // `+FORMAT` looks like an operand to getopt; negative-looking formats do not occur.
    let p = match ctx.parse(if ctx.gnu() { &GNU } else { &BB }, args, 1) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let mut t = ctx.sys.now();
    if let Some(d) = p.value("d").or(p.value("date")) {
        match time::parse_date(d).or_else(|| match d.trim() {
            "now" | "" => Some(ctx.sys.now()),
            "yesterday" => Some(ctx.sys.now() - 86_400_000_000_000),
            "tomorrow" => Some(ctx.sys.now() + 86_400_000_000_000),
            _ => None,
        }) {
            Some(v) => t = v,
            None => {
                if ctx.gnu() {
                    let q = ctx.lq(d);
                    ctx.err(format!("invalid date {q}"));
                } else {
                    ctx.err(format!("invalid date '{d}'"));
                }
                return 1;
            }
        }
    }
    if let Some(f) = p.value("r").or(p.value("reference")) {
        let abs = ctx.path(f);
        if !ctx.sys.exists(&abs) {
            if ctx.gnu() {
                let q = ctx.sq(f);
                ctx.err(format!("{q}: No such file or directory"));
            } else {
                ctx.err(format!("can't stat '{f}': No such file or directory"));
            }
            return 1;
        }
        t = ctx.sys.mtime(&abs).unwrap_or(t);
    }
    let mut fmt: Option<String> = None;
    for op in &p.operands {
        if let Some(f) = op.strip_prefix('+') {
            if fmt.is_some() {
                if ctx.gnu() {
                    let q = ctx.lq(op);
                    return ctx.missing_operand(&format!("extra operand {q}"));
                }
                ctx.bb_usage();
                return 1;
            }
            fmt = Some(f.to_string());
        } else {
            if ctx.gnu() {
                ctx.err("cannot set date: Operation not permitted");
            } else {
                ctx.err("can't set date: Operation not permitted");
            }
            ctx.out(format!("{}\n", time::default_date(t)));
            return 1;
        }
    }
    let text = if let Some(f) = fmt {
        time::strftime(&f, t)
    } else if p.any(&["R", "rfc-email"]) {
        time::strftime("%a, %d %b %Y %H:%M:%S +0000", t)
    } else if p.has("I") || p.has("iso-8601") {
        match p.value("I").or(p.value("iso-8601")).unwrap_or("date") {
            "hours" => time::strftime("%Y-%m-%dT%H+00:00", t),
            "minutes" => time::strftime("%Y-%m-%dT%H:%M+00:00", t),
            "seconds" => time::strftime("%Y-%m-%dT%H:%M:%S+00:00", t),
            "ns" => time::strftime("%Y-%m-%dT%H:%M:%S,%N+00:00", t),
            _ => time::strftime("%Y-%m-%d", t),
        }
    } else {
        time::default_date(t)
    };
    ctx.out(format!("{text}\n"));
    0
}

/// Parses `1.5`, `2m`, `1h` into seconds.
fn duration(s: &str) -> Option<f64> {
    let (num, mult) = match s.chars().last()? {
        's' => (&s[..s.len() - 1], 1.0),
        'm' => (&s[..s.len() - 1], 60.0),
        'h' => (&s[..s.len() - 1], 3600.0),
        'd' => (&s[..s.len() - 1], 86_400.0),
        _ => (s, 1.0),
    };
    if num.is_empty() || !num.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let v: f64 = num.parse().ok()?;
    (v.is_finite() && v >= 0.0).then_some(v * mult)
}

pub(crate) fn sleep(ctx: &mut Ctx, args: &[String]) -> i32 {
    if let Some(c) = ctx.help(args) {
        return c;
    }
    if args.is_empty() {
        if ctx.gnu() {
            return ctx.missing_operand("missing operand");
        }
        ctx.bb_usage();
        return 1;
    }
    let mut total = 0.0;
    for a in args {
        match duration(a) {
            Some(v) => total += v,
            None => {
                if ctx.gnu() {
                    let q = ctx.lq(a);
                    let t = ctx.try_help();
                    ctx.err(format!("invalid time interval {q}"));
                    ctx.io.err(t);
                } else {
                    ctx.err(format!("invalid number '{a}'"));
                }
                return 1;
            }
        }
    }
    ctx.sys.sleep(total.min(1e9));
    0
}

// ---------------------------------------------------------------- ps

fn cpu_time_procps(secs: u64) -> String {
    let d = secs / 86_400;
    let h = (secs % 86_400) / 3600;
    let m = (secs % 3600) / 60;
    let s = secs % 60;
    if d > 0 {
        format!("{d}-{h:02}:{m:02}:{s:02}")
    } else {
        format!("{h:02}:{m:02}:{s:02}")
    }
}

fn start_procps(start: i64, now: i64) -> String {
    let same_day = start.div_euclid(86_400_000_000_000) == now.div_euclid(86_400_000_000_000);
    if same_day {
        time::strftime("%H:%M", start)
    } else {
        time::strftime("%b%d", start)
    }
}

/// The processes plus `ps` itself.
fn with_self(ctx: &Ctx, cmd: &str) -> Vec<ProcessInfo> {
    let mut procs = ctx.sys.processes();
    procs.sort_by_key(|p| p.pid);
    let (_, user) = ctx.sys.user();
    let pid = procs.iter().map(|p| p.pid).max().unwrap_or(0) + 1;
    let tty = procs
        .iter()
        .rev()
        .find(|p| p.tty.is_some())
        .and_then(|p| p.tty.clone())
        .or_else(|| ctx.tty.then(|| "pts/0".to_string()));
    procs.push(ProcessInfo {
        pid,
        ppid: procs.last().map(|p| p.pid).unwrap_or(0),
        user,
        command: cmd.to_string(),
        cpu_secs: 0,
        start: ctx.sys.now(),
        tty,
        stat: "R+".into(),
        vsz_kb: 8_088,
        rss_kb: 4_096,
    });
    procs
}

fn comm(cmd: &str) -> String {
    let first = cmd.split_whitespace().next().unwrap_or("");
    first.rsplit('/').next().unwrap_or(first).chars().take(15).collect()
}

pub(crate) fn ps(ctx: &mut Ctx, args: &[String]) -> i32 {
    let cmdline = std::iter::once("ps".to_string())
        .chain(args.iter().cloned())
        .collect::<Vec<_>>()
        .join(" ");
    if !ctx.gnu() {
        const BB: Spec = Spec::new("Zo:aAdeflwT", &[]);
        if let Err(c) = ctx.parse(&BB, args, 1) {
            return c;
        }
        let procs = with_self(ctx, &cmdline);
        let mut out = String::from("PID   USER     TIME  COMMAND\n");
        for p in procs {
            let t = format!("{}:{:02}", p.cpu_secs / 60, p.cpu_secs % 60);
            let user: String = p.user.chars().take(8).collect();
            out.push_str(&format!("{:>5} {:<8} {:>5} {}\n", p.pid, user, t, p.command));
        }
        ctx.out(out);
        return 0;
    }
    // procps: BSD letters without a dash (`aux`), or UNIX options (`-ef`).
    let mut bsd = String::new();
    let mut unix = String::new();
    for a in args {
        if let Some(o) = a.strip_prefix("--") {
            let _ = o;
            ctx.io.err(PROCPS_USAGE.replace("{}", "unknown gnu long option"));
            return 1;
        } else if let Some(o) = a.strip_prefix('-') {
            unix.push_str(o);
        } else {
            bsd.push_str(a);
        }
    }
    if let Some(c) = bsd.chars().find(|c| !"auxwef".contains(*c)) {
        let _ = c;
        ctx.io
            .err(PROCPS_USAGE.replace("{}", "unsupported option (BSD syntax)"));
        return 1;
    }
    if unix.chars().any(|c| !"efAaxwl".contains(c)) {
        ctx.io.err(PROCPS_USAGE.replace("{}", "unsupported SysV option"));
        return 1;
    }
    let now = ctx.sys.now();
    let mut procs = with_self(ctx, &cmdline);
    let all = bsd.contains('a') || bsd.contains('x') || unix.contains('e') || unix.contains('A');
    if !all {
        let me = procs.last().cloned().unwrap_or_default();
        procs.retain(|p| p.tty == me.tty && p.user == me.user);
    }
    let tty = |p: &ProcessInfo| p.tty.clone().unwrap_or_else(|| "?".into());
    let mut out = String::new();
    if bsd.contains('u') {
        out.push_str("USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n");
        for p in &procs {
            let elapsed = ((now - p.start) as f64 / 1e9).max(1.0);
            let cpu = (p.cpu_secs as f64 / elapsed * 100.0).min(100.0);
            let mem = p.rss_kb as f64 / MEM_KB as f64 * 100.0;
            let user: String = if p.user.chars().count() > 8 {
                format!("{}+", p.user.chars().take(7).collect::<String>())
            } else {
                p.user.clone()
            };
            let t = format!("{}:{:02}", p.cpu_secs / 60, p.cpu_secs % 60);
            out.push_str(&format!(
                "{:<8} {:>7} {:>4.1} {:>4.1} {:>6} {:>5} {:<8} {:<4} {:>5} {:>6} {}\n",
                user,
                p.pid,
                cpu,
                mem,
                p.vsz_kb,
                p.rss_kb,
                tty(p),
                p.stat,
                start_procps(p.start, now),
                t,
                p.command
            ));
        }
    } else if unix.contains('f') {
        out.push_str("UID          PID    PPID  C STIME TTY          TIME CMD\n");
        for p in &procs {
            let user: String = if p.user.chars().count() > 8 {
                format!("{}+", p.user.chars().take(7).collect::<String>())
            } else {
                p.user.clone()
            };
            out.push_str(&format!(
                "{:<8} {:>7} {:>7} {:>2} {:>5} {:<8} {:>8} {}\n",
                user,
                p.pid,
                p.ppid,
                0,
                start_procps(p.start, now),
                tty(p),
                cpu_time_procps(p.cpu_secs),
                p.command
            ));
        }
    } else {
        out.push_str("    PID TTY          TIME CMD\n");
        for p in &procs {
            out.push_str(&format!(
                "{:>7} {:<8} {:>8} {}\n",
                p.pid,
                tty(p),
                cpu_time_procps(p.cpu_secs),
                comm(&p.command)
            ));
        }
    }
    ctx.out(out);
    0
}

const PROCPS_USAGE: &str = "error: {}\n\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n";

// ---------------------------------------------------------------- which / clear

/// Where a utility lives on each kind of system, when the file system does not say.
fn default_location(name: &str, flavor: Flavor) -> String {
    if flavor.gnu() {
        return format!("/usr/bin/{name}");
    }
    const BIN: &[&str] = &[
        "cat", "chmod", "cp", "date", "df", "echo", "egrep", "false", "fgrep", "grep", "hostname", "ln", "ls", "mkdir",
        "mv", "ping", "ps", "pwd", "rm", "rmdir", "sh", "sleep", "touch", "true", "uname",
    ];
    if BIN.contains(&name) {
        format!("/bin/{name}")
    } else {
        format!("/usr/bin/{name}")
    }
}

/// Finds a command in `$PATH` (in the file system), falling back to the usual location of a
/// built-in utility that is installed. `None` when not found.
pub(crate) fn which_path(sys: &dyn crate::System, flavor: Flavor, name: &str) -> Option<String> {
    if name.contains('/') {
        let abs = normalize(&sys.cwd(), name);
        return matches!(sys.stat(&abs), Some(Node::File { .. })).then(|| name.to_string());
    }
    let path = sys
        .get_env("PATH")
        .unwrap_or_else(|| "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".into());
    for dir in path.split(':').filter(|d| !d.is_empty()) {
        let cand = normalize(dir, name);
        if matches!(sys.stat(&cand), Some(Node::File { .. })) {
            return Some(format!("{}/{name}", dir.trim_end_matches('/')));
        }
    }
    let known = super::NAMES.contains(&name)
        || matches!(
            name,
            "sh" | "env" | "xargs" | "echo" | "true" | "false" | "pwd" | "test" | "[" | "bash" | "dash"
        );
    if known && sys.has_utility(name) {
        if name == "bash" && flavor == Flavor::Busybox {
            return None;
        }
        return Some(default_location(name, flavor));
    }
    None
}

pub(crate) fn which(ctx: &mut Ctx, args: &[String]) -> i32 {
    let p = match ctx.parse(&Spec::new("a", &[]), args, 2) {
        Ok(p) => p,
        Err(c) => return c,
    };
    if p.operands.is_empty() {
        if !ctx.gnu() {
            ctx.bb_usage();
        }
        return 1;
    }
    let mut status = 0;
    let mut out = String::new();
    for n in &p.operands {
        match which_path(&*ctx.sys, ctx.flavor, n) {
            Some(pth) => {
                out.push_str(&pth);
                out.push('\n');
            }
            None => status = 1,
        }
    }
    ctx.out(out);
    status
}

pub(crate) fn clear(ctx: &mut Ctx, _args: &[String]) -> i32 {
    ctx.sys.clear_screen();
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration("1.5"), Some(1.5));
        assert_eq!(duration("2m"), Some(120.0));
        assert_eq!(duration("x"), None);
        assert_eq!(duration("-1"), None);
        assert_eq!(cpu_time_procps(3), "00:00:03");
        assert_eq!(comm("/usr/local/bin/python -m http.server"), "python");
    }
}
