//! Matching a compiled pattern against a source tree, producing bindings and the
//! source range each pattern token matched.

use crate::c::{self, lex};
use crate::smpl::pattern::{PNode, PatKind, Pattern, Role};
use crate::smpl::{MetaKind, Rule};
use std::ops::Range;
use tree_sitter::{Node, Tree};

/// What a metavariable is bound to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Binding {
    /// The code as tokens (comments dropped, outer parentheses stripped): what equality means.
    pub tokens: Vec<Vec<u8>>,
    /// The exact source bytes, used when the metavariable appears in added code.
    pub text: Vec<u8>,
}

/// Bindings and token ranges of one (partial) match.
#[derive(Clone, Debug)]
pub struct State {
    pub binds: Vec<Option<Binding>>,
    /// Source range matched by each minus/context token of the pattern.
    pub ranges: Vec<Option<Range<usize>>>,
}

/// One successful match.
#[derive(Clone, Debug)]
pub struct Match {
    pub state: State,
    /// Source range of the whole match.
    pub range: Range<usize>,
    /// Name of the function the match lies in.
    pub function: Option<String>,
}

/// Matches one pattern of one rule against one file.
pub struct Matcher<'a> {
    pub rule: &'a Rule,
    pub pat: &'a Pattern,
    pub text: &'a [u8],
}

fn kinds_equal(a: &str, b: &str) -> bool {
    a == b || (c::is_identifier_kind(a) && c::is_identifier_kind(b))
}

fn is_list_kind(kind: &str) -> bool {
    matches!(
        kind,
        "argument_list" | "parameter_list" | "initializer_list" | "preproc_params"
    )
}

fn strip_parens(mut n: Node) -> Node {
    while n.kind() == "parenthesized_expression" {
        match c::code_children(n).into_iter().find(|c| c.is_named()) {
            Some(inner) => n = inner,
            None => break,
        }
    }
    n
}

/// Upper-case names (macros) count as constants, as kernel code uses them.
fn is_macro_constant(name: &[u8]) -> bool {
    name.iter().any(|b| b.is_ascii_uppercase())
        && name
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_')
}

impl<'a> Matcher<'a> {
    /// A fresh state, with inherited metavariables already bound.
    pub fn initial_state(&self, inherited: &[Option<Binding>]) -> State {
        State {
            binds: inherited.to_vec(),
            ranges: vec![None; self.pat.toks.len()],
        }
    }

    /// All matches of the pattern in the tree, in source order.
    pub fn find_all(&self, tree: &Tree, init: &State) -> Vec<Match> {
        let mut out = Vec::new();
        let mut stack = vec![tree.root_node()];
        // Pre-order walk; children pushed in reverse so earlier code comes first.
        while let Some(n) = stack.pop() {
            self.try_at(n, init, &mut out);
            let mut cur = n.walk();
            let kids: Vec<Node> = n.children(&mut cur).collect();
            stack.extend(kids.into_iter().rev());
        }
        out
    }

    fn try_at(&self, n: Node<'a>, init: &State, out: &mut Vec<Match>) {
        match self.pat.kind {
            PatKind::Ident => {
                if c::is_identifier_kind(n.kind()) {
                    self.try_ident(n.start_byte()..n.end_byte(), n, init, out);
                } else if n.kind() == "preproc_arg" {
                    // Macro bodies are raw text to the grammar: look at their tokens.
                    let body = &self.text[n.start_byte()..n.end_byte()];
                    for t in lex::tokenize(body) {
                        if t.kind == lex::TokKind::Ident {
                            self.try_ident(
                                n.start_byte() + t.start..n.start_byte() + t.end,
                                n,
                                init,
                                out,
                            );
                        }
                    }
                }
            }
            _ if self.pat.roots.len() == 1 => {
                let root = &self.pat.roots[0];
                if !n.is_named() || c::is_trivia(&n) {
                    return;
                }
                if root.role == Role::Code && !kinds_equal(root.kind, n.kind()) {
                    return;
                }
                let mut st = init.clone();
                if self.node(root, n, &mut st) {
                    out.push(Match {
                        state: st,
                        range: n.start_byte()..n.end_byte(),
                        function: c::enclosing_function_name(n, self.text),
                    });
                }
            }
            _ => {
                // Several statements or items: consecutive children of one node.
                let kids: Vec<Node> = c::code_children(n)
                    .into_iter()
                    .filter(|k| k.is_named())
                    .collect();
                let k = self.pat.roots.len();
                if kids.len() < k {
                    return;
                }
                for s in 0..=kids.len() - k {
                    let mut st = init.clone();
                    if self
                        .pat
                        .roots
                        .iter()
                        .zip(&kids[s..s + k])
                        .all(|(p, n)| self.node(p, *n, &mut st))
                    {
                        let range = kids[s].start_byte()..kids[s + k - 1].end_byte();
                        out.push(Match {
                            state: st,
                            range,
                            function: c::enclosing_function_name(kids[s], self.text),
                        });
                    }
                }
            }
        }
    }

    fn try_ident(&self, r: Range<usize>, at: Node, init: &State, out: &mut Vec<Match>) {
        let root = &self.pat.roots[0];
        let name = &self.text[r.clone()];
        let mut st = init.clone();
        let ok = match root.role {
            Role::Meta(m) => self.bind_text(m, name, &mut st),
            _ => root.text == name,
        };
        if ok {
            st.ranges[0] = Some(r.clone());
            out.push(Match {
                state: st,
                range: r,
                function: c::enclosing_function_name(at, self.text),
            });
        }
    }

    fn bind_text(&self, m: usize, name: &[u8], st: &mut State) -> bool {
        let mv = &self.rule.metavars[m];
        if let Some(c) = &mv.constraint {
            if !c.accepts(&String::from_utf8_lossy(name)) {
                return false;
            }
        }
        let b = Binding {
            tokens: vec![name.to_vec()],
            text: name.to_vec(),
        };
        match &st.binds[m] {
            Some(old) => old.tokens == b.tokens,
            None => {
                st.binds[m] = Some(b);
                true
            }
        }
    }

    fn record(&self, p: &PNode, r: Range<usize>, st: &mut State) {
        if let Some(t) = p.tok {
            st.ranges[t] = Some(match st.ranges[t].take() {
                Some(old) => old.start.min(r.start)..old.end.max(r.end),
                None => r,
            });
        }
    }

    /// Matches pattern node `p` against source node `s`.
    fn node(&self, p: &PNode, s: Node, st: &mut State) -> bool {
        if p.is_leaf() {
            match p.role {
                Role::Meta(m) => return self.bind_node(m, p, s, st),
                Role::Dots => {
                    self.record(p, s.start_byte()..s.end_byte(), st);
                    return true;
                }
                Role::Code => {}
            }
        }
        let mut s = s;
        if p.kind == "parenthesized_expression" {
            if s.kind() != "parenthesized_expression" {
                // Redundant parentheses in the pattern: match what they enclose.
                return match p.children.iter().find(|c| c.named) {
                    Some(inner) => self.node(inner, s, st),
                    None => false,
                };
            }
        } else if c::is_expression_kind(p.kind) {
            s = strip_parens(s);
        }
        if !kinds_equal(p.kind, s.kind()) {
            return false;
        }
        if p.is_leaf() {
            if p.text.as_slice() != &self.text[s.start_byte()..s.end_byte()] {
                return false;
            }
            self.record(p, s.start_byte()..s.end_byte(), st);
            return true;
        }
        let kids = c::code_children(s);
        if is_list_kind(p.kind) {
            let pk: Vec<&PNode> = p
                .children
                .iter()
                .filter(|c| c.named || c.kind != ",")
                .collect();
            let sk: Vec<Node> = kids
                .into_iter()
                .filter(|c| c.is_named() || c.kind() != ",")
                .collect();
            self.seq(&pk, 0, &sk, 0, st)
        } else {
            let pk: Vec<&PNode> = p.children.iter().collect();
            self.seq(&pk, 0, &kids, 0, st)
        }
    }

    /// Matches pattern children `ps[pi..]` against source children `ss[si..]`, with
    /// `...` and list metavariables taking any run (shortest first).
    fn seq(&self, ps: &[&PNode], pi: usize, ss: &[Node], si: usize, st: &mut State) -> bool {
        if pi == ps.len() {
            return si == ss.len();
        }
        let p = ps[pi];
        if let Some(leaf) = p.sole_leaf() {
            let list_meta = match leaf.role {
                Role::Meta(m) => self.rule.metavars[m].kind.is_list(),
                Role::Dots => true,
                Role::Code => false,
            };
            if list_meta {
                for k in si..=ss.len() {
                    let saved = st.clone();
                    if self.take_run(leaf, &ss[si..k], st) && self.seq(ps, pi + 1, ss, k, st) {
                        return true;
                    }
                    *st = saved;
                }
                return false;
            }
        }
        si < ss.len() && self.node(p, ss[si], st) && self.seq(ps, pi + 1, ss, si + 1, st)
    }

    fn take_run(&self, leaf: &PNode, run: &[Node], st: &mut State) -> bool {
        if let (Some(first), Some(last)) = (run.first(), run.last()) {
            self.record(leaf, first.start_byte()..last.end_byte(), st);
        }
        let Role::Meta(m) = leaf.role else {
            return true;
        };
        let kind = self.rule.metavars[m].kind;
        let ok_elem = |n: &Node| match kind {
            MetaKind::IdentifierList => c::is_identifier_kind(n.kind()),
            _ => c::is_expression_kind(n.kind()),
        };
        if !run.iter().all(ok_elem) {
            return false;
        }
        let mut tokens = Vec::new();
        for (i, n) in run.iter().enumerate() {
            if i > 0 {
                tokens.push(b",".to_vec());
            }
            tokens.extend(c::node_tokens(strip_parens(*n), self.text));
        }
        let text = match (run.first(), run.last()) {
            (Some(f), Some(l)) => self.text[f.start_byte()..l.end_byte()].to_vec(),
            _ => Vec::new(),
        };
        self.bind(m, Binding { tokens, text }, st)
    }

    fn bind(&self, m: usize, b: Binding, st: &mut State) -> bool {
        match &st.binds[m] {
            Some(old) => old.tokens == b.tokens,
            None => {
                st.binds[m] = Some(b);
                true
            }
        }
    }

    fn bind_node(&self, m: usize, p: &PNode, s: Node, st: &mut State) -> bool {
        let mv = &self.rule.metavars[m];
        let kind = s.kind();
        let body = &self.text[s.start_byte()..s.end_byte()];
        let ok = match mv.kind {
            MetaKind::Expression => c::is_expression_kind(kind),
            MetaKind::Identifier => c::is_identifier_kind(kind),
            MetaKind::Constant => {
                c::is_constant_kind(kind)
                    || (c::is_identifier_kind(kind) && is_macro_constant(body))
            }
            MetaKind::Type => {
                c::is_type_kind(kind) || (kind == "identifier" && p.kind == "identifier")
            }
            MetaKind::Statement => kind.ends_with("_statement") || kind == "declaration",
            MetaKind::ExpressionList | MetaKind::IdentifierList => {
                return self.take_run(p, &[s], st)
            }
        };
        if !ok {
            return false;
        }
        if let Some(c) = &mv.constraint {
            if !c.accepts(&String::from_utf8_lossy(body)) {
                return false;
            }
        }
        let b = Binding {
            tokens: c::node_tokens(strip_parens(s), self.text),
            text: body.to_vec(),
        };
        if !self.bind(m, b, st) {
            return false;
        }
        self.record(p, s.start_byte()..s.end_byte(), st);
        true
    }
}
