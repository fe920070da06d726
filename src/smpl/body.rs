//! Rule bodies: `-`/`+`/context lines into tokens, disjunctions expanded into
//! alternatives, and minus/plus line pairs aligned so that shared tokens stay
//! context (the source keeps its own spelling of them).

use super::Diagnostic;
use crate::c::lex::{self, TokKind};

/// Which column-0 marker a token's line carried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Minus,
    Plus,
    Context,
}

/// A token of a rule body.
#[derive(Clone, Debug)]
pub struct BTok {
    pub text: String,
    pub mark: Mark,
    /// 1-based line and column in the `.cocci` file.
    pub line: usize,
    pub col: usize,
    /// White space separates it from the previous token on the same line.
    pub space_before: bool,
    pub first_on_line: bool,
    pub last_on_line: bool,
    /// Width of the line's indentation after the marker column (tabs count 8).
    pub indent: usize,
    pub is_ident: bool,
    /// White space separates it from the next token on the same line.
    pub space_after: bool,
    /// Position metavariables attached to it (`f@p`, `E@p1@p2`).
    pub positions: Vec<String>,
    /// On a `*` line: matched like `-`, shown in a context diff, never removed.
    pub star: bool,
    /// Written on a `-` line and kept by the `+` line paired with it (so
    /// context here): spatch removes and adds it back.
    pub kept: bool,
    /// The white space written before a line comment that follows code
    /// (`foo();\t// why`): spatch keeps it as written.
    pub gap: String,
    /// On a `++` line: added once for each match, where several matches
    /// add code at one place (a `+` line's code is added once).
    pub many: bool,
}

impl BTok {
    /// A comment written on a `+` line (`+ foo(); /* why */`): added with
    /// the code around it, as spatch adds it. Never a C token.
    pub fn is_comment(&self) -> bool {
        self.text.is_empty() || self.text.starts_with("/*") || self.text.starts_with("//")
    }
}

/// A body item: a token, a disjunction of item sequences, or a
/// conjunction (`(` A `&` B `)` in column 0: code matching every branch).
#[derive(Clone, Debug)]
pub enum BItem {
    Tok(BTok),
    Disj(Vec<Vec<BItem>>),
    Conj(Vec<Vec<BItem>>),
}

/// Marker tokens around a conjunction in an expanded alternative:
/// `CONJ_OPEN` A `CONJ_AND` B … `CONJ_CLOSE`. Never C tokens.
pub const CONJ_OPEN: &str = "\u{1}(";
pub const CONJ_AND: &str = "\u{1}&";
pub const CONJ_CLOSE: &str = "\u{1})";

enum Piece {
    Tok(BTok),
    Open(usize, usize, bool),
    Sep(usize, usize, bool),
    Close(usize, usize, bool),
}

fn indent_width(s: &str, start: usize) -> usize {
    let mut w = start;
    for c in s.chars() {
        match c {
            ' ' => w += 1,
            '\t' => w = (w / 8 + 1) * 8,
            _ => break,
        }
    }
    w
}

fn lex_line(no: usize, text: &str, col0: usize, mark: Mark, out: &mut Vec<Piece>) {
    // Indentation is the visual column of the first token, markers included, so
    // that `\tfoo` and `+\tbar` (or ` foo` and `+ bar`) line up as they look.
    // A context line written from column 0 has no marker column: it lines
    // up with marked lines whose code starts in column 1.
    let indent = indent_width(text, col0).max(1);
    let bytes = text.as_bytes();
    let pieces_start = out.len();
    let mut prev_end: Option<usize> = None;
    // A preprocessor line: `#word` is one token; an include's path is one
    // more (`<linux/slab.h>`, `"foo.h"`, `<linux/...>`, `...`).
    let mut start = 0;
    let tok = |s: usize, t: String, space_before: bool| {
        Piece::Tok(BTok {
            text: t,
            mark,
            line: no,
            col: col0 + s + 1,
            space_before,
            first_on_line: false,
            last_on_line: false,
            indent,
            is_ident: false,
            space_after: false,
            positions: Vec::new(),
            star: false,
            kept: false,
            gap: String::new(),
            many: false,
        })
    };
    if let Some((word_end, word)) = directive(text) {
        let at = text.len() - text.trim_start().len();
        out.push(tok(at, format!("#{word}"), false));
        prev_end = Some(word_end);
        start = word_end;
        if word == "include" {
            let path = text[word_end..].trim();
            // `#include <...>@p`: a position on the directive.
            let (path, at) = match path.rsplit_once('@') {
                Some((p, n))
                    if (p.ends_with('>') || p.ends_with('"'))
                        && !n.is_empty()
                        && n.bytes().all(lex::is_ident_byte) =>
                {
                    (p, Some(n))
                }
                _ => (path, None),
            };
            if !path.is_empty() {
                let s = word_end + (text[word_end..].len() - text[word_end..].trim_start().len());
                let mut t = tok(s, path.to_string(), true);
                if let (Piece::Tok(t), Some(n)) = (&mut t, at) {
                    t.positions.push(n.to_string());
                }
                out.push(t);
                prev_end = Some(s + path.len());
            }
            start = text.len();
        }
    }
    // An added directive keeps its comment (`+#endif /* FOO */`): the line
    // is copied as written, so the comment is one more token.
    let mut end = bytes.len();
    let mut comment = None;
    // (`start` is past the directive's word on a directive line, else 0.)
    if mark == Mark::Plus && start > 0 && start < bytes.len() {
        if let Some(c) = comment_start(&text[start..]) {
            end = start + c;
            let body = text[end..].trim_end();
            let space_before = text[..end].ends_with(char::is_whitespace);
            let mut c = tok(end, body.to_string(), space_before);
            if let Piece::Tok(b) = &mut c {
                let code_end = text[..end].trim_end().len();
                if body.starts_with("//") && code_end > start {
                    b.gap = text[code_end..end].to_string();
                }
            }
            comment = Some(c);
        }
    }
    let bytes = &bytes[..end];
    // Inline disjunction markers split the line; the rest is C plus SmPL's `...` forms.
    let mut segs: Vec<(usize, usize)> = Vec::new();
    let mut i = start;
    while i + 1 < bytes.len() {
        if bytes[i] == b'\\' && matches!(bytes[i + 1], b'(' | b'|' | b')') {
            segs.push((start, i));
            segs.push((i, i + 2));
            start = i + 2;
            i += 2;
        } else {
            i += 1;
        }
    }
    if start < bytes.len() {
        segs.push((start, bytes.len()));
    }
    for (s, e) in segs {
        let seg = &text[s..e];
        if e - s == 2 && seg.starts_with('\\') && matches!(bytes[s + 1], b'(' | b'|' | b')') {
            let col = col0 + s + 1;
            out.push(match bytes[s + 1] {
                b'(' => Piece::Open(no, col, true),
                b'|' => Piece::Sep(no, col, true),
                _ => Piece::Close(no, col, true),
            });
            prev_end = Some(e);
            continue;
        }
        let toks = lex::tokenize(seg.as_bytes());
        // Comments of added code are tokens too (on a directive's line
        // the comment is taken above).
        let mut comments = if mark == Mark::Plus {
            comment_spans(seg.as_bytes(), &toks)
        } else {
            Vec::new()
        }
        .into_iter()
        .peekable();
        let mut j = 0;
        loop {
            let next_at = toks.get(j).map_or(seg.len(), |t| t.start);
            while let Some((cs, ce)) = comments.next_if(|c| c.0 < next_at) {
                let (cs, ce) = (s + cs, s + ce);
                // spatch writes a block comment against the code before
                // it; a line comment keeps the space written before it.
                let space_before = text[..cs].ends_with(char::is_whitespace)
                    && (text[cs..].starts_with("//") || prev_end.is_none());
                let mut piece = tok(cs, text[cs..ce].trim_end().to_string(), space_before);
                if let (Piece::Tok(b), Some(p)) = (&mut piece, prev_end) {
                    let gap = &text[p..cs];
                    if b.text.starts_with("//") && !gap.is_empty() && gap.trim().is_empty() {
                        b.gap = gap.to_string();
                    }
                }
                out.push(piece);
                prev_end = Some(ce);
            }
            if j >= toks.len() {
                break;
            }
            let t = &toks[j];
            let (mut ts, mut te) = (s + t.start, s + t.end);
            // Glue SmPL's nest markers `<...`, `<+...`, `...>`, `...+>` into single tokens.
            let text_at = |k: usize| {
                toks.get(k)
                    .map(|x| (&seg[x.start..x.end], s + x.start, s + x.end))
            };
            // `......` (six dots, no space) is C's varargs `...` in a
            // parameter list, as Coccinelle writes it.
            const MARKERS: &[&[&str]] = &[
                &["...", "..."],
                &["<", "..."],
                &["<", "+", "..."],
                &["...", ">"],
                &["...", "+", ">"],
            ];
            // `@p` attaches position metavariable `p` to the token before.
            if &seg[t.start..t.end] == "@" {
                let name = toks
                    .get(j + 1)
                    .filter(|n| n.kind == TokKind::Ident && n.start == t.end)
                    .map(|n| seg[n.start..n.end].to_string());
                // On a line of its own (`}` then `@p1` below it, as the
                // kernel's of_table.cocci writes it), the token the line
                // before ends with, unless a disjunction mark comes between.
                let own_line = !out[pieces_start..]
                    .iter()
                    .any(|p| matches!(p, Piece::Tok(_)));
                let prev = if own_line {
                    match out.last_mut() {
                        Some(Piece::Tok(b)) if b.mark == mark => Some(b),
                        _ => None,
                    }
                } else {
                    out[pieces_start..].iter_mut().rev().find_map(|p| match p {
                        Piece::Tok(b) => Some(b),
                        _ => None,
                    })
                };
                if let (Some(name), Some(prev)) = (name, prev) {
                    prev.positions.push(name);
                    prev_end = Some(s + toks[j + 1].end);
                    j += 2;
                    continue;
                }
            }
            let mut consumed = 1;
            for m in MARKERS {
                let parts: Option<Vec<(&str, usize, usize)>> =
                    (0..m.len()).map(|k| text_at(j + k)).collect();
                let Some(parts) = parts else { continue };
                let glued = parts.iter().zip(m.iter()).all(|(p, t)| p.0 == *t)
                    && parts.windows(2).all(|w| w[0].2 == w[1].1);
                if glued {
                    te = parts[parts.len() - 1].2;
                    consumed = m.len();
                    break;
                }
            }
            if ts > te {
                std::mem::swap(&mut ts, &mut te);
            }
            // Coccinelle also reads `WHEN` after dots.
            if &seg[t.start..t.end] == "WHEN" {
                let after_dots = out[pieces_start..]
                    .iter()
                    .rev()
                    .find_map(|p| match p {
                        Piece::Tok(b) => Some(b.text == "..."),
                        _ => None,
                    })
                    .unwrap_or(true);
                if after_dots {
                    ts = te - 4;
                    out.push(Piece::Tok(BTok {
                        text: "when".to_string(),
                        mark,
                        line: no,
                        col: col0 + ts + 1,
                        space_before: true,
                        first_on_line: false,
                        last_on_line: false,
                        indent,
                        is_ident: true,
                        space_after: false,
                        positions: Vec::new(),
                        star: false,
                        kept: false,
                        gap: String::new(),
                        many: false,
                    }));
                    prev_end = Some(te);
                    j += consumed;
                    continue;
                }
            }
            let space_before = match prev_end {
                Some(p) => {
                    text[p..ts].chars().any(char::is_whitespace) || text[p..ts].contains("/*")
                }
                None => false,
            };
            out.push(Piece::Tok(BTok {
                text: text[ts..te].to_string(),
                mark,
                line: no,
                col: col0 + ts + 1,
                space_before,
                first_on_line: false,
                last_on_line: false,
                indent,
                is_ident: t.kind == TokKind::Ident && consumed == 1,
                space_after: false,
                positions: Vec::new(),
                star: false,
                kept: false,
                gap: String::new(),
                many: false,
            }));
            prev_end = Some(te);
            j += consumed;
        }
    }
    out.extend(comment);
    // An empty `+` line adds an empty line: a token with no text, which
    // prints as nothing and is no C (like a comment).
    if mark == Mark::Plus && out.len() == pieces_start && text.trim().is_empty() {
        out.push(tok(0, String::new(), false));
    }
    // Mark the first and last real tokens of the line.
    let mut first = true;
    for p in out[pieces_start..].iter_mut() {
        if let Piece::Tok(t) = p {
            t.first_on_line = first;
            first = false;
        }
    }
    if let Some(Piece::Tok(t)) = out[pieces_start..]
        .iter_mut()
        .rev()
        .find(|p| matches!(p, Piece::Tok(_)))
    {
        t.last_on_line = true;
    }
    let idx: Vec<usize> = (pieces_start..out.len())
        .filter(|&k| matches!(out[k], Piece::Tok(_)))
        .collect();
    for w in idx.windows(2) {
        let next_space = matches!(&out[w[1]], Piece::Tok(n) if n.space_before);
        if let Piece::Tok(t) = &mut out[w[0]] {
            t.space_after = next_space;
        }
    }
}

/// The comments of `seg` (C code whose tokens are `toks`): what lies
/// between the tokens besides white space.
fn comment_spans(seg: &[u8], toks: &[lex::Token]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    let gaps = toks.iter().map(|t| (t.start, t.end));
    for (gap_end, next_from) in gaps.chain([(seg.len(), seg.len())]) {
        let mut i = from;
        while i < gap_end {
            match lex::comment_end(seg, i) {
                Some(e) => {
                    out.push((i, e.min(gap_end)));
                    i = e;
                }
                None => i += 1,
            }
        }
        from = next_from;
    }
    out
}

/// Where the first `/*` or `//` comment of `text` (C code) starts, outside
/// string and character literals.
fn comment_start(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < b.len() {
        match (quote, b[i]) {
            (Some(_), b'\\') => i += 1,
            (Some(q), c) if c == q => quote = None,
            (None, b'"' | b'\'') => quote = Some(b[i]),
            (None, b'/') if matches!(b.get(i + 1), Some(b'*' | b'/')) => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The directive of a preprocessor line (`#include`, `# define`, …):
/// where its word ends, and the word. Only the directives C has.
fn directive(text: &str) -> Option<(usize, &str)> {
    let at = text.len() - text.trim_start().len();
    let rest = text[at..].strip_prefix('#')?;
    let pad = rest.len() - rest.trim_start().len();
    let word_at = at + 1 + pad;
    let len = text[word_at..]
        .bytes()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let word = &text[word_at..word_at + len];
    matches!(
        word,
        "include"
            | "define"
            | "undef"
            | "if"
            | "ifdef"
            | "ifndef"
            | "elif"
            | "else"
            | "endif"
            | "pragma"
            | "error"
            | "warning"
    )
    .then_some((word_at + len, word))
}

/// Carries an open optional statement's bracket depth over the pieces of
/// one more line (from `from`); closes it (a disjunction with an empty
/// second branch) when the statement ends on that line.
fn close_optional(
    open: Option<i32>,
    pieces: &mut Vec<Piece>,
    from: usize,
    no: usize,
) -> Option<i32> {
    let mut depth = open?;
    let mut last = None;
    for p in &pieces[from..] {
        if let Piece::Tok(t) = p {
            match t.text.as_str() {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => depth -= 1,
                _ => {}
            }
            last = Some(t.text.clone());
        }
    }
    if depth <= 0 && matches!(last.as_deref(), Some(";" | "}")) {
        pieces.push(Piece::Sep(no, 1, false));
        pieces.push(Piece::Close(no, 1, false));
        return None;
    }
    Some(depth)
}

/// Whether C text ends inside a `/* ...` comment it opens.
fn opens_block_comment(text: &str) -> bool {
    let b = text.as_bytes();
    let (mut i, mut inside, mut quote) = (0, false, None);
    while i < b.len() {
        let two = &b[i..(i + 2).min(b.len())];
        match (inside, quote) {
            (true, _) if two == b"*/" => {
                inside = false;
                i += 1;
            }
            (true, _) => {}
            (false, Some(_)) if b[i] == b'\\' => i += 1,
            (false, Some(q)) if b[i] == q => quote = None,
            (false, Some(_)) => {}
            (false, None) if two == b"//" => return false,
            (false, None) if two == b"/*" => {
                inside = true;
                i += 1;
            }
            (false, None) if b[i] == b'"' || b[i] == b'\'' => quote = Some(b[i]),
            (false, None) => {}
        }
        i += 1;
    }
    inside
}

/// Whether a block comment is open after `line` (a body line as
/// written), given whether one was open before it: one that a `-` or
/// context line opens runs over the lines after it to its `*/`, as
/// spatch's lexer reads it (its lines are no code: a `*/` in column 0 is
/// no `*` line, an `@@` no rule header). Added lines' comments are
/// [`join_added_comments`]'s.
pub(super) fn comment_open_after(line: &str, open: bool) -> bool {
    if open {
        return match line.find("*/") {
            Some(e) => opens_block_comment(&line[e + 2..]),
            None => true,
        };
    }
    !line.starts_with('+') && opens_block_comment(line)
}

/// `lines` with what lies inside a block comment a `-` or context line
/// opened on an earlier line blanked ([`comment_open_after`]); the rest of
/// a line after the `*/` stays where it was.
fn blank_open_comments(lines: Vec<(usize, String)>) -> Vec<(usize, String)> {
    let mut open = false;
    lines
        .into_iter()
        .map(|(no, line)| {
            let was = open;
            open = comment_open_after(&line, open);
            if !was {
                return (no, line);
            }
            let kept = match line.find("*/") {
                Some(e) => format!("{}{}", " ".repeat(e + 2), &line[e + 2..]),
                None => String::new(),
            };
            (no, kept)
        })
        .collect()
}

/// The body lines with each block comment that added lines open and close
/// on later added lines (`+/**`, `+  text`, `+*/`) made one line, so that
/// its inner lines are read as the comment they are, not as code (an `@x`
/// there is no position); the inner lines keep their text after the `+`.
fn join_added_comments(lines: &[(usize, &str)]) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut open = false;
    for &(no, line) in lines {
        let added = line.starts_with('+');
        match out.last_mut() {
            Some((_, prev)) if open && added => {
                let text = line.strip_prefix("++").unwrap_or(&line[1..]);
                prev.push('\n');
                prev.push_str(text);
                // The comment closes on this line: is another left open?
                open = match text.find("*/") {
                    Some(e) => opens_block_comment(&text[e + 2..]),
                    None => true,
                };
            }
            _ => {
                open = added && opens_block_comment(line.trim_start_matches('+'));
                out.push((no, line.to_string()));
            }
        }
    }
    out
}

/// Splits body lines into tokens and disjunctions.
pub fn parse_body(
    file: &str,
    src: &str,
    lines: &[(usize, &str)],
) -> Result<Vec<BItem>, Diagnostic> {
    let mut pieces = Vec::new();
    // An optional statement (`?` in column 0) is a disjunction of it and
    // nothing: open, with the bracket depth of its code so far, until the
    // line where it ends (depth 0, last token `;` or `}`).
    let mut optional: Option<i32> = None;
    let joined = blank_open_comments(join_added_comments(lines));
    for &(no, ref line) in &joined {
        let line = line.as_str();
        // `#` in column 0 starts a comment, unless it is a directive C has.
        if line.trim().is_empty() || (line.starts_with('#') && directive(line).is_none()) {
            continue;
        }
        let first = line.as_bytes()[0];
        let from = pieces.len();
        if first == b'?' {
            // A `?` line inside an open optional statement goes on with it.
            if optional.is_none() {
                pieces.push(Piece::Open(no, 1, false));
                optional = Some(0);
            }
            let (mark, at) = match line.as_bytes().get(1) {
                Some(b'-') => (Mark::Minus, 2),
                _ => (Mark::Context, 1),
            };
            lex_line(no, &line[at..], at, mark, &mut pieces);
            optional = close_optional(optional, &mut pieces, from, no);
            continue;
        }
        match first {
            b'-' => lex_line(no, &line[1..], 1, Mark::Minus, &mut pieces),
            // `++`: added code that each match adds, however many add
            // it at one place (Coccinelle's way to allow it).
            b'+' if line.as_bytes().get(1) == Some(&b'+') => {
                lex_line(no, &line[2..], 2, Mark::Plus, &mut pieces);
                // Its marker is one column wide, as `+`'s is, for the
                // indentation of the code.
                let indent = indent_width(&line[2..], 1).max(1);
                for p in &mut pieces[from..] {
                    if let Piece::Tok(t) = p {
                        t.many = true;
                        t.indent = indent;
                    }
                }
            }
            b'+' => lex_line(no, &line[1..], 1, Mark::Plus, &mut pieces),
            b'(' | b'|' | b')' => {
                pieces.push(match first {
                    b'(' => Piece::Open(no, 1, false),
                    b'|' => Piece::Sep(no, 1, false),
                    _ => Piece::Close(no, 1, false),
                });
                lex_line(no, &line[1..], 1, Mark::Context, &mut pieces);
            }
            // `*`: matched like `-`, but shown rather than removed
            // (Coccinelle's context mode).
            b'*' => {
                let from_tok = pieces.len();
                lex_line(no, &line[1..], 1, Mark::Minus, &mut pieces);
                for p in &mut pieces[from_tok..] {
                    if let Piece::Tok(t) = p {
                        t.star = true;
                    }
                }
            }
            _ => lex_line(no, line, 0, Mark::Context, &mut pieces),
        }
        optional = close_optional(optional, &mut pieces, from, no);
    }
    if optional.is_some() {
        let no = lines.last().map_or(0, |l| l.0);
        pieces.push(Piece::Sep(no, 1, false));
        pieces.push(Piece::Close(no, 1, false));
    }
    // Turn the flat pieces into nested disjunctions.
    struct Frame {
        branches: Vec<Vec<BItem>>,
        line: usize,
        col: usize,
        inline: bool,
        /// Separated by `&` (a conjunction) rather than `|`.
        conj: Option<bool>,
    }
    let mut stack: Vec<Frame> = vec![Frame {
        branches: vec![Vec::new()],
        line: 0,
        col: 0,
        inline: false,
        conj: None,
    }];
    for p in pieces {
        match p {
            // `&` in column 0 within a column-0 group separates the branches
            // of a conjunction; elsewhere it is C.
            Piece::Tok(t)
                if t.text == "&"
                    && t.col == 1
                    && t.mark == Mark::Context
                    && stack.len() > 1
                    && stack.last().is_some_and(|f| !f.inline) =>
            {
                let f = stack.last_mut().expect("checked above");
                if f.conj == Some(false) {
                    return Err(Diagnostic::at(file, src, t.line, t.col, "`&` in a disjunction: a group's branches are separated by `|` (a disjunction) or by `&` (a conjunction), not both"));
                }
                f.conj = Some(true);
                f.branches.push(Vec::new());
            }
            Piece::Tok(t) => stack
                .last_mut()
                .and_then(|f| f.branches.last_mut())
                .expect("stack has a root")
                .push(BItem::Tok(t)),
            Piece::Open(line, col, inline) => stack.push(Frame {
                branches: vec![Vec::new()],
                line,
                col,
                inline,
                conj: None,
            }),
            Piece::Sep(line, col, inline) => {
                if stack.len() == 1 {
                    return Err(Diagnostic::at(
                        file,
                        src,
                        line,
                        col,
                        "`|` outside a disjunction",
                    ));
                }
                let f = stack.last_mut().expect("checked above");
                if f.inline != inline {
                    return Err(Diagnostic::at(file, src, line, col, mismatch_msg(f.inline)));
                }
                if f.conj == Some(true) {
                    return Err(Diagnostic::at(file, src, line, col, "`|` in a conjunction: a group's branches are separated by `|` (a disjunction) or by `&` (a conjunction), not both"));
                }
                f.conj = Some(false);
                f.branches.push(Vec::new());
            }
            Piece::Close(line, col, inline) => {
                if stack.len() == 1 {
                    return Err(Diagnostic::at(
                        file,
                        src,
                        line,
                        col,
                        "`)` closes no disjunction",
                    ));
                }
                let f = stack.pop().expect("checked above");
                if f.inline != inline {
                    return Err(Diagnostic::at(file, src, line, col, mismatch_msg(f.inline)));
                }
                // One branch is a group, as in spatch (`(` … `)` around a
                // sequence, `\(ioremap@p\)`); but an inline group holding a
                // C `|` is almost surely a disjunction written with the
                // wrong separator.
                let bar = |b: &Vec<BItem>| {
                    b.iter()
                        .any(|i| matches!(i, BItem::Tok(t) if t.text == "|"))
                };
                if f.inline && f.branches.len() < 2 && f.branches.iter().any(bar) {
                    let msg = "an inline disjunction `\\( … \\)` needs at least two branches separated by `\\|`";
                    return Err(Diagnostic::at(file, src, f.line, f.col, msg));
                }
                stack
                    .last_mut()
                    .and_then(|p| p.branches.last_mut())
                    .expect("stack has a root")
                    .push(if f.conj == Some(true) {
                        BItem::Conj(f.branches)
                    } else {
                        BItem::Disj(f.branches)
                    });
            }
        }
    }
    if stack.len() > 1 {
        let f = stack.last().expect("len > 1");
        return Err(Diagnostic::at(
            file,
            src,
            f.line,
            f.col,
            "unterminated disjunction: no closing `)`",
        ));
    }
    Ok(stack
        .pop()
        .expect("root frame")
        .branches
        .pop()
        .expect("root branch"))
}

fn mismatch_msg(open_inline: bool) -> &'static str {
    if open_inline {
        "this disjunction was opened with `\\(`: separate with `\\|` and close with `\\)`"
    } else {
        "this disjunction was opened with `(` in column 0: separate with `|` and close with `)` in column 0"
    }
}

/// Most alternatives one rule may expand to.
const MAX_ALTERNATIVES: usize = 4096;

/// Expands disjunctions into flat alternatives, earlier branches first.
pub fn expand(
    file: &str,
    src: &str,
    header_line: usize,
    items: Vec<BItem>,
) -> Result<Vec<Vec<BTok>>, Diagnostic> {
    fn go(items: &[BItem], acc: Vec<Vec<BTok>>) -> Option<Vec<Vec<BTok>>> {
        let mut acc = acc;
        // The line of the last `when`: a disjunction on it is a choice
        // within the `when` (`when != \(A\|B\)` excludes both), not two
        // alternatives of the rule. It stays as tokens for the `when` to read.
        let mut when_line = None;
        for it in items {
            match it {
                BItem::Tok(t) => {
                    if t.text == "when" && t.mark != Mark::Plus {
                        when_line = Some(t.line);
                    }
                    acc.iter_mut().for_each(|a| a.push(t.clone()))
                }
                BItem::Disj(branches)
                    if when_line.is_some() && first_line(branches) == when_line =>
                {
                    let mut flat = Vec::new();
                    flatten(it, &mut flat);
                    acc.iter_mut().for_each(|a| a.extend(flat.iter().cloned()));
                }
                BItem::Disj(branches) => {
                    let mut next = Vec::new();
                    for a in &acc {
                        for b in branches {
                            next.extend(go(b, vec![a.clone()])?);
                            if next.len() > MAX_ALTERNATIVES {
                                return None;
                            }
                        }
                    }
                    acc = next;
                }
                BItem::Conj(branches) => {
                    // Every combination of the branches' alternatives,
                    // between markers that the compiler takes apart.
                    let like = first_tok(branches)?;
                    let mark = |text: &str| BTok {
                        text: text.to_string(),
                        is_ident: false,
                        positions: Vec::new(),
                        star: false,
                        kept: false,
                        gap: String::new(),
                        mark: Mark::Context,
                        ..like.clone()
                    };
                    let mut combos = vec![vec![mark(CONJ_OPEN)]];
                    for (k, b) in branches.iter().enumerate() {
                        let mut next = Vec::new();
                        for c in &combos {
                            let mut start = c.clone();
                            if k > 0 {
                                start.push(mark(CONJ_AND));
                            }
                            next.extend(go(b, vec![start])?);
                            if next.len() > MAX_ALTERNATIVES {
                                return None;
                            }
                        }
                        combos = next;
                    }
                    let mut next = Vec::new();
                    for a in &acc {
                        for c in &combos {
                            let mut x = a.clone();
                            x.extend(c.iter().cloned());
                            x.push(mark(CONJ_CLOSE));
                            next.push(x);
                            if next.len() > MAX_ALTERNATIVES {
                                return None;
                            }
                        }
                    }
                    acc = next;
                }
            }
        }
        Some(acc)
    }
    go(&items, vec![Vec::new()]).ok_or_else(|| {
        Diagnostic::at(
            file,
            src,
            header_line,
            1,
            format!("disjunctions expand to more than {MAX_ALTERNATIVES} alternatives"),
        )
    })
}

/// The line of the first token of a disjunction.
fn first_line(branches: &[Vec<BItem>]) -> Option<usize> {
    match branches.first()?.first()? {
        BItem::Tok(t) => Some(t.line),
        BItem::Disj(inner) | BItem::Conj(inner) => first_line(inner),
    }
}

/// The first token of a group's branches.
fn first_tok(branches: &[Vec<BItem>]) -> Option<&BTok> {
    branches.iter().flatten().find_map(|i| match i {
        BItem::Tok(t) => Some(t),
        BItem::Disj(inner) | BItem::Conj(inner) => first_tok(inner),
    })
}

/// Spellings of an inline disjunction's delimiters kept as tokens (on a
/// `when` line): `\(`, `\|`, `\)`.
pub const DISJ_OPEN: &str = "\\(";
pub const DISJ_SEP: &str = "\\|";
pub const DISJ_CLOSE: &str = "\\)";

/// A disjunction back as tokens, its delimiters spelled as above.
fn flatten(it: &BItem, out: &mut Vec<BTok>) {
    match it {
        BItem::Tok(t) => out.push(t.clone()),
        BItem::Disj(branches) | BItem::Conj(branches) => {
            let Some(like) = branches.iter().flatten().find_map(|i| match i {
                BItem::Tok(t) => Some(t.clone()),
                BItem::Disj(_) | BItem::Conj(_) => None,
            }) else {
                return;
            };
            let delim = |text: &str| BTok {
                text: text.to_string(),
                is_ident: false,
                positions: Vec::new(),
                star: false,
                kept: false,
                gap: String::new(),
                ..like.clone()
            };
            out.push(delim(DISJ_OPEN));
            for (k, b) in branches.iter().enumerate() {
                if k > 0 {
                    out.push(delim(DISJ_SEP));
                }
                for i in b {
                    flatten(i, out);
                }
            }
            out.push(delim(DISJ_CLOSE));
        }
    }
}

/// The alternatives of a token run with flattened disjunctions in it
/// (`f(\(a\|b\))` is `f(a)` and `f(b)`); `None` when the delimiters do
/// not nest.
pub fn alternatives(toks: &[BTok]) -> Option<Vec<Vec<BTok>>> {
    let mut acc: Vec<Vec<BTok>> = vec![Vec::new()];
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if t.text == DISJ_SEP || t.text == DISJ_CLOSE {
            return None;
        }
        if t.text != DISJ_OPEN {
            acc.iter_mut().for_each(|a| a.push(t.clone()));
            i += 1;
            continue;
        }
        // Split the disjunction at its own separators.
        let mut depth = 0;
        let mut branches: Vec<&[BTok]> = Vec::new();
        let mut from = i + 1;
        let mut end = None;
        for (k, x) in toks.iter().enumerate().skip(i) {
            match x.text.as_str() {
                DISJ_OPEN => depth += 1,
                DISJ_CLOSE => {
                    depth -= 1;
                    if depth == 0 {
                        branches.push(&toks[from..k]);
                        end = Some(k);
                        break;
                    }
                }
                DISJ_SEP if depth == 1 => {
                    branches.push(&toks[from..k]);
                    from = k + 1;
                }
                _ => {}
            }
        }
        let end = end?;
        let mut next = Vec::new();
        for b in branches {
            for tail in alternatives(b)? {
                for a in &acc {
                    let mut x = a.clone();
                    x.extend(tail.iter().cloned());
                    next.push(x);
                }
            }
            if next.len() > MAX_ALTERNATIVES {
                return None;
            }
        }
        acc = next;
        i = end + 1;
    }
    Some(acc)
}

/// Where a `-` block is directly followed by a `+` block of as many lines, turns the
/// tokens the two lines share (longest common subsequence) into context, so that
/// `- get_user_pages(a, b)` / `+ pin_user_pages(a, b)` only replaces the name.
/// Lines that share little, or whose metavariables (`is_meta`) come in another
/// order, are replaced whole.
pub fn align_minus_plus(alt: Vec<BTok>, is_meta: &dyn Fn(&str) -> bool) -> Vec<BTok> {
    let mut out = Vec::with_capacity(alt.len());
    let mut i = 0;
    while i < alt.len() {
        if alt[i].mark != Mark::Minus {
            out.push(alt[i].clone());
            i += 1;
            continue;
        }
        let m_end = (i..alt.len())
            .find(|&k| alt[k].mark != Mark::Minus)
            .unwrap_or(alt.len());
        let p_end = (m_end..alt.len())
            .find(|&k| alt[k].mark != Mark::Plus)
            .unwrap_or(alt.len());
        let minus_lines = split_lines(&alt[i..m_end]);
        let plus_lines = split_lines(&alt[m_end..p_end]);
        // Pairing is all or nothing: a block whose lines do not all pair up
        // (a loop header against a call) is replaced as written.
        let pairs = !plus_lines.is_empty()
            && minus_lines.len() == plus_lines.len()
            && minus_lines
                .iter()
                .zip(&plus_lines)
                .all(|(m, p)| pairs_up(m, p, is_meta));
        if pairs {
            for (m, p) in minus_lines.iter().zip(&plus_lines) {
                merge_line(m, p, &mut out);
            }
        } else {
            out.extend_from_slice(&alt[i..p_end]);
        }
        i = p_end;
    }
    out
}

fn split_lines(toks: &[BTok]) -> Vec<&[BTok]> {
    let mut v = Vec::new();
    let mut s = 0;
    for k in 1..=toks.len() {
        if k == toks.len() || toks[k].line != toks[s].line {
            if s < k {
                v.push(&toks[s..k]);
            }
            s = k;
        }
    }
    v
}

fn lcs_table(m: &[BTok], p: &[BTok]) -> Vec<Vec<u32>> {
    let (n, k) = (m.len(), p.len());
    let mut l = vec![vec![0u32; k + 1]; n + 1];
    for a in (0..n).rev() {
        for b in (0..k).rev() {
            l[a][b] = if m[a].text == p[b].text {
                l[a + 1][b + 1] + 1
            } else {
                l[a + 1][b].max(l[a][b + 1])
            };
        }
    }
    l
}

/// Whether a `-` line and its `+` line share enough, in the same order, for
/// the shared tokens to stay as the source has them. Lines with tokens an
/// isomorphism may match differently (`NULL` tests, `!`) are replaced whole.
fn pairs_up(m: &[BTok], p: &[BTok], is_meta: &dyn Fn(&str) -> bool) -> bool {
    if m.iter()
        .any(|t| matches!(t.text.as_str(), "NULL" | "!" | "==" | "!=" | "{" | "}"))
    {
        return false;
    }
    // spatch prints a declaration with a bit width anew, whole (`u8 a:2;`).
    if is_bitfield_declaration(m) {
        return false;
    }
    let metas = |v: &[BTok]| -> Vec<String> {
        v.iter()
            .filter(|t| t.is_ident && is_meta(&t.text))
            .map(|t| t.text.clone())
            .collect()
    };
    // A line that becomes more statements (`- a(), b();` / `+ a(); b();`)
    // is a new statement sequence, laid out (and braced) as such.
    if statements(m) != statements(p) {
        return false;
    }
    let shared = lcs_table(m, p)[0][0] as usize;
    shared > 0 && shared * 2 >= m.len() && shared * 2 >= p.len() && metas(m) == metas(p)
}

/// Whether a SmPL line is a declaration with a bit width: a `:` that no
/// `?` claims, in a line that ends in `;` and is no `case` or `default`.
fn is_bitfield_declaration(line: &[BTok]) -> bool {
    let first = line.first().map(|t| t.text.as_str());
    line.last().is_some_and(|t| t.text == ";")
        && !matches!(first, Some("case" | "default"))
        && line.iter().any(|t| t.text == ":")
        && !line.iter().any(|t| t.text == "?")
}

/// How many statements a line's tokens end: its `;` outside parentheses.
fn statements(toks: &[BTok]) -> usize {
    let mut depth = 0i32;
    let mut n = 0;
    for t in toks {
        match t.text.as_str() {
            "(" | "[" => depth += 1,
            ")" | "]" => depth -= 1,
            ";" if depth == 0 => n += 1,
            _ => {}
        }
    }
    n
}

fn merge_line(m: &[BTok], p: &[BTok], out: &mut Vec<BTok>) {
    let (n, k) = (m.len(), p.len());
    let l = lcs_table(m, p);
    let (mut a, mut b) = (0, 0);
    let mut pending_plus: Vec<BTok> = Vec::new();
    while a < n || b < k {
        if a < n && b < k && m[a].text == p[b].text && l[a][b] == l[a + 1][b + 1] + 1 {
            out.append(&mut pending_plus);
            let mut t = m[a].clone();
            t.mark = Mark::Context;
            t.kept = true;
            out.push(t);
            a += 1;
            b += 1;
        } else if a < n && (b >= k || l[a + 1][b] >= l[a][b + 1]) {
            out.push(m[a].clone());
            a += 1;
        } else {
            pending_plus.push(p[b].clone());
            b += 1;
        }
    }
    out.append(&mut pending_plus);
}
