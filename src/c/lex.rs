//! A small C lexer: enough to compare code as tokens, to scan macro bodies and
//! error regions for identifiers, and to tokenize semantic-patch code.

/// What kind of lexeme a [`Token`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokKind {
    Ident,
    Number,
    Str,
    Char,
    Punct,
}

/// One lexeme and its byte range in the lexed text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokKind,
    pub start: usize,
    pub end: usize,
}

// (`<?`, `>?`, `<?=`, `>?=`: GCC's old minimum and maximum operators.)
const PUNCT3: &[&[u8]] = &[b"<<=", b">>=", b"...", b"->*", b"<?=", b">?="];
const PUNCT2: &[&[u8]] = &[
    b"->", b"++", b"--", b"<<", b">>", b"<=", b">=", b"==", b"!=", b"&&", b"||", b"*=", b"/=",
    b"%=", b"+=", b"-=", b"&=", b"^=", b"|=", b"##", b"<?", b">?",
];

/// True for white space other than a newline.
pub fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | 0x0b | 0x0c)
}

/// True for bytes that may start a C identifier.
pub fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

/// True for bytes that may continue a C identifier.
pub fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether `text[start..end]` stands alone as an identifier: no identifier
/// byte just before or just after it.
pub fn is_whole_word(text: &[u8], start: usize, end: usize) -> bool {
    (start == 0 || !is_ident_byte(text[start - 1]))
        && text.get(end).is_none_or(|&b| !is_ident_byte(b))
}

/// Where `word` occurs in `text` as a whole identifier (start offsets, in order).
pub fn whole_words<'t>(text: &'t [u8], word: &'t [u8]) -> impl Iterator<Item = usize> + 't {
    memchr::memmem::find_iter(text, word)
        .filter(move |&at| is_whole_word(text, at, at + word.len()))
}

/// Returns the end of a comment starting at `i`, if one starts there.
pub fn comment_end(s: &[u8], i: usize) -> Option<usize> {
    if s.get(i) != Some(&b'/') {
        return None;
    }
    match s.get(i + 1) {
        Some(b'/') => {
            let mut j = i + 2;
            while j < s.len() && s[j] != b'\n' {
                j += 1;
            }
            Some(j)
        }
        Some(b'*') => {
            let mut j = i + 2;
            while j + 1 < s.len() && !(s[j] == b'*' && s[j + 1] == b'/') {
                j += 1;
            }
            Some((j + 2).min(s.len()))
        }
        _ => None,
    }
}

fn quoted_end(s: &[u8], i: usize, q: u8) -> usize {
    let mut j = i + 1;
    while j < s.len() && s[j] != q && s[j] != b'\n' {
        if s[j] == b'\\' {
            j += 1;
        }
        j += 1;
    }
    (j + 1).min(s.len())
}

/// Splits `s` into tokens, skipping white space and comments.
pub fn tokenize(s: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        if b.is_ascii_whitespace() || (b == b'\\' && s.get(i + 1) == Some(&b'\n')) {
            i += 1;
            continue;
        }
        if let Some(e) = comment_end(s, i) {
            i = e;
            continue;
        }
        let (kind, end) = if is_ident_start(b) {
            let mut j = i + 1;
            while j < s.len() && is_ident_byte(s[j]) {
                j += 1;
            }
            // String prefixes such as L"..." belong to the literal.
            if j < s.len()
                && (s[j] == b'"' || s[j] == b'\'')
                && matches!(&s[i..j], b"L" | b"u" | b"U" | b"u8")
            {
                let q = s[j];
                (
                    if q == b'"' {
                        TokKind::Str
                    } else {
                        TokKind::Char
                    },
                    quoted_end(s, j, q),
                )
            } else {
                (TokKind::Ident, j)
            }
        } else if b.is_ascii_digit()
            || (b == b'.' && s.get(i + 1).is_some_and(|c| c.is_ascii_digit()))
        {
            let mut j = i + 1;
            while j < s.len() {
                let c = s[j];
                let exponent_sign =
                    (c == b'+' || c == b'-') && matches!(s[j - 1], b'e' | b'E' | b'p' | b'P');
                if is_ident_byte(c) || c == b'.' || exponent_sign {
                    j += 1;
                } else {
                    break;
                }
            }
            (TokKind::Number, j)
        } else if b == b'"' {
            (TokKind::Str, quoted_end(s, i, b'"'))
        } else if b == b'\'' {
            (TokKind::Char, quoted_end(s, i, b'\''))
        } else {
            let rest = &s[i..];
            let len = if PUNCT3.iter().any(|p| rest.starts_with(p)) {
                3
            } else if PUNCT2.iter().any(|p| rest.starts_with(p)) {
                2
            } else if b < 0xC0 {
                // ASCII or a stray byte: never glued to what follows.
                1
            } else {
                // A whole UTF-8 sequence counts as one (unexpected) punctuator.
                let mut l = 1;
                while i + l < s.len() && (s[i + l] & 0xC0) == 0x80 {
                    l += 1;
                }
                l
            };
            (TokKind::Punct, i + len)
        };
        out.push(Token {
            kind,
            start: i,
            end,
        });
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s.as_bytes())
            .iter()
            .map(|t| &s[t.start..t.end])
            .collect()
    }

    #[test]
    fn splits_c() {
        assert_eq!(
            texts("a->b += 0x1fULL; /* c */ f(\"s\\\"x\", 'c') ... // x"),
            vec![
                "a",
                "->",
                "b",
                "+=",
                "0x1fULL",
                ";",
                "f",
                "(",
                "\"s\\\"x\"",
                ",",
                "'c'",
                ")",
                "..."
            ]
        );
    }
}
