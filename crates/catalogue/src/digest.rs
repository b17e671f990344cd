//! Deterministic digests: `sha256:<64 hex>` strings and helpers.
//!
//! Computed identities (used when the data does not pin a real value):
//! * layer blob digest  = sha256(`"dockyard/layer-blob\0"` + layer key)
//! * layer diff ID      = sha256(`"dockyard/layer-diff\0"` + layer key)
//! * image ID           = sha256(canonical config JSON incl. the ordered diff IDs)
//! * manifest digest    = sha256(`"dockyard/manifest\0"` + image ID)
//! * repo digest        = sha256(`"dockyard/manifest-list\0"` + image ID)

use sha2::{Digest, Sha256};

/// `sha256:` + lowercase hex of the SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> String {
    let out = Sha256::digest(data);
    let mut s = String::with_capacity(7 + 64);
    s.push_str("sha256:");
    for b in out.iter() {
        s.push(hex_digit(b >> 4));
        s.push(hex_digit(b & 0x0f));
    }
    s
}

fn hex_digit(n: u8) -> char {
    char::from(if n < 10 { b'0' + n } else { b'a' + n - 10 })
}

/// Digest of a domain-separated string: sha256(`domain` + NUL + `value`).
pub fn tagged(domain: &str, value: &str) -> String {
    let mut data = Vec::with_capacity(domain.len() + 1 + value.len());
    data.extend_from_slice(domain.as_bytes());
    data.push(0);
    data.extend_from_slice(value.as_bytes());
    sha256(&data)
}

/// True for `sha256:` followed by exactly 64 lowercase hex digits.
pub fn is_valid(d: &str) -> bool {
    d.strip_prefix("sha256:")
        .is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

/// The hex part of a digest (`sha256:` stripped if present).
pub fn hex(d: &str) -> &str {
    d.strip_prefix("sha256:").unwrap_or(d)
}

/// The 12-hex short form (`docker images` IMAGE ID, pull progress ids).
pub fn short(d: &str) -> &str {
    let h = hex(d);
    h.get(..12).unwrap_or(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_known_vector() {
        assert_eq!(
            sha256(b"abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn validity_and_short() {
        let d = sha256(b"");
        assert!(is_valid(&d));
        assert!(!is_valid("sha256:ABC"));
        assert!(!is_valid(&d[..70]));
        assert_eq!(short(&d), "e3b0c44298fc");
    }
}
