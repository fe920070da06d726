//! Laying out added (`+`) code: metavariables replaced by the code they bound,
//! whole added lines indented like the code they replace or follow.

use super::edit::Edit;
use super::matcher::State;
use crate::smpl::body::BTok;
use crate::smpl::pattern::{Pattern, PlusChunk};
use crate::smpl::Rule;
use std::ops::Range;

fn line_start(src: &[u8], p: usize) -> usize {
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

fn indent_of(src: &[u8], p: usize) -> Vec<u8> {
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

fn whole_lines(chunk: &PlusChunk) -> bool {
    chunk.toks.first().is_some_and(|t| t.first_on_line)
        && chunk.toks.last().is_some_and(|t| t.last_on_line)
}

fn token_text(rule: &Rule, st: &State, t: &BTok) -> Vec<u8> {
    if t.is_ident {
        if let Some(m) = rule.metavar(&t.text) {
            if let Some(b) = &st.binds[m] {
                return b.text.clone();
            }
        }
    }
    t.text.clone().into_bytes()
}

/// Indentation for an added line `width` wide, relative to the SmPL anchor line.
fn indentation(base: &[u8], anchor: usize, width: usize, widths: &[usize]) -> Vec<u8> {
    let rank = |w: usize| widths.iter().filter(|&&x| x < w).count() as isize;
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
            lines.push(indentation(base, anchor, t.indent, &widths));
        } else if t.space_before {
            lines.last_mut().expect("a line was started").push(b' ');
        }
        lines
            .last_mut()
            .expect("a line was started")
            .extend(token_text(rule, st, t));
    }
    lines
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
            range,
            text: Vec::new(),
        };
    }
    let chunks: Vec<&PlusChunk> = chunk_ids.iter().map(|&c| &pat.chunks[c]).collect();
    let anchor = pat.toks[first_tok].indent;
    let base = indent_of(src, range.start);
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
    Edit {
        range,
        text: render_inline(rule, st, &chunks, anchor, &base),
    }
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
    let base = indent_of(src, pos);
    let le = line_end(src, pos);
    if whole_lines(chunk) && pat.toks[k].last_on_line && rest_is_trailing(&src[pos..le]) {
        let mut text = Vec::new();
        for l in render_lines(rule, st, &[chunk], anchor, &base) {
            text.push(b'\n');
            text.extend(l);
        }
        return Some((le, text));
    }
    let mut text = Vec::new();
    if chunk.toks[0].space_before {
        text.push(b' ');
    }
    text.extend(render_inline(rule, st, &[chunk], anchor, &base));
    Some((pos, text))
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
    let base = indent_of(src, pos);
    let ls = line_start(src, pos);
    if whole_lines(chunk) && pat.toks[k].first_on_line && is_blank(&src[ls..pos]) {
        let mut text = Vec::new();
        for l in render_lines(rule, st, &[chunk], anchor, &base) {
            text.extend(l);
            text.push(b'\n');
        }
        return Some((ls, text));
    }
    let mut text = render_inline(rule, st, &[chunk], anchor, &base);
    if pat.toks[k].space_before
        || chunk
            .toks
            .last()
            .is_some_and(|t| t.line != pat.toks[k].line)
    {
        text.push(b' ');
    }
    Some((pos, text))
}
