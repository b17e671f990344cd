//! Image references as `distribution/reference` parses and normalises them:
//! `nginx` → `docker.io/library/nginx:latest`, registry hosts, tags and digests,
//! and the exact error texts for bad ones.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Reference {
    /// Registry host: `docker.io`, `localhost:5000`, `registry.example.com`.
    pub domain: String,
    /// Path inside the registry: `library/nginx`, `user/app`.
    pub path: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefError {
    /// `invalid reference format`
    Format,
    /// `invalid reference format: repository name (library/MyImage) must be lowercase`
    Uppercase(String),
    /// `invalid repository name (…), cannot specify 64-byte hexadecimal strings`
    Hex64(String),
}

impl fmt::Display for RefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefError::Format => write!(f, "invalid reference format"),
            RefError::Uppercase(p) => {
                write!(f, "invalid reference format: repository name ({p}) must be lowercase")
            }
            RefError::Hex64(n) => write!(
                f,
                "invalid repository name ({n}), cannot specify 64-byte hexadecimal strings"
            ),
        }
    }
}

fn valid_component(c: &str) -> bool {
    // [a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*
    let b = c.as_bytes();
    if b.is_empty() || !is_alnum(b[0]) || !is_alnum(b[b.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if is_alnum(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !is_alnum(b[i]) {
            i += 1;
        }
        let sep = &c[start..i];
        let ok = sep == "." || sep == "_" || sep == "__" || sep.bytes().all(|x| x == b'-');
        if !ok {
            return false;
        }
    }
    true
}

fn is_alnum(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

fn valid_domain(d: &str) -> bool {
    let (host, port) = match d.rsplit_once(':') {
        Some((h, p)) if !h.is_empty() && !h.contains(']') || h.ends_with(']') => (h, Some(p)),
        _ => (d, None),
    };
    if let Some(p) = port
        && (p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    if host.starts_with('[') {
        return host.ends_with(']');
    }
    !host.is_empty()
        && host.split('.').all(|l| {
            !l.is_empty()
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
}

fn valid_tag(t: &str) -> bool {
    let b = t.as_bytes();
    !b.is_empty()
        && b.len() <= 128
        && (b[0].is_ascii_alphanumeric() || b[0] == b'_')
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
}

fn valid_digest(d: &str) -> bool {
    match d.split_once(':') {
        Some((alg, hex)) => {
            !alg.is_empty()
                && alg
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+._-".contains(&b))
                && hex.len() >= 32
                && hex.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        }
        None => false,
    }
}

pub fn is_hex64(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl Reference {
    /// `ParseNormalizedNamed` as used by `docker pull/run/tag/push`.
    pub fn parse(s: &str) -> Result<Reference, RefError> {
        if s.is_empty() {
            return Err(RefError::Format);
        }
        if is_hex64(s) {
            return Err(RefError::Hex64(s.to_string()));
        }
        let (rest, digest) = match s.split_once('@') {
            Some((r, d)) => {
                if !valid_digest(d) {
                    return Err(RefError::Format);
                }
                (r, Some(d.to_string()))
            }
            None => (s, None),
        };
        // A tag is after the last ':' that comes after the last '/'.
        let last_slash = rest.rfind('/').map(|i| i + 1).unwrap_or(0);
        let (name, tag) = match rest[last_slash..].rfind(':') {
            Some(i) => {
                let t = &rest[last_slash + i + 1..];
                if !valid_tag(t) {
                    return Err(RefError::Format);
                }
                (&rest[..last_slash + i], Some(t.to_string()))
            }
            None => (rest, None),
        };
        if name.is_empty() || name.len() > 255 {
            return Err(RefError::Format);
        }
        let (domain, path) = split_domain(name);
        if domain != "docker.io" && !valid_domain(&domain) {
            return Err(RefError::Format);
        }
        let comps: Vec<&str> = path.split('/').collect();
        if !comps.iter().all(|c| valid_component(c)) {
            let lower = path.to_ascii_lowercase();
            if lower != path && lower.split('/').all(valid_component) {
                return Err(RefError::Uppercase(path));
            }
            return Err(RefError::Format);
        }
        Ok(Reference {
            domain,
            path,
            tag,
            digest,
        })
    }

    /// Adds the default tag `latest` when there is neither tag nor digest.
    pub fn with_default_tag(mut self) -> Reference {
        if self.tag.is_none() && self.digest.is_none() {
            self.tag = Some("latest".into());
        }
        self
    }

    pub fn is_docker_hub(&self) -> bool {
        self.domain == "docker.io"
    }

    /// `docker.io/library/nginx` — the full repository name.
    pub fn repository(&self) -> String {
        format!("{}/{}", self.domain, self.path)
    }

    /// `nginx`, `user/app`, `localhost:5000/python` — as `docker images` shows it.
    pub fn familiar_repository(&self) -> String {
        if self.domain == "docker.io" {
            self.path.strip_prefix("library/").unwrap_or(&self.path).to_string()
        } else {
            format!("{}/{}", self.domain, self.path)
        }
    }

    /// `nginx:latest` — familiar name with tag (and/or digest).
    pub fn familiar(&self) -> String {
        let mut s = self.familiar_repository();
        if let Some(t) = &self.tag {
            s.push(':');
            s.push_str(t);
        }
        if let Some(d) = &self.digest {
            s.push('@');
            s.push_str(d);
        }
        s
    }

    /// `docker.io/library/nginx:latest`.
    pub fn full(&self) -> String {
        let mut s = self.repository();
        if let Some(t) = &self.tag {
            s.push(':');
            s.push_str(t);
        }
        if let Some(d) = &self.digest {
            s.push('@');
            s.push_str(d);
        }
        s
    }

    pub fn tag_or_latest(&self) -> &str {
        self.tag.as_deref().unwrap_or("latest")
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.familiar())
    }
}

fn split_domain(name: &str) -> (String, String) {
    match name.split_once('/') {
        Some((first, rest))
            if first.contains('.')
                || first.contains(':')
                || first == "localhost"
                || first.to_ascii_lowercase() != first =>
        {
            let domain = if first == "index.docker.io" {
                "docker.io".to_string()
            } else {
                first.to_string()
            };
            let mut path = rest.to_string();
            if domain == "docker.io" && !path.contains('/') {
                path = format!("library/{path}");
            }
            (domain, path)
        }
        Some(_) => ("docker.io".into(), name.to_string()),
        None => ("docker.io".into(), format!("library/{name}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises() {
        let r = Reference::parse("nginx").unwrap();
        assert_eq!(r.full(), "docker.io/library/nginx");
        assert_eq!(r.with_default_tag().full(), "docker.io/library/nginx:latest");
        let r = Reference::parse("localhost:5000/python:3.11.5-alpine").unwrap();
        assert_eq!(r.domain, "localhost:5000");
        assert_eq!(r.familiar(), "localhost:5000/python:3.11.5-alpine");
        let r = Reference::parse("user/app:v1").unwrap();
        assert_eq!(r.full(), "docker.io/user/app:v1");
        assert_eq!(r.familiar(), "user/app:v1");
    }

    #[test]
    fn errors() {
        assert_eq!(
            Reference::parse("nginx:").unwrap_err().to_string(),
            "invalid reference format"
        );
        assert_eq!(
            Reference::parse("MyImage").unwrap_err().to_string(),
            "invalid reference format: repository name (library/MyImage) must be lowercase"
        );
        assert!(matches!(Reference::parse(&"a".repeat(64)), Err(RefError::Hex64(_))));
        assert!(Reference::parse("-x").is_err());
        assert!(Reference::parse("a b").is_err());
    }
}
