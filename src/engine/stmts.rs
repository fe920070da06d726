//! Statement sequences with `...` between them, over the function's control
//! flow ([`crate::c::cfg`]), with Coccinelle's meaning:
//!
//! `A ... B` matches `A`, then follows every path control can take from it;
//! each path stops at its first `B` (unless `when any`), and must not pass
//! another `A`, nor code a `when != E` excludes. In a `forall` rule (the
//! default for a rule that transforms) every path must reach a `B` whose
//! continuation matches too, except that a path may stop early at a
//! `return` or `continue`, or at a `goto` or `break` after which no `B`
//! can come (not under `when strict`); falling off the end of the function
//! without a `B` fails the match. In an `exists` rule (the default for a
//! rule that only matches), the paths that reach a `B` count and the others
//! are ignored. A path that comes back to a point it has seen (a loop) adds
//! nothing. A leading `...` starts at the function's entry; trailing dots
//! run to its end.

use super::implicit;
use super::matcher::{codes_of, Match, Matcher, State};
use crate::c;
use crate::c::cfg::{Flow, Point};
use crate::c::FastKind;
use crate::smpl::pattern::{PNode, Pattern, Role, When};
use crate::smpl::Quantifier;
use std::collections::HashSet;
use tree_sitter::Node;

/// How the dots between two pattern elements go.
struct Dots<'p> {
    leaf: &'p PNode,
    /// The element before the dots, which the dots may not pass again.
    before: Option<&'p PNode>,
    forall: bool,
    strict: bool,
    any: bool,
    /// The alternatives of the rule that are this one up to these dots
    /// (the same code before them), with their element after the dots, or
    /// `None` where they end with the dots: a path that reaches one of
    /// those elements (or the end, for `None`) is that alternative's, and
    /// no failure of this one.
    others: Vec<(&'p Pattern, Option<&'p PNode>)>,
    /// `when = S`: each statement passed is one of these.
    always: Vec<&'p Pattern>,
    /// `when != true E` / `when != false E`: tests whose true (false)
    /// branch the dots do not take.
    not_true: Vec<&'p Pattern>,
    not_false: Vec<&'p Pattern>,
    /// When the element after the dots is a `return;` ending the pattern:
    /// where the function's closing `}` is, for paths that fall off the
    /// end of its body (Coccinelle's implicit return, see `implicit`).
    implicit_end: Option<usize>,
    /// The element after the dots ends a function pattern's body.
    must_end: bool,
}

/// The elements a sequence match goes through: the rule's roots, or the
/// statements of a function pattern's body (then the last one must end the
/// body, and no other alternative shares its dots).
#[derive(Clone, Copy)]
struct Elems<'a> {
    roots: &'a [PNode],
    body: bool,
}

/// Where a walk along dots starts: the flow, the points, the bindings,
/// and whether `when`s naming what is not bound yet wait.
type Walk<'w, 'a> = (&'w Flow<'a>, Vec<Point<'a>>, &'w State, bool);

/// The statements where a walk along dots stops, each with its match.
type Ends<'a> = Vec<(Node<'a>, State)>;

/// A completed way through the pattern: its state, the first statement
/// matched and the last one (or the function body for dots alone).
type Done<'t> = (State, Node<'t>, Node<'t>);

impl<'a> Matcher<'a> {
    /// The other alternatives that share this one's code up to the dots
    /// at root `pi`, with what follows their dots.
    fn sharing(&self, pi: usize) -> Vec<(&'a Pattern, Option<&'a PNode>)> {
        let Some(dt) = self.pat.roots[pi].tok else {
            return Vec::new();
        };
        let same = |a: &crate::smpl::body::BTok, b: &crate::smpl::body::BTok| {
            a.text == b.text && a.mark == b.mark
        };
        self.siblings
            .iter()
            .filter(|q| !std::ptr::eq(*q, self.pat))
            .filter(|q| {
                q.roots
                    .get(pi)
                    .is_some_and(|r| r.role == Role::Dots && r.tok == Some(dt))
                    && q.toks.len() > dt
                    && q.toks[..dt]
                        .iter()
                        .zip(&self.pat.toks[..dt])
                        .all(|(a, b)| same(a, b))
            })
            .map(|q| (q, q.roots.get(pi + 1)))
            .collect()
    }

    /// Whether statement `s` matches the element `p` of another alternative
    /// `q`, with the bindings of `st`.
    pub(crate) fn other_matches(&self, q: &'a Pattern, p: &PNode, s: Node, st: &State) -> bool {
        let m = Matcher {
            rule: self.rule,
            pat: q,
            siblings: self.siblings,
            text: self.text,
            idx: self.idx,
            tree: self.tree,
            headers_of: self.headers_of,
            words: self.words,
            names: self.names,
            types: self.types,
            flows: self.flows,
            hints: self.hints,
            scripts: self.scripts,
            undecided: Default::default(),
            refused: Default::default(),
            limits: self.limits.clone(),
        };
        let probe = State {
            binds: st.binds.clone(),
            ranges: vec![None; q.toks.len()],
            nested: Vec::new(),
            implicit: None,
            tails: Vec::new(),
        };
        s.is_named() && m.node_matches(p, s, &probe)
    }

    fn dots_of(&self, leaf: &'a PNode, before: Option<&'a PNode>) -> Dots<'a> {
        let pat: &'a Pattern = self.pat;
        let whens = pat.whens_of(leaf.tok);
        let mut q = self.rule.paths();
        for w in whens {
            if let When::Paths(p) = w {
                q = *p;
            }
        }
        Dots {
            leaf,
            before: before.filter(|b| !matches!(b.role, Role::Dots | Role::Nest(_))),
            forall: q == Quantifier::Forall,
            strict: whens.iter().any(|w| matches!(w, When::Strict)),
            any: whens.iter().any(|w| matches!(w, When::Any)),
            others: Vec::new(),
            always: codes_of(whens, |w| match w {
                When::Always(v) => Some(v),
                _ => None,
            }),
            not_true: codes_of(whens, |w| match w {
                When::NotTrue(v) => Some(v),
                _ => None,
            }),
            not_false: codes_of(whens, |w| match w {
                When::NotFalse(v) => Some(v),
                _ => None,
            }),
            implicit_end: None,
            must_end: false,
        }
    }

    /// Tries a statement-sequence pattern starting at `n`; every way it can
    /// complete is a match.
    pub(crate) fn try_sequence_at(&self, n: Node<'a>, init: &State, out: &mut Vec<Match>) {
        let Some(func) = self.idx().function_at(n.start_byte()) else {
            return;
        };
        let Some(flow) = self.flow_of(func) else {
            return;
        };
        let flow = &*flow;
        let el = Elems {
            roots: &self.pat.roots,
            body: false,
        };
        let first = &self.pat.roots[0];
        let (start, pi, first_stmt, ways) = match first.role {
            Role::Dots | Role::Nest(_) => {
                // Candidates are function bodies (see `candidates`).
                if n.kind_fast() != "compound_statement" || n.id() != flow.body().id() {
                    return;
                }
                (vec![flow.entry()], 0, None, vec![init.clone()])
            }
            _ => {
                if !n.is_named() || !c::is_statement_kind(n.kind_fast()) {
                    return;
                }
                (
                    past(flow, first, n),
                    1,
                    Some(n),
                    self.node_all(first, n, init),
                )
            }
        };
        let mut done: Vec<Done<'a>> = Vec::new();
        self.seq_each(el, flow, pi, start, first_stmt, first_stmt, ways, &mut done);
        for (st, first_stmt, last) in done {
            let from = first_stmt.start_byte();
            let to = last.end_byte().max(from);
            out.push(Match {
                state: st,
                range: from..to,
                function: self
                    .idx()
                    .function_name_at(n.start_byte(), self.text, self.hints),
            });
        }
    }

    /// The ways the statement sequence `roots` (a conjunction's later
    /// branch) matches from statement `n`, from the bindings of `init`.
    pub(crate) fn sequence_from(
        &self,
        roots: &'a [PNode],
        n: Node<'a>,
        init: &State,
    ) -> Vec<State> {
        let (Some(first), true) = (roots.first(), c::is_statement_kind(n.kind_fast())) else {
            return Vec::new();
        };
        let Some(flow) = self
            .idx()
            .function_at(n.start_byte())
            .and_then(|f| self.flow_of(f))
        else {
            return Vec::new();
        };
        let flow = &*flow;
        let el = Elems { roots, body: false };
        let ways = self.node_all(first, n, init);
        let mut done: Vec<Done<'a>> = Vec::new();
        let start = past(flow, first, n);
        self.seq_each(el, flow, 1, start, Some(n), Some(n), ways, &mut done);
        done.into_iter().map(|(st, _, _)| st).collect()
    }

    /// The control flow of function definition `func`, made once.
    fn flow_of(&self, func: Node<'a>) -> Option<std::rc::Rc<Flow<'a>>> {
        if let Some(f) = self.flows.borrow().get(&func.id()) {
            return Some(f.clone());
        }
        let f = std::rc::Rc::new(Flow::new(func, self.text)?);
        self.flows.borrow_mut().insert(func.id(), f.clone());
        Some(f)
    }

    /// Every way the statements `elems` of a function pattern's body (one
    /// of them `...` or a nest) match `body`, the body of a function
    /// definition, along its control flow, as a rule's statement sequence
    /// does, but from the function's entry (the first element matches the
    /// first statement) to its end (the last one ends the body). `None`
    /// where the body is not one of this pattern's.
    pub(crate) fn body_ways(
        &self,
        elems: &PNode,
        body: Node<'a>,
        st: &State,
    ) -> Option<Vec<State>> {
        let elems = self.in_pattern(elems)?;
        let roots = match (elems.children.first(), elems.children.last()) {
            (Some(o), Some(c)) if o.kind == "{" && c.kind == "}" && elems.children.len() > 2 => {
                &elems.children[1..elems.children.len() - 1]
            }
            _ => return None,
        };
        let func = body
            .parent()
            .filter(|f| f.kind_fast() == "function_definition")?;
        let flow = self.flow_of(func)?;
        let flow = &*flow;
        let el = Elems { roots, body: true };
        let mut done: Vec<Done<'a>> = Vec::new();
        match roots[0].role {
            Role::Dots | Role::Nest(_) => {
                self.seq_each(
                    el,
                    flow,
                    0,
                    vec![flow.entry()],
                    None,
                    None,
                    vec![st.clone()],
                    &mut done,
                );
            }
            _ => {
                let Some(n) = crate::c::cfg::first_statement(body) else {
                    return Some(Vec::new());
                };
                let ways = self.node_all(&roots[0], n, st);
                self.seq_each(
                    el,
                    flow,
                    1,
                    past(flow, &roots[0], n),
                    Some(n),
                    Some(n),
                    ways,
                    &mut done,
                );
            }
        }
        Some(done.into_iter().map(|(st, _, _)| st).collect())
    }

    /// The node of this rule's pattern that `p` is, with the pattern's
    /// lifetime.
    fn in_pattern(&self, p: &PNode) -> Option<&'a PNode> {
        let pat: &'a Pattern = self.pat;
        let mut stack: Vec<&'a PNode> = pat.roots.iter().collect();
        while let Some(n) = stack.pop() {
            if std::ptr::eq(n, p) {
                return Some(n);
            }
            stack.extend(n.children.iter());
        }
        None
    }

    /// [`Matcher::seq_all`] for each way an element matched: each is a
    /// binding of its own, with its own paths (a `forall` failure of one
    /// throws away only what that one pushed). True when one completes.
    #[allow(clippy::too_many_arguments)]
    fn seq_each(
        &self,
        el: Elems<'a>,
        flow: &Flow<'a>,
        pi: usize,
        pos: Vec<Point<'a>>,
        first: Option<Node<'a>>,
        last: Option<Node<'a>>,
        ways: Vec<State>,
        out: &mut Vec<Done<'a>>,
    ) -> bool {
        let mut any = false;
        for st in ways {
            let mut mine = Vec::new();
            if self.seq_all(el, flow, pi, pos.clone(), first, last, st, &mut mine) {
                out.extend(mine);
                any = true;
            }
        }
        any
    }

    /// Completes the pattern from element `pi` at point `pos` (`first` and
    /// `last`: the first and last statements matched so far), pushing each
    /// way it completes. False when no way completes, or when, in a `forall`
    /// match, some path fails: then what was pushed must be thrown away.
    #[allow(clippy::too_many_arguments)]
    fn seq_all(
        &self,
        el: Elems<'a>,
        flow: &Flow<'a>,
        pi: usize,
        pos: Vec<Point<'a>>,
        first: Option<Node<'a>>,
        last: Option<Node<'a>>,
        st: State,
        out: &mut Vec<Done<'a>>,
    ) -> bool {
        if super::out_of_time() {
            return false;
        }
        let roots = el.roots;
        let body = flow.body();
        if pi == roots.len() {
            // A body's last element ends it: control goes from it to the
            // function's end (the body itself stands for the end).
            let ends_body = |l: Node<'a>| {
                l.id() == body.id()
                    || l.kind_fast() == "return_statement"
                    || flow.after(l) == Point::Exit
            };
            if el.body && !last.is_none_or(ends_body) {
                return false;
            }
            out.push((st, first.unwrap_or(body), last.unwrap_or(body)));
            return true;
        }
        let p = &roots[pi];
        if !matches!(p.role, Role::Dots | Role::Nest(_)) {
            // No dots: the very next statement of the same block (control
            // leaving a block for the statement after it is no adjacency).
            let s = match last {
                Some(prev) => match flow.next_statement(prev) {
                    Some(s) => s,
                    None => {
                        // The last statement of the function: a final
                        // `return;` matches its end.
                        let close = prev.parent().and_then(implicit::function_end);
                        return match close {
                            Some(close) if pi + 1 == roots.len() && implicit::is_bare_return(p) => {
                                let st = self.at_function_end(p, close, &st);
                                out.push((st, first.unwrap_or(body), body));
                                true
                            }
                            _ => false,
                        };
                    }
                },
                None => match pos.as_slice() {
                    [Point::At(s)] => *s,
                    _ => return false,
                },
            };
            let ways = self.node_all(p, s, &st);
            return self.seq_each(
                el,
                flow,
                pi + 1,
                past(flow, p, s),
                first.or(Some(s)),
                Some(s),
                ways,
                out,
            );
        }
        let mut dots = self.dots_of(p, pi.checked_sub(1).map(|k| &roots[k]));
        if !el.body {
            dots.others = self.sharing(pi);
        }
        dots.must_end = el.body && pi + 2 == roots.len();
        dots.implicit_end = roots
            .get(pi + 1)
            .filter(|n| pi + 2 == roots.len() && implicit::is_bare_return(n))
            .and_then(|_| implicit::function_end(body));
        let from = pos
            .iter()
            .map(|q| match q {
                Point::At(s) | Point::DoTest(s) => s.start_byte(),
                Point::Exit => body.end_byte().saturating_sub(1),
            })
            .min()
            .unwrap_or_else(|| body.end_byte().saturating_sub(1));
        if pi + 1 == roots.len() {
            // Trailing dots: every path to the end keeps to the `when`s.
            let mut st = st;
            if !self.walk_to_end(flow, pos.clone(), &dots, &st) {
                return false;
            }
            // In a function pattern's body, the dots span statements, up
            // to the last one (not the white space before the `}`).
            let end = match crate::c::cfg::last_statement(body) {
                Some(l) if el.body => l.end_byte(),
                _ => body.end_byte().saturating_sub(1),
            };
            let region = from..end.max(from);
            if let Role::Nest(plus) = p.role {
                if !self.nest_in(p, plus, &[body], region.clone(), &mut st) {
                    return false;
                }
            }
            if !region.is_empty() {
                self.record(p, region, &mut st);
            }
            out.push((st, first.unwrap_or(body), last.unwrap_or(body)));
            return true;
        }
        let next = &roots[pi + 1];
        if matches!(next.role, Role::Dots | Role::Nest(_)) {
            return false;
        }
        let Some(ends) = self.walk_from(&dots, next, (flow, pos.clone(), &st, true)) else {
            return false;
        };
        // A `when` may name what the next element binds: check the paths
        // again with each end's bindings (a path fails only then).
        let mut ends = ends;
        let deferred = self.pat.whens_of(p.tok).iter().any(|w| {
            matches!(w, When::NotMentions(code, _) if code.iter().any(|t| {
                self.rule.metavar(&t.text).is_some_and(|m| st.binds[m].is_none())
            }))
        });
        if deferred {
            let mut kept = Vec::new();
            for (cand, e) in ends {
                let again = self.walk_from(&dots, next, (flow, pos.clone(), &e, false));
                match again {
                    Some(v) if v.iter().any(|(n, _)| n.id() == cand.id()) => kept.push((cand, e)),
                    _ if dots.forall => return false,
                    _ => {}
                }
            }
            ends = kept;
        }
        // A statement the rule changes must not be reachable from the
        // function's entry without passing the first element: the change
        // would act on paths the rule did not match (spatch refuses such a
        // match: "reachable by inconsistent control-flow paths").
        if let (Some(a), true) = (first, self.rule.transforms && self.changes(next)) {
            let start = &roots[0];
            for (cand, _) in &ends {
                if self.reachable_avoiding(flow, *cand, start, &st) {
                    self.refused.borrow_mut().push((
                        cand.start_byte(),
                        format!(
                            "rule {}: not changed: this statement is also reached by paths that do not pass the match at line {}",
                            self.rule.name,
                            c::line_of(self.text, a.start_byte())
                        ),
                    ));
                    return false;
                }
            }
        }
        let mut any_done = false;
        for (cand, mut st2) in ends {
            // The function's body stands for its implicit return, at its `}`.
            let at = match dots.implicit_end {
                Some(close) if cand.id() == body.id() => close,
                _ => cand.start_byte(),
            };
            let region = from.min(at)..at;
            if let Role::Nest(plus) = p.role {
                if !self.nest_in(p, plus, &[body], region.clone(), &mut st2) {
                    if dots.forall {
                        return false;
                    }
                    continue;
                }
            }
            if !region.is_empty() {
                self.record(p, region, &mut st2);
            }
            let n = out.len();
            let after = past(flow, next, cand);
            if !self.seq_all(
                el,
                flow,
                pi + 2,
                after,
                first.or(Some(cand)),
                Some(cand),
                st2,
                out,
            ) {
                out.truncate(n);
                if dots.forall {
                    return false;
                }
                continue;
            }
            any_done = true;
        }
        any_done
    }

    /// Whether another alternative's element after the same dots matches at
    /// `q`: the path is that alternative's from there.
    fn others_take(&self, dots: &Dots<'a>, q: Point<'a>, st: &State) -> bool {
        let Point::At(s) = q else { return false };
        dots.others
            .iter()
            .any(|(o, n)| n.is_some_and(|n| self.other_matches(o, n, s, st)))
    }

    /// Whether the code of a `when` (a one-element pattern) matches `s`.
    pub(crate) fn is_when_code(&self, w: &'a Pattern, s: Node, st: &State) -> bool {
        w.roots.len() == 1 && self.other_matches(w, &w.roots[0], s, st)
    }

    /// Where control may go from `q` along the dots: every successor, but
    /// the true (false) branch of a test that a `when != true` (`false`)
    /// names. Such a branch is a path the dots may not take: under
    /// `forall` it fails the match (`None`), unless, out of `when strict`,
    /// it is an error branch (every way through it returns from the
    /// function, as spatch tolerates); under `exists` it is left out.
    fn branches(
        &self,
        flow: &Flow<'a>,
        q: Point<'a>,
        dots: &Dots<'a>,
        st: &State,
    ) -> Option<Vec<Point<'a>>> {
        let mut succ = flow.succ(q);
        if dots.not_true.is_empty() && dots.not_false.is_empty() {
            return Some(succ);
        }
        let Some(test) = flow.test(q) else {
            return Some(succ);
        };
        if succ.len() != 2 {
            return Some(succ);
        }
        let test = super::matcher::strip_parens(test);
        let named = |ws: &[&'a Pattern]| ws.iter().any(|w| self.is_when_code(w, test, st));
        let mut barred = Vec::new();
        if named(&dots.not_false) {
            barred.extend(succ.pop());
        }
        if named(&dots.not_true) {
            barred.push(succ.remove(0));
        }
        for b in barred {
            if dots.forall && (dots.strict || !self.error_branch(flow, q, b)) {
                return None;
            }
        }
        Some(succ)
    }

    /// Whether every way from `start`, a branch of the test at `q`, returns
    /// from the function by an error exit before it leaves that branch.
    fn error_branch(&self, flow: &Flow<'a>, q: Point<'a>, start: Point<'a>) -> bool {
        let Point::At(head) = q else {
            return false;
        };
        let within = head.byte_range();
        let mut seen: HashSet<Point<'a>> = HashSet::new();
        let mut stack = vec![start];
        while let Some(p) = stack.pop() {
            if !seen.insert(p) {
                continue;
            }
            let Point::At(s) = p else {
                return false;
            };
            if s.start_byte() < within.start || s.end_byte() > within.end || s.id() == head.id() {
                return false;
            }
            if s.kind_fast() == "return_statement" {
                if !flow.is_error_exit(s) {
                    return false;
                }
                continue;
            }
            stack.extend(flow.succ(p));
        }
        true
    }

    /// Whether the `when`s of `dots` let control pass point `q` (and it is
    /// not the element before the dots again).
    fn passes(
        &self,
        flow: &Flow<'a>,
        q: Point<'a>,
        dots: &Dots<'a>,
        st: &State,
        defer: bool,
    ) -> bool {
        let Some(range) = flow.own_range(q) else {
            return true;
        };
        if let (Some(before), Point::At(s), false) = (dots.before, q, dots.any) {
            if self.matches_at(before, s, st) {
                return false;
            }
        }
        // The code a nest's pattern matches is the nest's, not the code
        // between its matches that its `when`s constrain
        // (`<... when != tmp swap(i, tmp); ...>` passes `swap(l, tmp);`).
        if let (Role::Nest(_), Point::At(s), [elem]) =
            (dots.leaf.role, q, dots.leaf.children.as_slice())
        {
            if self.matches_at(elem, s, st) {
                return true;
            }
        }
        if !dots.always.is_empty() {
            let one_of = match q {
                Point::At(s) => dots.always.iter().any(|w| self.is_when_code(w, s, st)),
                _ => false,
            };
            if !one_of {
                return false;
            }
        }
        self.whens_hold_but(dots.leaf, range, st, defer)
    }

    /// Follows every path from `pos` to the end of the function; false when
    /// one passes code the dots' `when`s exclude (under `forall`).
    /// Under `exists`, true when some path gets to the end keeping to them.
    fn walk_to_end(
        &self,
        flow: &Flow<'a>,
        pos: Vec<Point<'a>>,
        dots: &Dots<'a>,
        st: &State,
    ) -> bool {
        let mut seen: HashSet<Point<'a>> = HashSet::new();
        let mut stack = pos;
        let mut reached = false;
        while let Some(q) = stack.pop() {
            if !seen.insert(q) {
                continue;
            }
            if q == Point::Exit {
                reached = true;
                continue;
            }
            if self.others_take(dots, q, st) {
                continue;
            }
            if !self.passes(flow, q, dots, st, false) {
                if dots.forall {
                    return false;
                }
                continue;
            }
            match self.branches(flow, q, dots, st) {
                Some(next) => stack.extend(next),
                None => return false,
            }
        }
        dots.forall || reached
    }

    /// [`Matcher::walk_to_next`] from the point after the element before
    /// the dots. When that element is the last of the function's body
    /// (the dots are empty there) and the dots end in a `return;`, that
    /// matches the function's implicit return at its end: `foo(); ...
    /// return;` matches a body that ends with `foo();`, as in spatch.
    fn walk_from(&self, dots: &Dots<'a>, next: &PNode, at: Walk<'_, 'a>) -> Option<Ends<'a>> {
        let (flow, starts, st, defer) = at;
        let mut fell = Vec::new();
        let starts = self.fall_off(flow, dots, next, st, starts, &mut fell);
        if starts.is_empty() {
            return (!fell.is_empty()).then_some(fell);
        }
        let mut ends =
            match self.walk_to_next(flow, starts, dots, next, st, defer, &mut HashSet::new()) {
                Some(ends) => ends,
                None if fell.is_empty() || dots.forall => return None,
                None => Vec::new(),
            };
        let body = flow.body();
        if !fell.is_empty() && !ends.iter().any(|(n, _)| n.id() == body.id()) {
            ends.extend(fell);
        }
        Some(ends)
    }

    /// Follows the paths from `pos` to their first statement matching `next`:
    /// each such statement with the state of its match. `None` when a path
    /// fails a `forall` match.
    #[allow(clippy::too_many_arguments)]
    fn walk_to_next(
        &self,
        flow: &Flow<'a>,
        starts: Vec<Point<'a>>,
        dots: &Dots<'a>,
        next: &PNode,
        st: &State,
        defer: bool,
        expanded: &mut HashSet<usize>,
    ) -> Option<Vec<(Node<'a>, State)>> {
        let mut seen: HashSet<Point<'a>> = HashSet::new();
        let mut ends: Vec<(Node<'a>, State)> = Vec::new();
        let mut stack: Vec<Point<'a>> = starts.into_iter().rev().collect();
        // Whether `next` can still come after a jump, by target point.
        let mut reach_memo: Vec<(Point<'a>, bool)> = Vec::new();
        while let Some(q) = stack.pop() {
            if super::out_of_time() {
                return None;
            }
            if !seen.insert(q) {
                continue;
            }
            let s = match q {
                Point::Exit => {
                    if dots.forall && !dots.others.iter().any(|(_, n)| n.is_none()) {
                        return None;
                    }
                    continue;
                }
                Point::At(s) => s,
                Point::DoTest(_) => {
                    if !self.passes(flow, q, dots, st, defer) {
                        if dots.forall {
                            return None;
                        }
                        continue;
                    }
                    let succ = self.branches(flow, q, dots, st)?;
                    let succ = self.fall_off(flow, dots, next, st, succ, &mut ends);
                    stack.extend(succ.into_iter().rev());
                    continue;
                }
            };
            // The last element of a function pattern's body must end the
            // body: one that does not is no stop for the dots.
            let ends_body = !dots.must_end
                || s.kind_fast() == "return_statement"
                || flow.after(s) == Point::Exit;
            let ways = if s.is_named() && ends_body {
                self.node_all(next, s, st)
            } else {
                Vec::new()
            };
            if !ways.is_empty() {
                // Each path stops at its first match. Under `when any` the
                // dots go on past it too, and the matches after it count
                // where every path from it reaches one (Coccinelle's
                // witnesses of `A[true U B]`).
                ends.extend(ways.into_iter().map(|w| (s, w)));
                if dots.any && expanded.insert(s.id()) {
                    let more =
                        self.walk_to_next(flow, flow.succ(q), dots, next, st, defer, expanded);
                    ends.extend(more.unwrap_or_default());
                }
                continue;
            }
            if self.others_take(dots, q, st) {
                continue;
            }
            if !self.passes(flow, q, dots, st, defer) {
                if dots.forall {
                    return None;
                }
                continue;
            }
            if !dots.strict {
                match s.kind_fast() {
                    // An early way out: an error path, as Coccinelle reads one.
                    "return_statement" if flow.is_error_exit(s) => continue,
                    "continue_statement" => continue,
                    "goto_statement" | "break_statement" => {
                        let targets = flow.succ(q);
                        let reach = targets.iter().any(|t| {
                            if let Some((_, r)) = reach_memo.iter().find(|(p, _)| p == t) {
                                return *r;
                            }
                            let r = self.can_reach(flow, *t, next, st);
                            reach_memo.push((*t, r));
                            r
                        });
                        if !reach {
                            continue;
                        }
                    }
                    _ => {}
                }
            }
            let succ = self.branches(flow, q, dots, st)?;
            let succ = if s.kind_fast() == "return_statement" {
                succ
            } else {
                self.fall_off(flow, dots, next, st, succ, &mut ends)
            };
            stack.extend(succ.into_iter().rev());
        }
        if ends.is_empty() {
            return None;
        }
        ends.sort_by_key(|(n, _)| n.start_byte());
        Some(ends)
    }

    /// The successors `succ` of a point that is no `return`, but for the
    /// exit: where control falls off the end of the function's body there
    /// and the dots end in a `return;`, that matches the end (once, with
    /// the body standing for it in `ends`).
    fn fall_off(
        &self,
        flow: &Flow<'a>,
        dots: &Dots<'a>,
        next: &PNode,
        st: &State,
        mut succ: Vec<Point<'a>>,
        ends: &mut Vec<(Node<'a>, State)>,
    ) -> Vec<Point<'a>> {
        let Some(close) = dots.implicit_end else {
            return succ;
        };
        if succ.contains(&Point::Exit) {
            succ.retain(|p| *p != Point::Exit);
            let body = flow.body();
            if !ends.iter().any(|(n, _)| n.id() == body.id()) {
                ends.push((body, self.at_function_end(next, close, st)));
            }
        }
        succ
    }

    /// Whether pattern element `p` changes code: a `-` token in it, or
    /// added code placed among or right after its tokens.
    pub(crate) fn changes(&self, p: &PNode) -> bool {
        let Some((lo, hi)) = super::matcher::tok_span(p) else {
            return false;
        };
        (lo..=hi).any(|k| self.pat.toks[k].mark == crate::smpl::body::Mark::Minus)
            || self
                .pat
                .chunks
                .iter()
                .any(|c| c.after.is_some_and(|a| (lo..=hi).contains(&a)))
    }

    /// Whether `target` can be reached from the function's entry without
    /// passing a statement that matches `start` (with the bindings of `st`).
    fn reachable_avoiding(
        &self,
        flow: &Flow<'a>,
        target: Node<'a>,
        start: &PNode,
        st: &State,
    ) -> bool {
        self.reaches(
            flow,
            flow.entry(),
            |s| s.id() == target.id(),
            |s| self.matches_at(start, s, st),
        )
    }

    /// Whether some path from `pos` reaches a statement matching `next`.
    fn can_reach(&self, flow: &Flow<'a>, pos: Point<'a>, next: &PNode, st: &State) -> bool {
        self.reaches(flow, pos, |s| self.matches_at(next, s, st), |_| false)
    }

    /// Whether some path from `pos` comes to a statement that is `found`,
    /// going on past none that is `blocked`.
    fn reaches(
        &self,
        flow: &Flow<'a>,
        pos: Point<'a>,
        found: impl Fn(Node<'a>) -> bool,
        blocked: impl Fn(Node<'a>) -> bool,
    ) -> bool {
        let mut seen: HashSet<Point<'a>> = HashSet::new();
        let mut stack = vec![pos];
        while let Some(q) = stack.pop() {
            if !seen.insert(q) {
                continue;
            }
            if let Point::At(s) = q {
                if found(s) {
                    return true;
                }
                if blocked(s) {
                    continue;
                }
            }
            stack.extend(flow.succ(q));
        }
        false
    }

    /// Whether pattern element `p` matches statement `s` with the bindings
    /// of `st` (which stay as they are).
    fn matches_at(&self, p: &PNode, s: Node<'a>, st: &State) -> bool {
        s.is_named() && self.node_matches(p, s, st)
    }
}

/// Where the paths go on from statement `s`, matched by the element `p`:
/// after the statement, or, when `p` is an expression written without `;`
/// that matched in the head of an `if`, a loop or a `switch`, into the
/// branches of that head, as from a node of spatch's control-flow graph
/// (`atomic_dec_and_test(&a->x) ... kfree(a);` finds the `kfree()` in the
/// `if`'s branch).
fn past<'a>(flow: &Flow<'a>, p: &PNode, s: Node<'a>) -> Vec<Point<'a>> {
    let head = matches!(
        s.kind_fast(),
        "if_statement" | "while_statement" | "for_statement" | "switch_statement"
    );
    if p.kind == crate::smpl::pattern::LOOSE && head {
        flow.succ(Point::At(s))
    } else {
        vec![flow.after(s)]
    }
}
