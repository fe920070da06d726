//! Laying out added (`+`) code: metavariables replaced by the code they bound,
//! whole added lines indented like the code they replace or follow.

use super::edit::Edit;
use super::matcher::State;
use crate::smpl::body::BTok;
use crate::smpl::pattern::{Pattern, PlusChunk};
use crate::smpl::Rule;
use std::ops::Range;

pub(crate) fn line_start(src: &[u8], p: usize) -> usize {
    src[..p]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1)
}

fn line_end(src: &[u8], p: usize) -> usize {
    src[p..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(src.len(), |i| p + i)
}

fn is_blank(s: &[u8]) -> bool {
    s.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r'))
}

/// The indentation of the line holding `p`.
pub(crate) fn indent_of(src: &[u8], p: usize) -> Vec<u8> {
    let s = line_start(src, p);
    src[s..]
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .copied()
        .collect()
}

/// A rest of line that is only white space or a comment: new lines go after it.
fn rest_is_trailing(rest: &[u8]) -> bool {
    let t: &[u8] = rest.trim_ascii();
    t.is_empty() || t.starts_with(b"//") || (t.starts_with(b"/*") && t.ends_with(b"*/"))
}

/// The source indentation that the SmPL line of token `k` stands for: that
/// of the source line where the first token of that SmPL line matched (for
/// `for (...) S` with `+ foo();` after it, the `for` line's, not that of the
/// body `S` ends in), else that of `pos`.
fn anchor_base(pat: &Pattern, st: &State, src: &[u8], k: usize, pos: usize) -> Vec<u8> {
    let line = pat.toks[k].line;
    let first = (0..=k)
        .rev()
        .take_while(|&j| pat.toks[j].line == line)
        .filter_map(|j| st.ranges[j].as_ref())
        .last();
    indent_of(src, first.map_or(pos, |r| r.start))
}

fn whole_lines(chunk: &PlusChunk) -> bool {
    chunk.toks.first().is_some_and(|t| t.first_on_line)
        && chunk.toks.last().is_some_and(|t| t.last_on_line)
}

/// A token's text in added code: a metavariable's binding, else as written.
pub(crate) fn token_text(rule: &Rule, st: &State, t: &BTok) -> Vec<u8> {
    // `"%@d@"`: a format metavariable in a string.
    if let Some(text) = super::format::substitute(rule, &t.text, |m| {
        st.binds[m].as_ref().map(|b| b.text.clone())
    }) {
        return text;
    }
    if t.is_ident {
        if let Some(m) = rule.metavar(&t.text) {
            if let Some(b) = &st.binds[m] {
                return b.text.clone();
            }
        }
    }
    t.text.clone().into_bytes()
}

/// Whether `t` is a type metavariable bound to a type that ends in `*`.
fn ends_in_star(rule: &Rule, st: &State, t: &BTok) -> bool {
    t.is_ident
        && rule.metavar(&t.text).is_some_and(|m| {
            rule.metavars[m].kind == crate::smpl::MetaKind::Type
                && st.binds[m].as_ref().is_some_and(|b| b.text.ends_with(b"*"))
        })
}

/// Indentation for an added line `width` wide, relative to the SmPL anchor line.
/// `widths` (sorted) are the indentation widths in play; widths one column
/// apart are one level, since a marker takes a column: `+foo();` lines up
/// with a context line `foo();` written from column 0, `+ foo();` with
/// ` foo();`.
fn indentation(base: &[u8], anchor: usize, width: usize, widths: &[usize]) -> Vec<u8> {
    let rank = |w: usize| {
        let mut level = 0isize;
        let mut prev: Option<usize> = None;
        for &x in widths.iter().filter(|&&x| x <= w) {
            if prev.is_some_and(|p| x > p + 1) {
                level += 1;
            }
            prev = Some(x);
        }
        level
    };
    let level = rank(width) - rank(anchor);
    let mut ind = base.to_vec();
    if level > 0 {
        ind.extend(std::iter::repeat_n(b'\t', level as usize));
    } else {
        for _ in 0..(-level) {
            if ind.last() == Some(&b'\t') {
                ind.pop();
            } else {
                let n = ind.len().saturating_sub(8);
                ind.truncate(n);
            }
        }
    }
    ind
}

/// The added lines of `chunks`, each with its indentation.
fn render_lines(
    rule: &Rule,
    st: &State,
    chunks: &[&PlusChunk],
    anchor: usize,
    base: &[u8],
) -> Vec<Vec<u8>> {
    let toks: Vec<&BTok> = chunks.iter().flat_map(|c| c.toks.iter()).collect();
    let mut widths: Vec<usize> = toks.iter().map(|t| t.indent).chain([anchor]).collect();
    widths.sort_unstable();
    widths.dedup();
    let mut lines: Vec<Vec<u8>> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if i == 0 || t.line != toks[i - 1].line {
            // A preprocessor directive starts in column 0, at any depth.
            if t.text.starts_with('#') {
                lines.push(Vec::new());
            } else {
                lines.push(indentation(base, anchor, t.indent, &widths));
            }
        } else if t.space_before && !(t.is_ident && ends_in_star(rule, st, toks[i - 1])) {
            // (A type that ends in `*` is written against the name after
            // it: `int *x`, as spatch prints it.)
            lines.last_mut().expect("a line was started").push(b' ');
        }
        lines
            .last_mut()
            .expect("a line was started")
            .extend(token_text(rule, st, t));
    }
    lines.into_iter().flat_map(wrap_line).collect()
}

fn visual_width(s: &[u8]) -> usize {
    s.iter()
        .fold(0, |w, &b| if b == b'\t' { (w / 8 + 1) * 8 } else { w + 1 })
}

/// Kernel style for an added line longer than 80 columns: break after the commas
/// of its first call's arguments, continuation lines aligned under the open
/// parenthesis (tabs, then spaces).
pub fn wrap_line(line: Vec<u8>) -> Vec<Vec<u8>> {
    if visual_width(&line) <= 80 || line.contains(&b'"') {
        return vec![line];
    }
    let Some(open) = line.iter().position(|&b| b == b'(') else {
        return vec![line];
    };
    // Split points: after each comma at the call's own nesting level.
    let mut depth = 0i32;
    let mut cuts = Vec::new();
    for (i, &b) in line.iter().enumerate().skip(open) {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            b',' if depth == 1 => cuts.push(i + 1),
            _ => {}
        }
    }
    if cuts.is_empty() {
        return vec![line];
    }
    let col = visual_width(&line[..=open]);
    let mut prefix = vec![b'\t'; col / 8];
    prefix.extend(std::iter::repeat_n(b' ', col % 8));
    let mut out: Vec<Vec<u8>> = Vec::new();
    let mut cur = line[..cuts[0]].to_vec();
    let ends: Vec<usize> = cuts.iter().skip(1).copied().chain([line.len()]).collect();
    let mut start = cuts[0];
    for end in ends {
        let seg = line[start..end].trim_ascii_start();
        let mut joined = cur.clone();
        joined.push(b' ');
        joined.extend_from_slice(seg);
        if visual_width(&joined) <= 80 {
            cur = joined;
        } else {
            out.push(cur);
            cur = [prefix.as_slice(), seg].concat();
        }
        start = end;
    }
    out.push(cur);
    out
}

/// Added tokens laid out within a line (line breaks of the SmPL kept, indented).
fn render_inline(
    rule: &Rule,
    st: &State,
    chunks: &[&PlusChunk],
    anchor: usize,
    base: &[u8],
) -> Vec<u8> {
    let lines = render_lines(rule, st, chunks, anchor, base);
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if i == 0 {
            out.extend(l.trim_ascii_start());
        } else {
            out.push(b'\n');
            out.extend(l);
        }
    }
    out
}

/// A removal within a line takes one side's white space with it, so that
/// `page + 1;` less `+ 1` is `page;` and not `page ;`.
fn tidy_removal(src: &[u8], range: Range<usize>) -> Range<usize> {
    let ws = |b: u8| b == b' ' || b == b'\t';
    let ls = line_start(src, range.start);
    let before_ws = range.start > ls && ws(src[range.start - 1]);
    let after = src.get(range.end).copied();
    if before_ws && after.is_some_and(|b| matches!(b, b';' | b')' | b',' | b']' | b' ' | b'\t')) {
        let mut s = range.start;
        while s > ls && ws(src[s - 1]) {
            s -= 1;
        }
        // White space that is the line's indentation stays.
        if s > ls {
            return s..range.end;
        }
        let mut e = range.end;
        while e < src.len() && ws(src[e]) {
            e += 1;
        }
        return range.start..e;
    }
    if !before_ws
        && after.is_some_and(ws)
        && range.start > ls
        && matches!(src[range.start - 1], b'(' | b'[')
    {
        let mut e = range.end;
        while e < src.len() && ws(src[e]) {
            e += 1;
        }
        return range.start..e;
    }
    range
}

/// The edit for a removed run of tokens, with the chunks that replace it.
pub fn replace_run(
    rule: &Rule,
    pat: &Pattern,
    chunk_ids: &[usize],
    st: &State,
    src: &[u8],
    range: Range<usize>,
    first_tok: usize,
) -> Edit {
    if chunk_ids.is_empty() {
        return Edit {
            range: tidy_removal(src, range),
            text: Vec::new(),
        };
    }
    let chunks: Vec<&PlusChunk> = chunk_ids.iter().map(|&c| &pat.chunks[c]).collect();
    let anchor = pat.toks[first_tok].indent;
    let base = anchor_base(pat, st, src, first_tok, range.start);
    let ls = line_start(src, range.start);
    let run_is_lines = is_blank(&src[ls..range.start])
        && rest_is_trailing(&src[range.end..line_end(src, range.end)]);
    if run_is_lines && chunks.iter().all(|c| whole_lines(c)) {
        let lines = render_lines(rule, st, &chunks, anchor, &base);
        return Edit {
            range: ls..range.end,
            text: lines.join(&b'\n'),
        };
    }
    // Within a line, the added code brings the spacing the SmPL gives it.
    let mut range = range;
    let mut text = Vec::new();
    let first = &chunks[0].toks[0];
    let last = chunks
        .last()
        .and_then(|c| c.toks.last())
        .expect("chunks are not empty");
    let ws = |b: u8| b == b' ' || b == b'\t';
    // The SmPL's spacing applies only where the source token before the run is
    // the pattern's own previous token (not, say, a parenthesis an isomorphism skipped).
    let follows_pattern = first_tok
        .checked_sub(1)
        .and_then(|k| st.ranges[k].as_ref())
        .is_some_and(|r| {
            r.end <= range.start
                && src[r.end..range.start]
                    .iter()
                    .all(|b| b.is_ascii_whitespace())
        });
    if !follows_pattern {
        // Keep the source's spacing as it is.
    } else if !first.space_before && !first.first_on_line {
        while range.start > ls && ws(src[range.start - 1]) {
            range.start -= 1;
        }
    } else if first.space_before
        && range.start > ls
        && !ws(src[range.start - 1])
        && !first_tok
            .checked_sub(1)
            .is_some_and(|k| ends_in_star(rule, st, &pat.toks[k]))
    {
        text.push(b' ');
    }
    text.extend(render_inline(rule, st, &chunks, anchor, &base));
    let word = |b: Option<&u8>| b.is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_');
    if (last.space_after
        && src
            .get(range.end)
            .is_some_and(|&b| !b.is_ascii_whitespace()))
        // Never glue two words into one (`float` for `int *` before `x`).
        || (word(text.last()) && word(src.get(range.end)))
    {
        text.push(b' ');
    }
    Edit { range, text }
}

/// Where and what to insert for a chunk that follows context token `k` ending at `pos`.
pub fn insert_after(
    rule: &Rule,
    pat: &Pattern,
    chunk: &PlusChunk,
    st: &State,
    src: &[u8],
    k: usize,
    pos: usize,
) -> Option<(usize, Vec<u8>)> {
    let anchor = pat.toks[k].indent;
    let base = anchor_base(pat, st, src, k, pos);
    let le = line_end(src, pos);
    if whole_lines(chunk) && pat.toks[k].last_on_line && rest_is_trailing(&src[pos..le]) {
        // Lines added right after a `{` go inside the block, as deep as
        // the code there: the least indented of them there, the others as
        // much deeper as the SmPL has them.
        let brace = pat.toks[k].text == "{";
        let anchor = match chunk.toks.iter().map(|t| t.indent).min() {
            Some(least) if brace => least.max(anchor),
            _ => anchor,
        };
        let deeper = if brace {
            let next = src
                .get(le + 1..)
                .map(|rest| indent_of(rest, 0))
                .unwrap_or_default();
            if next.len() > base.len() && next.starts_with(&base) {
                next[base.len()..].to_vec()
            } else {
                b"\t".to_vec()
            }
        } else {
            Vec::new()
        };
        let mut text = Vec::new();
        for l in render_lines(rule, st, &[chunk], anchor, &base) {
            text.push(b'\n');
            if !l.is_empty() {
                text.extend_from_slice(&deeper);
            }
            text.extend(l);
        }
        return Some((le, text));
    }
    let body = render_inline(rule, st, &[chunk], anchor, &base);
    // Code that opens onto what follows (`checked(` before `E`) goes
    // against it, after the white space the source has there.
    let last = chunk.toks.last().expect("chunks are not empty");
    if !last.space_after && !last.last_on_line {
        let skip = src[pos..]
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        if skip > 0 && src.get(pos + skip).is_some_and(|&b| b != b'\n') {
            let at = pos + skip;
            return Some((at, spaced(chunk, body, src, at)));
        }
    }
    Some((pos, spaced(chunk, body, src, pos)))
}

/// Inline added code with the spaces the SmPL put around it, unless the source
/// already has white space there.
fn spaced(chunk: &PlusChunk, body: Vec<u8>, src: &[u8], pos: usize) -> Vec<u8> {
    let ws = |b: Option<&u8>| b.is_none_or(|b| b.is_ascii_whitespace());
    let mut text = Vec::new();
    if chunk.toks[0].space_before
        && !chunk.toks[0].first_on_line
        && !ws(pos.checked_sub(1).and_then(|p| src.get(p)))
    {
        text.push(b' ');
    }
    // Never glue two words into one (`+int` before `i` is `int i`).
    let word = |b: Option<&u8>| b.is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_');
    if text.is_empty() && word(body.first()) && word(pos.checked_sub(1).and_then(|p| src.get(p))) {
        text.push(b' ');
    }
    text.extend(body);
    let last = chunk.toks.last().expect("chunks are not empty");
    if (last.space_after && !last.last_on_line && !ws(src.get(pos)))
        || (word(text.last()) && word(src.get(pos)))
    {
        text.push(b' ');
    }
    text
}

/// Where and what to insert for a chunk that precedes context token `k` starting at `pos`.
pub fn insert_before(
    rule: &Rule,
    pat: &Pattern,
    chunk: &PlusChunk,
    st: &State,
    src: &[u8],
    k: usize,
    pos: usize,
) -> Option<(usize, Vec<u8>)> {
    let anchor = pat.toks[k].indent;
    let base = anchor_base(pat, st, src, k, pos);
    let ls = line_start(src, pos);
    if whole_lines(chunk) && pat.toks[k].first_on_line && is_blank(&src[ls..pos]) {
        let mut text = Vec::new();
        for l in render_lines(rule, st, &[chunk], anchor, &base) {
            text.extend(l);
            text.push(b'\n');
        }
        return Some((ls, text));
    }
    let body = render_inline(rule, st, &[chunk], anchor, &base);
    let mut text = spaced(chunk, body, src, pos);
    // Code written on lines of its own, placed inside a line: a space
    // apart from the code around it, but none before `;`, `,` or `)`.
    if chunk
        .toks
        .last()
        .is_some_and(|t| t.line != pat.toks[k].line)
        && !text.ends_with(b" ")
        && !matches!(src.get(pos), Some(b';' | b',' | b')'))
    {
        text.push(b' ');
    }
    let before = pos.checked_sub(1).and_then(|p| src.get(p));
    if chunk.toks[0].first_on_line
        && !text.starts_with(b" ")
        && before.is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'(' | b'['))
    {
        text.insert(0, b' ');
    }
    Some((pos, text))
}
