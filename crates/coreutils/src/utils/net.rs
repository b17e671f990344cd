//! Network clients over [`crate::System::http`] and name resolution: wget (BusyBox and GNU),
//! curl, ping (BusyBox and iputils) and nslookup.

use dockyard_vfs::FsError;

use super::Ctx;
use crate::args::{self, ArgError, Has, Spec};
use crate::system::{HttpRequest, HttpResponse, NetError};
use crate::time;

/// A parsed `http://host:port/path` URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Url {
    pub scheme: String,
    pub host: String,
    pub port: u16,
    pub path: String,
}

impl Url {
    /// `host:port` as the Host header shows it (no port when it is the default).
    fn host_header(&self) -> String {
        let default = if self.scheme == "https" { 443 } else { 80 };
        if self.port == default {
            self.host.clone()
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
    fn text(&self) -> String {
        format!("{}://{}{}", self.scheme, self.host_header(), self.path)
    }
    /// The file name wget/curl -O save to.
    fn file_name(&self) -> String {
        let path = self.path.split(['?', '#']).next().unwrap_or("");
        path.rsplit('/').next().unwrap_or("").to_string()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum UrlError {
    /// An unsupported scheme (`ftp`).
    Scheme(String),
    /// No host, or a bad port.
    Malformed,
}

/// Parses a URL; a missing scheme means `http`.
pub(crate) fn parse_url(s: &str) -> Result<Url, UrlError> {
    let (scheme, rest) = match s.split_once("://") {
        Some((sc, r)) => (sc.to_ascii_lowercase(), r),
        None => ("http".to_string(), s),
    };
    if scheme != "http" && scheme != "https" {
        return Err(UrlError::Scheme(scheme));
    }
    let split = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(split);
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => {
            let port: u16 = if p.is_empty() {
                default_port(&scheme)
            } else {
                p.parse().map_err(|_| UrlError::Malformed)?
            };
            (h.to_string(), port)
        }
        None => (authority.to_string(), default_port(&scheme)),
    };
    if host.is_empty() {
        return Err(UrlError::Malformed);
    }
    let path = if path.is_empty() {
        "/".to_string()
    } else if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    };
    let path = path.split('#').next().unwrap_or("/").to_string();
    Ok(Url {
        scheme,
        host: host.to_ascii_lowercase(),
        port,
        path,
    })
}

fn default_port(scheme: &str) -> u16 {
    if scheme == "https" { 443 } else { 80 }
}

fn is_ip(host: &str) -> bool {
    host.split('.').count() == 4 && host.split('.').all(|p| p.parse::<u8>().is_ok())
}

// ---------------------------------------------------------------- wget

/// busybox's progress-size column: bytes below 100000, else scaled with a unit.
fn bb_size(n: u64) -> (u64, char) {
    let mut v = n;
    let mut unit = ' ';
    for u in ['k', 'M', 'G', 'T'] {
        if v < 100_000 {
            break;
        }
        v /= 1024;
        unit = u;
    }
    (v, unit)
}

pub(crate) fn wget(ctx: &mut Ctx, args: &[String]) -> i32 {
    const GNU: Spec = Spec::new(
        "qO:o:SP:U:T:t:cv",
        &[
            ("quiet", Has::No),
            ("output-document", Has::Required),
            ("output-file", Has::Required),
            ("server-response", Has::No),
            ("directory-prefix", Has::Required),
            ("user-agent", Has::Required),
            ("timeout", Has::Required),
            ("tries", Has::Required),
            ("continue", Has::No),
            ("verbose", Has::No),
            ("spider", Has::No),
            ("header", Has::Required),
            ("post-data", Has::Required),
            ("method", Has::Required),
            ("body-data", Has::Required),
            ("no-check-certificate", Has::No),
            ("no-verbose", Has::No),
        ],
    );
    const BB: Spec = Spec::new(
        "qO:o:SP:U:T:Y:c",
        &[
            ("quiet", Has::No),
            ("output-document", Has::Required),
            ("server-response", Has::No),
            ("directory-prefix", Has::Required),
            ("user-agent", Has::Required),
            ("timeout", Has::Required),
            ("spider", Has::No),
            ("header", Has::Required),
            ("post-data", Has::Required),
            ("no-check-certificate", Has::No),
        ],
    );
    let p = match ctx.parse(if ctx.gnu() { &GNU } else { &BB }, args, 2) {
        Ok(p) => p,
        Err(c) => return c,
    };
    if p.operands.is_empty() {
        if ctx.gnu() {
            ctx.io
                .err("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n");
        } else {
            ctx.bb_usage();
        }
        return 1;
    }
    let quiet = p.any(&["q", "quiet"]);
    let spider = p.has("spider");
    let output = p.value("O").or(p.value("output-document")).map(str::to_string);
    let mut headers: Vec<(String, String)> = Vec::new();
    for h in p.values("header") {
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let post = p.value("post-data").or(p.value("body-data")).map(str::to_string);
    let method = p
        .value("method")
        .map(str::to_string)
        .unwrap_or_else(|| if post.is_some() { "POST".into() } else { "GET".into() });
    let mut status = 0;
    let mut appended_stdout = false;
    for u in &p.operands {
        let url = match parse_url(u) {
            Ok(url) => url,
            Err(UrlError::Scheme(s)) => {
                if ctx.gnu() {
                    ctx.io.err(format!("{u}: Unsupported scheme \u{2018}{s}\u{2019}.\n"));
                } else {
                    ctx.err(format!("unsupported URL scheme: {s}"));
                }
                status = 1;
                continue;
            }
            Err(UrlError::Malformed) => {
                if ctx.gnu() {
                    ctx.io.err(format!("{u}: Invalid host name.\n"));
                } else {
                    ctx.err(format!("bad address '{u}'"));
                }
                status = 1;
                continue;
            }
        };
        let mut req_headers = vec![
            ("Host".to_string(), url.host_header()),
            (
                "User-Agent".to_string(),
                if ctx.gnu() { "Wget/1.21.4".into() } else { "Wget".into() },
            ),
        ];
        if ctx.gnu() {
            req_headers.push(("Accept".into(), "*/*".into()));
            req_headers.push(("Accept-Encoding".into(), "identity".into()));
        }
        req_headers.extend(headers.iter().cloned());
        let req = HttpRequest {
            method: if spider && method == "GET" {
                "HEAD".into()
            } else {
                method.clone()
            },
            host: url.host.clone(),
            port: url.port,
            path: url.path.clone(),
            headers: req_headers,
            body: post.clone().unwrap_or_default(),
        };
        let code = if ctx.gnu() {
            gnu_wget(ctx, &url, &req, output.as_deref(), quiet, spider, &mut appended_stdout)
        } else {
            bb_wget(ctx, &url, &req, output.as_deref(), quiet, spider, &mut appended_stdout)
        };
        if code != 0 {
            status = code;
        }
    }
    status
}

/// Where the body goes: `None` for stdout, else (shown name, absolute path).
fn wget_target(ctx: &Ctx, url: &Url, output: Option<&str>) -> Option<(String, String)> {
    match output {
        Some("-") => None,
        Some(f) => Some((f.to_string(), ctx.path(f))),
        None => {
            let name = url.file_name();
            let name = if name.is_empty() {
                "index.html".to_string()
            } else {
                name
            };
            Some((name.clone(), ctx.path(&name)))
        }
    }
}

fn bb_wget(
    ctx: &mut Ctx,
    url: &Url,
    req: &HttpRequest,
    output: Option<&str>,
    quiet: bool,
    spider: bool,
    appended: &mut bool,
) -> i32 {
    let ip = match ctx.sys.lookup_host(&url.host) {
        Ok(ip) => ip,
        Err(_) => {
            ctx.err(format!("bad address '{}'", url.host));
            return 1;
        }
    };
    if !quiet {
        ctx.io
            .err(format!("Connecting to {} ({ip}:{})\n", url.host_header(), url.port));
    }
    let resp = match ctx.sys.http(req) {
        Ok(r) => r,
        Err(e) => {
            let why = match e {
                NetError::ConnectionRefused => "Connection refused",
                NetError::Timeout => "Connection timed out",
                NetError::NoRoute => "Host is unreachable",
                NetError::CouldNotResolve => {
                    ctx.err(format!("bad address '{}'", url.host));
                    return 1;
                }
            };
            ctx.err(format!("can't connect to remote host ({ip}): {why}"));
            return 1;
        }
    };
    if !(200..300).contains(&resp.status) {
        ctx.err(format!(
            "server returned error: {} {} {}",
            resp.version, resp.status, resp.reason
        ));
        return 1;
    }
    if spider {
        if !quiet {
            ctx.io.err("remote file exists\n");
        }
        return 0;
    }
    let target = wget_target(ctx, url, output);
    let size = resp.body.len() as u64;
    let shown = target.as_ref().map(|t| t.0.clone()).unwrap_or_else(|| "-".into());
    match &target {
        None => {
            if !quiet {
                ctx.io.err("writing to stdout\n");
            }
            ctx.out(&resp.body);
        }
        Some((name, abs)) => {
            if output.is_none() && ctx.sys.exists(abs) {
                ctx.err(format!("can't open '{name}': File exists"));
                return 1;
            }
            if !quiet {
                ctx.io.err(format!("saving to '{name}'\n"));
            }
            let append = *appended && output.is_some();
            if let Err(e) = ctx.write_file(abs, &resp.body, append) {
                ctx.err(format!("can't open '{name}': {}", e.text()));
                return 1;
            }
            if output.is_some() {
                *appended = true;
            }
        }
    }
    if !quiet {
        let (v, unit) = bb_size(size);
        let bar = "*".repeat(32);
        let label: String = shown.chars().take(20).collect();
        ctx.io
            .err(format!("{label:<20} 100% |{bar}| {v:>5}{unit} 0:00:00 ETA\n"));
        match &target {
            None => ctx.io.err("written to stdout\n"),
            Some((name, _)) => ctx.io.err(format!("'{name}' saved\n")),
        }
    }
    0
}

fn gnu_wget(
    ctx: &mut Ctx,
    url: &Url,
    req: &HttpRequest,
    output: Option<&str>,
    quiet: bool,
    spider: bool,
    appended: &mut bool,
) -> i32 {
    let now = ctx.sys.now();
    let stamp = time::strftime("%Y-%m-%d %H:%M:%S", now);
    let mut log = String::new();
    log.push_str(&format!("--{stamp}--  {}\n", url.text()));
    let ip = if is_ip(&url.host) {
        url.host.clone()
    } else {
        match ctx.sys.lookup_host(&url.host) {
            Ok(ip) => {
                log.push_str(&format!("Resolving {h} ({h})... {ip}\n", h = url.host));
                ip
            }
            Err(_) => {
                log.push_str(&format!(
                    "Resolving {h} ({h})... failed: Name or service not known.\n",
                    h = url.host
                ));
                log.push_str(&format!(
                    "wget: unable to resolve host address \u{2018}{}\u{2019}\n",
                    url.host
                ));
                if !quiet {
                    ctx.io.err(log);
                }
                return 4;
            }
        }
    };
    let conn = if is_ip(&url.host) {
        format!("Connecting to {ip}:{}... ", url.port)
    } else {
        format!("Connecting to {h} ({h})|{ip}|:{}... ", url.port, h = url.host)
    };
    let resp = match ctx.sys.http(req) {
        Ok(r) => r,
        Err(e) => {
            let why = match e {
                NetError::ConnectionRefused => "Connection refused",
                NetError::Timeout => "Connection timed out",
                NetError::NoRoute => "No route to host",
                NetError::CouldNotResolve => "Name or service not known",
            };
            log.push_str(&format!("{conn}failed: {why}.\n"));
            if !quiet {
                ctx.io.err(log);
            }
            return 4;
        }
    };
    log.push_str(&format!("{conn}connected.\n"));
    log.push_str(&format!(
        "HTTP request sent, awaiting response... {} {}\n",
        resp.status, resp.reason
    ));
    if !(200..300).contains(&resp.status) {
        log.push_str(&format!("{stamp} ERROR {}: {}.\n\n", resp.status, resp.reason));
        if !quiet {
            ctx.io.err(log);
        }
        return 8;
    }
    let ctype = resp.header("Content-Type").unwrap_or("text/plain").to_string();
    let size = resp.body.len();
    match resp.header("Content-Length") {
        Some(l) => log.push_str(&format!("Length: {l} [{ctype}]\n")),
        None => log.push_str(&format!("Length: unspecified [{ctype}]\n")),
    }
    if spider {
        log.push_str("Remote file exists.\n\n");
        if !quiet {
            ctx.io.err(log);
        }
        return 0;
    }
    let target = wget_target(ctx, url, output).map(|(name, abs)| {
        if output.is_some() || !ctx.sys.exists(&abs) {
            return (name, abs);
        }
        // GNU wget keeps the old file and saves to name.1, name.2, ...
        let mut k = 1;
        loop {
            let cand = format!("{name}.{k}");
            let cabs = ctx.path(&cand);
            if !ctx.sys.exists(&cabs) || k > 1000 {
                return (cand, cabs);
            }
            k += 1;
        }
    });
    let shown = target.as_ref().map(|t| t.0.clone()).unwrap_or_else(|| "-".into());
    let quoted = match &target {
        None => "\u{2018}STDOUT\u{2019}".to_string(),
        Some((n, _)) => format!("\u{2018}{n}\u{2019}"),
    };
    log.push_str(&format!("Saving to: {quoted}\n\n"));
    if !quiet {
        ctx.io.err(std::mem::take(&mut log));
    }
    match &target {
        None => ctx.out(&resp.body),
        Some((name, abs)) => {
            let append = *appended && output.is_some();
            if let Err(e) = ctx.write_file(abs, &resp.body, append) {
                ctx.io.err(format!("{name}: {}\n", e.text()));
                return 3;
            }
            if output.is_some() {
                *appended = true;
            }
        }
    }
    if !quiet {
        let label: String = shown.chars().take(18).collect();
        ctx.io.err(format!(
            "{label:<18}  100%[===================>] {size:>7}  --.-KB/s    in 0s      \n\n{stamp} ({rate}) - {quoted} saved [{size}/{size}]\n\n",
            rate = "52.1 MB/s"
        ));
    }
    0
}

// ---------------------------------------------------------------- curl

const CURL_VERSION: &str = "8.5.0";

fn curl_try(ctx: &mut Ctx) {
    ctx.io
        .err("curl: try 'curl --help' or 'curl --manual' for more information\n");
}

/// curl's 5-character size/speed fields: `615`, `600k`, `12.3M`.
fn max5(n: u64) -> String {
    if n < 100_000 {
        n.to_string()
    } else if n < 10_000 * 1024 {
        format!("{}k", n / 1024)
    } else if n < 100 * 1024 * 1024 {
        format!("{:.1}M", n as f64 / 1024.0 / 1024.0)
    } else {
        format!("{}M", n / 1024 / 1024)
    }
}

fn progress_meter(size: u64) -> String {
    let pct = if size > 0 { 100 } else { 0 };
    let speed = if size > 0 { max5(size * 1000) } else { "0".into() };
    let s = size.to_string();
    format!(
        "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n{pct:>3} {s:>5}  {pct:>3} {s:>5}    0     0  {speed:>5}      0 --:--:-- --:--:-- --:--:-- {speed:>5}\n"
    )
}

fn write_out(fmt: &str, resp: &HttpResponse, url: &Url) -> String {
    let mut s = fmt.to_string();
    let subs = [
        ("%{http_code}", format!("{:03}", resp.status)),
        ("%{response_code}", format!("{:03}", resp.status)),
        ("%{size_download}", resp.body.len().to_string()),
        ("%{content_type}", resp.header("Content-Type").unwrap_or("").to_string()),
        ("%{url_effective}", url.text()),
        ("%{time_total}", "0.001000".into()),
        ("%{http_version}", resp.version.trim_start_matches("HTTP/").to_string()),
    ];
    for (k, v) in subs {
        s = s.replace(k, &v);
    }
    s.replace("\\n", "\n").replace("\\t", "\t")
}

pub(crate) fn curl(ctx: &mut Ctx, args: &[String]) -> i32 {
    const SPEC: Spec = Spec::new(
        "sSiIX:d:H:o:OLfvkm:A:w:u:4",
        &[
            ("silent", Has::No),
            ("show-error", Has::No),
            ("include", Has::No),
            ("head", Has::No),
            ("request", Has::Required),
            ("data", Has::Required),
            ("data-raw", Has::Required),
            ("data-binary", Has::Required),
            ("json", Has::Required),
            ("header", Has::Required),
            ("output", Has::Required),
            ("remote-name", Has::No),
            ("location", Has::No),
            ("fail", Has::No),
            ("verbose", Has::No),
            ("insecure", Has::No),
            ("max-time", Has::Required),
            ("connect-timeout", Has::Required),
            ("user-agent", Has::Required),
            ("write-out", Has::Required),
            ("user", Has::Required),
            ("help", Has::Optional),
            ("version", Has::No),
            ("url", Has::Required),
            ("ipv4", Has::No),
        ],
    );
    let p = match args::parse(&SPEC, args) {
        Ok(p) => p,
        Err(e) => {
            let opt = match e {
                ArgError::InvalidShort(c) => format!("-{c}"),
                ArgError::UnknownLong(n) | ArgError::Ambiguous(n) | ArgError::NoArgAllowed(n) => {
                    format!("--{n}")
                }
                ArgError::MissingShort(c) => {
                    ctx.io.err(format!("curl: option -{c}: requires parameter\n"));
                    curl_try(ctx);
                    return 2;
                }
                ArgError::MissingLong(n) => {
                    ctx.io.err(format!("curl: option --{n}: requires parameter\n"));
                    curl_try(ctx);
                    return 2;
                }
            };
            ctx.io.err(format!("curl: option {opt}: is unknown\n"));
            curl_try(ctx);
            return 2;
        }
    };
    if p.has("help") {
        ctx.out("Usage: curl [options...] <url>\n -d, --data <data>           HTTP POST data\n -f, --fail                  Fail fast with no output on HTTP errors\n -h, --help <category>       Get help for commands\n -i, --include               Include protocol response headers in the output\n -o, --output <file>         Write to file instead of stdout\n -O, --remote-name           Write output to a file named as the remote file\n -s, --silent                Silent mode\n -T, --upload-file <file>    Transfer local FILE to destination\n -u, --user <user:password>  Server user and password\n -A, --user-agent <name>     Send User-Agent <name> to server\n -v, --verbose               Make the operation more talkative\n -V, --version               Show version number and quit\n\nThis is not the full help, this menu is stripped into categories.\nUse \"--help category\" to get an overview of all categories.\nFor all options use the manual or \"--help all\".\n");
        return 0;
    }
    if p.has("version") {
        ctx.out(format!("curl {CURL_VERSION} (x86_64-pc-linux-gnu) libcurl/{CURL_VERSION} OpenSSL/3.0.13 zlib/1.3\nRelease-Date: 2023-12-06\nProtocols: dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 pop3s rtmp rtsp scp sftp smb smbs smtp smtps telnet tftp\nFeatures: alt-svc AsynchDNS HSTS HTTP2 HTTPS-proxy IDN IPv6 Largefile libz NTLM SSL threadsafe TLS-SRP UnixSockets\n"));
        return 0;
    }
    let mut urls = p.operands.clone();
    urls.extend(p.values("url"));
    let silent = p.any(&["s", "silent"]);
    let show_error = p.any(&["S", "show-error"]) || !silent;
    let include = p.any(&["i", "include"]);
    let head = p.any(&["I", "head"]);
    let verbose = p.any(&["v", "verbose"]);
    let follow = p.any(&["L", "location"]);
    let fail = p.any(&["f", "fail"]);
    if urls.is_empty() {
        if show_error {
            ctx.io.err("curl: no URL specified!\n");
            curl_try(ctx);
        }
        return 2;
    }
    let mut data: Vec<String> = Vec::new();
    for k in ["d", "data", "data-raw", "data-binary"] {
        data.extend(p.values(k));
    }
    let json = p.value("json").map(str::to_string);
    let mut body = data.join("&");
    if let Some(j) = &json {
        body = j.clone();
    }
    let has_body = !data.is_empty() || json.is_some();
    let method = p
        .value("X")
        .or(p.value("request"))
        .map(str::to_string)
        .unwrap_or_else(|| {
            if head {
                "HEAD".into()
            } else if has_body {
                "POST".into()
            } else {
                "GET".into()
            }
        });
    let mut extra: Vec<(String, String)> = Vec::new();
    for h in p.values("H").into_iter().chain(p.values("header")) {
        if let Some((k, v)) = h.split_once(':') {
            extra.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let agent = p
        .value("A")
        .or(p.value("user-agent"))
        .map(str::to_string)
        .unwrap_or_else(|| format!("curl/{CURL_VERSION}"));
    let output = p.value("o").or(p.value("output")).map(str::to_string);
    let remote_name = p.any(&["O", "remote-name"]);
    let write_fmt = p.value("w").or(p.value("write-out")).map(str::to_string);
    let mut status = 0;
    for u in &urls {
        let mut url = match parse_url(u) {
            Ok(url) => url,
            Err(UrlError::Scheme(s)) => {
                if show_error {
                    ctx.io.err(format!("curl: (1) Protocol \"{s}\" not supported\n"));
                }
                status = 1;
                continue;
            }
            Err(UrlError::Malformed) => {
                if show_error {
                    ctx.io.err("curl: (3) URL rejected: Bad hostname\n");
                }
                status = 3;
                continue;
            }
        };
        let mut method = method.clone();
        let mut hops = 0;
        let resp = loop {
            let mut headers = vec![
                ("Host".to_string(), url.host_header()),
                ("User-Agent".to_string(), agent.clone()),
                (
                    "Accept".to_string(),
                    if json.is_some() {
                        "application/json".into()
                    } else {
                        "*/*".into()
                    },
                ),
            ];
            if has_body {
                let ct = if json.is_some() {
                    "application/json"
                } else {
                    "application/x-www-form-urlencoded"
                };
                headers.push(("Content-Type".into(), ct.into()));
                headers.push(("Content-Length".into(), body.len().to_string()));
            }
            for (k, v) in &extra {
                match headers.iter_mut().find(|(hk, _)| hk.eq_ignore_ascii_case(k)) {
                    Some(h) => h.1 = v.clone(),
                    None => headers.push((k.clone(), v.clone())),
                }
            }
            headers.retain(|(_, v)| !v.is_empty());
            let req = HttpRequest {
                method: method.clone(),
                host: url.host.clone(),
                port: url.port,
                path: url.path.clone(),
                headers,
                body: if has_body { body.clone() } else { String::new() },
            };
            let ip = if is_ip(&url.host) {
                Ok(url.host.clone())
            } else {
                ctx.sys.lookup_host(&url.host)
            };
            let ip = match ip {
                Ok(ip) => ip,
                Err(_) => {
                    if verbose {
                        ctx.io.err(format!(
                            "* Could not resolve host: {}\n* Closing connection\n",
                            url.host
                        ));
                    }
                    if show_error {
                        ctx.io.err(format!("curl: (6) Could not resolve host: {}\n", url.host));
                    }
                    break Err(6);
                }
            };
            if verbose {
                ctx.io.err(format!("*   Trying {ip}:{}...\n", url.port));
            }
            match ctx.sys.http(&req) {
                Ok(resp) => {
                    if verbose {
                        let mut v = format!("* Connected to {} ({ip}) port {}\n", url.host, url.port);
                        v.push_str(&format!("> {} {} HTTP/1.1\n", req.method, req.path));
                        for (k, val) in &req.headers {
                            v.push_str(&format!("> {k}: {val}\n"));
                        }
                        v.push_str("> \n");
                        v.push_str(&format!("< {} {} {}\n", resp.version, resp.status, resp.reason));
                        for (k, val) in &resp.headers {
                            v.push_str(&format!("< {k}: {val}\n"));
                        }
                        v.push_str("< \n");
                        ctx.io.err(v);
                    }
                    let location = resp.header("Location").map(str::to_string);
                    if follow
                        && (300..400).contains(&resp.status)
                        && hops < 50
                        && let Some(loc) = location
                    {
                        if include {
                            ctx.out(header_block(&resp));
                        }
                        hops += 1;
                        url = if loc.starts_with('/') {
                            Url {
                                path: loc,
                                ..url.clone()
                            }
                        } else {
                            match parse_url(&loc) {
                                Ok(u2) => u2,
                                Err(_) => break Ok(resp),
                            }
                        };
                        if matches!(resp.status, 301..=303) && method == "POST" {
                            method = "GET".into();
                        }
                        continue;
                    }
                    break Ok(resp);
                }
                Err(e) => {
                    let (code, msg) = match e {
                        NetError::ConnectionRefused | NetError::NoRoute => (
                            7,
                            format!(
                                "Failed to connect to {} port {} after 0 ms: Couldn't connect to server",
                                url.host, url.port
                            ),
                        ),
                        NetError::Timeout => (
                            28,
                            format!(
                                "Failed to connect to {} port {} after 134000 ms: Couldn't connect to server",
                                url.host, url.port
                            ),
                        ),
                        NetError::CouldNotResolve => (6, format!("Could not resolve host: {}", url.host)),
                    };
                    if verbose {
                        ctx.io.err(format!(
                            "* connect to {ip} port {} failed: Connection refused\n* {msg}\n* Closing connection\n",
                            url.port
                        ));
                    }
                    if show_error {
                        ctx.io.err(format!("curl: ({code}) {msg}\n"));
                    }
                    break Err(code);
                }
            }
        };
        let resp = match resp {
            Ok(r) => r,
            Err(code) => {
                status = code;
                continue;
            }
        };
        if fail && resp.status >= 400 {
            if show_error {
                ctx.io.err(format!(
                    "curl: (22) The requested URL returned error: {}\n",
                    resp.status
                ));
            }
            status = 22;
            continue;
        }
        let mut text = String::new();
        if include || head {
            text.push_str(&header_block(&resp));
        }
        if !head {
            text.push_str(&resp.body);
        }
        let target = if let Some(o) = &output {
            if o == "-" { None } else { Some(o.clone()) }
        } else if remote_name {
            let name = url.file_name();
            if name.is_empty() {
                if show_error {
                    ctx.io
                        .err("curl: (23) Failed writing received data to disk/application\n");
                }
                status = 23;
                continue;
            }
            Some(name)
        } else {
            None
        };
        let to_terminal = target.is_none() && ctx.tty;
        if !silent && !to_terminal && !verbose {
            ctx.io.err(progress_meter(text.len() as u64));
        }
        match target {
            None => ctx.out(text),
            Some(f) => {
                let abs = ctx.path(&f);
                if let Err(e) = ctx.write_file(&abs, &text, false) {
                    if show_error {
                        let why = match e {
                            FsError::IsADirectory => "Is a directory",
                            other => other.text(),
                        };
                        ctx.io.err(format!("Warning: Failed to open the file {f}: {why}\n"));
                        ctx.io.err("curl: (23) Failure writing output to destination\n");
                    }
                    status = 23;
                    continue;
                }
            }
        }
        if verbose {
            ctx.io
                .err(format!("* Connection #0 to host {} left intact\n", url.host));
        }
        if let Some(w) = &write_fmt {
            ctx.out(write_out(w, &resp, &url));
        }
    }
    status
}

fn header_block(resp: &HttpResponse) -> String {
    let mut s = format!("{} {} {}\n", resp.version, resp.status, resp.reason);
    for (k, v) in &resp.headers {
        s.push_str(&format!("{k}: {v}\n"));
    }
    s.push('\n');
    s
}

// ---------------------------------------------------------------- ping / nslookup

/// A believable round-trip time for reply `seq` (ms).
fn rtt(seq: u32) -> f64 {
    0.045 + ((seq * 37 + 11) % 50) as f64 / 1000.0
}

pub(crate) fn ping(ctx: &mut Ctx, args: &[String]) -> i32 {
    const GNU: Spec = Spec::new("c:i:W:w:q4", &[]);
    const BB: Spec = Spec::new("c:i:W:w:q4s:", &[]);
    let p = match ctx.parse(if ctx.gnu() { &GNU } else { &BB }, args, 2) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let Some(host) = p.operands.first().cloned() else {
        if ctx.gnu() {
            ctx.io.err("ping: usage error: Destination address required\n");
            return 1;
        }
        ctx.bb_usage();
        return 1;
    };
    // Without -c, ping runs until interrupted; here it stops after 4 packets.
    let count: u32 = match p.value("c") {
        Some(c) => match c.parse::<u32>() {
            Ok(n) if n > 0 => n.min(1000),
            _ => {
                if ctx.gnu() {
                    ctx.err(format!(
                        "invalid argument: '{c}': out of range: 1 <= value <= 9223372036854775807"
                    ));
                    return 1;
                }
                ctx.err(format!("invalid number '{c}'"));
                return 1;
            }
        },
        None => 4,
    };
    let quiet = p.has("q");
    let res = ctx.sys.ping(&host);
    let ip = match res {
        Err(NetError::CouldNotResolve) => {
            if ctx.gnu() {
                ctx.err(format!("{host}: Name or service not known"));
                return 2;
            }
            ctx.err(format!("bad address '{host}'"));
            return 1;
        }
        Err(_) => match ctx.sys.lookup_host(&host) {
            Ok(ip) => {
                // Resolvable but unreachable: every packet is lost.
                let header = if ctx.gnu() {
                    format!("PING {host} ({ip}) 56(84) bytes of data.\n")
                } else {
                    format!("PING {host} ({ip}): 56 data bytes\n")
                };
                ctx.out(header);
                ctx.sys.sleep(count as f64);
                let stats = if ctx.gnu() {
                    format!(
                        "\n--- {host} ping statistics ---\n{count} packets transmitted, 0 received, 100% packet loss, time {}ms\n\n",
                        count.saturating_sub(1) * 1000 + 23
                    )
                } else {
                    format!(
                        "\n--- {host} ping statistics ---\n{count} packets transmitted, 0 packets received, 100% packet loss\n"
                    )
                };
                ctx.out(stats);
                return 1;
            }
            Err(_) => {
                if ctx.gnu() {
                    ctx.err(format!("{host}: Name or service not known"));
                    return 2;
                }
                ctx.err(format!("bad address '{host}'"));
                return 1;
            }
        },
        Ok(ip) => ip,
    };
    let mut out = if ctx.gnu() {
        format!("PING {host} ({ip}) 56(84) bytes of data.\n")
    } else {
        format!("PING {host} ({ip}): 56 data bytes\n")
    };
    let from = if is_ip(&host) || !ctx.gnu() {
        ip.clone()
    } else {
        format!("{host} ({ip})")
    };
    let mut times = Vec::new();
    for seq in 0..count {
        if seq > 0 {
            ctx.sys.sleep(1.0);
        }
        let t = rtt(seq);
        times.push(t);
        if !quiet {
            if ctx.gnu() {
                out.push_str(&format!(
                    "64 bytes from {from}: icmp_seq={} ttl=64 time={t:.3} ms\n",
                    seq + 1
                ));
            } else {
                out.push_str(&format!("64 bytes from {from}: seq={seq} ttl=64 time={t:.3} ms\n"));
            }
        }
    }
    let min = times.iter().cloned().fold(f64::MAX, f64::min);
    let max = times.iter().cloned().fold(0.0, f64::max);
    let avg = times.iter().sum::<f64>() / times.len().max(1) as f64;
    if ctx.gnu() {
        let mdev = (times.iter().map(|t| (t - avg) * (t - avg)).sum::<f64>() / times.len().max(1) as f64).sqrt();
        out.push_str(&format!(
            "\n--- {host} ping statistics ---\n{count} packets transmitted, {count} received, 0% packet loss, time {}ms\nrtt min/avg/max/mdev = {min:.3}/{avg:.3}/{max:.3}/{mdev:.3} ms\n",
            (count - 1) * 1000 + 3
        ));
    } else {
        out.push_str(&format!(
            "\n--- {host} ping statistics ---\n{count} packets transmitted, {count} packets received, 0% packet loss\nround-trip min/avg/max = {min:.3}/{avg:.3}/{max:.3} ms\n"
        ));
    }
    ctx.out(out);
    0
}

pub(crate) fn nslookup(ctx: &mut Ctx, args: &[String]) -> i32 {
    let ops: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let Some(host) = ops.first() else {
        if ctx.gnu() {
            ctx.io.err("nslookup: missing host name\n");
        } else {
            ctx.bb_usage();
        }
        return 1;
    };
    // The server: given, from /etc/resolv.conf, or Docker's embedded DNS.
    let server = ops.get(1).map(|s| s.to_string()).unwrap_or_else(|| {
        ctx.sys
            .read_string("/etc/resolv.conf")
            .ok()
            .and_then(|t| {
                t.lines()
                    .find_map(|l| l.strip_prefix("nameserver ").map(|s| s.trim().to_string()))
            })
            .unwrap_or_else(|| "127.0.0.11".into())
    });
    let mut out = format!("Server:\t\t{server}\nAddress:\t{server}:53\n\n");
    match ctx.sys.lookup_host(host) {
        Ok(ip) => {
            if !ctx.gnu() || host.contains('.') {
                out.push_str("Non-authoritative answer:\n");
            }
            out.push_str(&format!("Name:\t{host}\nAddress: {ip}\n\n"));
            ctx.out(out);
            0
        }
        Err(_) => {
            out.push_str(&format!("** server can't find {host}: NXDOMAIN\n\n"));
            ctx.out(out);
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let u = parse_url("localhost:8888").unwrap();
        assert_eq!((u.host.as_str(), u.port, u.path.as_str()), ("localhost", 8888, "/"));
        let u = parse_url("http://web/api/v1?x=1").unwrap();
        assert_eq!((u.host.as_str(), u.port, u.path.as_str()), ("web", 80, "/api/v1?x=1"));
        assert_eq!(u.file_name(), "v1");
        let u = parse_url("https://example.com").unwrap();
        assert_eq!(u.port, 443);
        assert_eq!(parse_url("ftp://x").unwrap_err(), UrlError::Scheme("ftp".into()));
        assert_eq!(parse_url("http://:80").unwrap_err(), UrlError::Malformed);
        assert_eq!(parse_url("localhost:99999").unwrap_err(), UrlError::Malformed);
        assert_eq!(max5(615_000), "600k");
        assert_eq!(bb_size(615), (615, ' '));
    }
}
