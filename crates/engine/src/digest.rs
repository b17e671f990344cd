//! sha256 helpers (sha2 0.11 has no `LowerHex`, so bytes are hex-encoded here).

use sha2::{Digest, Sha256};

pub fn sha256_hex(data: &[u8]) -> String {
    let out = Sha256::digest(data);
    let mut s = String::with_capacity(64);
    for b in out.iter() {
        s.push_str(&format!("{b:02x}"));
    }
    s
}
