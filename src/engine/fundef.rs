//! Function definitions in added code, laid out as spatch's pretty printer
//! prints them whatever lines the SmPL wrote them on: the head on a line
//! of its own, the body's `{` and `}` on lines of their own at the head's
//! indentation, and each statement of the body on a line of its own, one
//! level deeper per open brace (`int f() { return 0; }` becomes four lines).

use crate::c::lex::{self, TokKind};

/// Words that head a statement, never a function: `if (x) {` is no
/// function's body.
const NOT_FUNCTIONS: &[&[u8]] = &[
    b"if", b"while", b"for", b"switch", b"sizeof", b"return", b"typeof", b"do", b"else",
];

/// Where the `{` of a function body opens in `line`, when it does: a `{`
/// right after the `)` that closes a parameter list, outside any other
/// parentheses or braces, after a name that is no statement keyword.
fn body_open(line: &[u8]) -> Option<usize> {
    let toks = lex::tokenize(line);
    let text = |k: usize| &line[toks[k].start..toks[k].end];
    let mut parens: Vec<usize> = Vec::new();
    let mut braces = 0usize;
    let mut last_group: Option<usize> = None;
    for k in 0..toks.len() {
        match text(k) {
            b"(" => parens.push(k),
            b")" => {
                let open = parens.pop()?;
                if parens.is_empty() {
                    last_group = Some(open);
                }
            }
            b"{" if parens.is_empty() && braces == 0 => {
                let open = last_group.filter(|_| k > 0 && text(k - 1) == b")")?;
                let name = open.checked_sub(1)?;
                let is_name =
                    toks[name].kind == TokKind::Ident && !NOT_FUNCTIONS.contains(&text(name));
                // A head has a type before its name (`int f(`), a call has none.
                return (is_name && name > 0).then_some(toks[k].start);
            }
            b"{" => braces += 1,
            b"}" => braces = braces.saturating_sub(1),
            b";" if parens.is_empty() && braces == 0 => last_group = None,
            _ => {}
        }
    }
    None
}

/// The statements of a one-line block's inside (`return 0;`), split at the
/// `;` and braces outside parentheses; `None` when there is none.
fn statements(body: &[u8]) -> Vec<Vec<u8>> {
    let toks = lex::tokenize(body);
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut parens = 0usize;
    for t in &toks {
        let s = &body[t.start..t.end];
        match s {
            b"(" | b"[" => parens += 1,
            b")" | b"]" => parens = parens.saturating_sub(1),
            b";" | b"{" | b"}" if parens == 0 => {
                let piece = body[start..t.end].trim_ascii();
                if !piece.is_empty() {
                    out.push(piece.to_vec());
                }
                start = t.end;
            }
            _ => {}
        }
    }
    let rest = body[start..].trim_ascii();
    if !rest.is_empty() {
        out.push(rest.to_vec());
    }
    out
}

/// `lines` (added lines, indented) with each function definition among them
/// laid out as spatch prints it; `unit` is one level of indentation.
pub fn lay_out(lines: Vec<Vec<u8>>, unit: &[u8]) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = Vec::with_capacity(lines.len());
    // The indentation of the head of the function whose body is open, and
    // how many braces are open in it.
    let mut open: Option<(Vec<u8>, usize)> = None;
    // Where the open function began, in `out` and in `lines`: a function
    // whose `}` is not added code (the head alone replaced) is left as
    // written.
    let mut began = (0, 0);
    for (n, line) in lines.iter().enumerate() {
        let line = line.clone();
        if open.is_none() {
            began = (out.len(), n);
        }
        if line.first() == Some(&b'#') {
            out.push(line);
            continue;
        }
        let indent: Vec<u8> = line
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .copied()
            .collect();
        let code = line[indent.len()..].to_vec();
        if code.is_empty() {
            out.push(line);
            continue;
        }
        // A head on a line of its own, then its `{`.
        let after_head = out
            .last()
            .is_some_and(|h| body_open(&[h.as_slice(), b" {"].concat()).is_some());
        if open.is_none() && code == b"{" && after_head {
            began = (out.len() - 1, n - 1);
            out.push(line);
            open = Some((indent, 1));
            continue;
        }
        let pieces: Vec<Vec<u8>> = match (&open, body_open(&line)) {
            (None, Some(at)) => {
                let head = line[..at].trim_ascii_end().to_vec();
                let rest = line[at + 1..].to_vec();
                out.push(head);
                out.push([indent.as_slice(), b"{"].concat());
                open = Some((indent.clone(), 1));
                statements(&rest)
            }
            (Some(_), _) => statements(&code),
            (None, None) => {
                out.push(line);
                continue;
            }
        };
        for p in pieces {
            let Some((head, depth)) = open.as_mut() else {
                out.push([indent.as_slice(), &p].concat());
                continue;
            };
            if p == b"}" {
                *depth -= 1;
            }
            let mut l = head.clone();
            for _ in 0..*depth {
                l.extend_from_slice(unit);
            }
            l.extend_from_slice(&p);
            if p.ends_with(b"{") {
                *depth += 1;
            }
            out.push(l);
            if *depth == 0 {
                open = None;
            }
        }
    }
    if open.is_some() {
        out.truncate(began.0);
        out.extend_from_slice(&lines[began.1..]);
    }
    out
}

/// Whether the added code of `lines` opens with a function definition.
pub fn starts_with_function(lines: &[Vec<u8>]) -> bool {
    // (The comments over it come with it.)
    let comment = |l: &[u8]| {
        let t = l.trim_ascii();
        t.is_empty() || t.starts_with(b"/*") || t.starts_with(b"*") || t.starts_with(b"//")
    };
    lines
        .iter()
        .find(|l| !comment(l))
        .is_some_and(|l| body_open(l).is_some() || next_is_brace(lines, l))
}

/// Whether the added code of `lines` ends with a top-level function
/// definition's `}`.
pub fn ends_with_function(lines: &[Vec<u8>]) -> bool {
    lines
        .iter()
        .rev()
        .find(|l| !l.trim_ascii().is_empty())
        .is_some_and(|l| l.as_slice() == b"}")
        && lines.iter().any(|l| {
            l.first().is_some_and(|b| !b.is_ascii_whitespace())
                && l.trim_ascii_end().ends_with(b")")
        })
}

/// A head written on its own line, its `{` on the next.
fn next_is_brace(lines: &[Vec<u8>], first: &[u8]) -> bool {
    let t = first.trim_ascii();
    let Some(k) = lines.iter().position(|l| l.as_slice() == first) else {
        return false;
    };
    t.ends_with(b")")
        && body_open(&[t, b" {"].concat()).is_some()
        && lines.get(k + 1).is_some_and(|n| n.trim_ascii() == b"{")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lay(lines: &[&str]) -> Vec<String> {
        lay_out(lines.iter().map(|l| l.as_bytes().to_vec()).collect(), b"\t")
            .into_iter()
            .map(|l| String::from_utf8(l).unwrap())
            .collect()
    }

    #[test]
    fn one_line_function_becomes_four_lines() {
        assert_eq!(
            lay(&["static int f(void) { int i; return 0; }"]),
            ["static int f(void)", "{", "\tint i;", "\treturn 0;", "}"]
        );
    }

    #[test]
    fn body_lines_go_one_level_deeper() {
        assert_eq!(
            lay(&["void f(void) {", "/* none */", "}"]),
            ["void f(void)", "{", "\t/* none */", "}"]
        );
    }

    #[test]
    fn statements_with_blocks_are_left_alone() {
        assert_eq!(
            lay(&["\tif (x) {", "\t\tfoo();", "\t}"]),
            ["\tif (x) {", "\t\tfoo();", "\t}"]
        );
        assert_eq!(lay(&["\tfoo(a) { b; }"]).len(), 1);
    }
}
