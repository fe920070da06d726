//! Parsing a file again after a rule changed it, reusing the previous tree.
//!
//! Every rule that changes a file makes the next rule see a new text, which
//! must be parsed again; most of the file is as it was, so tree-sitter is told
//! where the text changed and reuses the rest of the old tree. The changes are
//! found by comparing lines (edits are tidied a line at a time, so a list of
//! byte edits would not describe them exactly), and also where the dialect
//! layer's shadow of unchanged lines came out differently (an iterator renamed
//! on one line can change how a later line is read). A text with syntax
//! errors is parsed from scratch: error recovery from a reused tree may take
//! another way.

use super::{parse_plain_with, Parsed};
use similar::{Algorithm, DiffOp};
use std::ops::Range;
use tree_sitter::{InputEdit, Point};

/// How long the line comparison may take before it settles for a coarser
/// (still correct) answer.
const DIFF_DEADLINE: std::time::Duration = std::time::Duration::from_millis(50);

/// Parses `new`, the text that replaced `old`, reusing `prev` (the parse of `old`).
pub fn reparse(prev: &Parsed, old: &[u8], new: &[u8]) -> Parsed {
    let shadow = super::dialect::shadow(&prev.hints, new);
    let changes = changed_regions(old, new, &prev.shadow, &shadow.text);
    let mut tree = prev.tree.clone();
    let starts = line_starts(new);
    // In order, each change in the coordinates of the text with the changes
    // before it already made: the prefix is new text, the rest old.
    let mut delta: isize = 0;
    for (o, n) in &changes {
        let start = n.start;
        debug_assert_eq!((o.start as isize + delta) as usize, start);
        let start_position = point_at(&starts, start);
        let old_end_position = advance(start_position, &old[o.clone()]);
        tree.edit(&InputEdit {
            start_byte: start,
            old_end_byte: start + o.len(),
            new_end_byte: n.end,
            start_position,
            old_end_position,
            new_end_position: point_at(&starts, n.end),
        });
        delta += n.len() as isize - o.len() as isize;
    }
    let mut tree = parse_plain_with(&shadow.text, Some(&tree));
    // Error recovery may go another way from a reused tree than from scratch:
    // a text with errors is parsed afresh, so that it reads as it always does.
    if tree.root_node().has_error() {
        tree = parse_plain_with(&shadow.text, None);
    }
    Parsed {
        tree,
        skipped: shadow.skipped,
        shadow: shadow.text.into_owned(),
        parts: None,
        hints: prev.hints.clone(),
    }
}

/// Pairs of (old range, new range) that differ, in order, not overlapping.
fn changed_regions(
    old: &[u8],
    new: &[u8],
    old_shadow: &[u8],
    new_shadow: &[u8],
) -> Vec<(Range<usize>, Range<usize>)> {
    let (ol, nl) = (crate::diff::lines(old), crate::diff::lines(new));
    let deadline = std::time::Instant::now() + DIFF_DEADLINE;
    let ops = similar::capture_diff_slices_deadline(Algorithm::Myers, &ol, &nl, Some(deadline));
    let offsets = |lines: &[&[u8]]| {
        let mut v = Vec::with_capacity(lines.len() + 1);
        let mut at = 0;
        v.push(0);
        for l in lines {
            at += l.len();
            v.push(at);
        }
        v
    };
    let (oo, no) = (offsets(&ol), offsets(&nl));
    let mut out: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let mut push = |o: Range<usize>, n: Range<usize>| match out.last_mut() {
        Some((lo, ln)) if lo.end == o.start && ln.end == n.start => {
            lo.end = o.end;
            ln.end = n.end;
        }
        _ => out.push((o, n)),
    };
    for op in ops {
        let (or, nr) = (op.old_range(), op.new_range());
        let o = oo[or.start]..oo[or.end];
        let n = no[nr.start]..no[nr.end];
        if let DiffOp::Equal { .. } = op {
            // Same text; where the shadow differs, that span changed for the parser.
            let (a, b) = (&old_shadow[o.clone()], &new_shadow[n.clone()]);
            if let Some(first) = a.iter().zip(b).position(|(x, y)| x != y) {
                let last = a.iter().zip(b).rposition(|(x, y)| x != y).unwrap_or(first);
                push(
                    o.start + first..o.start + last + 1,
                    n.start + first..n.start + last + 1,
                );
            }
        } else {
            push(o, n);
        }
    }
    out
}

fn line_starts(text: &[u8]) -> Vec<usize> {
    let mut v = vec![0];
    v.extend(memchr::memchr_iter(b'\n', text).map(|i| i + 1));
    v
}

fn point_at(starts: &[usize], at: usize) -> Point {
    let row = starts.partition_point(|&s| s <= at) - 1;
    Point {
        row,
        column: at - starts[row],
    }
}

/// The point reached from `p` by going over `text`.
fn advance(p: Point, text: &[u8]) -> Point {
    match memchr::memrchr(b'\n', text) {
        Some(last) => Point {
            row: p.row + memchr::memchr_iter(b'\n', text).count(),
            column: text.len() - last - 1,
        },
        None => Point {
            row: p.row,
            column: p.column + text.len(),
        },
    }
}
