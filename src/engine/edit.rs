//! Turning a match into byte-range edits, and applying edits to the original bytes.

use super::matcher::State;
use super::render;
use crate::smpl::body::Mark;
use crate::smpl::pattern::Pattern;
use crate::smpl::Rule;
use std::ops::Range;

/// One change to a file: replace `range` of the original bytes with `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub text: Vec<u8>,
}

struct Run {
    range: Range<usize>,
    first_tok: usize,
    last_tok: usize,
    before: Vec<usize>,
    after: Vec<usize>,
}

/// The edits one match calls for: minus runs removed, plus chunks placed.
pub fn match_edits(rule: &Rule, pat: &Pattern, st: &State, src: &[u8]) -> Vec<Edit> {
    let mut runs: Vec<Run> = Vec::new();
    let mut open = false;
    for (i, t) in pat.toks.iter().enumerate() {
        let Some(r) = st.ranges[i].clone() else {
            continue;
        };
        if t.mark == Mark::Minus {
            match runs.last_mut() {
                Some(run) if open => {
                    run.range.end = run.range.end.max(r.end);
                    run.last_tok = i;
                }
                _ => {
                    runs.push(Run {
                        range: r,
                        first_tok: i,
                        last_tok: i,
                        before: Vec::new(),
                        after: Vec::new(),
                    });
                    open = true;
                }
            }
        } else {
            open = false;
        }
    }
    let mut inserts: Vec<(usize, Vec<u8>)> = Vec::new();
    for (ci, chunk) in pat.chunks.iter().enumerate() {
        let run_after = chunk
            .after
            .and_then(|a| runs.iter().position(|r| r.last_tok == a));
        let run_before = chunk
            .before
            .and_then(|b| runs.iter().position(|r| r.first_tok == b));
        if let Some(ri) = run_after {
            runs[ri].after.push(ci);
        } else if let Some(ri) = run_before {
            runs[ri].before.push(ci);
        } else {
            let prev = chunk.after.and_then(|a| {
                (0..=a)
                    .rev()
                    .find_map(|k| st.ranges[k].clone().map(|r| (k, r)))
            });
            let next = chunk.before.and_then(|b| {
                (b..pat.toks.len()).find_map(|k| st.ranges[k].clone().map(|r| (k, r)))
            });
            let placed = match (prev, next) {
                (Some((k, r)), _) => render::insert_after(rule, pat, chunk, st, src, k, r.end),
                (None, Some((k, r))) => {
                    render::insert_before(rule, pat, chunk, st, src, k, r.start)
                }
                (None, None) => None,
            };
            inserts.extend(placed);
        }
    }
    let mut edits: Vec<Edit> = runs
        .iter()
        .map(|run| {
            let chunks: Vec<usize> = run.before.iter().chain(&run.after).copied().collect();
            render::replace_run(
                rule,
                pat,
                &chunks,
                st,
                src,
                run.range.clone(),
                run.first_tok,
            )
        })
        .collect();
    edits.extend(inserts.into_iter().map(|(pos, text)| Edit {
        range: pos..pos,
        text,
    }));
    edits
}

/// Edits that could not be applied because they overlap an earlier one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub range: Range<usize>,
}

/// Applies edits to `src`. Identical edits count once; an edit overlapping an
/// earlier one is dropped and returned as a conflict. Lines that a removal
/// leaves blank disappear.
pub fn apply(src: &[u8], mut edits: Vec<Edit>) -> (Vec<u8>, Vec<Conflict>) {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    edits.dedup();
    let mut kept: Vec<Edit> = Vec::with_capacity(edits.len());
    let mut conflicts = Vec::new();
    for e in edits {
        if let Some(last) = kept.last() {
            let overlaps = e.range.start < last.range.end
                || (e.range.start == last.range.start
                    && !last.range.is_empty()
                    && !e.range.is_empty());
            if overlaps {
                conflicts.push(Conflict { range: e.range });
                continue;
            }
        }
        kept.push(e);
    }
    // Cluster edits by the lines they touch, so each cluster can be tidied as a whole.
    let line_start = |p: usize| {
        src[..p]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1)
    };
    let line_end = |p: usize| {
        src[p..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(src.len(), |i| p + i)
    };
    let mut out = Vec::with_capacity(src.len());
    let mut pos = 0;
    let mut i = 0;
    while i < kept.len() {
        let span_start = line_start(kept[i].range.start);
        let mut span_end = line_end(kept[i].range.end);
        let mut j = i + 1;
        while j < kept.len() && kept[j].range.start <= span_end {
            span_end = span_end.max(line_end(kept[j].range.end));
            j += 1;
        }
        let cluster = &kept[i..j];
        let mut seg = Vec::new();
        let mut p = span_start;
        for e in cluster {
            seg.extend_from_slice(&src[p..e.range.start]);
            seg.extend_from_slice(&e.text);
            p = e.range.end;
        }
        seg.extend_from_slice(&src[p..span_end]);
        out.extend_from_slice(&src[pos..span_start]);
        let removes = cluster.iter().any(|e| !e.range.is_empty());
        if removes {
            let orig = &src[span_start..span_end];
            let had_trailing_ws = orig
                .split(|&b| b == b'\n')
                .any(|l| l.last().is_some_and(|b| *b == b' ' || *b == b'\t'));
            let lines: Vec<&[u8]> = seg
                .split(|&b| b == b'\n')
                .filter(|l| l.iter().any(|b| !b.is_ascii_whitespace()))
                .collect();
            if lines.is_empty() {
                // The whole span went: take its newline with it.
                pos = if span_end < src.len() {
                    span_end + 1
                } else {
                    span_end
                };
                i = j;
                continue;
            }
            for (k, l) in lines.iter().enumerate() {
                if k > 0 {
                    out.push(b'\n');
                }
                let l = if had_trailing_ws { l } else { trim_end(l) };
                out.extend_from_slice(l);
            }
        } else {
            out.extend_from_slice(&seg);
        }
        pos = span_end;
        i = j;
    }
    out.extend_from_slice(&src[pos..]);
    (out, conflicts)
}

fn trim_end(l: &[u8]) -> &[u8] {
    let n = l
        .iter()
        .rposition(|b| !matches!(b, b' ' | b'\t'))
        .map_or(0, |i| i + 1);
    &l[..n]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(s: usize, t: usize, x: &str) -> Edit {
        Edit {
            range: s..t,
            text: x.as_bytes().to_vec(),
        }
    }

    #[test]
    fn replaces_and_drops_emptied_lines() {
        let src = b"a;\n\tfoo();\nb;\n";
        let (out, c) = apply(src, vec![e(4, 10, "")]);
        assert_eq!(String::from_utf8(out).unwrap(), "a;\nb;\n");
        assert!(c.is_empty());
        let (out, _) = apply(src, vec![e(4, 7, "bar")]);
        assert_eq!(String::from_utf8(out).unwrap(), "a;\n\tbar();\nb;\n");
    }

    #[test]
    fn identical_edits_count_once_and_overlaps_conflict() {
        let src = b"abcdef";
        let (out, c) = apply(src, vec![e(1, 3, "X"), e(1, 3, "X"), e(2, 4, "Y")]);
        assert_eq!(out, b"aXdef");
        assert_eq!(c, vec![Conflict { range: 2..4 }]);
    }
}
