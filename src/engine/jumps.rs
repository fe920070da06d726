//! `break;` and `continue;` in a pattern leave the loop (for `break`, also
//! the `switch`) the pattern puts them in: in `while (...) { <... foo();
//! break; ...> }` the `break` matches only a `break` of the loop the
//! `while` matched, not one of a loop nested in it, as in spatch.

use super::matcher::{Matcher, State};
use crate::c::FastKind as _;
use crate::smpl::pattern::PNode;
use std::ops::Range;
use tree_sitter::Node;

fn is_loop(kind: &str) -> bool {
    matches!(kind, "while_statement" | "for_statement" | "do_statement")
}

/// The first token of the innermost loop (or, with `or_switch`, `switch`)
/// of the pattern around token `t`, if any.
fn pattern_loop(roots: &[PNode], t: usize, or_switch: bool) -> Option<usize> {
    // Depth-first, with the heads of the loops around each node.
    let mut stack: Vec<(&PNode, Option<usize>)> = roots.iter().map(|r| (r, None)).collect();
    while let Some((n, around)) = stack.pop() {
        if n.is_leaf() && n.tok == Some(t) {
            return around;
        }
        let here = if is_loop(n.kind) || (or_switch && n.kind == "switch_statement") {
            first_tok(n).or(around)
        } else {
            around
        };
        stack.extend(n.children.iter().map(|c| (c, here)));
    }
    None
}

fn first_tok(n: &PNode) -> Option<usize> {
    let mut toks = Vec::new();
    super::matcher::leaf_toks(n, &mut toks);
    toks.into_iter().min()
}

/// The loop (or `switch`) the jump statement at `r` leaves.
fn jump_target<'t>(tree: &'t tree_sitter::Tree, r: &Range<usize>) -> Option<Node<'t>> {
    let mut n = tree.root_node().descendant_for_byte_range(r.start, r.end)?;
    while !matches!(n.kind_fast(), "break_statement" | "continue_statement") {
        n = n.parent()?;
    }
    let or_switch = n.kind_fast() == "break_statement";
    loop {
        n = n.parent()?;
        if is_loop(n.kind_fast()) || (or_switch && n.kind_fast() == "switch_statement") {
            return Some(n);
        }
        if n.kind_fast() == "function_definition" {
            return None;
        }
    }
}

impl Matcher<'_> {
    /// Whether each `break` and `continue` that `st` matched leaves the
    /// loop or `switch` the pattern has around it, where that one matched
    /// (in `st`, or in `outer` for a nest's match).
    pub(crate) fn jumps_fit(&self, st: &State, outer: &State) -> bool {
        for (t, tok) in self.pat.toks.iter().enumerate() {
            if !matches!(tok.text.as_str(), "break" | "continue") {
                continue;
            }
            let Some(r) = &st.ranges[t] else {
                continue;
            };
            let Some(head) = pattern_loop(&self.pat.roots, t, tok.text == "break") else {
                continue;
            };
            let Some(at) = st.ranges[head]
                .as_ref()
                .or(outer.ranges.get(head).and_then(Option::as_ref))
            else {
                continue;
            };
            if jump_target(self.tree, r).is_none_or(|l| l.start_byte() != at.start) {
                return false;
            }
        }
        true
    }
}
