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
        for c in &self.pat.conjs {
            let mut next = Vec::new();
            for m in ways {
                let nodes = self.spanning(c, &m);
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
