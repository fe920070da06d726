//! The `comments` rule extension: whole-word renames inside C comments.

use super::edit::Edit;
use crate::c::FastKind;
use crate::c::{self, lex::whole_words};
use tree_sitter::Tree;

/// Finds every whole-word occurrence of a pair's old word in a comment; returns the
/// edits with their line and enclosing function.
pub fn rename_words(
    tree: &Tree,
    text: &[u8],
    pairs: &[(String, String)],
    hints: &c::hints::Hints,
) -> Vec<(Edit, usize, Option<String>)> {
    // Search the text for the words, then ask the tree whether each place is
    // in a comment: far fewer steps than visiting every node of the tree.
    let mut out = Vec::new();
    let root = tree.root_node();
    for (from, to) in pairs {
        for at in whole_words(text, from.as_bytes()) {
            let end = at + from.len();
            let Some(n) = root.descendant_for_byte_range(at, end) else {
                continue;
            };
            if n.kind_fast() != "comment" {
                continue;
            }
            let edit = Edit {
                range: at..end,
                text: to.clone().into_bytes(),
            };
            out.push((
                edit,
                c::line_of(text, at),
                c::enclosing_function_name(n, text, hints),
            ));
        }
    }
    out.sort_by_key(|(e, _, _)| e.range.start);
    out
}

/// The comments of C source `src`, in order (string and character
/// literals skipped).
fn comment_spans(src: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < src.len() {
        match src[i] {
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < src.len() && src[i] != q && src[i] != b'\n' {
                    i += if src[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'/' => match c::lex::comment_end(src, i) {
                Some(e) => {
                    out.push(i..e);
                    i = e;
                }
                None => i += 1,
            },
            _ => i += 1,
        }
    }
    out
}

fn is_blank(s: &[u8]) -> bool {
    s.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r'))
}

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

/// Comments that go with code a rule removes, as spatch removes them:
/// removals for the comments (1) between two removals with nothing else
/// between them (a removal that adds code keeps them), (2) after removed
/// lines on their last line (`bar(); /* this is bar */`, spatch 1.3), and
/// (3) on lines of their own right above removed lines, when what follows
/// those lines is a blank line, a `}` or a comment (spatch's
/// `adjust_before_brace`). The edits returned touch none of `edits`.
pub fn removed_with_code(src: &[u8], edits: &[Edit]) -> Vec<Edit> {
    let pure = |e: &Edit| e.text.is_empty() && !e.range.is_empty();
    if !edits.iter().any(pure) || !src.windows(2).any(|w| w == b"/*" || w == b"//") {
        return Vec::new();
    }
    let spans = comment_spans(src);
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    // The end of the white space and comments from `p` up to `to`, and
    // whether there was a comment.
    let skip = |mut p: usize, to: usize| -> (usize, bool) {
        let mut seen = false;
        loop {
            while p < to && src[p].is_ascii_whitespace() {
                p += 1;
            }
            match spans.binary_search_by_key(&p, |s| s.start) {
                Ok(k) if spans[k].end <= to => {
                    p = spans[k].end;
                    seen = true;
                }
                _ => return (p, seen),
            }
        }
    };
    let mut extra: Vec<std::ops::Range<usize>> = Vec::new();
    // (1) Between two removals.
    for w in sorted.windows(2) {
        let (a, b) = (w[0], w[1]);
        if pure(a) && pure(b) && a.range.end <= b.range.start {
            let (end, seen) = skip(a.range.end, b.range.start);
            if seen && end == b.range.start {
                extra.push(a.range.end..b.range.start);
            }
        }
    }
    let whole_line = |r: &std::ops::Range<usize>| {
        is_blank(&src[line_start(src, r.start)..r.start])
            && is_blank(&src[r.end..line_end(src, r.end)])
    };
    let next_start = |p: usize| sorted.iter().map(|e| e.range.start).find(|&s| s >= p);
    for (k, e) in sorted.iter().enumerate() {
        if !pure(e) || !is_blank(&src[line_start(src, e.range.start)..e.range.start]) {
            continue;
        }
        // (2) The comment after the removed code on its line.
        let le = line_end(src, e.range.end);
        let mut end = e.range.end;
        let (after, seen) = skip(e.range.end, le);
        if seen
            && is_blank(&src[after..le])
            && next_start(e.range.end).is_none_or(|s| s >= after)
            && sorted.get(k + 1).is_none_or(|n| n.range.start >= after)
        {
            extra.push(e.range.end..after);
            end = after;
        }
        // (3) Comments on lines of their own above removed lines followed
        // by a blank line, a `}` or a comment.
        if !is_blank(&src[end..line_end(src, end)]) {
            continue;
        }
        let le = line_end(src, end);
        let next = &src[(le + 1).min(src.len())..line_end(src, (le + 1).min(src.len()))];
        let next = next.trim_ascii_start();
        let trigger = le < src.len()
            && (next.is_empty()
                || next.starts_with(b"}")
                || next.starts_with(b"/*")
                || next.starts_with(b"//"));
        if !trigger {
            continue;
        }
        let mut hi = line_start(src, e.range.start);
        let mut lo = None;
        let mut p = hi;
        loop {
            let mut q = p;
            while q > 0 && src[q - 1].is_ascii_whitespace() {
                q -= 1;
            }
            if let Ok(c) = spans.binary_search_by_key(&q, |s| s.end) {
                let cs = spans[c].start;
                if is_blank(&src[line_start(src, cs)..cs]) {
                    lo = Some(line_start(src, cs));
                    p = cs;
                    continue;
                }
            }
            // Lines removed by another edit are passed over.
            if let Some(r) = sorted[..k]
                .iter()
                .rev()
                .find(|r| r.range.end == q && pure(r) && whole_line(&r.range))
            {
                if let Some(l) = lo.take() {
                    extra.push(l..hi);
                }
                hi = line_start(src, r.range.start);
                p = r.range.start;
                continue;
            }
            break;
        }
        if let Some(l) = lo {
            extra.push(l..hi);
        }
    }
    // One edit per stretch, none over the rule's own edits.
    extra.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
    for r in extra {
        match merged.last_mut() {
            Some(m) if r.start <= m.end => m.end = m.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
        .into_iter()
        .filter(|r| {
            !r.is_empty()
                && !edits
                    .iter()
                    .any(|e| e.range.start < r.end && r.start < e.range.end)
                && !edits
                    .iter()
                    .any(|e| e.range.is_empty() && r.start < e.range.start && e.range.start < r.end)
        })
        .map(|range| Edit {
            range,
            text: Vec::new(),
        })
        .collect()
}

/// Separates the comments of one part, and the parts, in a comments
/// metavariable's binding (see [`comments_around`]).
const ITEM: u8 = 0x1f;
const PART: u8 = 0x1e;

/// What a comments metavariable attached to code spanning `range` binds:
/// the comments right before it, those inside it and those right after it
/// (up to the next code, over line breaks), as spatch gives them to
/// scripts. The binding's text holds the three lists (see
/// [`comment_parts`]).
pub(crate) fn comments_around(
    tree: &Tree,
    text: &[u8],
    range: &std::ops::Range<usize>,
) -> super::matcher::Binding {
    let root = tree.root_node();
    let comment_at = |from: usize, to: usize| {
        root.descendant_for_byte_range(from, to)
            .filter(|n| n.kind_fast() == "comment")
    };
    let mut before = Vec::new();
    let mut pos = range.start;
    loop {
        let end = text[..pos].trim_ascii_end().len();
        match comment_at(end.saturating_sub(1), end).filter(|n| n.end_byte() == end && end > 0) {
            Some(n) => {
                before.insert(0, &text[n.byte_range()]);
                pos = n.start_byte();
            }
            None => break,
        }
    }
    let mut after = Vec::new();
    let mut pos = range.end;
    loop {
        let start = pos + (text[pos..].len() - text[pos..].trim_ascii_start().len());
        match comment_at(start, start + 1).filter(|n| n.start_byte() == start) {
            Some(n) => {
                after.push(&text[n.byte_range()]);
                pos = n.end_byte();
            }
            None => break,
        }
    }
    let mut middle = Vec::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if n.end_byte() <= range.start || n.start_byte() >= range.end {
            continue;
        }
        if n.kind_fast() == "comment" && n.start_byte() >= range.start && n.end_byte() <= range.end
        {
            middle.push(n.start_byte());
            continue;
        }
        let mut cur = n.walk();
        stack.extend(n.children(&mut cur));
    }
    middle.sort_unstable();
    let middle: Vec<&[u8]> = middle
        .iter()
        .filter_map(|&s| comment_at(s, s + 1).map(|n| &text[n.byte_range()]))
        .collect();
    let mut enc = Vec::new();
    for (i, part) in [before, middle, after].iter().enumerate() {
        if i > 0 {
            enc.push(PART);
        }
        for (j, c) in part.iter().enumerate() {
            if j > 0 {
                enc.push(ITEM);
            }
            enc.extend_from_slice(c);
        }
    }
    super::matcher::Binding {
        tokens: vec![enc.clone()],
        text: enc,
        at: None,
        typedef_name: false,
    }
}

/// The three lists (before, inside, after) a [`comments_around`] binding
/// holds.
pub(crate) fn comment_parts(b: &[u8]) -> [Vec<String>; 3] {
    let mut parts = b.split(|&c| c == PART).map(|p| {
        p.split(|&c| c == ITEM)
            .filter(|c| !c.is_empty())
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
    });
    [
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    ]
}
