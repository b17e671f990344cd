//! Tar archives in the virtual workspace: `docker save` writes one, `docker load` and
//! `ADD x.tar` read one. Real ustar headers, so the files are genuine tar files.

use std::sync::Arc;

use crate::fs::Node;

fn octal(field: &[u8]) -> u64 {
    let s: String = field
        .iter()
        .take_while(|b| **b != 0 && **b != b' ')
        .map(|b| *b as char)
        .collect();
    u64::from_str_radix(s.trim(), 8).unwrap_or(0)
}

/// Entries of a ustar archive: (relative path, node). None if it is not a tar.
pub fn read(data: &[u8]) -> Option<Vec<(String, Node)>> {
    let mut out = Vec::new();
    let mut off = 0;
    while off + 512 <= data.len() {
        let h = &data[off..off + 512];
        if h.iter().all(|b| *b == 0) {
            break;
        }
        if &h[257..262] != b"ustar" {
            return None;
        }
        let name_end = h[..100].iter().position(|b| *b == 0).unwrap_or(100);
        let prefix_end = h[345..500].iter().position(|b| *b == 0).unwrap_or(155);
        let mut name = String::from_utf8_lossy(&h[..name_end]).to_string();
        if prefix_end > 0 {
            name = format!("{}/{name}", String::from_utf8_lossy(&h[345..345 + prefix_end]));
        }
        let size = octal(&h[124..136]) as usize;
        let mode = octal(&h[100..108]) as u32;
        let kind = h[156];
        off += 512;
        let body = data.get(off..off + size)?.to_vec();
        off += size.div_ceil(512) * 512;
        let name = name.trim_start_matches("./").trim_end_matches('/').to_string();
        if name.is_empty() {
            continue;
        }
        let node = match kind {
            b'5' => Node::Dir { mode, opaque: false },
            b'2' => {
                let lend = h[157..257].iter().position(|b| *b == 0).unwrap_or(100);
                Node::Symlink {
                    target: String::from_utf8_lossy(&h[157..157 + lend]).to_string(),
                }
            }
            _ => Node::File {
                size: body.len() as u64,
                data: Arc::new(body),
                mode,
                program: None,
            },
        };
        out.push((name, node));
    }
    Some(out)
}

/// Unpacks a tar file node (for `ADD`).
pub fn unpack(node: &Node) -> Option<Vec<(String, Node)>> {
    match node {
        Node::File { data, .. } => read(data),
        _ => None,
    }
}

fn header(name: &str, size: usize, mode: u32, kind: u8, link: &str) -> [u8; 512] {
    let mut h = [0u8; 512];
    let nb = name.as_bytes();
    let n = nb.len().min(100);
    h[..n].copy_from_slice(&nb[..n]);
    let put = |h: &mut [u8; 512], at: usize, len: usize, v: u64| {
        let s = format!("{:0width$o}\0", v, width = len - 1);
        h[at..at + len].copy_from_slice(s.as_bytes());
    };
    put(&mut h, 100, 8, mode as u64);
    put(&mut h, 108, 8, 0);
    put(&mut h, 116, 8, 0);
    put(&mut h, 124, 12, size as u64);
    put(&mut h, 136, 12, 0);
    h[156] = kind;
    let lb = link.as_bytes();
    h[157..157 + lb.len().min(100)].copy_from_slice(&lb[..lb.len().min(100)]);
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    for b in &mut h[148..156] {
        *b = b' ';
    }
    let sum: u32 = h.iter().map(|b| *b as u32).sum();
    let s = format!("{sum:06o}\0 ");
    h[148..156].copy_from_slice(s.as_bytes());
    h
}

/// Writes entries as a ustar archive.
pub fn write(entries: &[(String, Node)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, node) in entries {
        match node {
            Node::Dir { mode, .. } => out.extend_from_slice(&header(&format!("{name}/"), 0, *mode, b'5', "")),
            Node::Symlink { target } => out.extend_from_slice(&header(name, 0, 0o777, b'2', target)),
            Node::File { data, mode, .. } => {
                out.extend_from_slice(&header(name, data.len(), *mode, b'0', ""));
                out.extend_from_slice(data);
                let pad = data.len().div_ceil(512) * 512 - data.len();
                out.extend(std::iter::repeat_n(0u8, pad));
            }
            Node::Whiteout => {}
        }
    }
    out.extend(std::iter::repeat_n(0u8, 1024));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip() {
        let entries = vec![
            ("app".to_string(), Node::dir()),
            ("app/a.txt".to_string(), Node::file("hello")),
            ("app/l".into(), Node::Symlink { target: "a.txt".into() }),
        ];
        let bytes = write(&entries);
        let back = read(&bytes).unwrap();
        assert_eq!(back.len(), 3);
        assert_eq!(back[1].0, "app/a.txt");
        assert!(matches!(&back[1].1, Node::File { data, .. } if data.as_slice() == b"hello"));
        assert!(read(b"not a tar at all").is_none() || read(b"not a tar at all").unwrap().is_empty());
    }
}
