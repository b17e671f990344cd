//! `RUN --mount=…` values (BuildKit `instructions/commands_runmount.go`).

use crate::error::MountError;
use crate::go;
use crate::shell::ShellError;
use crate::suggest;

/// The kind of a `RUN --mount`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MountType {
    /// `type=bind` (the default).
    Bind,
    /// `type=cache`.
    Cache,
    /// `type=tmpfs`.
    Tmpfs,
    /// `type=secret`.
    Secret,
    /// `type=ssh`.
    Ssh,
}

impl MountType {
    /// The name used in Dockerfiles.
    pub fn as_str(&self) -> &'static str {
        match self {
            MountType::Bind => "bind",
            MountType::Cache => "cache",
            MountType::Tmpfs => "tmpfs",
            MountType::Secret => "secret",
            MountType::Ssh => "ssh",
        }
    }

    fn parse(s: &str) -> Option<MountType> {
        Some(match s {
            "bind" => MountType::Bind,
            "cache" => MountType::Cache,
            "tmpfs" => MountType::Tmpfs,
            "secret" => MountType::Secret,
            "ssh" => MountType::Ssh,
            _ => return None,
        })
    }
}

/// How a cache mount is shared between concurrent builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ShareMode {
    /// `sharing=shared` (the default for caches).
    Shared,
    /// `sharing=private`.
    Private,
    /// `sharing=locked`.
    Locked,
}

impl ShareMode {
    /// The name used in Dockerfiles.
    pub fn as_str(&self) -> &'static str {
        match self {
            ShareMode::Shared => "shared",
            ShareMode::Private => "private",
            ShareMode::Locked => "locked",
        }
    }
}

/// A parsed `RUN --mount` (BuildKit `instructions.Mount`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    /// The mount type.
    pub ty: MountType,
    /// `from=`: a stage or image to take the files from.
    pub from: Option<String>,
    /// `source=` / `src=`.
    pub source: Option<String>,
    /// `target=` / `dst=` / `destination=`.
    pub target: Option<String>,
    /// Read-only (default: true except for cache and tmpfs mounts).
    pub read_only: bool,
    /// `size=` of a tmpfs mount in bytes (0 = unlimited).
    pub size_limit: i64,
    /// `id=`.
    pub cache_id: Option<String>,
    /// `sharing=` of a cache mount.
    pub sharing: Option<ShareMode>,
    /// `required` for secret and ssh mounts.
    pub required: bool,
    /// `env=`: expose a secret as an environment variable (`Some("")` uses the default name).
    pub env: Option<String>,
    /// `mode=` (octal).
    pub mode: Option<u32>,
    /// `uid=`.
    pub uid: Option<u32>,
    /// `gid=`.
    pub gid: Option<u32>,
}

/// Expands variables in a mount option value.
pub type Expander<'a> = &'a mut dyn FnMut(&str) -> Result<String, ShellError>;

impl Mount {
    /// Parses a `--mount` value like BuildKit's `parseMount`.
    ///
    /// Without an expander (parse time) only the CSV syntax, the `key=value` shape and `from`
    /// are checked and every other option is ignored, exactly as BuildKit does before it knows
    /// the variables; with an expander every value is expanded and validated.
    pub fn parse(value: &str, mut expander: Option<Expander<'_>>) -> Result<Mount, MountError> {
        let fields = csv_fields(value).map_err(|message| MountError::Csv { message })?;
        let mut m = Mount {
            ty: MountType::Bind,
            from: None,
            source: None,
            target: None,
            read_only: false,
            size_limit: 0,
            cache_id: None,
            sharing: None,
            required: false,
            env: None,
            mode: None,
            uid: None,
            gid: None,
        };
        let mut ro_auto = true;
        for field in &fields {
            let (key, value, ok) = match field.split_once('=') {
                Some((k, v)) => (go::to_lower(k), v.to_string(), true),
                None => (go::to_lower(field), String::new(), false),
            };
            if !ok {
                if expander.is_none() {
                    continue;
                }
                match key.as_str() {
                    "readonly" | "ro" => {
                        m.read_only = true;
                        ro_auto = false;
                        continue;
                    }
                    "readwrite" | "rw" => {
                        m.read_only = false;
                        ro_auto = false;
                        continue;
                    }
                    "required" => {
                        if matches!(m.ty, MountType::Secret | MountType::Ssh) {
                            m.required = true;
                            continue;
                        }
                        return Err(MountError::UnexpectedKeyForType {
                            key,
                            ty: m.ty.as_str().to_string(),
                        });
                    }
                    _ => {
                        return Err(MountError::NotKeyValue { field: field.clone() });
                    }
                }
            }
            let value = match expander.as_mut() {
                Some(expand) => expand(&value).map_err(MountError::Expansion)?,
                None => {
                    if key == "from" {
                        if let Some(idx) = value.find('$')
                            && idx != value.len() - 1
                        {
                            return Err(MountError::FromVariable { key });
                        }
                    } else {
                        continue;
                    }
                    value
                }
            };
            let non_empty = |v: &str| (!v.is_empty()).then(|| v.to_string());
            match key.as_str() {
                "type" => match MountType::parse(&go::to_lower(&value)) {
                    Some(t) => m.ty = t,
                    None => {
                        return Err(MountError::UnsupportedType {
                            suggestion: suggest::search(&value, &["bind", "cache", "tmpfs", "secret", "ssh"], true),
                            value,
                        });
                    }
                },
                "from" => m.from = non_empty(&value),
                "source" | "src" => m.source = non_empty(&value),
                "target" | "dst" | "destination" => m.target = non_empty(&value),
                "readonly" | "ro" => {
                    m.read_only = go::parse_bool(&value).ok_or_else(|| MountError::InvalidValue {
                        key: key.clone(),
                        value: value.clone(),
                    })?;
                    ro_auto = false;
                }
                "readwrite" | "rw" => {
                    let rw = go::parse_bool(&value).ok_or_else(|| MountError::InvalidValue {
                        key: key.clone(),
                        value: value.clone(),
                    })?;
                    m.read_only = !rw;
                    ro_auto = false;
                }
                "required" => {
                    if matches!(m.ty, MountType::Secret | MountType::Ssh) {
                        m.required = go::parse_bool(&value).ok_or_else(|| MountError::InvalidValue {
                            key: key.clone(),
                            value: value.clone(),
                        })?;
                    } else {
                        return Err(MountError::UnexpectedKeyForType {
                            key,
                            ty: m.ty.as_str().to_string(),
                        });
                    }
                }
                "size" => {
                    if m.ty == MountType::Tmpfs {
                        m.size_limit = ram_in_bytes(&value).ok_or_else(|| MountError::InvalidValue {
                            key: key.clone(),
                            value: value.clone(),
                        })?;
                    } else {
                        return Err(MountError::UnexpectedKeyForType {
                            key,
                            ty: m.ty.as_str().to_string(),
                        });
                    }
                }
                "id" => m.cache_id = non_empty(&value),
                "sharing" => {
                    m.sharing = Some(match go::to_lower(&value).as_str() {
                        "shared" => ShareMode::Shared,
                        "private" => ShareMode::Private,
                        "locked" => ShareMode::Locked,
                        _ => {
                            return Err(MountError::UnsupportedSharing {
                                suggestion: suggest::search(&value, &["shared", "private", "locked"], true),
                                value,
                            });
                        }
                    });
                }
                "mode" | "uid" | "gid" => {
                    let base = if key == "mode" { 8 } else { 10 };
                    let n = go::parse_uint(&value, base, 32).map_err(|_| MountError::InvalidNumber {
                        value: value.clone(),
                        what: key.clone(),
                    })? as u32;
                    match key.as_str() {
                        "mode" => m.mode = Some(n),
                        "uid" => m.uid = Some(n),
                        _ => m.gid = Some(n),
                    }
                }
                "env" => m.env = Some(value),
                _ => {
                    const ALL_KEYS: [&str; 19] = [
                        "type",
                        "from",
                        "source",
                        "target",
                        "readonly",
                        "id",
                        "sharing",
                        "required",
                        "size",
                        "mode",
                        "uid",
                        "gid",
                        "src",
                        "dst",
                        "destination",
                        "ro",
                        "rw",
                        "readwrite",
                        "env",
                    ];
                    return Err(MountError::UnexpectedKey {
                        suggestion: suggest::search(&key, &ALL_KEYS, true),
                        key,
                        field: field.clone(),
                    });
                }
            }
        }

        let file_info_allowed = matches!(m.ty, MountType::Secret | MountType::Ssh | MountType::Cache);
        if !file_info_allowed {
            for (what, set) in [
                ("mode", m.mode.is_some()),
                ("uid", m.uid.is_some()),
                ("gid", m.gid.is_some()),
            ] {
                if set {
                    return Err(MountError::NotAllowedForType {
                        what: what.to_string(),
                        ty: m.ty.as_str().to_string(),
                    });
                }
            }
        }
        if ro_auto {
            m.read_only = !matches!(m.ty, MountType::Cache | MountType::Tmpfs);
        }
        if m.ty == MountType::Secret {
            if m.from.is_some() {
                return Err(MountError::SecretFrom);
            }
            if m.sharing.is_some() {
                return Err(MountError::SecretSharing);
            }
            if m.source.is_none() && m.target.is_none() && m.cache_id.is_none() {
                return Err(MountError::SecretMissingTarget);
            }
            if m.source.is_some() && m.cache_id.is_some() {
                return Err(MountError::SecretSourceAndId);
            }
        }
        if m.sharing.is_some() && m.ty != MountType::Cache {
            return Err(MountError::SharingNotCache {
                ty: m.ty.as_str().to_string(),
            });
        }
        Ok(m)
    }
}

/// `tonistiigi/go-csvvalue` `Fields` (one CSV record, default settings). Errors are worded like
/// Go's `csv.ParseError`.
fn csv_fields(line: &str) -> Result<Vec<String>, String> {
    let mut line = line;
    if let Some(l) = line.strip_suffix('\n') {
        line = l.strip_suffix('\r').unwrap_or(l);
    }
    if line.is_empty() {
        return Err("EOF".to_string());
    }
    let err = |pos: usize, msg: &str| format!("parse error on line 1, column {}: {msg}", pos + 1);
    const BARE: &str = "bare \" in non-quoted-field";
    const QUOTE: &str = "extraneous or missing \" in quoted-field";
    let mut out: Vec<String> = Vec::new();
    let mut pos = 0usize;
    'field: loop {
        if !line.starts_with('"') {
            let (field, rest) = match line.find(',') {
                Some(i) => (&line[..i], Some(&line[i + 1..])),
                None => (line, None),
            };
            if let Some(j) = field.find('"') {
                return Err(err(pos + j, BARE));
            }
            out.push(field.to_string());
            match rest {
                Some(r) => {
                    pos += field.len() + 1;
                    line = r;
                    continue;
                }
                None => break,
            }
        }
        line = &line[1..];
        pos += 1;
        let mut half_open = false;
        loop {
            match line.find('"') {
                Some(i) => {
                    if half_open {
                        if let Some(last) = out.last_mut() {
                            last.push_str(&line[..i]);
                        }
                    } else {
                        out.push(line[..i].to_string());
                    }
                    line = &line[i + 1..];
                    pos += i + 1;
                    match line.chars().next() {
                        Some('"') => {
                            if let Some(last) = out.last_mut() {
                                last.push('"');
                            }
                            line = &line[1..];
                            pos += 1;
                            half_open = true;
                        }
                        Some(',') => {
                            line = &line[1..];
                            pos += 1;
                            continue 'field;
                        }
                        None => break 'field,
                        Some(_) => return Err(err(pos - 1, QUOTE)),
                    }
                }
                None => return Err(err(pos, QUOTE)),
            }
        }
    }
    Ok(out)
}

/// `docker/go-units` `RAMInBytes`: `512m`, `1.5GiB`, `100` … (binary multiples).
fn ram_in_bytes(s: &str) -> Option<i64> {
    let sep = s.rfind(|c: char| c.is_ascii_digit() || c == '.' || c == ' ')?;
    let (num, sfx) = if s.as_bytes()[sep] != b' ' {
        (&s[..=sep], &s[sep + 1..])
    } else {
        (&s[..sep], &s[sep + 1..])
    };
    let mut size: f64 = num.parse().ok()?;
    if size < 0.0 {
        return None;
    }
    if sfx.is_empty() {
        return Some(size as i64);
    }
    if sfx.len() > 3 {
        return None;
    }
    let sfx = sfx.to_ascii_lowercase();
    let b = sfx.as_bytes();
    if b[0] == b'b' {
        return (b.len() == 1).then_some(size as i64);
    }
    let mul: f64 = match b[0] {
        b'k' => 1024.0,
        b'm' => 1024.0 * 1024.0,
        b'g' => 1024.0 * 1024.0 * 1024.0,
        b't' => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        b'p' => 1024.0 * 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    size *= mul;
    if (b.len() == 2 && b[1] != b'b') || (b.len() == 3 && &b[1..] != b"ib") {
        return None;
    }
    Some(size as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(s: &str) -> Result<String, ShellError> {
        Ok(s.to_string())
    }

    fn full(v: &str) -> Result<Mount, String> {
        let mut e = identity;
        Mount::parse(v, Some(&mut e)).map_err(|e| e.to_string())
    }

    #[test]
    fn csv_like_go() {
        assert_eq!(csv_fields("a,b").unwrap(), vec!["a", "b"]);
        assert_eq!(csv_fields("a,").unwrap(), vec!["a", ""]);
        assert_eq!(csv_fields("\"a,b\",c").unwrap(), vec!["a,b", "c"]);
        assert_eq!(csv_fields("\"a\"\"b\"").unwrap(), vec!["a\"b"]);
        assert_eq!(csv_fields("").unwrap_err(), "EOF");
        assert_eq!(
            csv_fields("a\"b").unwrap_err(),
            "parse error on line 1, column 2: bare \" in non-quoted-field"
        );
        assert_eq!(
            csv_fields("\"ab").unwrap_err(),
            "parse error on line 1, column 2: extraneous or missing \" in quoted-field"
        );
        assert_eq!(
            csv_fields("\"a\"b").unwrap_err(),
            "parse error on line 1, column 3: extraneous or missing \" in quoted-field"
        );
    }

    #[test]
    fn full_parse() {
        let m = full("type=cache,target=/root/.cache,sharing=locked,id=x,mode=0755").unwrap();
        assert_eq!(m.ty, MountType::Cache);
        assert_eq!(m.target.as_deref(), Some("/root/.cache"));
        assert_eq!(m.sharing, Some(ShareMode::Locked));
        assert_eq!(m.mode, Some(0o755));
        assert!(!m.read_only);
        let m = full("type=bind,source=.,target=/src").unwrap();
        assert!(m.read_only);
        let m = full("type=bind,target=/src,rw").unwrap();
        assert!(!m.read_only);
        let m = full("type=tmpfs,target=/t,size=64m").unwrap();
        assert_eq!(m.size_limit, 64 * 1024 * 1024);
        let m = full("type=secret,id=tok,env=TOKEN,required").unwrap();
        assert!(m.required);
        assert_eq!(m.env.as_deref(), Some("TOKEN"));
    }

    #[test]
    fn errors_like_buildkit() {
        assert_eq!(
            full("type=cahce").unwrap_err(),
            "unsupported mount type \"cahce\" (did you mean cache?)"
        );
        assert_eq!(
            full("type=bind,targte=/x").unwrap_err(),
            "unexpected key 'targte' in 'targte=/x' (did you mean target?)"
        );
        assert_eq!(
            full("type=bind,required").unwrap_err(),
            "unexpected key 'required' for mount type 'bind'"
        );
        assert_eq!(
            full("type=bind,mode=0755").unwrap_err(),
            "mode not allowed for \"bind\" type mounts"
        );
        assert_eq!(
            full("type=secret").unwrap_err(),
            "invalid secret mount. one of source, target required"
        );
        assert_eq!(
            full("type=cache,target=/x,sharing=bogus").unwrap_err(),
            "unsupported sharing value \"bogus\""
        );
        assert_eq!(
            full("type=bind,sharing=locked").unwrap_err(),
            "invalid cache sharing set for bind mount"
        );
        assert_eq!(full("foo").unwrap_err(), "invalid field 'foo' must be a key=value pair");
        assert_eq!(full("type=cache,uid=x").unwrap_err(), "invalid value x for uid");
        assert_eq!(full("ro=maybe").unwrap_err(), "invalid value for ro: maybe");
    }

    #[test]
    fn parse_time_checks_only_syntax_and_from() {
        assert!(Mount::parse("type=bogus,whatever=1", None).is_ok());
        assert!(Mount::parse("foo", None).is_ok());
        assert_eq!(
            Mount::parse("from=$STAGE", None).unwrap_err().to_string(),
            "'from' doesn't support variable expansion, define alias stage instead"
        );
        assert!(Mount::parse("from=a$", None).is_ok());
        assert_eq!(
            Mount::parse("", None).unwrap_err().to_string(),
            "failed to parse csv mounts: EOF"
        );
    }

    #[test]
    fn sizes() {
        assert_eq!(ram_in_bytes("100"), Some(100));
        assert_eq!(ram_in_bytes("1k"), Some(1024));
        assert_eq!(ram_in_bytes("1KiB"), Some(1024));
        assert_eq!(ram_in_bytes("1.5 GB"), Some(1610612736));
        assert_eq!(ram_in_bytes("1x"), None);
        assert_eq!(ram_in_bytes("k"), None);
    }
}
