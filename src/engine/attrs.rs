//! Attributes in patterns, as spatch matches them. The C reader leaves
//! attributes out of the tree (`__init`, `__aligned(8)`, the names a
//! semantic patch declares with `attribute name`), so a pattern's
//! attributes are checked beside the tree: where the pattern has an
//! attribute the semantic patch declared (`aarg(1, 2) int f() {...}`,
//! `int x aarg3(1, 2);`) or an `attribute a` metavariable (`int b a = 1;`),
//! the code must have it in the same gap between two tokens (with its
//! arguments, token for token; `...` stands for any), and no other there
//! (as spatch 1.1.1: `optional_attributes` lets code have attributes only
//! where the pattern names none). A metavariable binds the attribute it
//! meets.

use super::matcher::{Binding, Matcher, State};
use crate::c;
use crate::smpl::MetaKind;
use std::ops::Range;

/// One attribute of the code: its words, where it is in the gap, and
/// where each of its tokens is in the file.
type Found = (Vec<Vec<u8>>, Range<usize>, Vec<Range<usize>>);

/// One attribute of the pattern: its tokens, or a metavariable; with the
/// indices of its pattern tokens.
enum Unit {
    Named(Vec<Vec<u8>>, Range<usize>),
    Meta(usize, usize),
}

impl Matcher<'_> {
    /// The runs of attributes of the pattern, each with the index of its
    /// first token and of the token after it.
    fn attribute_runs(&self) -> Vec<(usize, usize, Vec<Unit>)> {
        let toks = &self.pat.toks;
        let mut runs: Vec<(usize, usize, Vec<Unit>)> = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            let meta = t
                .is_ident
                .then(|| self.rule.metavar(&t.text))
                .flatten()
                .filter(|&m| self.rule.metavars[m].kind == MetaKind::Attribute);
            let (unit, next) = if let Some(m) = meta {
                (Unit::Meta(m, i), i + 1)
            } else if t.is_ident
                && (self.rule.attributes.contains(&t.text)
                    // GNU syntax, but not in a `#define`'s body (its tokens).
                    || (t.text == "__attribute__"
                        && !toks[..i]
                            .iter()
                            .any(|d| d.line == t.line && d.text.starts_with('#'))))
            {
                let mut end = i + 1;
                if toks.get(end).is_some_and(|n| n.text == "(") {
                    let mut depth = 0;
                    for (j, n) in toks.iter().enumerate().skip(end) {
                        match n.text.as_str() {
                            "(" => depth += 1,
                            ")" => depth -= 1,
                            _ => {}
                        }
                        if depth == 0 {
                            end = j + 1;
                            break;
                        }
                    }
                }
                let words = toks[i..end]
                    .iter()
                    .map(|t| t.text.clone().into_bytes())
                    .collect();
                (Unit::Named(words, i..end), end)
            } else {
                i += 1;
                continue;
            };
            match runs.last_mut() {
                Some(r) if r.1 == i => {
                    r.1 = next;
                    r.2.push(unit);
                }
                _ => runs.push((i, next, vec![unit])),
            }
            i = next;
        }
        runs
    }

    /// Whether the attributes of the pattern are in the code the match
    /// `st` covers (binding `attribute` metavariables).
    pub(crate) fn attributes_hold(&self, st: &mut State) -> bool {
        let runs = self.attribute_runs();
        if !self.rule.iso("optional_attributes") && self.attribute_between(&runs, st) {
            return false;
        }
        for (first, end, units) in runs {
            let Some(gap) = self.gap(first, end, st) else {
                return false;
            };
            if !self.units_in(&units, gap, st) {
                return false;
            }
        }
        true
    }

    /// Whether the code has an attribute (a declared name or
    /// `__attribute__`) between two adjacent pattern tokens where the
    /// pattern names none: with `disable optional_attributes`, spatch
    /// then finds no match.
    fn attribute_between(&self, runs: &[(usize, usize, Vec<Unit>)], st: &State) -> bool {
        let toks = &self.pat.toks;
        let in_run = |i: usize| runs.iter().any(|r| (r.0..r.1).contains(&i));
        (1..toks.len()).any(|i| {
            if in_run(i - 1) || in_run(i) || toks[i - 1].text == "..." || toks[i].text == "..." {
                return false;
            }
            let (Some(a), Some(b)) = (&st.ranges[i - 1], &st.ranges[i]) else {
                return false;
            };
            if a.end > b.start {
                return false;
            }
            let text = &self.text[a.end..b.start];
            c::lex::tokenize(text).iter().any(|t| {
                let w = &text[t.start..t.end];
                t.kind == c::lex::TokKind::Ident
                    && (w == b"__attribute__"
                        || self.rule.attributes.iter().any(|n| n.as_bytes() == w))
            })
        })
    }

    /// The stretch of code between two tokens of the tree where the
    /// attributes of pattern tokens `first..end` must be: before the code
    /// the next matched token matched, else after the previous one's.
    fn gap(&self, first: usize, end: usize, st: &State) -> Option<Range<usize>> {
        let root = self.tree.root_node();
        let prev = first.checked_sub(1).and_then(|p| st.ranges[p].clone());
        // A next token placed before the previous one (a list's `,` matched
        // the comma before the last element) says nothing of this gap.
        let next = st
            .ranges
            .get(end)
            .cloned()
            .flatten()
            .filter(|r| prev.as_ref().is_none_or(|p| r.start >= p.end));
        if let Some(r) = next {
            let mut n = root.descendant_for_byte_range(r.start, r.start)?;
            loop {
                if let Some(p) = n.prev_sibling() {
                    if p.kind() == "comment" {
                        n = p;
                        continue;
                    }
                    return Some(p.end_byte().min(r.start)..r.start);
                }
                match n.parent() {
                    Some(up) => n = up,
                    None => return Some(0..r.start),
                }
            }
        }
        let r = prev?;
        let mut n = root.descendant_for_byte_range(r.end.saturating_sub(1), r.end)?;
        loop {
            if let Some(p) = n.next_sibling() {
                if p.kind() == "comment" {
                    n = p;
                    continue;
                }
                return Some(r.end..p.start_byte().max(r.end));
            }
            match n.parent() {
                Some(up) => n = up,
                None => return Some(r.end..self.text.len()),
            }
        }
    }

    /// Whether the attributes in `gap` are `units`.
    fn units_in(&self, units: &[Unit], gap: Range<usize>, st: &mut State) -> bool {
        let text = &self.text[gap.clone()];
        let toks = c::lex::tokenize(text);
        // The code's attributes: a word with its parenthesised arguments.
        let mut found: Vec<Found> = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let mut end = i + 1;
            if toks[i].kind == c::lex::TokKind::Ident
                && toks.get(end).is_some_and(|t| &text[t.start..t.end] == b"(")
            {
                let mut depth = 0;
                for (j, t) in toks.iter().enumerate().skip(end) {
                    match &text[t.start..t.end] {
                        b"(" => depth += 1,
                        b")" => depth -= 1,
                        _ => {}
                    }
                    if depth == 0 {
                        end = j + 1;
                        break;
                    }
                }
            }
            let words = toks[i..end]
                .iter()
                .map(|t| text[t.start..t.end].to_vec())
                .collect();
            let spans = toks[i..end]
                .iter()
                .map(|t| gap.start + t.start..gap.start + t.end)
                .collect::<Vec<_>>();
            found.push((words, toks[i].start..toks[end - 1].end, spans));
            i = end;
        }
        // As spatch: the code has these attributes there, no more.
        if found.len() != units.len() {
            return false;
        }
        for (u, (words, range, spans)) in units.iter().zip(&found) {
            let whole = gap.start + range.start..gap.start + range.end;
            let ok = match u {
                Unit::Named(w, toks) => {
                    same_with_dots(w, words) && self.place_attribute(toks.clone(), spans, whole, st)
                }
                Unit::Meta(m, t) => {
                    st.ranges[*t] = Some(whole);
                    let b = Binding {
                        tokens: words.clone(),
                        text: text[range.clone()].to_vec(),
                        at: None,
                        typedef_name: false,
                    };
                    self.bind(*m, b, st)
                }
            };
            if !ok {
                return false;
            }
        }
        true
    }

    /// Records where the code's attribute is, for its pattern tokens
    /// `toks` (what a `-` on them removes): token for token when it is
    /// written as the pattern writes it, else (`...` in its arguments) the
    /// whole attribute for each, which is only sound when they are all
    /// removed or all kept: otherwise no match.
    fn place_attribute(
        &self,
        toks: Range<usize>,
        spans: &[Range<usize>],
        whole: Range<usize>,
        st: &mut State,
    ) -> bool {
        if toks.len() == spans.len() {
            for (t, r) in toks.zip(spans) {
                st.ranges[t] = Some(r.clone());
            }
            return true;
        }
        let marks = &self.pat.toks[toks.clone()];
        if marks.iter().any(|t| t.mark != marks[0].mark) {
            return false;
        }
        for t in toks {
            st.ranges[t] = Some(whole.clone());
        }
        true
    }
}

/// Whether the code's tokens `c` are the pattern's `p`, where `...` in `p`
/// (`aarg(...)`) stands for any tokens.
fn same_with_dots(p: &[Vec<u8>], c: &[Vec<u8>]) -> bool {
    match p.split_first() {
        None => c.is_empty(),
        Some((d, rest)) if d.as_slice() == b"..." => {
            (0..=c.len()).any(|k| same_with_dots(rest, &c[k..]))
        }
        Some((w, rest)) => c.first() == Some(w) && same_with_dots(rest, &c[1..]),
    }
}
