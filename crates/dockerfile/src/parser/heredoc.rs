//! Heredoc detection (BuildKit `ParseHeredoc`, `heredocsFromLine`, `ChompHeredocContent`).

use super::Heredoc;
use crate::error::{Error, ErrorDetail};
use crate::go;
use crate::shell::{EmptyEnv, Lex};

/// Parses one word as a heredoc start (`<<EOF`, `<<-EOF`, `<<'EOF'`, `3<<EOF` …).
///
/// Returns `Ok(None)` when the word is not a heredoc and an error when the delimiter has an
/// unterminated quote (like BuildKit, e.g. `<<'EOF`). The returned heredoc has no content.
pub fn parse_heredoc(word: &str) -> Result<Option<Heredoc>, Error> {
    parse_heredoc_detail(word).map_err(|e| Error::new(e, None))
}

pub(super) fn parse_heredoc_detail(word: &str) -> Result<Option<Heredoc>, ErrorDetail> {
    let b = word.as_bytes();
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if !word[i..].starts_with("<<") {
        return Ok(None);
    }
    let digits = &word[..i];
    let mut rest = &word[i + 2..];
    let chomp = match rest.strip_prefix('-') {
        Some(r) => {
            rest = r;
            true
        }
        None => false,
    };
    if rest.contains('<') {
        return Ok(None);
    }
    // Go ignores the error of strconv.ParseUint here: "" is 0 and an overflow is the maximum.
    let file_descriptor = match go::parse_uint(digits, 10, 64) {
        Ok(v) => v,
        Err((_, v)) => v,
    };
    if rest.is_empty() {
        return Ok(None);
    }

    let mut lex = Lex::new('\\');
    lex.skip_unset_env = true;
    let words = lex.process_words(rest, &EmptyEnv).map_err(ErrorDetail::HeredocSyntax)?;
    if words.len() != 1 {
        return Ok(None);
    }
    lex.raw_quotes = true;
    let words_raw = lex.process_words(rest, &EmptyEnv).map_err(ErrorDetail::HeredocSyntax)?;
    if words_raw.len() != words.len() {
        return Err(ErrorDetail::HeredocInconsistent {
            delimiter: rest.to_string(),
        });
    }
    let count = |s: &str| s.chars().filter(|&c| c == '\'' || c == '"').count();
    let name = words.into_iter().next().unwrap_or_default();
    let expand = count(&name) == count(&words_raw[0]);
    Ok(Some(Heredoc {
        name,
        file_descriptor,
        expand,
        chomp,
        content: String::new(),
    }))
}

/// The heredocs started on an instruction line, in order.
pub(super) fn heredocs_from_line(line: &str) -> Result<Vec<Heredoc>, ErrorDetail> {
    let mut lex = Lex::new('\\');
    lex.raw_quotes = true;
    lex.raw_escapes = true;
    lex.skip_unset_env = true;
    let words = lex.process_words(line, &EmptyEnv).unwrap_or_default();
    let mut docs = Vec::new();
    for word in words {
        if let Some(doc) = parse_heredoc_detail(&word)? {
            docs.push(doc);
        }
    }
    Ok(docs)
}

/// Removes leading tabs from every line (`<<-` heredocs).
pub fn chomp_heredoc_content(src: &str) -> String {
    src.split_inclusive('\n').map(|l| l.trim_start_matches('\t')).collect()
}
