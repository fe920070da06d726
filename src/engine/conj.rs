//! Conjunctions, `(` A `&` B `)`: a match of A stands only where B matches
//! the very code A matched (the same node), binding B's metavariables in
//! the same environment, so that the two agree on every name they share.

use super::matcher::{own_expressions, Match, Matcher};
use crate::c;
use crate::c::FastKind;
use crate::smpl::pattern::{Conj, Role};
use tree_sitter::Node;

impl<'a> Matcher<'a> {
    /// The matches of `m` that every conjunction of the pattern allows,
    /// each with what the later branches bound: none when one fails.
    pub(crate) fn conjoin(&self, m: Match) -> Vec<Match> {
        let mut ways = vec![m];
        let pat: &'a crate::smpl::pattern::Pattern = self.pat;
        for c in &pat.conjs {
            let mut next = Vec::new();
            for m in ways {
                let states = if c.seq.is_empty() {
                    self.term_states(c, &m)
                } else {
                    // A sequence: from the statement the first branch
                    // starts at.
                    self.statement_starting(c, &m)
                        .map(|s| self.sequence_from(&c.seq, s, &m.state))
                        .unwrap_or_default()
                };
                next.extend(states.into_iter().map(|state| Match {
                    state,
                    range: m.range.clone(),
                    function: m.function.clone(),
                }));
            }
            ways = next;
        }
        ways
    }

    /// The ways a conjunction's later branch of one term matches the code
    /// the first branch matched in `m`.
    fn term_states(&self, c: &Conj, m: &Match) -> Vec<super::matcher::State> {
        let nodes = self.spanning(c, m);
        let mut states: Vec<_> = match c.also.role {
            // `<... P ...>`: over the code, whatever its kind.
            Role::Nest(plus) => nodes
                .first()
                .and_then(|&n| {
                    let mut st = m.state.clone();
                    let within = n.start_byte()..n.end_byte();
                    (self.whens_hold(&c.also, within.clone(), &st)
                        && self.nest_in(&c.also, plus, &[n], within, &mut st))
                    .then_some(st)
                })
                .into_iter()
                .collect(),
            _ => nodes
                .iter()
                .flat_map(|&n| self.node_all(&c.also, n, &m.state))
                .collect(),
        };
        // An expression conjoined with a statement is one the
        // statement holds, as an expression after `...` would be
        // (not one in a statement it contains).
        if states.is_empty() && c::is_expression_kind(c.also.kind) {
            if let Some(&s) = nodes.iter().find(|n| c::is_statement_kind(n.kind_fast())) {
                states = own_expressions(s)
                    .into_iter()
                    .flat_map(|e| self.node_all(&c.also, e, &m.state))
                    .collect();
            }
        }
        states
    }

    /// The statement that starts where the first branch's first token
    /// matched, the outermost such.
    fn statement_starting(&self, c: &Conj, m: &Match) -> Option<Node<'a>> {
        let at = m.state.ranges.get(c.first).cloned().flatten()?.start;
        let mut n = self.tree.root_node().descendant_for_byte_range(at, at)?;
        let mut found = None;
        loop {
            if n.start_byte() != at {
                break;
            }
            if c::is_statement_kind(n.kind_fast()) && n.is_named() {
                found = Some(n);
            }
            match n.parent() {
                Some(p) => n = p,
                None => break,
            }
        }
        found.filter(|s| {
            s.kind_fast() != "compound_statement"
                || s.parent()
                    .is_some_and(|p| p.kind_fast() != "function_definition")
        })
    }

    /// The nodes whose text is exactly what the first branch's tokens
    /// matched, outermost first.
    fn spanning(&self, c: &Conj, m: &Match) -> Vec<Node<'a>> {
        let at = |t: usize| m.state.ranges.get(t).cloned().flatten();
        let (Some(a), Some(b)) = (at(c.first), at(c.end - 1)) else {
            return Vec::new();
        };
        let (start, end) = (a.start, b.end.max(a.start));
        let Some(mut n) = self.tree.root_node().descendant_for_byte_range(start, end) else {
            return Vec::new();
        };
        if n.start_byte() != start || n.end_byte() != end {
            return Vec::new();
        }
        let mut out = vec![n];
        while let Some(p) = n.parent() {
            if p.start_byte() != start || p.end_byte() != end {
                break;
            }
            out.push(p);
            n = p;
        }
        out.reverse();
        out
    }
}
