//! Statement sequences with `...` between them: `A; ... B;` matches `A` and the
//! first `B` that control flow can reach from it — a later statement of the same
//! block, a statement nested in one, or one after the enclosing blocks (never the
//! other branch of an `if`, never back to the top of a loop).

use super::matcher::{Match, Matcher, State};
use crate::c;
use crate::c::FastKind;
use crate::smpl::pattern::{PNode, Role};
use std::ops::Range;
use tree_sitter::Node;

/// Where a sequence match stands: before a function body's first statement, or
/// after a matched statement.
#[derive(Clone, Copy)]
enum Pos<'t> {
    Start(Node<'t>),
    After(Node<'t>),
}

impl<'t> Pos<'t> {
    fn end(&self) -> usize {
        match self {
            Pos::Start(body) => body.start_byte() + 1,
            Pos::After(n) => n.end_byte(),
        }
    }

    fn node(&self) -> Node<'t> {
        match self {
            Pos::Start(n) | Pos::After(n) => *n,
        }
    }
}

fn named_code_children(n: Node) -> Vec<Node> {
    c::code_children(n)
        .into_iter()
        .filter(|k| k.is_named())
        .collect()
}

/// The statement right after `pos` in its block.
fn next_statement(pos: Pos) -> Option<Node> {
    match pos {
        Pos::Start(body) => named_code_children(body).into_iter().next(),
        Pos::After(n) => {
            let mut sib = n.next_named_sibling();
            while let Some(s) = sib {
                if !c::is_trivia(&s) {
                    return Some(s);
                }
                sib = s.next_named_sibling();
            }
            None
        }
    }
}

impl<'a> Matcher<'a> {
    /// The body of the function around `n` (or the whole file, at top level).
    fn scope_of(&self, n: Node<'a>) -> Node<'a> {
        match self.idx().function_at(n.start_byte()) {
            Some(f) => f.child_by_field_name("body").unwrap_or(f),
            None => self.idx().nodes[0],
        }
    }

    /// The statements control flow can reach after `pos` that could match `next`,
    /// in document order (which is also nearest first): everything after it in
    /// the function but the other branch of an `if` it is in.
    fn reachable_of(&self, pos: Pos<'a>, next: &PNode) -> Vec<Node<'a>> {
        let kinds: Vec<&str> = match next.role {
            Role::Code => vec![next.kind],
            _ => Vec::new(),
        };
        let pool: Vec<Node<'a>> = if kinds.is_empty() {
            self.idx()
                .nodes
                .iter()
                .filter(|n| n.is_named() && c::is_statement_kind(n.kind_fast()))
                .copied()
                .collect()
        } else {
            self.idx().of_kinds(&kinds)
        };
        let (from, scope, skip) = match pos {
            Pos::Start(body) => (body.start_byte() + 1, body, Vec::new()),
            Pos::After(s) => {
                // The else branch of every if whose then branch holds `s`.
                let skip: Vec<std::ops::Range<usize>> = self
                    .idx()
                    .of_kinds(&["if_statement"])
                    .into_iter()
                    .filter(|p| p.start_byte() <= s.start_byte() && s.end_byte() <= p.end_byte())
                    .filter_map(|p| {
                        let then = p.child_by_field_name("consequence")?;
                        let alt = p.child_by_field_name("alternative")?;
                        (then.start_byte() <= s.start_byte() && s.end_byte() <= then.end_byte())
                            .then(|| alt.start_byte()..alt.end_byte())
                    })
                    .collect();
                (s.end_byte(), self.scope_of(s), skip)
            }
        };
        let lo = pool.partition_point(|n| n.start_byte() < from);
        pool[lo..]
            .iter()
            .take_while(|n| n.start_byte() < scope.end_byte())
            .filter(|n| {
                n.end_byte() <= scope.end_byte()
                    && !skip
                        .iter()
                        .any(|r| r.start <= n.start_byte() && n.end_byte() <= r.end)
            })
            .copied()
            .collect()
    }
}

/// The end of the first `return` or `goto` that every way from `pos` reaches:
/// one that follows it in its block or in an enclosing block.
fn exit_after(pos: Pos) -> Option<usize> {
    let mut cur = match pos {
        Pos::Start(body) => {
            return named_code_children(body)
                .into_iter()
                .find(|s| matches!(s.kind_fast(), "return_statement" | "goto_statement"))
                .map(|s| s.end_byte())
        }
        Pos::After(n) => n,
    };
    loop {
        let parent = cur.parent()?;
        if parent.kind_fast() == "function_definition" {
            return None;
        }
        // Past the end of a loop body the loop may run again: stop looking.
        if matches!(
            parent.kind_fast(),
            "for_statement" | "while_statement" | "do_statement"
        ) {
            return None;
        }
        let mut sib = cur.next_named_sibling();
        while let Some(s) = sib {
            if matches!(s.kind_fast(), "return_statement" | "goto_statement") {
                return Some(s.end_byte());
            }
            sib = s.next_named_sibling();
        }
        cur = parent;
    }
}

/// Whether an earlier match `m` lies on every way to `c`: it is not inside a
/// branch, loop body or case that leaves `c` out.
fn on_the_way(m: Node, c: Node) -> bool {
    let mut a = m;
    loop {
        let Some(p) = a.parent() else { return true };
        if p.start_byte() <= c.start_byte() && c.end_byte() <= p.end_byte() {
            return true;
        }
        if matches!(
            p.kind_fast(),
            "if_statement"
                | "else_clause"
                | "for_statement"
                | "while_statement"
                | "do_statement"
                | "case_statement"
        ) {
            return false;
        }
        a = p;
    }
}

impl<'a> Matcher<'a> {
    /// Tries a statement-sequence pattern starting at `n`; every way it can
    /// complete is a match.
    pub(crate) fn try_sequence_at(&self, n: Node<'a>, init: &State, out: &mut Vec<Match>) {
        let first = &self.pat.roots[0];
        let mut st = init.clone();
        let (start, pi) = match first.role {
            Role::Dots | Role::Nest(_) => {
                // Candidates are function bodies (see `candidates`).
                if n.kind_fast() != "compound_statement" {
                    return;
                }
                (Pos::Start(n), 0)
            }
            _ => {
                if !n.is_named()
                    || !c::is_statement_kind(n.kind_fast())
                    || !self.node(first, n, &mut st)
                {
                    return;
                }
                (Pos::After(n), 1)
            }
        };
        let mut done: Vec<(State, Node<'a>, Pos<'a>)> = Vec::new();
        self.seq_all(pi, start, None, st, &mut done);
        for (st, first_stmt, last) in done {
            let from = match start {
                Pos::After(n) => n.start_byte(),
                Pos::Start(_) => first_stmt.start_byte(),
            };
            let to = match last {
                Pos::After(l) => l.end_byte(),
                Pos::Start(b) => b.end_byte(),
            };
            out.push(Match {
                state: st,
                range: from..to.max(from),
                function: self.idx().function_name_at(n.start_byte(), self.text),
            });
        }
    }

    /// Completes the pattern from element `pi` at `pos`, pushing (state, first
    /// statement matched after a leading `...`, last position) for each way.
    fn seq_all(
        &self,
        pi: usize,
        pos: Pos<'a>,
        first: Option<Node<'a>>,
        st: State,
        out: &mut Vec<(State, Node<'a>, Pos<'a>)>,
    ) {
        let roots = &self.pat.roots;
        if pi == roots.len() {
            out.push((st, first.unwrap_or(pos.node()), pos));
            return;
        }
        let p = &roots[pi];
        if !matches!(p.role, Role::Dots | Role::Nest(_)) {
            if let Some(s) = next_statement(pos) {
                let mut st = st;
                if self.node(p, s, &mut st) {
                    self.seq_all(pi + 1, Pos::After(s), first.or(Some(s)), st, out);
                }
            }
            return;
        }
        let scope = self.scope_of(pos.node());
        let from = pos.end();
        if pi + 1 == roots.len() {
            // Trailing dots run to the end of the function, or to the `return`
            // (or `goto`) that ends every way from here first.
            let mut st = st;
            let end = exit_after(pos).unwrap_or(scope.end_byte().saturating_sub(1));
            let region = from..end.max(from);
            if self.region_ok(p, region.clone(), scope, &mut st) {
                if !region.is_empty() {
                    self.record(p, region, &mut st);
                }
                out.push((st, first.unwrap_or(pos.node()), pos));
            }
            return;
        }
        let next = &roots[pi + 1];
        if matches!(next.role, Role::Dots | Role::Nest(_)) {
            return;
        }
        // After a leading `...` every reachable statement may start; after a
        // matched statement, the dots stop at the first match on each way.
        let any = matches!(pos, Pos::Start(_)) || self.dots_any(p);
        let mut taken: Vec<Node> = Vec::new();
        for cand in self.reachable_of(pos, next) {
            if super::out_of_time() {
                return;
            }
            let mut st2 = st.clone();
            if !self.node(next, cand, &mut st2) {
                continue;
            }
            if !any && taken.iter().any(|m| on_the_way(*m, cand)) {
                continue;
            }
            taken.push(cand);
            let region = from..cand.start_byte().max(from);
            if !self.region_ok(p, region.clone(), scope, &mut st2) {
                continue;
            }
            if !region.is_empty() {
                self.record(p, region, &mut st2);
            }
            self.seq_all(pi + 2, Pos::After(cand), first.or(Some(cand)), st2, out);
        }
    }

    /// The `when` constraints hold over `region`, and a nest finds its matches there.
    fn region_ok(
        &self,
        dots: &PNode,
        region: Range<usize>,
        scope: Node<'a>,
        st: &mut State,
    ) -> bool {
        match dots.role {
            Role::Nest(plus) => {
                self.whens_hold(dots, region.clone(), st)
                    && self.nest_in(dots, plus, &[scope], region, st)
            }
            _ => self.whens_hold(dots, region, st),
        }
    }
}
