//! Isomorphism files: Coccinelle's `.iso` format, read into entries.
//!
//! The default set (`standard.iso`, next to this file) is compiled in; a
//! rule's `using "file.iso"` adds a file's entries, `disable` turns
//! entries off by name. What an entry does is decided elsewhere: the
//! matcher applies the names it implements itself (see the file's
//! `[engine]` notes), and `iso_expand` applies other Expression entries by
//! adding the pattern's rewritten forms as alternatives.

use super::Diagnostic;

/// The default isomorphisms, in `.iso` format.
pub const STANDARD: &str = include_str!("standard.iso");

/// The file name the default set's entries carry.
pub const STANDARD_NAME: &str = "<standard.iso>";

/// Names `disable` accepts that no entry defines: what the matcher does by
/// absence (Coccinelle reserves the same names).
pub const RESERVED: &[&str] = &[
    "optional_storage",
    "optional_qualifier",
    "value_format",
    "optional_attributes",
];

/// Where an entry applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IsoKind {
    Expression,
    /// An expression that is a function argument or an assigned value.
    ArgExpression,
    /// An expression where a truth value is wanted.
    TestExpression,
    /// As `Expression`, the result being used as a truth value.
    ToTestExpression,
    Statement,
    Declaration,
    Type,
    TopLevel,
}

impl IsoKind {
    fn of(word: &str) -> Option<IsoKind> {
        Some(match word {
            "Expression" => IsoKind::Expression,
            "ArgExpression" => IsoKind::ArgExpression,
            "TestExpression" => IsoKind::TestExpression,
            "ToTestExpression" => IsoKind::ToTestExpression,
            "Statement" => IsoKind::Statement,
            "Declaration" => IsoKind::Declaration,
            "Type" => IsoKind::Type,
            "TopLevel" => IsoKind::TopLevel,
            _ => return None,
        })
    }
}

/// One form of an entry, as written.
#[derive(Clone, Debug)]
pub struct Form {
    pub text: String,
    /// 1-based line and column of its first character.
    pub line: usize,
    pub col: usize,
}

/// One entry of an isomorphism file.
#[derive(Clone, Debug)]
pub struct Iso {
    /// Its name (`iso@FILE:LINE` when the header gives none).
    pub name: String,
    pub kind: IsoKind,
    /// The file it was read from (`<standard.iso>` for the default set).
    pub file: String,
    /// Line of its `@ name @` header, and that line as written.
    pub line: usize,
    pub header_text: String,
    /// The metavariable declarations, as written, and their first line.
    pub decls: String,
    pub decls_line: usize,
    /// The forms: a pattern written as the first matches code written as
    /// any other; `both_ways` (`<=>` throughout) lets every form stand for
    /// every other.
    pub forms: Vec<Form>,
    pub both_ways: bool,
}

/// The default set, read once per call (it is small).
pub fn standard() -> Vec<Iso> {
    // The compiled-in file is checked by a unit test: reading it cannot fail.
    parse(STANDARD_NAME, STANDARD).unwrap_or_default()
}

/// Blanks out `//` and `/* */` comments, keeping every line and column.
fn blank_comments(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    let mut quote: Option<u8> = None;
    while i < b.len() {
        match (quote, b[i]) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), b'\\') => i += 1,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b[i]),
            (None, b'/') if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    out[i] = b' ';
                    i += 1;
                }
                continue;
            }
            (None, b'/') if b.get(i + 1) == Some(&b'*') => {
                while i < b.len() && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                    if b[i] != b'\n' {
                        out[i] = b' ';
                    }
                    i += 1;
                }
                let end = (i + 2).min(b.len());
                out[i..end].fill(b' ');
                i += 2;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    // Only ASCII bytes were replaced, by ASCII spaces.
    String::from_utf8(out).unwrap_or_default()
}

/// Reads an isomorphism file. Errors name the file, line and column.
pub fn parse(file: &str, text: &str) -> Result<Vec<Iso>, Diagnostic> {
    let clean = blank_comments(text);
    let lines: Vec<&str> = clean.lines().collect();
    let err = |line: usize, col: usize, msg: String| Diagnostic::at(file, text, line, col, msg);
    let mut out = Vec::new();
    let mut k = 0;
    let next_code = |mut k: usize| {
        while k < lines.len() && lines[k].trim().is_empty() {
            k += 1;
        }
        k
    };
    loop {
        k = next_code(k);
        if k >= lines.len() {
            break;
        }
        let word = lines[k].trim();
        let col = lines[k].len() - lines[k].trim_start().len() + 1;
        let Some(kind) = IsoKind::of(word) else {
            return Err(err(
                k + 1,
                col,
                format!("expected the kind of an isomorphism (Expression, Statement, Declaration, Type, TopLevel, ArgExpression, TestExpression, ToTestExpression), found `{word}`"),
            ));
        };
        k = next_code(k + 1);
        // `@ name @` (the name may be left out: `@@`).
        let Some(head) = lines
            .get(k)
            .map(|l| l.trim())
            .filter(|l| l.starts_with('@'))
        else {
            return Err(err(
                k.min(lines.len().saturating_sub(1)) + 1,
                1,
                format!("expected `@ name @` after `{word}`"),
            ));
        };
        let inner = &head[1..];
        let Some(close) = inner.find('@') else {
            return Err(err(
                k + 1,
                1,
                "the isomorphism's header has no closing `@`".into(),
            ));
        };
        let name = inner[..close].trim();
        if !name.is_empty() && !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(err(
                k + 1,
                2,
                format!("`{name}` is not an isomorphism name"),
            ));
        }
        let header_line = k + 1;
        let name = if name.is_empty() {
            format!("iso@{file}:{header_line}")
        } else {
            name.to_string()
        };
        // Declarations on the header line after `@ name @` are not read
        // as such: the `@@` that closes them must be on a line of its own.
        let rest = inner[close + 1..].trim();
        let (decls_line, mut decls) = (k + 2, String::new());
        if inner[..close].trim().is_empty() && !rest.is_empty() {
            return Err(err(
                k + 1,
                1,
                "write an unnamed isomorphism's declarations on lines of their own, after `@@`"
                    .into(),
            ));
        }
        k += 1;
        while k < lines.len() && lines[k].trim() != "@@" {
            decls.push_str(lines[k]);
            decls.push('\n');
            k += 1;
        }
        if k >= lines.len() {
            return Err(err(
                header_line,
                1,
                format!("isomorphism `{name}`: no `@@` closes its declarations"),
            ));
        }
        k += 1;
        // The forms run to the next kind word (or the end).
        let mut body: Vec<(usize, &str)> = Vec::new();
        while k < lines.len() && IsoKind::of(lines[k].trim()).is_none() {
            body.push((k + 1, lines[k]));
            k += 1;
        }
        let (forms, both_ways) = split_forms(&body);
        if forms.len() < 2 || forms.iter().any(|f| f.text.is_empty()) {
            return Err(err(
                header_line,
                1,
                format!(
                    "isomorphism `{name}`: expected two or more forms separated by `<=>` or `=>`"
                ),
            ));
        }
        out.push(Iso {
            name,
            kind,
            file: file.to_string(),
            line: header_line,
            header_text: text.lines().nth(header_line - 1).unwrap_or("").to_string(),
            decls,
            decls_line,
            forms,
            both_ways,
        });
    }
    Ok(out)
}

/// Splits an entry's body at its `<=>` and `=>` arrows. True when every
/// arrow is `<=>`.
fn split_forms(body: &[(usize, &str)]) -> (Vec<Form>, bool) {
    let mut forms = Vec::new();
    let mut both = true;
    let mut cur = String::new();
    let mut at: Option<(usize, usize)> = None;
    for &(line, l) in body {
        let mut rest = l;
        let mut col = 1;
        loop {
            let (arrow, len) = match (rest.find("<=>"), rest.find("=>")) {
                (Some(a), Some(b)) if a + 1 == b => (Some(a), 3),
                (_, Some(b)) => (Some(b), 2),
                (Some(a), None) => (Some(a), 3),
                (None, None) => (None, 0),
            };
            let piece = arrow.map_or(rest, |a| &rest[..a]);
            if !piece.trim().is_empty() && at.is_none() {
                let lead = piece.len() - piece.trim_start().len();
                at = Some((line, col + lead));
            }
            cur.push_str(piece);
            let Some(a) = arrow else { break };
            if len == 2 {
                both = false;
            }
            let (fl, fc) = at.take().unwrap_or((line, col));
            forms.push(Form {
                text: cur.trim().to_string(),
                line: fl,
                col: fc,
            });
            cur.clear();
            col += a + len;
            rest = &rest[a + len..];
        }
        cur.push('\n');
    }
    if let Some((line, col)) = at {
        forms.push(Form {
            text: cur.trim().to_string(),
            line,
            col,
        });
    }
    (forms, both)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_set_reads() {
        let isos = parse("<standard.iso>", STANDARD).expect("standard.iso reads");
        assert!(isos.len() >= 50, "{}", isos.len());
        let null = isos.iter().find(|i| i.name == "is_null").unwrap();
        assert_eq!(null.kind, IsoKind::Expression);
        assert_eq!(null.forms.len(), 2);
        assert_eq!(null.forms[0].text, "X == NULL");
        assert_eq!(null.forms[1].text, "!X");
        assert!(!null.both_ways);
        let inc = isos.iter().find(|i| i.name == "inc").unwrap();
        assert_eq!(inc.forms.len(), 4);
        assert!(inc.both_ways);
        let un = isos.iter().find(|i| i.name == "unlikely").unwrap();
        assert_eq!(un.forms.len(), 3);
        assert!(!un.both_ways);
        assert!(un.decls.contains("expression E;"));
    }

    #[test]
    fn errors_name_the_place() {
        let e = parse("x.iso", "Expresion\n@ a @\n@@\nX <=> Y\n").unwrap_err();
        assert_eq!((e.line, e.col), (1, 1));
        assert!(e.message.contains("Expresion"), "{}", e.message);
        let e = parse("x.iso", "Expression\n@ a @\nexpression X;\n@@\nX\n").unwrap_err();
        assert!(e.message.contains("two or more forms"), "{}", e.message);
        let e = parse("x.iso", "Expression\n@ a @\nexpression X;\nX => Y\n").unwrap_err();
        assert!(e.message.contains("no `@@`"), "{}", e.message);
    }

    #[test]
    fn forms_keep_their_place() {
        let isos = parse(
            "x.iso",
            "// c\nExpression\n@ a @\nexpression X, Y;\n@@\n\n  X < Y <=>\n Y > X\n",
        )
        .unwrap();
        let f = &isos[0].forms;
        assert_eq!((f[0].text.as_str(), f[0].line, f[0].col), ("X < Y", 7, 3));
        assert_eq!((f[1].text.as_str(), f[1].line, f[1].col), ("Y > X", 8, 2));
    }
}
