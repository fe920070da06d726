//! Matching a compiled pattern against a source tree, producing bindings and the
//! source range each pattern token matched.

use crate::c::FastKind;
use crate::c::{self, lex};
use crate::smpl::pattern::{PNode, PatKind, Pattern, Role, When};
use crate::smpl::{ListLen, MetaKind, Rule};
use std::ops::Range;
use tree_sitter::Node;

/// What a metavariable is bound to.
#[derive(Clone, Debug)]
pub struct Binding {
    /// The code as tokens (comments dropped, outer parentheses stripped): what equality means.
    pub tokens: Vec<Vec<u8>>,
    /// The exact source bytes, used when the metavariable appears in added code.
    pub text: Vec<u8>,
    /// Where the bound code starts in the text being matched (for code
    /// bound in this rule): a second binding of equal tokens must name the
    /// same variables there.
    pub at: Option<usize>,
    /// Bound by `T { … };` to the name a typedef gives the struct it
    /// defines: spatch compares such a T with the types of code as what
    /// the name stands for (`struct tag`), not one bound to a typedef name
    /// elsewhere.
    pub typedef_name: bool,
}

// Equal tokens are equal bindings; where they were is not part of it.
impl PartialEq for Binding {
    fn eq(&self, other: &Self) -> bool {
        self.tokens == other.tokens && self.text == other.text
    }
}

impl Eq for Binding {}

impl std::hash::Hash for Binding {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.tokens.hash(h);
        self.text.hash(h);
    }
}

/// Bindings and token ranges of one (partial) match.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub binds: Vec<Option<Binding>>,
    /// Source range matched by each minus/context token of the pattern.
    pub ranges: Vec<Option<Range<usize>>>,
    /// Matches of `<... P ...>` nests, each with its own bindings and ranges.
    pub nested: Vec<State>,
    /// The first and last pattern tokens of a `return;` matched at the end
    /// of a function's body (see `implicit`), where no code is.
    pub implicit: Option<(usize, usize)>,
    /// Code a token matched apart from its range, which goes with it when
    /// it is removed: the bounds `[4]` that T takes from `int x[4]` in
    /// `T x;`.
    pub tails: Vec<(usize, Range<usize>)>,
}

/// What to do with a way a pattern node matched: true accepts it (the
/// search stops), false asks for the next way.
pub(crate) type Then<'k> = &'k mut dyn FnMut(&mut State) -> bool;

/// The most ways of matching one node that are kept: past this many, a
/// pattern such as `f(..., E, ..., F, ...)` on a long argument list gives
/// the first ones only.
pub(crate) const MAX_WAYS: usize = 1024;

/// The distinct ways (at most [`MAX_WAYS`]) that `search`, started from
/// `st`, hands to its continuation.
fn ways_of(st: &State, search: impl FnOnce(&mut State, Then) -> bool) -> Vec<State> {
    let mut out: Vec<State> = Vec::new();
    search(&mut st.clone(), &mut |st| {
        if !out.contains(st) {
            out.push(st.clone());
        }
        out.len() >= MAX_WAYS
    });
    out
}

/// The codes of the `when`s of one kind (`pick` tells which).
pub(crate) fn codes_of<'w>(
    whens: &'w [When],
    pick: impl Fn(&'w When) -> Option<&'w Vec<Pattern>>,
) -> Vec<&'w Pattern> {
    whens.iter().filter_map(pick).flatten().collect()
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
    /// Every alternative of the rule (`pat` among them): a disjunction
    /// after `...` is one choice on each path (see `stmts`).
    pub siblings: &'a [Pattern],
    pub text: &'a [u8],
    /// Every node of the tree being matched, by kind (built on first use:
    /// a rule naming one identifier finds it through `words` instead).
    pub idx: &'a std::cell::OnceCell<c::NodeIndex<'a>>,
    /// The tree being matched, and the file it is of when its local
    /// headers are to give struct fields.
    pub tree: &'a tree_sitter::Tree,
    pub headers_of: Option<(&'a str, &'a c::types::HeaderCache)>,
    /// Where the text's identifiers are (built on first use): places
    /// lacking a required word are skipped.
    pub words: &'a std::cell::OnceCell<super::words::Words<'a>>,
    /// What the file's names are (types or variables), found on first use.
    pub names: &'a std::cell::OnceCell<c::names::FileNames>,
    /// What the file scope of the tree declares, for the types of
    /// expressions (found on first use).
    pub types: &'a std::cell::OnceCell<c::types::FileTypes<'a>>,
    /// The control flow of each function a sequence was tried in, by the
    /// function's node id (its links are found once per parse).
    pub flows:
        &'a std::cell::RefCell<std::collections::HashMap<usize, std::rc::Rc<c::cfg::Flow<'a>>>>,
    /// The macro hints the text was read with.
    pub hints: &'a c::hints::Hints,
    /// The hosts that run script constraints, and the file's name.
    pub scripts: Option<(&'a crate::script::Hosts, &'a str)>,
    /// Places where a match was not made because the front end could not
    /// tell what a name is (byte offset, why): `--verbose` shows them.
    pub undecided: std::cell::RefCell<Vec<(usize, String)>>,
    /// Places where a match was refused for safety (byte offset, why):
    /// always reported.
    pub refused: std::cell::RefCell<Vec<(usize, String)>>,
    /// What earlier rules' values allow each metavariable (`!= r.x`,
    /// `<= r.E`).
    pub limits: std::rc::Rc<super::limits::Limits>,
}

/// The binding of a position metavariable: the matched token's byte range
/// in the text being matched.
pub fn position_binding(r: Range<usize>) -> Binding {
    Binding {
        tokens: vec![
            b"@".to_vec(),
            r.start.to_string().into_bytes(),
            r.end.to_string().into_bytes(),
        ],
        text: Vec::new(),
        at: None,
        typedef_name: false,
    }
}

/// The byte range of a position binding, `None` for one whose code an
/// earlier rule rewrote.
pub fn position_range(b: &Binding) -> Option<Range<usize>> {
    let num = |t: &Vec<u8>| std::str::from_utf8(t).ok()?.parse::<usize>().ok();
    match b.tokens.as_slice() {
        [at, s, e] if at == b"@" => Some(num(s)?..num(e)?),
        _ => None,
    }
}

fn kinds_equal(a: &str, b: &str) -> bool {
    a == b
        || (c::is_identifier_kind(a) && c::is_identifier_kind(b))
        || (is_struct_meta(a) && matches!(b, "struct_specifier" | "union_specifier"))
}

/// Whether `kind` is that of a pattern `T { … }` (see `struct_meta`).
fn is_struct_meta(kind: &str) -> bool {
    kind == crate::smpl::pattern::STRUCT_META || kind == crate::smpl::pattern::STRUCT_META_DEF
}

fn is_list_kind(kind: &str) -> bool {
    matches!(
        kind,
        "argument_list"
            | "parameter_list"
            | "initializer_list"
            | "preproc_params"
            | "enumerator_list"
    )
}

pub(crate) fn strip_parens(mut n: Node) -> Node {
    while n.kind_fast() == "parenthesized_expression" {
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
            nested: Vec::new(),
            implicit: None,
            tails: Vec::new(),
        }
    }

    /// Where the identifiers are, found on first use.
    pub(crate) fn words(&self) -> &'a super::words::Words<'a> {
        self.words
            .get_or_init(|| super::words::Words::new(self.text, self.tree))
    }

    /// The node index, built on first use.
    pub(crate) fn idx(&self) -> &'a c::NodeIndex<'a> {
        self.idx.get_or_init(|| c::NodeIndex::new(self.tree))
    }

    /// All matches of the pattern in the tree, in source order.
    pub fn find_all(&self, init: &State) -> Vec<Match> {
        let mut out = Vec::new();
        if self.pat.kind == PatKind::Ident && self.pat.roots[0].role == Role::Code {
            self.find_word(init, &mut out);
            return self.finish(out);
        }
        let narrow = self.pat.kind != PatKind::Ident
            && !(self.pat.words.is_empty() && self.pat.fragments.is_empty());
        for (k, n) in self.candidates(self.idx()).into_iter().enumerate() {
            // A pathological file must not hold up the run: give up when out of time.
            if k % 64 == 0 && super::out_of_time() {
                break;
            }
            // Outside a sequence a match lies within the node it starts at, so
            // the words must too; a sequence's dots may go on past the node's
            // end, though not past its function.
            let (s, e, within) = (n.start_byte(), n.end_byte(), !self.pat.is_sequence());
            if narrow
                && !self
                    .words()
                    .all_near(&self.pat.words, &self.pat.fragments, s, e, within)
            {
                continue;
            }
            self.try_at(n, init, &mut out);
        }
        let mut out = self.finish(out);
        super::defines::find_in_bodies(self, init, &mut out);
        out
    }

    /// What the whole pattern asks of the matches found: its conjunctions
    /// hold, and added includes go where Coccinelle puts them.
    fn finish(&self, mut out: Vec<Match>) -> Vec<Match> {
        if !self.pat.conjs.is_empty() {
            out = out.into_iter().flat_map(|m| self.conjoin(m)).collect();
        }
        // Attributes the pattern names are there in the code (`attrs`).
        out.retain_mut(|m| self.attributes_hold(&mut m.state));
        self.place_includes(out)
    }

    /// Code added before an `#include` pattern goes before the first
    /// include it matches, code added after it after the last, once per
    /// file, and never at an include under `#if` (Coccinelle's rule).
    fn place_includes(&self, mut out: Vec<Match>) -> Vec<Match> {
        let pat = self.pat;
        let only_adds = pat
            .toks
            .iter()
            .all(|t| t.mark == crate::smpl::body::Mark::Context);
        if pat.roots.len() != 1 || pat.roots[0].kind != "preproc_include" || !only_adds {
            return out;
        }
        let Some(last) = pat.toks.len().checked_sub(1) else {
            return out;
        };
        let root = self.tree.root_node();
        out.retain(|m| {
            let mut n = root.descendant_for_byte_range(m.range.start, m.range.start);
            while let Some(x) = n {
                if matches!(
                    x.kind_fast(),
                    "preproc_if" | "preproc_ifdef" | "preproc_elif" | "preproc_else"
                ) {
                    return false;
                }
                n = x.parent();
            }
            true
        });
        out.sort_by_key(|m| m.range.start);
        let before = pat.chunks.iter().any(|c| c.before == Some(0));
        let after = pat.chunks.iter().any(|c| c.after == Some(last));
        match (before, after) {
            (true, false) => out.truncate(1),
            (false, true) => {
                let keep = out.len().saturating_sub(1);
                out.drain(..keep);
            }
            _ => {}
        }
        out
    }

    /// The nodes a match can start at: those of the pattern root's kind.
    fn candidates(&self, idx: &c::NodeIndex<'a>) -> Vec<Node<'a>> {
        const IDENTS: &[&str] = &[
            "identifier",
            "field_identifier",
            "type_identifier",
            "statement_identifier",
        ];
        let root = &self.pat.roots[0];
        if self.pat.kind == PatKind::Ident {
            let mut kinds = IDENTS.to_vec();
            kinds.push("preproc_arg");
            return idx.of_kinds(&kinds);
        }
        match root.role {
            Role::Dots | Role::Nest(_) => idx
                .of_kinds(&["function_definition"])
                .into_iter()
                .filter_map(|f| f.child_by_field_name("body"))
                .filter(|b| b.kind_fast() == "compound_statement")
                .collect(),
            Role::Code if self.pat.roots.len() == 1 || self.pat.is_sequence() => {
                if root.kind == crate::smpl::pattern::LOOSE {
                    // An expression without `;`: any statement may hold it.
                    idx.nodes
                        .iter()
                        .copied()
                        .filter(|n| {
                            c::is_statement_kind(n.kind_fast()) || n.kind_fast() == "declaration"
                        })
                        .collect()
                } else if c::is_identifier_kind(root.kind) {
                    idx.of_kinds(IDENTS)
                } else if root.kind == "compound_statement"
                    && (self.removes_braces(root) || self.adds_outside_braces(root))
                {
                    // A function's body keeps its braces: `- {` … `- }`
                    // unwraps block statements only. Nor can a statement be
                    // added before or after it (that would land between the
                    // function's header and its `{`, or at file scope):
                    // spatch does not add it there either.
                    idx.of_kinds(&[root.kind])
                        .into_iter()
                        .filter(|n| c::is_in_function_body(*n))
                        .collect()
                } else if is_logic_dots(root) || self.tests_bare(root) {
                    // `A || ...` also matches a bare `A` tested for truth,
                    // and `E != NULL` a bare `E` that is not already a truth
                    // value (`if (x)`, `a && x`; see `iso`).
                    let any_truth = is_logic_dots(root);
                    idx.nodes
                        .iter()
                        .copied()
                        .filter(|n| {
                            n.kind_fast() == root.kind
                                || (c::is_expression_kind(n.kind_fast())
                                    && n.kind_fast() != "parenthesized_expression"
                                    && (any_truth || !is_truth_valued(*n, self.text))
                                    && in_condition(*n))
                        })
                        .collect()
                } else if root.kind == "assignment_expression" {
                    // `x = E` also matches `T x = E;` (see `iso`).
                    idx.of_kinds(&[root.kind, "init_declarator"])
                } else if is_struct_meta(root.kind) {
                    idx.of_kinds(&["struct_specifier", "union_specifier"])
                } else if matches!(root.kind, "struct_specifier" | "union_specifier")
                    && root
                        .children
                        .iter()
                        .any(|c| c.kind == "field_declaration_list")
                {
                    // spatch matches a definition `struct t { ... }` where
                    // a type is written, not in the fields of another
                    // (it reads those as fields): a nested one is left.
                    let mut v = idx.of_kinds(&[root.kind]);
                    v.retain(|n| {
                        let mut a = n.parent();
                        while let Some(x) = a {
                            if x.kind_fast() == "field_declaration_list" {
                                return false;
                            }
                            a = x.parent();
                        }
                        true
                    });
                    v
                } else {
                    idx.of_kinds(&[root.kind])
                }
            }
            _ => idx.nodes.clone(),
        }
    }

    /// `s`, a node of this file's tree, with the tree's lifetime.
    fn own_node(&self, s: Node) -> Option<Node<'a>> {
        let mut n = self
            .tree
            .root_node()
            .descendant_for_byte_range(s.start_byte(), s.end_byte())?;
        loop {
            if n.id() == s.id() {
                return Some(n);
            }
            n = n.parent()?;
        }
    }

    /// Whether the block pattern `p` removes its own braces.
    fn removes_braces(&self, p: &PNode) -> bool {
        p.children.iter().any(|c| {
            matches!(c.kind, "{" | "}")
                && c.tok
                    .is_some_and(|t| self.pat.toks[t].mark == crate::smpl::body::Mark::Minus)
        })
    }

    /// Whether added code comes right before the block's `{` or right
    /// after its `}`: code added around the block, not inside it.
    fn adds_outside_braces(&self, p: &PNode) -> bool {
        let brace = |b: &str| p.children.iter().find(|c| c.kind == b).and_then(|c| c.tok);
        let (open, close) = (brace("{"), brace("}"));
        self.pat
            .chunks
            .iter()
            .any(|c| (open.is_some() && c.before == open) || (close.is_some() && c.after == close))
    }

    /// Whether `root` is a test `E != NULL` that, by Coccinelle's
    /// isnt_null1, also matches a bare `E` tested for truth.
    fn tests_bare(&self, root: &PNode) -> bool {
        truth_p(root).is_some_and(|(_, set)| set) && self.rule.iso(truth_iso(root))
    }

    fn try_at(&self, n: Node<'a>, init: &State, out: &mut Vec<Match>) {
        if self.pat.is_sequence() {
            self.try_sequence_at(n, init, out);
            return;
        }
        match self.pat.kind {
            PatKind::Ident => {
                if c::is_identifier_kind(n.kind_fast()) {
                    self.try_ident(n.start_byte()..n.end_byte(), n, init, out);
                } else if n.kind_fast() == "preproc_arg" {
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
                // A type alone (`int`) is not part of another
                // (`unsigned int`).
                if c::is_type_kind(root.kind)
                    && n.parent()
                        .is_some_and(|q| q.kind_fast() == "sized_type_specifier")
                {
                    return;
                }
                let init_as_assignment =
                    root.kind == "assignment_expression" && n.kind_fast() == "init_declarator";
                let tested = (self.tests_bare(root) && !is_truth_valued(n, self.text)
                    || is_logic_dots(root))
                    && in_condition(n);
                if root.role == Role::Code
                    && !init_as_assignment
                    && !tested
                    && !kinds_equal(root.kind, c::kind_in(n, self.text))
                {
                    return;
                }
                let ways = self.node_all(root, n, init);
                if !ways.is_empty() {
                    let function =
                        self.idx()
                            .function_name_at(n.start_byte(), self.text, self.hints);
                    for st in ways {
                        out.push(Match {
                            state: st,
                            range: n.start_byte()..n.end_byte(),
                            function: function.clone(),
                        });
                    }
                }
            }
            _ => {
                // Several statements or items: consecutive children of one
                // node (the `;` of `struct s { … };` at file scope is one).
                let kids: Vec<Node> = c::code_children(n)
                    .into_iter()
                    .filter(|k| k.is_named() || k.kind_fast() == ";")
                    .collect();
                let k = self.pat.roots.len();
                if kids.len() < k {
                    return;
                }
                for s in 0..=kids.len() - k {
                    let pairs: Vec<(&PNode, Node)> = self
                        .pat
                        .roots
                        .iter()
                        .zip(kids[s..s + k].iter().copied())
                        .collect();
                    let ways = ways_of(init, |st, k| self.all_k(&pairs, st, k));
                    self.note_if_capped(&ways, kids[s].start_byte());
                    let range = kids[s].start_byte()..kids[s + k - 1].end_byte();
                    for st in ways {
                        out.push(Match {
                            state: st,
                            range: range.clone(),
                            function: self.idx().function_name_at(
                                kids[s].start_byte(),
                                self.text,
                                self.hints,
                            ),
                        });
                    }
                }
            }
        }
    }

    /// A lone identifier: visits its occurrences in the text (as an identifier
    /// node, or as a token of a macro body) rather than every node.
    fn find_word(&self, init: &State, out: &mut Vec<Match>) {
        let root = self.tree.root_node();
        let word = &self.pat.roots[0].text;
        let mut macro_tokens: Option<(usize, Vec<Range<usize>>)> = None;
        for at in lex::whole_words(self.text, word) {
            let end = at + word.len();
            let Some(n) = root.descendant_for_byte_range(at, end) else {
                continue;
            };
            if c::is_identifier_kind(n.kind_fast()) && (n.start_byte(), n.end_byte()) == (at, end) {
                self.try_ident(at..end, n, init, out);
            } else if n.kind_fast() == "preproc_arg" {
                // Macro bodies are raw text to the grammar: their own tokens say
                // whether this is an identifier (not inside a string).
                if macro_tokens.as_ref().is_none_or(|(id, _)| *id != n.id()) {
                    let s = n.start_byte();
                    let toks = lex::tokenize(&self.text[s..n.end_byte()])
                        .into_iter()
                        .filter(|t| t.kind == lex::TokKind::Ident)
                        .map(|t| s + t.start..s + t.end)
                        .collect();
                    macro_tokens = Some((n.id(), toks));
                }
                if macro_tokens
                    .as_ref()
                    .is_some_and(|(_, ts)| ts.contains(&(at..end)))
                {
                    self.try_ident(at..end, n, init, out);
                }
            }
        }
    }

    fn try_ident(&self, r: Range<usize>, at: Node, init: &State, out: &mut Vec<Match>) {
        // As in spatch, a lone identifier is not the name a function
        // declarator or a parameter declares; `everywhere` says it is.
        if !self.rule.everywhere && c::names_function_or_parameter(at) {
            return;
        }
        let root = &self.pat.roots[0];
        let name = &self.text[r.clone()];
        let mut st = init.clone();
        let ok = match root.role {
            Role::Meta(m) => self.bind_text(m, name, &mut st),
            _ => root.text == name,
        };
        // `- name@p`: only where `p` allows.
        let ok = ok && self.bind_positions(&self.pat.toks[0].positions, &r, &mut st);
        if ok {
            st.ranges[0] = Some(r.clone());
            out.push(Match {
                state: st,
                range: r,
                // From the node's ancestors: building the node index for this
                // would cost more than all the rest of a rename.
                function: c::enclosing_function_name(at, self.text, self.hints),
            });
        }
    }

    pub(crate) fn bind_text(&self, m: usize, name: &[u8], st: &mut State) -> bool {
        let mv = &self.rule.metavars[m];
        if let Some(c) = &mv.constraint {
            if !c.accepts(&String::from_utf8_lossy(name)) {
                return false;
            }
        }
        let b = Binding {
            tokens: vec![name.to_vec()],
            text: name.to_vec(),
            at: None,
            typedef_name: false,
        };
        self.bind(m, b, st)
    }

    pub(crate) fn record(&self, p: &PNode, r: Range<usize>, st: &mut State) {
        if let Some(t) = p.tok {
            st.ranges[t] = Some(match st.ranges[t].take() {
                Some(old) => old.start.min(r.start)..old.end.max(r.end),
                None => r,
            });
        }
    }

    /// Whether pattern node `p` matches source node `s` from the bindings
    /// of `st` (which stay as they are), isomorphisms included.
    pub(crate) fn node_matches(&self, p: &PNode, s: Node, st: &State) -> bool {
        self.node_k(p, s, &mut st.clone(), &mut |_| true)
    }

    /// Every way pattern node `p` matches `s` from `st` (distinct, at most
    /// [`MAX_WAYS`]): `f(..., E, ...)` matches `f(a, b)` with `E` bound to
    /// `a` and with `E` bound to `b`, and an enclosing pattern or a later
    /// rule may need either.
    pub(crate) fn node_all(&self, p: &PNode, s: Node, st: &State) -> Vec<State> {
        let ways = ways_of(st, |st, k| self.node_k(p, s, st, k));
        self.note_if_capped(&ways, s.start_byte());
        ways
    }

    /// Past [`MAX_WAYS`] ways of matching one place, the rest are not
    /// looked at: `--verbose` says so (matches there may be missed).
    fn note_if_capped(&self, ways: &[State], at: usize) {
        if ways.len() >= MAX_WAYS {
            self.undecided.borrow_mut().push((
                at,
                format!(
                    "the pattern matches here in more than {MAX_WAYS} ways; only the first {MAX_WAYS} are taken, so matches may be missed"
                ),
            ));
        }
    }

    /// Matches `p` against `s` and hands each way it matches to `k`, until
    /// `k` accepts one (returns true). The state a failed way leaves in `st`
    /// is undone by whoever tries the next way.
    pub(crate) fn node_k(&self, p: &PNode, s: Node, st: &mut State, k: Then) -> bool {
        // `f@p`: the token's position is bound (or checked) with the match.
        let positions = p
            .tok
            .map_or(&[][..], |t| self.pat.toks[t].positions.as_slice());
        if !positions.is_empty() {
            let range = s.start_byte()..s.end_byte();
            return self.node_k_plain(p, s, st, &mut |st| {
                self.bind_positions(positions, &range, st) && k(st)
            });
        }
        if matches!(p.kind, "break_statement" | "continue_statement") {
            // The jump must leave the loop the pattern puts it in (see `jumps`).
            return self.node_k_plain(p, s, st, &mut |st| self.jumps_fit(st, st) && k(st));
        }
        self.node_k_plain(p, s, st, k)
    }

    /// Binds the position metavariables `names` to `range` (or checks the
    /// ones already bound).
    /// In a chain `tok@E@p`, a position after another metavariable is the
    /// position of that metavariable's code (`a +@E@p b`: `p` spans the
    /// whole sum, as in spatch), not of the token.
    fn bind_positions(&self, names: &[String], range: &Range<usize>, st: &mut State) -> bool {
        let mut range = range.clone();
        for n in names {
            let Some(m) = self.rule.metavar(n) else {
                return false;
            };
            if self.rule.metavars[m].kind == MetaKind::Comments {
                let b = super::comments::comments_around(self.tree, self.text, &range);
                if !self.bind(m, b, st) {
                    return false;
                }
                continue;
            }
            if self.rule.metavars[m].kind != MetaKind::Position {
                match self.bind_enclosing(m, &range, st) {
                    Some(code) => range = code,
                    None => return false,
                }
                continue;
            }
            let b = position_binding(range.clone());
            // Positions are compared by where they are (an earlier rule's
            // also says, as text, where scripts were told it is).
            if self.limits.excludes(m, &b, &st.binds)
                || (st.binds[m].is_none() && !self.scripts_allow(m, &b, st))
            {
                return false;
            }
            match &st.binds[m] {
                Some(old) if old.tokens != b.tokens => return false,
                Some(_) => {}
                None => st.binds[m] = Some(b),
            }
        }
        true
    }

    /// Whether binding `m` to `b` keeps every script constraint that
    /// involves `m` (as the constrained metavariable or a parameter) and
    /// whose other metavariables are bound; the others are decided when
    /// their last one binds. A script that fails refuses the binding, and
    /// says why.
    fn scripts_allow(&self, m: usize, b: &Binding, st: &State) -> bool {
        let metavars = &self.rule.metavars;
        for (c, mv) in metavars.iter().enumerate() {
            let Some(crate::smpl::Constraint::Script {
                language,
                params,
                code,
            }) = &mv.constraint
            else {
                continue;
            };
            let mut involved = vec![(mv.name.clone(), Some(c))];
            involved.extend(params.iter().map(|p| (p.clone(), self.rule.metavar(p))));
            if !involved.iter().any(|(_, i)| *i == Some(m)) {
                continue;
            }
            let Some((hosts, file)) = self.scripts else {
                self.refused.borrow_mut().push((
                    st.ranges.iter().flatten().next().map_or(0, |r| r.start),
                    format!(
                        "rule {}: a script constraint on `{}` cannot run here, so nothing matches",
                        self.rule.name, mv.name
                    ),
                ));
                return false;
            };
            let mut values = Vec::new();
            let mut complete = true;
            for (name, i) in &involved {
                let Some(i) = *i else {
                    self.refused.borrow_mut().push((
                        0,
                        format!("rule {}: the script constraint on `{}` names `{name}`, which is no metavariable of the rule", self.rule.name, mv.name),
                    ));
                    return false;
                };
                let bound = if i == m {
                    Some(b)
                } else {
                    st.binds[i].as_ref()
                };
                match bound {
                    Some(v) => values.push((
                        name.clone(),
                        super::scripts::value_of(
                            metavars[i].kind,
                            v,
                            self.text,
                            self.tree,
                            file,
                            self.hints,
                        ),
                    )),
                    None => complete = false,
                }
            }
            if !complete {
                continue;
            }
            let key = (c, format!("{values:?}"));
            if let Some(&ok) = self.limits.decided.borrow().get(&key) {
                if !ok {
                    return false;
                }
                continue;
            }
            let ok = match hosts.constraint(language, code, &values) {
                Ok(ok) => ok,
                Err(e) => {
                    self.refused.borrow_mut().push((
                        0,
                        format!(
                            "rule {}: the script constraint on `{}` failed: {e}",
                            self.rule.name, mv.name
                        ),
                    ));
                    false
                }
            };
            self.limits.decided.borrow_mut().insert(key, ok);
            if !ok {
                return false;
            }
        }
        true
    }

    /// `tok@x` with `x` not a position: `x` binds the smallest piece of
    /// code of its kind that holds the token (`f(...)@E` the call, `a <=@E
    /// b` the comparison, `f()@S` the statement, `c@i` the name `c`).
    /// Gives the range of that code when it binds.
    fn bind_enclosing(
        &self,
        m: usize,
        range: &Range<usize>,
        st: &mut State,
    ) -> Option<Range<usize>> {
        let mv = &self.rule.metavars[m];
        let mut n = self
            .tree
            .root_node()
            .descendant_for_byte_range(range.start, range.end)?;
        loop {
            let kind = c::kind_in(n, self.text);
            let fits = match mv.kind {
                MetaKind::Expression => c::is_expression_kind(kind) && !c::is_declared_name(n),
                MetaKind::Identifier => c::is_identifier_kind(kind),
                MetaKind::Constant => c::is_constant_kind(kind) || c::is_identifier_kind(kind),
                MetaKind::Statement => is_statement_code(n, kind),
                MetaKind::Declaration => kind == "declaration",
                MetaKind::Type => c::is_type_kind(kind),
                _ => false,
            };
            if fits && n.is_named() {
                break;
            }
            n = n.parent()?;
        }
        self.bind_code(m, n, st)
            .then(|| n.start_byte()..n.end_byte())
    }

    /// Binds metavariable `m` to the code of node `s` (of a kind it may
    /// bind), if its constraint, form and type allow.
    fn bind_code(&self, m: usize, s: Node, st: &mut State) -> bool {
        let mv = &self.rule.metavars[m];
        let body = &self.text[s.start_byte()..s.end_byte()];
        if mv
            .constraint
            .as_ref()
            .is_some_and(|c| !c.accepts(&String::from_utf8_lossy(body)))
        {
            return false;
        }
        if matches!(mv.kind, MetaKind::Expression | MetaKind::Constant)
            && !self.form_and_type_fit(mv, s, st)
        {
            return false;
        }
        let b = Binding {
            // `(x)` and `x` are different values, as in spatch.
            tokens: c::node_tokens(s, self.text),
            text: body.to_vec(),
            at: Some(s.start_byte()),
            typedef_name: false,
        };
        self.bind(m, b, st)
    }

    fn node_k_plain(&self, p: &PNode, s: Node, st: &mut State, k: Then) -> bool {
        if p.kind == crate::smpl::pattern::LOOSE {
            // An expression written as a sequence element without `;`:
            // somewhere in the statement's own code (not in its branches).
            let Some(e) = p.children.first() else {
                return false;
            };
            // Each place starts from the bindings before the last try.
            let saved = st.clone();
            for cand in own_expressions(s) {
                if self.node_k(e, cand, st, &mut *k) {
                    return true;
                }
                *st = saved.clone();
            }
            return false;
        }
        if s.kind_fast() == "if_statement" && self.rule.iso("neg_if") {
            if let Some(neg) = super::negif::negated_if(p) {
                if !self.iso_or_plain(p, s, &mut st.clone(), &mut |_| true) {
                    return self.iso_or_plain(&neg, s, st, k);
                }
            }
        }
        self.iso_or_plain(p, s, st, k)
    }

    fn iso_or_plain(&self, p: &PNode, s: Node, st: &mut State, k: Then) -> bool {
        if let Some(r) = self.iso(p, s, st, &mut *k) {
            return r;
        }
        self.node_plain(p, s, st, k)
    }

    /// Matches each pattern node of `pairs` against its source node, in
    /// order, every way, handing each complete way to `k`.
    fn all_k(&self, pairs: &[(&PNode, Node)], st: &mut State, k: Then) -> bool {
        match pairs.split_first() {
            None => k(st),
            Some(((p, s), rest)) => self.node_k(p, *s, st, &mut |st| self.all_k(rest, st, &mut *k)),
        }
    }

    /// Of isomorphic alternatives, the first that matches `s` at all is the
    /// one taken (as a disjunction is: a later branch only where the earlier
    /// ones do not match), with every way it matches.
    fn first_alternative(&self, alts: &[&[(&PNode, Node)]], st: &State) -> Option<usize> {
        alts.iter()
            .position(|pairs| self.all_k(pairs, &mut st.clone(), &mut |_| true))
    }

    /// The isomorphisms that apply to `p` against `s`: `Some(result)` when one
    /// decided the match, `None` to match structurally.
    fn iso(&self, p: &PNode, s: Node, st: &mut State, k: Then) -> Option<bool> {
        // A comma list with `...` (an iterator's arguments, `iter(..., E,
        // ...)`, read as `for (;; ..., E, ...)`) is a list: each element
        // against each, not the tree's nesting of commas.
        if p.kind == "comma_expression" && c::is_expression_kind(s.kind_fast()) {
            let mut pl: Vec<&PNode> = Vec::new();
            let mut stack = vec![p];
            while let Some(n) = stack.pop() {
                if n.kind == "comma_expression" {
                    stack.extend(n.children.iter().filter(|c| c.named).rev());
                } else {
                    pl.push(n);
                }
            }
            if pl.iter().any(|n| n.role == Role::Dots) {
                let mut sl: Vec<Node> = Vec::new();
                let mut stack = vec![s];
                while let Some(n) = stack.pop() {
                    if n.kind_fast() == "comma_expression" {
                        let mut cur = n.walk();
                        let kids: Vec<Node> = n.named_children(&mut cur).collect();
                        stack.extend(kids.into_iter().rev());
                    } else {
                        sl.push(n);
                    }
                }
                return Some(self.seq(&pl, 0, &sl, 0, st, k));
            }
        }
        // `x = E` also matches the initialiser of a declaration `T x = E;`
        // (`int y, x = 3;` too), as spatch reads it.
        if p.kind == "assignment_expression" && s.kind_fast() == "init_declarator" {
            return Some(self.assignment_as_initializer(p, s, st, k));
        }
        // A block in the pattern also matches a single statement without
        // braces (Coccinelle's `braces4`, `{ S } => S`, and, when the block
        // changes nothing, `braces0`–`braces3`: `{ ... }`, `{ ... S }`,
        // `{ ... S ... }`, `{ S ... }`, the dots matching nothing or the
        // statement; each can be turned off with `disable`). Not the other
        // way: a statement in the pattern does not match a block in the
        // code, as in spatch.
        if p.kind == "compound_statement"
            && s.kind_fast() != "compound_statement"
            && c::is_statement_kind(s.kind_fast())
        {
            let inner: Vec<&PNode> = p.children.iter().filter(|c| c.named).collect();
            if let [one] = inner.as_slice() {
                if one.role != Role::Dots && self.rule.iso("braces4") {
                    return Some(self.node_k(one, s, st, k));
                }
            }
            let dots = inner.iter().filter(|c| c.role == Role::Dots).count();
            let shape = match (inner.len() - dots, inner.first(), inner.last()) {
                (0, _, _) => "braces0",
                (1, Some(f), Some(l)) if f.role == Role::Dots && l.role == Role::Dots => "braces2",
                (1, Some(f), _) if f.role == Role::Dots && dots == 1 => "braces1",
                (1, _, Some(l)) if l.role == Role::Dots && dots == 1 => "braces3",
                _ => return Some(false),
            };
            let non_dots = inner.iter().find(|c| c.role != Role::Dots);
            let changes_within = non_dots.is_some_and(|e| self.changes_only_within(p, e));
            if !self.rule.iso(shape) || (self.rule.transforms && self.changes(p) && !changes_within)
            {
                return Some(false);
            }
            return Some(self.seq(&inner, 0, &[s], 0, st, k));
        }
        // `x == NULL`, `NULL == x` and `!x` are one test; so are `x != NULL` and `x` where a truth value is wanted.
        // (Coccinelle's `is_null`, `isnt_null1` and `not_ptr1`, each of which
        // `disable` can turn off: then the test matches as written.)
        // A position on the test's other tokens (`E ==@p NULL`) would have
        // nothing to stand on in another form: as in Coccinelle, the
        // isomorphism is then not applied, and the test matches as written.
        let placed = |pe: &PNode| {
            p.children
                .iter()
                .filter(|c| !std::ptr::eq(*c, pe))
                .any(|c| {
                    let mut toks = Vec::new();
                    leaf_toks(c, &mut toks);
                    toks.iter().any(|&t| !self.pat.toks[t].positions.is_empty())
                })
        };
        if let Some((pe, ppos)) =
            truth_p(p).filter(|(pe, _)| self.rule.iso(truth_iso(p)) && !placed(pe))
        {
            // A test against NULL is a pointer's: `!i` or `if (i)` of an
            // integer (an index, a CPU number) is no such test, though
            // spatch 1.1.1 takes it for one (it removed `if (!i)
            // continue;` from `for_each_irq_desc(i, desc)` bodies).
            let null_test = p.kind == "binary_expression";
            let arithmetic = |n: Node| {
                null_test
                    && c::types::type_of(n, self.text, self.file_types())
                        .is_some_and(|t| c::types::is_arithmetic(&t))
            };
            if let Some((se, spos)) = truth_s(s, self.text) {
                if ppos != spos {
                    return Some(false);
                }
                if s.kind_fast() != "binary_expression" && arithmetic(se) {
                    self.note_integer_null_test(se);
                    return Some(false);
                }
                // The test's other tokens (`==`, `NULL`, `!`) stand for the
                // source's: removing the pattern's test removes all of it.
                let p_other: Vec<&PNode> = p
                    .children
                    .iter()
                    .filter(|c| !std::ptr::eq(*c, pe))
                    .collect();
                let s_other: Vec<Node> = c::code_children(s)
                    .into_iter()
                    .filter(|c| c.id() != se.id())
                    .collect();
                return Some(self.node_k(pe, se, st, &mut |st| {
                    if let Some(last) = s_other.last() {
                        for (i, pc) in p_other.iter().enumerate() {
                            let sc = s_other.get(i).copied().unwrap_or(*last);
                            // Every token of it (`NULL` is a node holding one).
                            let mut toks = Vec::new();
                            leaf_toks(pc, &mut toks);
                            for t in toks {
                                st.ranges[t] = Some(match st.ranges[t].take() {
                                    Some(o) => {
                                        o.start.min(sc.start_byte())..o.end.max(sc.end_byte())
                                    }
                                    None => sc.byte_range(),
                                });
                            }
                        }
                    }
                    k(st)
                }));
            }
            if ppos && in_condition(s) && c::is_expression_kind(s.kind_fast()) {
                if arithmetic(s) {
                    self.note_integer_null_test(s);
                    return Some(false);
                }
                return Some(self.node_k(pe, s, st, k));
            }
            return Some(false);
        }
        // `X` tested for truth also matches `X != NULL` (Coccinelle's
        // not_ptr2), for an X the pattern types as a pointer: a metavariable
        // declared `expression *X` or `struct foo *X` (spatch does not let
        // `f(E)` or an untyped `X` match so).
        let pointer_meta = match p.role {
            Role::Meta(m) => {
                let mv = &self.rule.metavars[m];
                mv.kind == MetaKind::Expression
                    && match &mv.ty {
                        Some(crate::smpl::MetaType::Pointer(_)) => true,
                        Some(crate::smpl::MetaType::OneOf(alts)) => alts.iter().all(
                            |a| matches!(a.last(), Some(crate::smpl::TyWord::Word(w)) if w == b"*"),
                        ),
                        None => false,
                    }
            }
            _ => false,
        };
        if pointer_meta {
            if let Some((se, true)) = truth_s(s, self.text).filter(|_| self.rule.iso("not_ptr2")) {
                if in_condition(s) && s.kind_fast() == "binary_expression" {
                    // X stands for the whole test: removing X removes
                    // its `!= NULL` too.
                    let whole = s.byte_range();
                    return Some(self.node_k(p, se, st, &mut |st| {
                        if let Some(t) = p.tok {
                            st.ranges[t] = Some(whole.clone());
                        }
                        k(st)
                    }));
                }
            }
        }
        // `X` tested for truth also matches `X != 0` (and `0 != X`) where
        // the semantic patch gives X an integer type: arithmetic, a cast to
        // or a metavariable of an integer type, `sizeof` (as spatch 1.1.1
        // matches; `f(x)` or an untyped `x` does not, nor `X != NULL`).
        if let Some((se, zero_first)) = nonzero_test(s, self.text)
            .filter(|_| self.rule.iso("isnt_zero") && in_condition(s) && self.int_valued(p))
        {
            let whole = s.byte_range();
            let mut toks = Vec::new();
            leaf_toks(p, &mut toks);
            let edge = if zero_first {
                toks.first()
            } else {
                toks.last()
            }
            .copied();
            // The `!= 0` goes with X's edge token: only sound where that
            // token stays, or goes with all of X (a lone token, or tokens
            // no paired `+` line keeps), not where X is removed in part.
            let mark = |t: usize| (self.pat.toks[t].mark, self.pat.toks[t].kept);
            let removed = |t: usize| mark(t) == (crate::smpl::body::Mark::Minus, false);
            let sound = edge.is_none_or(|e| {
                let context = mark(e) == (crate::smpl::body::Mark::Context, false);
                context || toks.len() == 1 || toks.iter().all(|&t| removed(t))
            });
            let ok = sound
                && self.node_k(p, se, st, &mut |st| {
                    // Removing X's edge token removes the `!= 0` with it.
                    if let Some(r) = edge.and_then(|t| st.ranges[t].as_mut()) {
                        *r = if zero_first {
                            whole.start..r.end
                        } else {
                            r.start..whole.end
                        };
                    }
                    k(st)
                });
            if ok {
                return Some(true);
            }
        }
        // A type metavariable stands for a whole type, pointers and
        // qualifiers included (`(T)x` matches `(void *)p`).
        if p.kind == "type_descriptor" && s.kind_fast() == "type_descriptor" {
            if let Some(leaf) = p.sole_leaf() {
                if let Role::Meta(m) = leaf.role {
                    if self.rule.metavars[m].kind == MetaKind::Type {
                        if let Some(r) = self.cast_type_span(s) {
                            return Some(self.bind_type_text(m, leaf, r, st) && k(st));
                        }
                        return Some(self.bind_node(m, leaf, s, st) && k(st));
                    }
                }
            }
        }
        // A parameter or field metavariable is laid out as a declaration of
        // a type of its name: it stands for the whole declaration.
        // (A field's is followed by the `;` the layout gave it.)
        if matches!(p.kind, "parameter_declaration" | "field_declaration") {
            let named: Vec<&PNode> = p.children.iter().filter(|c| c.named).collect();
            let leaf = match named.as_slice() {
                [one] if p.kind == "field_declaration" => one.sole_leaf(),
                _ => p.sole_leaf(),
            };
            if let Some(leaf) = leaf {
                if let Role::Meta(m) = leaf.role {
                    if matches!(
                        self.rule.metavars[m].kind,
                        MetaKind::Parameter | MetaKind::Field
                    ) {
                        // `f@p`: what is attached to the metavariable too.
                        let attached = leaf
                            .tok
                            .map_or(&[][..], |t| self.pat.toks[t].positions.as_slice());
                        return Some(
                            self.bind_node(m, leaf, s, st)
                                && self.bind_positions(
                                    attached,
                                    &(s.start_byte()..s.end_byte()),
                                    st,
                                )
                                && k(st),
                        );
                    }
                }
            }
        }
        // A cast to a type metavariable is optional (Coccinelle's `drop_cast`):
        // `(T)E` also matches a plain `E`, T left unbound, unless added code
        // needs T.
        if p.kind == "cast_expression"
            && strip_parens(s).kind_fast() != "cast_expression"
            && self.rule.iso("drop_cast")
        {
            let ty = p.children.iter().find(|c| c.field == Some("type"));
            let value = p.children.iter().find(|c| c.field == Some("value"));
            if let (Some(ty), Some(value)) = (ty, value) {
                if let Some(Role::Meta(m)) = ty.sole_leaf().map(|l| l.role) {
                    let mv = &self.rule.metavars[m];
                    if mv.kind == MetaKind::Type
                        && !self.pat.adds(&mv.name)
                        && st.binds[m].is_none()
                    {
                        return Some(self.node_k(value, s, st, k));
                    }
                }
            }
        }
        // `if (E) S1 else S2` with S2 a statement metavariable also matches
        // an `if` without `else` (as spatch reads it), S2 left unbound.
        if p.kind == "if_statement"
            && s.kind_fast() == "if_statement"
            && s.child_by_field_name("alternative").is_none()
            && self.rule.iso("drop_else")
        {
            if let Some(alt) = p.children.iter().find(|c| c.field == Some("alternative")) {
                let lone_meta = alt
                    .children
                    .iter()
                    .filter(|c| c.named)
                    .find_map(|c| c.sole_leaf())
                    .and_then(|l| match l.role {
                        Role::Meta(m) => Some(m),
                        _ => None,
                    })
                    .filter(|&m| self.rule.metavars[m].kind == MetaKind::Statement);
                if let Some(m) = lone_meta {
                    // Not when the pattern names it elsewhere too (`if (...)
                    // S1 else S1` asks for two equal branches).
                    let name = &self.rule.metavars[m].name;
                    let once = self
                        .pat
                        .toks
                        .iter()
                        .filter(|t| t.is_ident && t.text == *name)
                        .count()
                        == 1;
                    if once && !self.pat.adds(name) && st.binds[m].is_none() {
                        let pk: Vec<&PNode> = p
                            .children
                            .iter()
                            .filter(|c| c.field != Some("alternative"))
                            .collect();
                        let kids = c::code_children(s);
                        return Some(self.seq(&pk, 0, &kids, 0, st, k));
                    }
                }
            }
        }
        // `A || ...` (and `&&`) matches any `||` chain with `A` among its
        // top-level operands, and `A` alone (Coccinelle's comm_assoc).
        if is_logic_dots(p) {
            let op = p.children[1].text.as_slice();
            {
                let mut operands = Vec::new();
                let mut stack = vec![strip_parens(s)];
                while let Some(n) = stack.pop() {
                    let k = c::code_children(n);
                    if n.kind_fast() == "binary_expression"
                        && k.len() == 3
                        && &self.text[k[1].byte_range()] == op
                    {
                        stack.push(k[2]);
                        stack.push(k[0]);
                    } else {
                        operands.push(n);
                    }
                }
                // `A` alone only where C reads it as a truth value (the
                // test of an `if`, a loop, `?:`, an operand of `!`, `&&`,
                // `||`), as spatch does: `E || ...` finds `if (E)` and
                // `E ? a : b`, never `x = E;` or `return E;`.
                if operands.len() == 1 && !in_condition(operands[0]) {
                    return Some(false);
                }
                let alts: Vec<[(&PNode, Node); 1]> =
                    operands.iter().map(|o| [(&p.children[0], *o)]).collect();
                let alts: Vec<&[(&PNode, Node)]> = alts.iter().map(|a| a.as_slice()).collect();
                let Some(i) = self.first_alternative(&alts, st) else {
                    return Some(false);
                };
                let o = operands[i];
                return Some(self.node_k(&p.children[0], o, st, &mut |st| {
                    if s.start_byte() < o.start_byte() || o.end_byte() < s.end_byte() {
                        self.record(&p.children[1], s.byte_range(), st);
                        self.record(&p.children[2], s.byte_range(), st);
                    }
                    k(st)
                }));
            }
        }
        // `==`, `!=`, `+`, `*`, `|` and `&` are commutative (standard.iso's
        // commeq, commneq, plus_comm, mult_comm, bitor_comm, bitand_comm).
        if p.kind == "binary_expression"
            && s.kind_fast() == "binary_expression"
            && p.children.len() == 3
        {
            let op = p.children[1].text.as_slice();
            let iso = match op {
                b"==" => Some("commeq"),
                b"!=" => Some("commneq"),
                b"+" => Some("plus_comm"),
                b"*" => Some("mult_comm"),
                b"|" => Some("bitor_comm"),
                b"&" => Some("bitand_comm"),
                _ => None,
            };
            // Not for an operator metavariable (`e1 b e2`): its
            // placeholder operator is no operator of the pattern.
            let written = !matches!(p.children[1].role, Role::Meta(_));
            if written && iso.is_some_and(|i| self.rule.iso(i)) {
                let sk = c::code_children(s);
                if sk.len() == 3 && &self.text[sk[1].start_byte()..sk[1].end_byte()] == op {
                    let (a, b) = (&p.children[0], &p.children[2]);
                    let direct = [(a, sk[0]), (b, sk[2])];
                    let swapped = [(a, sk[2]), (b, sk[0])];
                    // Edits are made in place, token by token, in the
                    // pattern's order: turned around, an edit inside would
                    // land on the wrong operand (`- kzalloc(N * sizeof(T),
                    // F)` on `sizeof(x) * n` wrote `kcalloc(sizeof(x) , n,
                    // F)`). A pattern that changes code in there matches
                    // as written only.
                    let alts: &[&[(&PNode, Node)]] = if self.edits_inside(p) {
                        &[&direct]
                    } else {
                        &[&direct, &swapped]
                    };
                    let Some(i) = self.first_alternative(alts, st) else {
                        return Some(false);
                    };
                    // What the operator carries (`c1 +@p c`, `3 +@E 4`) is
                    // bound to where it is, whichever way round.
                    let at = sk[1].start_byte()..sk[1].end_byte();
                    let marks = p.children[1]
                        .tok
                        .map_or(&[][..], |t| self.pat.toks[t].positions.as_slice());
                    return Some(self.all_k(alts[i], st, &mut |st| {
                        self.record(&p.children[1], at.clone(), st);
                        self.bind_positions(marks, &at, st) && k(st)
                    }));
                }
                return Some(false);
            }
        }
        // `sizeof(T)` with a type metavariable parses as sizeof of an expression.
        if p.kind == "sizeof_expression" && s.kind_fast() == "sizeof_expression" {
            if let (Some(ty), Some(par)) = (
                s.child_by_field_name("type"),
                p.children
                    .iter()
                    .find(|c| c.kind == "parenthesized_expression"),
            ) {
                if let Some(leaf) = par.children.iter().find(|c| c.named) {
                    if let Role::Meta(m) = leaf.role {
                        if self.rule.metavars[m].kind == MetaKind::Type {
                            let sk = c::code_children(s);
                            if !self.bind_node(m, leaf, ty, st) {
                                return Some(false);
                            }
                            for (pc, sc) in [
                                (&p.children[0], sk.first()),
                                (&par.children[0], sk.get(1)),
                                (par.children.last().expect("parens"), sk.last()),
                            ] {
                                if let Some(sc) = sc {
                                    self.record(pc, sc.start_byte()..sc.end_byte(), st);
                                }
                            }
                            return Some(k(st));
                        }
                    }
                }
            }
        }
        // A declaration of one name matches that name among several (`int i, ret;`).
        if p.kind == "declaration" && s.kind_fast() == "declaration" {
            return self.one_declarator(p, s, st, k);
        }
        None
    }

    fn node_plain(&self, p: &PNode, s: Node, st: &mut State, k: Then) -> bool {
        // A nest in an expression's place: the code there holds (`<+...`)
        // or may hold (`<...`) what it names.
        if let Role::Nest(plus) = p.role {
            let within = s.start_byte()..s.end_byte();
            let saved = st.nested.len();
            if self.whens_hold(p, within.clone(), st)
                && self.nest_in(p, plus, &[s], within, st)
                && k(st)
            {
                return true;
            }
            st.nested.truncate(saved);
            return false;
        }
        if p.kind == "preproc_arg" {
            return super::defines::match_arg(self, p, s, st, k);
        }
        if is_struct_meta(p.kind) {
            return self.struct_meta(p, s, st, k);
        }
        if p.kind == "sized_type_specifier" {
            if let Some(done) = self.sized_with_meta(p, s, st, &mut *k) {
                return done;
            }
        }
        if p.is_leaf() {
            match p.role {
                Role::Meta(m) => return self.bind_node(m, p, s, st) && k(st),
                Role::Dots => {
                    self.record(p, s.start_byte()..s.end_byte(), st);
                    return k(st);
                }
                Role::Code | Role::Nest(_) => {}
            }
        }
        let mut s = s;
        if p.kind == "parenthesized_expression" {
            if s.kind_fast() != "parenthesized_expression" {
                if !self.rule.iso("paren") {
                    return false;
                }
                // Redundant parentheses in the pattern: match what they enclose.
                return match p.children.iter().find(|c| c.named) {
                    Some(inner) => self.node_k(inner, s, st, k),
                    None => false,
                };
            }
        } else if c::is_expression_kind(p.kind) && is_statement_parens(s) {
            // The parentheses of `if (…)`, `while (…)`, `switch (…)` are
            // the statement's syntax, not an expression's. Other
            // parentheses in the code are not skipped: `A < B` does not
            // match `(i < n)` (Coccinelle's `paren` isomorphism goes the
            // other way: a pattern's `(E)` matches `E`).
            if let Some(inner) = c::code_children(s).into_iter().find(|c| c.is_named()) {
                s = inner;
            }
        }
        // `0` is also the character `'\0'` (one value, as in spatch).
        if p.is_leaf()
            && p.role == Role::Code
            && p.kind == "number_literal"
            && int_value(&p.text) == Some(0)
            && self.rule.iso("zero_multiple_format")
            && s.kind_fast() == "char_literal"
            && &self.text[s.start_byte()..s.end_byte()] == b"'\\0'"
        {
            self.record(p, s.start_byte()..s.end_byte(), st);
            return k(st);
        }
        if !kinds_equal(p.kind, c::kind_in(s, self.text)) {
            return false;
        }
        // Iterator loops and `for` loops share a node kind: the names tell
        // them apart (an `iterator` metavariable binds any iterator's name).
        if p.kind == "for_statement" {
            let name = c::iterator_name(s, self.text);
            let meta = std::str::from_utf8(&p.text)
                .ok()
                .and_then(|t| self.rule.metavar(t))
                .filter(|&m| self.rule.metavars[m].kind == MetaKind::Iterator);
            let ok = match (meta, name) {
                (Some(m), Some(name)) => self.bind_text(m, name, st),
                (Some(_), None) => false,
                (None, name) => name.unwrap_or(b"for") == p.text.as_slice(),
            };
            if !ok {
                return false;
            }
        }
        if p.is_leaf() && p.kind == "string_literal" {
            if let Some(done) = self.format_string(p, s, st, &mut *k) {
                return done;
            }
        }
        if p.is_leaf() {
            let src = &self.text[s.start_byte()..s.end_byte()];
            // Integers in any notation are one value (Coccinelle's value_format).
            let same = p.text.as_slice() == src
                || (p.kind == "number_literal"
                    && int_value(&p.text).is_some_and(|v| int_value(src) == Some(v)))
                || (p.field == Some("path") && partial_path(&p.text, src));
            if !same {
                return false;
            }
            self.record(p, s.start_byte()..s.end_byte(), st);
            return k(st);
        }
        // A function's body with `...` or a nest among its statements is
        // matched along the function's control flow, as Coccinelle does
        // (`f(...) { ... h(y); ... }` finds `h` in each branch of an `if`).
        if p.kind == "compound_statement"
            && p.children
                .iter()
                .any(|c| matches!(c.role, Role::Dots | Role::Nest(_)))
            && s.parent()
                .is_some_and(|f| f.kind_fast() == "function_definition")
        {
            let mut braced = st.clone();
            if let (Some(po), Some(pc)) = (p.children.first(), p.children.last()) {
                self.record(po, s.start_byte()..s.start_byte() + 1, &mut braced);
                self.record(
                    pc,
                    s.end_byte().saturating_sub(1)..s.end_byte(),
                    &mut braced,
                );
            }
            if let Some(ways) = self.own_node(s).and_then(|s| self.body_ways(p, s, &braced)) {
                for w in ways {
                    let saved = std::mem::replace(st, w);
                    if k(st) {
                        return true;
                    }
                    *st = saved;
                }
                return false;
            }
        }
        let kids = c::code_children(s);
        if p.kind == "initializer_list" {
            if let Some(done) = self.designated_any_order(p, &kids, st, &mut *k) {
                return done;
            }
        }
        if p.kind == "compound_statement" {
            if let Some(done) = self.switch_cases(p, s, &kids, st, &mut *k) {
                return done;
            }
        }
        if is_list_kind(p.kind) {
            let pk: Vec<&PNode> = p
                .children
                .iter()
                .filter(|c| c.named || c.kind != ",")
                .collect();
            let sk: Vec<Node> = kids
                .iter()
                .filter(|c| c.is_named() || c.kind_fast() != ",")
                .copied()
                .collect();
            self.seq(&pk, 0, &sk, 0, st, &mut |st| {
                self.place_commas(p, &kids, st);
                k(st)
            })
        } else {
            let pk: Vec<&PNode> = p.children.iter().collect();
            // `static`, `inline` and the like are optional where the pattern has none.
            let declares = matches!(p.kind, "function_definition" | "declaration");
            let kids = if declares
                && self.rule.iso("optional_storage")
                && !p
                    .children
                    .iter()
                    .any(|c| c.kind == "storage_class_specifier")
            {
                kids.into_iter()
                    .filter(|k| k.kind_fast() != "storage_class_specifier")
                    .collect()
            } else {
                kids
            };
            // So are `const` and `volatile` (Coccinelle's optional_qualifier).
            let kids = if (declares
                || matches!(p.kind, "parameter_declaration" | "field_declaration"))
                && self.rule.iso("optional_qualifier")
                && !p.children.iter().any(|c| c.kind == "type_qualifier")
            {
                kids.into_iter()
                    .filter(|k| k.kind_fast() != "type_qualifier")
                    .collect()
            } else {
                kids
            };
            // `T x;` also matches `T x = E;` where it leaves the `;` as it
            // is (spatch): the initialiser is then not looked at.
            let kids = if self.rule.iso("decl_init") && self.uninit_matches_init(p) {
                kids.into_iter().map(bare_declarator).collect()
            } else {
                kids
            };
            // Removing all of a declaration removes what it was matched
            // without (`static`, `const`, an untyped function's type).
            let whole = declares
                && if p.kind == "declaration" {
                    self.removed_whole(p)
                } else {
                    all_minus(p, &self.pat.toks)
                };
            // A function definition pattern without a return type matches
            // any: the source's type, qualifiers and storage are skipped.
            let untyped_fn = p.kind == "function_definition"
                && !p.children.iter().any(|c| c.field == Some("type"));
            // The storage words such a pattern does write (`static f(...)`)
            // must be among the source's.
            let pk: Vec<&PNode> = if untyped_fn {
                let written: Vec<Node> = kids
                    .iter()
                    .filter(|k| k.kind_fast() == "storage_class_specifier")
                    .copied()
                    .collect();
                let mut rest = Vec::new();
                for c in pk {
                    if c.kind != "storage_class_specifier" {
                        rest.push(c);
                        continue;
                    }
                    let word = c
                        .sole_leaf()
                        .and_then(|l| l.tok)
                        .map(|t| &self.pat.toks[t].text);
                    let Some(w) = written
                        .iter()
                        .find(|w| word.is_some_and(|x| self.text[w.byte_range()] == *x.as_bytes()))
                    else {
                        return false;
                    };
                    self.record(c.sole_leaf().unwrap_or(c), w.byte_range(), st);
                }
                rest
            } else {
                pk
            };
            let kids = if untyped_fn {
                let ty = s.child_by_field_name("type").map(|t| t.id());
                // The `*`s of a pointer return type are part of the type.
                kids.into_iter()
                    .map(unstar)
                    .filter(|k| {
                        Some(k.id()) != ty
                            && !matches!(
                                k.kind_fast(),
                                "storage_class_specifier"
                                    | "type_qualifier"
                                    | "attribute_specifier"
                            )
                    })
                    .collect()
            } else {
                kids
            };
            // An iterator's name is one token of the pattern, spelled over
            // several shadow tokens: it spans the whole name in the source.
            let iterator = c::iterator_name(s, self.text).map(|n| n.len());
            let name_tok = p.children.first().and_then(|c| c.tok);
            // The shadow tokens (`for`, `(`, `;`) spelled over an
            // iterator's name are the name, which was matched above (by an
            // `iterator` metavariable, or by its text): they are not matched
            // one by one (under a metavariable they differ with the names,
            // and a position on the name is the whole name's).
            let named_iterator =
                p.kind == "for_statement" && iterator.is_some() && p.text.as_slice() != b"for";
            let (pk, kids) = if named_iterator {
                let pk: Vec<&PNode> = pk.into_iter().skip_while(|c| !c.named).collect();
                let kids: Vec<Node> = kids.into_iter().skip_while(|k| !k.is_named()).collect();
                (pk, kids)
            } else {
                (pk, kids)
            };
            // `const char` and `char const` are one type, and so are
            // `const volatile int` and `volatile const int`: qualifiers
            // written after the type are compared as if before it, in one
            // order (spatch compares them as a set).
            let (pk, kids) = if matches!(
                p.kind,
                "declaration" | "parameter_declaration" | "field_declaration" | "type_descriptor"
            ) {
                (
                    qualifiers_first(
                        pk,
                        |c| c.kind,
                        |c| c.field == Some("type"),
                        |c| c.sole_leaf().map_or(&[][..], |l| l.text.as_slice()),
                    ),
                    qualifiers_first(
                        kids,
                        |n| n.kind_fast(),
                        |n| {
                            s.child_by_field_name("type")
                                .is_some_and(|t| t.id() == n.id())
                        },
                        |n| &self.text[n.byte_range()],
                    ),
                )
            } else {
                (pk, kids)
            };
            // `T x;` against `int *x;`: T takes the pointer's stars too.
            let (pk, kids) = match self.type_takes_stars(p, s, &pk, &kids, st) {
                Some(Some(both)) => both,
                Some(None) => return false,
                None => (pk, kids),
            };
            // spatch reaches a switch's cases from its head: declarations
            // before the first case are not on the way unless the pattern
            // has some there.
            let kids = if p.kind == "compound_statement"
                && s.parent()
                    .is_some_and(|w| w.kind_fast() == "switch_statement")
                && !p
                    .children
                    .iter()
                    .take_while(|c| c.kind != "case_statement")
                    .any(|c| c.kind == "declaration")
            {
                let first_case = kids
                    .iter()
                    .position(|k| k.kind_fast() == "case_statement")
                    .unwrap_or(kids.len());
                kids.iter()
                    .enumerate()
                    .filter(|(i, k)| *i >= first_case || k.kind_fast() != "declaration")
                    .map(|(_, k)| *k)
                    .collect()
            } else {
                kids
            };
            // Nothing marks the end of a case: the statements the pattern
            // gives a case are the first of its body (spatch: `case 2:
            // x = y;` matches `case 2: x = y; break;`).
            if p.kind == "case_statement" && s.kind_fast() == "case_statement" {
                for end in 0..=kids.len() {
                    let saved = st.clone();
                    if self.seq(&pk, 0, &kids[..end], 0, st, &mut *k) {
                        return true;
                    }
                    *st = saved;
                }
                return false;
            }
            self.seq(&pk, 0, &kids, 0, st, &mut |st| {
                if let (Some(len), Some(t)) = (iterator, name_tok) {
                    let name = s.start_byte()..s.start_byte() + len;
                    st.ranges[t] = Some(name.clone());
                    // `I@p(...)`: the name's tokens were not matched one by
                    // one (see above), so its positions are bound here.
                    if named_iterator
                        && !self.bind_positions(&self.pat.toks[t].positions, &name, st)
                    {
                        return false;
                    }
                }
                // Removing a function the pattern gives no type removes the
                // type (and storage) written before it too; changing its
                // head keeps them (they were not matched).
                if whole || (untyped_fn && all_minus(p, &self.pat.toks)) {
                    if let Some(t) = first_tok(p)
                        .filter(|&t| self.pat.toks[t].mark == crate::smpl::body::Mark::Minus)
                    {
                        if let Some(r) = st.ranges[t].clone() {
                            st.ranges[t] = Some(s.start_byte().min(r.start)..r.end);
                        }
                    }
                }
                k(st)
            })
        }
    }

    /// `unsigned T` against `unsigned long long int`: the words the pattern
    /// writes start the source's, and the `type` metavariable binds the
    /// rest (`long long int`), as spatch. `None` when `p` does not end in a
    /// type metavariable.
    fn sized_with_meta(&self, p: &PNode, s: Node, st: &mut State, k: Then) -> Option<bool> {
        let (last, words) = p.children.split_last()?;
        let Role::Meta(m) = last.role else {
            return None;
        };
        if self.rule.metavars[m].kind != MetaKind::Type || !last.is_leaf() {
            return None;
        }
        if s.kind_fast() != "sized_type_specifier" {
            return Some(false);
        }
        let kids = c::code_children(s);
        if kids.len() <= words.len() {
            return Some(false);
        }
        for (w, n) in words.iter().zip(&kids) {
            if !w.is_leaf() || w.text.as_slice() != &self.text[n.byte_range()] {
                return Some(false);
            }
        }
        let rest = &kids[words.len()..];
        let span = rest[0].start_byte()..rest[rest.len() - 1].end_byte();
        let b = Binding {
            tokens: rest
                .iter()
                .flat_map(|n| c::node_tokens(*n, self.text))
                .collect(),
            text: self.text[span.clone()].to_vec(),
            at: None,
            typedef_name: false,
        };
        if !self.bind(m, b, st) {
            return Some(false);
        }
        for (w, n) in words.iter().zip(&kids) {
            self.record(w, n.byte_range(), st);
        }
        self.record(last, span, st);
        Some(k(st))
    }

    /// A declaration pattern whose type is a type metavariable, `T x;`
    /// (`T x = E;`, a parameter `T x`, a field), against one declarator
    /// behind pointers, `int *x;`: as in spatch, T binds the type with the
    /// stars (`int *`, `const char * const *`), and the rest matches the
    /// name within. `None` when the pattern or the source is not of that
    /// shape; `Some(None)` when T cannot take that type; else the pattern
    /// and source children left to match (type gone, the declarator
    /// replaced by what the stars hold).
    #[allow(clippy::type_complexity)]
    fn type_takes_stars<'p, 't>(
        &self,
        p: &'p PNode,
        s: Node<'t>,
        pk: &[&'p PNode],
        kids: &[Node<'t>],
        st: &mut State,
    ) -> Option<Option<(Vec<&'p PNode>, Vec<Node<'t>>)>> {
        if !matches!(
            p.kind,
            "declaration" | "parameter_declaration" | "field_declaration"
        ) {
            return None;
        }
        let pty = pk.iter().position(|c| c.field == Some("type"))?;
        let leaf = pk[pty].sole_leaf()?;
        let Role::Meta(m) = leaf.role else {
            return None;
        };
        if self.rule.metavars[m].kind != MetaKind::Type {
            return None;
        }
        let pdecls: Vec<usize> = (0..pk.len())
            .filter(|&i| pk[i].field == Some("declarator"))
            .collect();
        let mut cur = s.walk();
        // (An initialised declarator may stand for itself: see
        // `uninit_matches_init`.)
        let declarators: Vec<usize> = s
            .children_by_field_name("declarator", &mut cur)
            .flat_map(|d| [d.id(), bare_declarator(d).id()])
            .collect();
        let sdecls: Vec<usize> = (0..kids.len())
            .filter(|&i| declarators.contains(&kids[i].id()))
            .collect();
        let ty_id = s.child_by_field_name("type")?.id();
        let sty = kids.iter().position(|k| k.id() == ty_id)?;
        let ([pd], [sd]) = (pdecls.as_slice(), sdecls.as_slice()) else {
            return None;
        };
        let (pd, sd) = (*pd, *sd);
        // The declarator and, for `x = E`, the rest of the init_declarator.
        let (sdecl, init_rest): (Node<'t>, Vec<Node<'t>>) =
            if kids[sd].kind_fast() == "init_declarator" {
                let d = kids[sd].child_by_field_name("declarator")?;
                let rest = c::code_children(kids[sd])
                    .into_iter()
                    .filter(|c| c.id() != d.id())
                    .collect();
                (d, rest)
            } else {
                (kids[sd], Vec::new())
            };
        if !matches!(sdecl.kind_fast(), "pointer_declarator" | "array_declarator") {
            return None;
        }
        let mut inner = sdecl;
        while inner.kind_fast() == "pointer_declarator" {
            inner = inner.child_by_field_name("declarator")?;
        }
        // `int x[4]`: T takes the bounds too (`int [4]`), as in spatch,
        // where the rule replaces T (written back, `int [4] y` would be no
        // C: spatch puts the bounds after the name, sempatch does not).
        let mut tail = None;
        if inner.kind_fast() == "array_declarator" {
            let replaced = leaf
                .tok
                .is_some_and(|t| self.pat.toks[t].mark == crate::smpl::body::Mark::Minus);
            if !replaced || self.pat.adds(&self.rule.metavars[m].name) {
                return None;
            }
            let name = inner.child_by_field_name("declarator")?;
            if !matches!(name.kind_fast(), "identifier" | "field_identifier") {
                return None;
            }
            tail = Some(name.end_byte()..inner.end_byte());
            inner = name;
        }
        // The pattern's declarator must be a plain name (with `= E`).
        let pdecl = pk[pd];
        // (A field's name is a `field_identifier`.)
        let is_name = |k: &str| matches!(k, "identifier" | "field_identifier");
        let pname_ok =
            |n: &PNode| is_name(n.kind) || n.sole_leaf().is_some_and(|l| is_name(l.kind));
        let pflat: Vec<&'p PNode> = if pdecl.kind == "init_declarator" {
            let kids_p: Vec<&PNode> = pdecl.children.iter().collect();
            if !kids_p.first().is_some_and(|d| pname_ok(d)) || init_rest.is_empty() {
                return None;
            }
            kids_p
        } else if pname_ok(pdecl) && init_rest.is_empty() {
            vec![pdecl]
        } else {
            return None;
        };
        let ty = kids[sty];
        let span = ty.start_byte()..inner.start_byte();
        let head = self.text[span.clone()].trim_ascii_end();
        let mut text = head.to_vec();
        if let Some(t) = &tail {
            text.push(b' ');
            text.extend_from_slice(self.text[t.clone()].trim_ascii());
        }
        let tokens = c::lex::tokenize(&text)
            .iter()
            .map(|t| text[t.start..t.end].to_vec())
            .collect();
        let b = Binding {
            tokens,
            text: text.clone(),
            at: None,
            typedef_name: false,
        };
        if !self.bind(m, b, st) {
            return Some(None);
        }
        self.record(leaf, span.start..span.start + head.len(), st);
        if let (Some(t), Some(tok)) = (tail, leaf.tok) {
            st.tails.push((tok, t));
        }
        let mut pk2: Vec<&'p PNode> = Vec::new();
        for (i, c) in pk.iter().enumerate() {
            if i == pty {
                continue;
            }
            if i == pd {
                pk2.extend(pflat.iter().copied());
            } else {
                pk2.push(c);
            }
        }
        let mut kids2: Vec<Node<'t>> = Vec::new();
        for (i, c) in kids.iter().enumerate() {
            if i == sty {
                continue;
            }
            if i == sd {
                kids2.push(inner);
                kids2.extend(init_rest.iter().copied());
            } else {
                kids2.push(*c);
            }
        }
        Some(Some((pk2, kids2)))
    }

    /// Matches pattern children `ps[pi..]` against source children `ss[si..]`, with
    /// `...` and list metavariables taking any run (shortest first), handing
    /// each complete way to `k`.
    fn seq(
        &self,
        ps: &[&PNode],
        pi: usize,
        ss: &[Node],
        si: usize,
        st: &mut State,
        k: Then,
    ) -> bool {
        if pi == ps.len() {
            return si == ss.len() && k(st);
        }
        let p = ps[pi];
        if let Role::Nest(plus) = p.role {
            for to in si..=ss.len() {
                let saved = st.clone();
                if to > si {
                    let within = ss[si].start_byte()..ss[to - 1].end_byte();
                    // The nest's `when`s hold over what it spans.
                    if !self.whens_hold(p, within.clone(), st)
                        || !self.nest_in(p, plus, &ss[si..to], within, st)
                    {
                        *st = saved;
                        continue;
                    }
                } else if plus {
                    continue;
                }
                if self.seq(ps, pi + 1, ss, to, st, &mut *k) {
                    return true;
                }
                *st = saved;
            }
            return false;
        }
        if let Some(leaf) = p.sole_leaf() {
            let list_meta = match leaf.role {
                Role::Meta(m) => self.rule.metavars[m].kind.is_list(),
                Role::Dots => true,
                Role::Code | Role::Nest(_) => false,
            };
            if list_meta {
                // Dots among a block's statements stop at the first
                // statement the next element matches (Coccinelle's `...`
                // is the shortest way there), unless `when any`.
                let stops = (leaf.role == Role::Dots
                    && !self.pat.whens_of(leaf.tok).iter().any(|w| matches!(w, When::Any)))
                .then(|| ps.get(pi + 1))
                .flatten()
                .filter(|n| {
                    c::is_statement_kind(n.kind)
                        || matches!(n.role, Role::Meta(m) if self.rule.metavars[m].kind == MetaKind::Statement)
                });
                for to in si..=ss.len() {
                    if super::out_of_time() {
                        return false;
                    }
                    if let Some(next) = stops {
                        if to > si
                            && c::is_statement_kind(ss[to - 1].kind_fast())
                            && self.node_matches(next, ss[to - 1], st)
                        {
                            return false;
                        }
                    }
                    let saved = st.clone();
                    if self.take_run(leaf, &ss[si..to], st)
                        && self.run_positions(leaf, &ss[si..to], st)
                        && self.seq(ps, pi + 1, ss, to, st, &mut *k)
                    {
                        return true;
                    }
                    *st = saved;
                }
                return false;
            }
        }
        // `return;` right before a function body's `}` also matches where
        // control falls off the end of the body (see `implicit`).
        if ss.get(si).is_some_and(|n| n.kind_fast() == "}")
            && ps.get(pi + 1).is_some_and(|n| n.kind == "}")
            && super::implicit::is_bare_return(p)
        {
            if let Some(close) = ss[si].parent().and_then(super::implicit::function_end) {
                let saved = st.clone();
                *st = self.at_function_end(p, close, st);
                if self.seq(ps, pi + 1, ss, si, st, &mut *k) {
                    return true;
                }
                *st = saved;
            }
        }
        if si >= ss.len() {
            return false;
        }
        let rest = &mut |st: &mut State| self.seq(ps, pi + 1, ss, si + 1, st, &mut *k);
        if p.field == Some("update") {
            self.for_step(p, ss[si], st, rest)
        } else {
            self.node_k(p, ss[si], st, rest)
        }
    }

    /// Designated initialisers name their fields: as in spatch, the
    /// pattern's may come in any order, among any others, and `{ }` stands
    /// for any designated initialiser. `None` when `p` (an
    /// `initializer_list`) is not read so.
    fn designated_any_order(
        &self,
        p: &PNode,
        kids: &[Node],
        st: &mut State,
        k: Then,
    ) -> Option<bool> {
        let pairs: Vec<&PNode> = p
            .children
            .iter()
            .filter(|c| c.named && c.role != Role::Dots)
            .collect();
        let designated = |n: &Node| n.kind_fast() == "initializer_pair";
        let sk: Vec<Node> = kids.iter().filter(|c| designated(c)).copied().collect();
        let source_designated =
            !sk.is_empty() && kids.iter().filter(|c| c.is_named()).all(designated);
        if !pairs.iter().all(|c| c.kind == "initializer_pair")
            || (pairs.is_empty() && !source_designated)
        {
            return None;
        }
        // With no element of its own, `{ }` places code added inside it by
        // its braces (elements matched in any order place it by themselves).
        for c in p
            .children
            .iter()
            .filter(|c| pairs.is_empty() && matches!(c.kind, "{" | "}"))
        {
            if let Some(b) = kids.iter().find(|n| n.kind_fast() == c.kind) {
                self.record(c, b.byte_range(), st);
            }
        }
        let mut used = vec![false; sk.len()];
        Some(self.pairs_any_order(&pairs, &sk, &mut used, st, &mut |st| {
            self.trailing_dots_span(p, &pairs, &sk, st);
            self.place_commas(p, kids, st);
            k(st)
        }))
    }

    /// Dots that end an initialiser pattern matched in any order stand for
    /// the elements after the last one the pattern's elements took: code
    /// added after them goes after the list's last element, as in spatch.
    fn trailing_dots_span(&self, p: &PNode, pairs: &[&PNode], sk: &[Node], st: &mut State) {
        let Some(dots) = p.children.iter().rev().find(|c| c.named) else {
            return;
        };
        if dots.role != Role::Dots {
            return;
        }
        let Some(taken) = pairs
            .iter()
            .filter_map(|e| root_range(e, st).map(|r| r.end))
            .max()
        else {
            return;
        };
        let rest: Vec<&Node> = sk.iter().filter(|n| n.start_byte() >= taken).collect();
        if let (Some(first), Some(last)) = (rest.first(), rest.last()) {
            self.record(dots, first.start_byte()..last.end_byte(), st);
        }
    }

    /// The cases of a `switch` are branches of it: as in spatch, those a
    /// pattern's body lists (`switch (x) { case A: ... break; case B: ...
    /// }`) match cases of the code in any order, among any others. `None`
    /// when `p` is not such a body (its elements are not all cases), or
    /// `s` no `switch`'s body.
    fn switch_cases(
        &self,
        p: &PNode,
        s: Node,
        kids: &[Node],
        st: &mut State,
        k: Then,
    ) -> Option<bool> {
        let cases: Vec<&PNode> = p.children.iter().filter(|c| c.named).collect();
        let all_cases = !cases.is_empty()
            && cases
                .iter()
                .all(|c| c.kind == "case_statement" && c.role == Role::Code);
        let in_switch = s.parent().is_some_and(|q| {
            q.kind_fast() == "switch_statement"
                && q.child_by_field_name("body")
                    .is_some_and(|b| b.id() == s.id())
        });
        if !all_cases || !in_switch {
            return None;
        }
        for c in p.children.iter().filter(|c| matches!(c.kind, "{" | "}")) {
            if let Some(b) = kids.iter().find(|n| n.kind_fast() == c.kind) {
                self.record(c, b.byte_range(), st);
            }
        }
        let sk: Vec<Node> = kids
            .iter()
            .filter(|c| c.kind_fast() == "case_statement")
            .copied()
            .collect();
        let mut used = vec![false; sk.len()];
        Some(self.pairs_any_order(&cases, &sk, &mut used, st, k))
    }

    /// Matches each of `ps` to a different one of `ss` not `used` yet, in
    /// any order, every way, handing each complete way to `k`.
    fn pairs_any_order(
        &self,
        ps: &[&PNode],
        ss: &[Node],
        used: &mut [bool],
        st: &mut State,
        k: Then,
    ) -> bool {
        let Some((p, rest)) = ps.split_first() else {
            return k(st);
        };
        for i in 0..ss.len() {
            if used[i] {
                continue;
            }
            used[i] = true;
            let saved = st.clone();
            let done = self.node_k(p, ss[i], st, &mut |st| {
                let mut u = used.to_vec();
                self.pairs_any_order(rest, ss, &mut u, st, &mut *k)
            });
            if done {
                return true;
            }
            *st = saved;
            used[i] = false;
        }
        false
    }

    /// The metavariables attached to a list metavariable (`P@p`, `Ps@Es`)
    /// for the run it took: a position spans the run (none for an empty
    /// one); an expression list after a parameter list binds the names
    /// the parameters declare, an argument list for them (Coccinelle's
    /// manual: `Ps@Es`).
    fn run_positions(&self, leaf: &PNode, run: &[Node], st: &mut State) -> bool {
        let names = leaf
            .tok
            .map_or(&[][..], |t| self.pat.toks[t].positions.as_slice());
        if names.is_empty() {
            return true;
        }
        let params = matches!(leaf.role, Role::Meta(m) if self.rule.metavars[m].kind == MetaKind::ParameterList);
        let range = match (run.first(), run.last()) {
            (Some(first), Some(last)) => Some(first.start_byte()..last.end_byte()),
            _ => None,
        };
        for n in names {
            let Some(m) = self.rule.metavar(n) else {
                return false;
            };
            match self.rule.metavars[m].kind {
                MetaKind::Position => {
                    let Some(range) = &range else { continue };
                    if !self.bind_positions(std::slice::from_ref(n), range, st) {
                        return false;
                    }
                }
                MetaKind::ExpressionList if params => {
                    let Some(b) = self.parameter_names(run) else {
                        return false;
                    };
                    if !self.bind(m, b, st) {
                        return false;
                    }
                }
                // The code of its kind around the run, as around a token.
                _ => {
                    let Some(range) = &range else { continue };
                    if self.bind_enclosing(m, range, st).is_none() {
                        return false;
                    }
                }
            }
        }
        true
    }

    /// The names parameters `run` declare, as an expression list (`int x,
    /// int y` gives `x, y`); `None` when one declares none (`int`).
    fn parameter_names(&self, run: &[Node]) -> Option<Binding> {
        let mut tokens = Vec::new();
        let mut text = Vec::new();
        for (i, p) in run.iter().enumerate() {
            let d = p.child_by_field_name("declarator")?;
            let name = &self.text[c::names::declared_name(d)?.byte_range()];
            if i > 0 {
                tokens.push(b",".to_vec());
                text.extend_from_slice(b", ");
            }
            tokens.push(name.to_vec());
            text.extend_from_slice(name);
        }
        Some(Binding {
            tokens,
            text,
            at: None,
            typedef_name: false,
        })
    }

    fn take_run(&self, leaf: &PNode, run: &[Node], st: &mut State) -> bool {
        if let (Some(first), Some(last)) = (run.first(), run.last()) {
            if leaf.role == Role::Dots
                && (!self.whens_hold(leaf, first.start_byte()..last.end_byte(), st)
                    || !self.run_keeps_whens(leaf, run, st))
            {
                return false;
            }
            self.record(leaf, first.start_byte()..last.end_byte(), st);
        }
        let Role::Meta(m) = leaf.role else {
            return true;
        };
        let mv = &self.rule.metavars[m];
        let kind = mv.kind;
        let ok_elem = |n: &Node| {
            let k = n.kind_fast();
            match kind {
                MetaKind::IdentifierList => c::is_identifier_kind(k),
                MetaKind::StatementList => c::is_statement_kind(k) && c::is_in_function_body(*n),
                MetaKind::ParameterList => is_parameter(*n, self.text),
                MetaKind::FieldList => k == "field_declaration",
                MetaKind::InitializerList => is_initializer_element(k),
                _ => c::is_expression_kind(k),
            }
        };
        if !run.iter().all(ok_elem) {
            return false;
        }
        match &mv.len {
            Some(ListLen::Fixed(n)) if *n != run.len() => return false,
            Some(ListLen::Meta(name)) => {
                let Some(lm) = self.rule.metavar(name) else {
                    return false;
                };
                // `bind_text` checks a constraint (`[n = {1...3}]`) too.
                if !self.bind_text(lm, run.len().to_string().as_bytes(), st) {
                    return false;
                }
            }
            _ => {}
        }
        let mut tokens = Vec::new();
        for (i, n) in run.iter().enumerate() {
            if i > 0 && kind.comma_separated() {
                tokens.push(b",".to_vec());
            }
            tokens.extend(c::node_tokens(strip_parens(*n), self.text));
        }
        let text = match (run.first(), run.last()) {
            (Some(f), Some(l)) => self.text[f.start_byte()..l.end_byte()].to_vec(),
            _ => Vec::new(),
        };
        self.bind(
            m,
            Binding {
                tokens,
                text,
                at: None,
                typedef_name: false,
            },
            st,
        )
    }

    /// Whether two bindings of equal tokens, both made in this text, name
    /// the same variables: `a` inside a block that declares its own `a` is
    /// another variable than the `a` outside (spatch keeps them apart).
    fn same_variables(&self, old: &Binding, new: &Binding) -> bool {
        let (Some(a), Some(b)) = (old.at, new.at) else {
            return true;
        };
        if a == b {
            return true;
        }
        let root = self.tree.root_node();
        let ids = |at: usize, len: usize| -> Vec<Node> {
            let Some(mut n) = root.descendant_for_byte_range(at, at + len) else {
                return Vec::new();
            };
            while n.end_byte() - n.start_byte() < len {
                match n.parent() {
                    Some(p) => n = p,
                    None => break,
                }
            }
            let mut out = Vec::new();
            let mut stack = vec![n];
            while let Some(k) = stack.pop() {
                if k.kind_fast() == "identifier" {
                    out.push(k);
                }
                let mut cur = k.walk();
                let kids: Vec<Node> = k.named_children(&mut cur).collect();
                stack.extend(kids.into_iter().rev());
            }
            out
        };
        let (xs, ys) = (ids(a, old.text.len()), ids(b, new.text.len()));
        xs.len() == ys.len()
            && xs.iter().zip(&ys).all(|(x, y)| {
                c::types::declaration_of(*x, self.text, self.file_types())
                    == c::types::declaration_of(*y, self.text, self.file_types())
            })
    }

    pub(crate) fn bind(&self, m: usize, b: Binding, st: &mut State) -> bool {
        if !self.limits.allows(m, &b, &st.binds) || !self.scripts_allow(m, &b, st) {
            return false;
        }
        match &st.binds[m] {
            Some(old) => {
                old.tokens == b.tokens
                    && (self.rule.metavars[m].kind != MetaKind::Expression
                        || self.same_variables(old, &b))
            }
            None => {
                st.binds[m] = Some(b);
                true
            }
        }
    }

    fn bind_node(&self, m: usize, p: &PNode, s: Node, st: &mut State) -> bool {
        let mv = &self.rule.metavars[m];
        let kind = c::kind_in(s, self.text);
        if mv.kind == MetaKind::Type && p.kind == "identifier" {
            if let Some(r) = self.type_argument(s) {
                return self.bind_type_text(m, p, r, st);
            }
        }
        let ok = match mv.kind {
            MetaKind::Expression => c::is_expression_kind(kind) && !c::is_declared_name(s),
            MetaKind::Identifier => c::is_identifier_kind(kind),
            MetaKind::Constant => self.is_constant(s),
            MetaKind::Type => {
                // The name a typedef declares is no use of a type (spatch
                // leaves it to a pattern that declares one).
                let declared = s.parent().is_some_and(|q| {
                    q.kind_fast() == "type_definition"
                        && q.child_by_field_name("type")
                            .is_none_or(|t| t.id() != s.id())
                }) && p.field != Some("declarator");
                !declared
                    && (c::is_type_kind(kind)
                        || (kind == "identifier"
                            && p.kind == "identifier"
                            && (self.is_type_keyword_alone(s) || self.names_a_type(s))))
            }
            MetaKind::Statement => is_statement_code(s, kind),
            // Attached to tokens (`f@p`), never a placeholder for code.
            MetaKind::Position | MetaKind::Comments => false,
            MetaKind::Declaration => kind == "declaration",
            // The loop's name, matched with the loop (see `node_plain`).
            MetaKind::Iterator => false,
            // Only in added code: never matched.
            MetaKind::Fresh => false,
            MetaKind::BinaryOp | MetaKind::AssignOp => {
                let parent = if mv.kind == MetaKind::BinaryOp {
                    "binary_expression"
                } else {
                    "assignment_expression"
                };
                !s.is_named()
                    && s.parent().is_some_and(|q| {
                        q.kind_fast() == parent
                            && q.child_by_field_name("operator")
                                .is_some_and(|o| o.id() == s.id())
                    })
            }
            MetaKind::Parameter => is_parameter(s, self.text),
            MetaKind::Field => kind == "field_declaration",
            MetaKind::Initializer => is_initializer_element(kind),
            // Bound by the list it counts (see `take_run`).
            MetaKind::Length => false,
            // Bound inside format strings (see `format`), or where an
            // attribute is (see `attrs`), never to a node.
            MetaKind::Format | MetaKind::FormatList | MetaKind::Attribute => false,
            MetaKind::ExpressionList
            | MetaKind::IdentifierList
            | MetaKind::StatementList
            | MetaKind::ParameterList
            | MetaKind::FieldList
            | MetaKind::InitializerList => return self.take_run(p, &[s], st),
        };
        if !ok || !self.bind_code(m, s, st) {
            return false;
        }
        self.record(p, s.start_byte()..s.end_byte(), st);
        true
    }

    /// The whole of a macro's argument that is a type the front end reads
    /// as a name or a call (`list_entry(p, struct foo, m)`, `typeof(*p)`):
    /// the code a `type` metavariable binds there. None for other code.
    fn type_argument(&self, s: Node) -> Option<Range<usize>> {
        if s.parent()?.kind_fast() != "argument_list" {
            return None;
        }
        let (before, after) = (s.prev_sibling()?, s.next_sibling()?);
        if s.kind_fast() == "call_expression" {
            let f = s.child_by_field_name("function")?;
            let typeof_ = matches!(
                &self.text[f.byte_range()],
                b"typeof" | b"__typeof__" | b"__typeof"
            );
            return typeof_.then(|| s.byte_range());
        }
        if s.kind_fast() != "identifier" {
            return None;
        }
        // The dialect wrote `struct foo *` as `       foo  `: the words
        // around the name in the file are the rest of the type.
        let whole = before.end_byte()..after.start_byte();
        let toks = c::lex::tokenize(&self.text[whole.clone()]);
        let (first, last) = (toks.first()?, toks.last()?);
        let typeish = toks.iter().all(|t| {
            t.kind == c::lex::TokKind::Ident
                || &self.text[whole.start + t.start..whole.start + t.end] == b"*"
        });
        (toks.len() > 1 && typeish).then(|| whole.start + first.start..whole.start + last.end)
    }

    /// The whole of a cast's type where it holds more than the C reader
    /// saw of it (attributes, `(int __attr *)`): what a `type`
    /// metavariable binds there, as in spatch. None for other code.
    fn cast_type_span(&self, s: Node) -> Option<Range<usize>> {
        if s.parent()?.kind_fast() != "cast_expression" {
            return None;
        }
        let (open, close) = (s.prev_sibling()?, s.next_sibling()?);
        if open.kind_fast() != "(" || close.kind_fast() != ")" {
            return None;
        }
        let gap = open.end_byte()..close.start_byte();
        let text = &self.text[gap.clone()];
        let lead = text.len() - text.trim_ascii_start().len();
        let whole = gap.start + lead..gap.start + text.trim_ascii_end().len();
        (whole != s.byte_range()).then_some(whole)
    }

    /// Binds the `type` metavariable `m` to the code at `r`.
    fn bind_type_text(&self, m: usize, p: &PNode, r: Range<usize>, st: &mut State) -> bool {
        let mv = &self.rule.metavars[m];
        let body = &self.text[r.clone()];
        if mv
            .constraint
            .as_ref()
            .is_some_and(|c| !c.accepts(&String::from_utf8_lossy(body)))
        {
            return false;
        }
        let b = Binding {
            tokens: c::lex::tokenize(body)
                .iter()
                .map(|t| body[t.start..t.end].to_vec())
                .collect(),
            text: body.to_vec(),
            at: Some(r.start),
            typedef_name: false,
        };
        if !self.bind(m, b, st) {
            return false;
        }
        self.record(p, r, st);
        true
    }

    /// Whether `s` is what a `constant` metavariable binds: a literal, a
    /// macro constant (`FOO`), or one negated (`-1`, `-FOO`, as spatch).
    fn is_constant(&self, s: Node) -> bool {
        let kind = c::kind_in(s, self.text);
        if kind == "unary_expression" {
            let minus = s
                .child_by_field_name("operator")
                .is_some_and(|o| &self.text[o.byte_range()] == b"-");
            return minus
                && s.child_by_field_name("argument")
                    .is_some_and(|a| self.is_constant(strip_parens(a)));
        }
        c::is_constant_kind(kind)
            || (c::is_identifier_kind(kind)
                && is_macro_constant(&self.text[s.byte_range()])
                && !c::is_declared_name(s))
    }

    /// Whether `s` is what an `idexpression` (`local`, `global`) may bind
    /// and has the type a typed metavariable declares (binding the `type`
    /// metavariables in it). A type the file does not tell is no match,
    /// and `--verbose` says so.
    fn form_and_type_fit(&self, mv: &crate::smpl::Metavar, s: Node, st: &mut State) -> bool {
        use crate::smpl::{ExprForm, MetaType};
        let is_id = s.kind_fast() == "identifier";
        let scope = || c::types::scope_of(s, self.text, self.file_types());
        let fits = match mv.form {
            ExprForm::Any => true,
            ExprForm::Id => is_id,
            ExprForm::Local => is_id && scope() == Some(c::types::Scope::Local),
            ExprForm::Global => is_id && scope() != Some(c::types::Scope::Local),
            // Placed by the pattern (the name of a function definition).
            ExprForm::FunctionName | ExprForm::LocalFunctionName => true,
        };
        if !fits {
            return false;
        }
        if let Some(w) = &mv.bitfield {
            // `T:b x;`: a bit-field of that width.
            let Some(width) = c::types::bitfield_width(s, self.text, self.file_types()) else {
                return false;
            };
            let ok = match w {
                crate::smpl::BitWidth::Fixed(n) => width == n.as_bytes(),
                crate::smpl::BitWidth::Meta(b) => self
                    .rule
                    .metavar(b)
                    .is_some_and(|m| self.bind_text(m, width, st)),
            };
            if !ok {
                return false;
            }
        }
        let Some(want) = &mv.ty else {
            return true;
        };
        let Some(ty) = c::types::type_of(s, self.text, self.file_types()) else {
            self.type_unknown(s, |code| format!("the type of `{code}` is not known from this file: typed metavariable `{}` does not match it", mv.name));
            return false;
        };
        match want {
            MetaType::Pointer(n) => {
                ty.iter().rev().take_while(|w| w.as_slice() == b"*").count() >= *n
            }
            MetaType::OneOf(alts) => alts.iter().any(|a| {
                // The qualifiers the type names are checked here; `type_fits`
                // leaves them out of what a type metavariable binds.
                let Some(bare) = self.qualifiers_fit(mv, a, s) else {
                    return false;
                };
                let mut trial = st.clone();
                let ok = self.type_fits(a, &ty, s, &mut trial)
                    || (self.same_type_by_typedefs(&bare, &ty, &trial)
                        && self.bound_qualifiers_fit(a, s, &trial));
                if ok {
                    *st = trial;
                }
                ok
            }),
        }
    }

    /// Notes, for `--verbose`, that a typed metavariable did not match `s`
    /// for what the file does not tell (`why` given the code's text).
    fn type_unknown(&self, s: Node, why: impl FnOnce(&str) -> String) {
        let code = String::from_utf8_lossy(&self.text[s.byte_range()]);
        self.undecided
            .borrow_mut()
            .push((s.start_byte(), why(&code)));
    }

    /// The type `want` without its qualifiers, if the code `s` has those
    /// it names: `const T x;` wants a variable declared `const` (its base
    /// type's qualifiers, compared as a set); a type without qualifiers
    /// takes any. A qualifier on a pointer level (`char * const`), or on
    /// code whose declaration the file does not show, is not decided here:
    /// no match, and `--verbose` says so.
    fn qualifiers_fit(
        &self,
        mv: &crate::smpl::Metavar,
        want: &[crate::smpl::TyWord],
        s: Node,
    ) -> Option<Vec<crate::smpl::TyWord>> {
        use crate::smpl::TyWord;
        let is_qual =
            |w: &TyWord| matches!(w, TyWord::Word(x) if x == b"const" || x == b"volatile");
        if !want.iter().any(is_qual) {
            return Some(want.to_vec());
        }
        let base_end = want
            .iter()
            .position(|w| matches!(w, TyWord::Word(x) if x == b"*" || x == b"[]"))
            .unwrap_or(want.len());
        let mut wanted: Vec<Vec<u8>> = want[..base_end]
            .iter()
            .filter_map(|w| match w {
                TyWord::Word(x) if is_qual(w) => Some(x.clone()),
                _ => None,
            })
            .collect();
        wanted.sort();
        wanted.dedup();
        let known = !want[base_end..].iter().any(is_qual);
        let has = known
            .then(|| c::types::base_qualifiers(strip_parens(s), self.text, self.file_types()))
            .flatten()
            .map(|mut q| {
                q.sort();
                q.dedup();
                q
            });
        let Some(has) = has else {
            self.type_unknown(s, |code| format!("typed metavariable `{}` names a qualifier, and whether `{code}` has it is not known: it does not match", mv.name));
            return None;
        };
        (has == wanted).then(|| want.iter().filter(|w| !is_qual(w)).cloned().collect())
    }

    /// Whether the qualifiers of the base type of `s`, where the file
    /// tells them, are those `want` gives it: the ones written and those
    /// of the `type` metavariable bound at its base. spatch compares a
    /// bound `T` whole: `T` bound to `int *` by a cast does not match an
    /// expression of type `const int *` (a type written without
    /// qualifiers matches either, which `qualifiers_fit` leaves to the
    /// words).
    fn bound_qualifiers_fit(&self, want: &[crate::smpl::TyWord], s: Node, st: &State) -> bool {
        use crate::smpl::TyWord;
        let is_qual = |x: &[u8]| x == b"const" || x == b"volatile";
        let base_end = want
            .iter()
            .position(|w| matches!(w, TyWord::Word(x) if x == b"*" || x == b"[]"))
            .unwrap_or(want.len());
        let mut wanted: Vec<Vec<u8>> = Vec::new();
        let mut bound_base = false;
        for w in &want[..base_end] {
            match w {
                TyWord::Word(x) if is_qual(x) => wanted.push(x.clone()),
                TyWord::Word(_) => {}
                TyWord::Meta(name) => {
                    let Some(b) = self.rule.metavar(name).and_then(|m| st.binds[m].as_ref()) else {
                        return true;
                    };
                    // A typedef name hides its qualifiers: not decided here.
                    if b.typedef_name {
                        return true;
                    }
                    bound_base = true;
                    wanted.extend(
                        b.tokens
                            .iter()
                            .take_while(|t| t.as_slice() != b"*" && t.as_slice() != b"[]")
                            .filter(|t| is_qual(t))
                            .cloned(),
                    );
                }
            }
        }
        if !bound_base {
            return true;
        }
        let Some(mut has) =
            c::types::base_qualifiers(strip_parens(s), self.text, self.file_types())
        else {
            return true;
        };
        has.sort();
        has.dedup();
        wanted.sort();
        wanted.dedup();
        has == wanted
    }

    /// Whether `want`, its `type` metavariables already bound, is type `ty`
    /// once the file's typedef names are replaced by what they stand for:
    /// spatch takes `foo *` for `struct tag *` after `typedef struct tag {
    /// … } foo;`, both ways; but a `type` metavariable bound to a typedef
    /// name stays that name unless `T { … };` bound it (spatch 1.1.1).
    fn same_type_by_typedefs(
        &self,
        want: &[crate::smpl::TyWord],
        ty: &[Vec<u8>],
        st: &State,
    ) -> bool {
        use crate::smpl::TyWord;
        let names = self.file_names();
        let mut concrete: Vec<Vec<u8>> = Vec::new();
        // The words the pattern writes, expanded a run at a time (a tag
        // after `struct` is no typedef name).
        let mut run: Vec<Vec<u8>> = Vec::new();
        for w in want {
            match w {
                TyWord::Word(x) => run.push(x.clone()),
                TyWord::Meta(name) => {
                    concrete.extend(names.expand(&std::mem::take(&mut run)));
                    let Some(b) = self.rule.metavar(name).and_then(|m| st.binds[m].as_ref()) else {
                        return false;
                    };
                    if b.typedef_name {
                        concrete.extend(names.expand(&b.tokens));
                    } else {
                        concrete.extend(b.tokens.iter().cloned());
                    }
                }
            }
        }
        concrete.extend(names.expand(&run));
        let a = c::types::normalize(&concrete);
        let b = c::types::normalize(&names.expand(ty));
        a == b
    }

    /// Whether type `ty` is the declared type `want`; a `type` metavariable
    /// in it binds the words it stands for.
    /// `s`: the expression of that type, for the qualifiers of its base.
    fn type_fits(
        &self,
        want: &[crate::smpl::TyWord],
        ty: &[Vec<u8>],
        s: Node,
        st: &mut State,
    ) -> bool {
        use crate::smpl::TyWord;
        // Qualifiers are not compared (the types of `type_of` have none);
        // those written before a type metavariable are not part of what it
        // binds (`const T[] E` binds `T` to `struct s` for a const array).
        let is_qual =
            |w: &TyWord| matches!(w, TyWord::Word(x) if x == b"const" || x == b"volatile");
        let quals: Vec<Vec<u8>> = want
            .iter()
            .take_while(|w| !matches!(w, TyWord::Meta(_)))
            .filter(|w| is_qual(w))
            .filter_map(|w| match w {
                TyWord::Word(x) => Some(x.clone()),
                TyWord::Meta(_) => None,
            })
            .collect();
        let want: Vec<TyWord> = want.iter().filter(|w| !is_qual(w)).cloned().collect();
        let want = want.as_slice();
        // A pointer level does not match an array one: spatch does not
        // let `char *E` match `char buf[8]`, though arrays decay in C.
        let same = |w: &TyWord, t: &Vec<u8>| match w {
            TyWord::Word(x) => x == t,
            TyWord::Meta(_) => false,
        };
        let Some(i) = want.iter().position(|w| matches!(w, TyWord::Meta(_))) else {
            return want.len() == ty.len() && want.iter().zip(ty).all(|(w, t)| same(w, t));
        };
        let (head, tail) = (&want[..i], &want[i + 1..]);
        if head.len() + tail.len() >= ty.len()
            || !head.iter().zip(ty).all(|(w, t)| same(w, t))
            || !tail
                .iter()
                .rev()
                .zip(ty.iter().rev())
                .all(|(w, t)| same(w, t))
        {
            return false;
        }
        let TyWord::Meta(name) = &want[i] else {
            return false;
        };
        let written: Vec<&[u8]> = quals.iter().map(|q| q.as_slice()).collect();
        let Some(m) = self.rule.metavar(name) else {
            return false;
        };
        let mid = &ty[head.len()..ty.len() - tail.len()];
        if self.rule.metavars[m].kind == MetaKind::Identifier {
            return mid.len() == 1 && self.bind_text(m, &mid[0], st);
        }
        // A type metavariable standing for the base type stands for its
        // qualifiers too (`const struct s`, not `struct s`, which `sizeof(T)`
        // would otherwise match).
        let mut words: Vec<Vec<u8>> = Vec::new();
        if head.is_empty() {
            // Where they are not known (fields, calls), the base binds
            // without them, as before: a gap, not a guess of other words.
            let known = c::types::base_qualifiers(s, self.text, self.file_types());
            words.extend(
                known
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|q| !written.contains(&q.as_slice())),
            );
        }
        words.extend(mid.iter().cloned());
        let mid = &words;
        let mut text = Vec::new();
        for w in mid {
            let glued = text.is_empty() || (w.as_slice() == b"*" && text.ends_with(b"*"));
            if !glued {
                text.push(b' ');
            }
            text.extend_from_slice(w);
        }
        self.bind(
            m,
            Binding {
                tokens: mid.to_vec(),
                text,
                at: None,
                typedef_name: false,
            },
            st,
        )
    }
}

/// The expressions of statement `s` itself, outermost first: an expression
/// statement's, a declaration's initialisers, a `return`'s value, the test
/// of an `if`, loop or `switch` and a `for`'s three parts; not those of the
/// statements it contains.
pub(crate) fn own_expressions(s: Node) -> Vec<Node> {
    let roots: Vec<Node> = match s.kind_fast() {
        "expression_statement" | "return_statement" | "declaration" => {
            let mut cur = s.walk();
            s.named_children(&mut cur).collect()
        }
        "if_statement" | "while_statement" | "switch_statement" | "do_statement" => {
            s.child_by_field_name("condition").into_iter().collect()
        }
        "for_statement" => ["initializer", "condition", "update"]
            .iter()
            .filter_map(|f| s.child_by_field_name(f))
            .collect(),
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    let mut stack: Vec<Node> = roots.into_iter().rev().collect();
    while let Some(n) = stack.pop() {
        // An initialised name counts: `x = E` matches `int x = E;`. A
        // declared name is no expression (`x` is not used in `struct page
        // *x;`), as in spatch.
        let declared = n.kind_fast() == "identifier" && c::is_declared_name(n);
        if (c::is_expression_kind(n.kind_fast()) && !declared) || n.kind_fast() == "init_declarator"
        {
            out.push(n);
        }
        let mut cur = n.walk();
        let kids: Vec<Node> = n.named_children(&mut cur).collect();
        stack.extend(kids.into_iter().rev());
    }
    out
}

/// Whether node `n` (of kind `kind`) is what a `statement` metavariable
/// binds: a statement of a function's body (not the body, not a
/// declaration).
/// Whether `n` is a parameter: `(void)` declares none (Coccinelle reads it
/// as an empty list).
fn is_parameter(n: Node, text: &[u8]) -> bool {
    n.kind_fast() == "parameter_declaration" && &text[n.byte_range()] != b"void"
}

/// Whether a node of this kind is one element of an initialiser list.
fn is_initializer_element(kind: &str) -> bool {
    c::is_expression_kind(kind) || matches!(kind, "initializer_list" | "initializer_pair")
}

fn is_statement_code(n: Node, kind: &str) -> bool {
    c::is_statement_kind(kind) && kind != "declaration" && c::is_in_function_body(n)
}

/// Whether an include's path `<linux/...>` (or `"foo/..."`) matches `src`:
/// same brackets, and `src` starts with the part before the `...`.
fn partial_path(pat: &[u8], src: &[u8]) -> bool {
    let Some(prefix) = pat
        .strip_suffix(b"...>")
        .or_else(|| pat.strip_suffix(b"...\""))
    else {
        return false;
    };
    src.len() > prefix.len() && src.starts_with(prefix) && src.last() == pat.last()
}

/// Whether every token of `p` is removed (`-`, not `*`).
impl Matcher<'_> {
    /// Whether the pattern removes all of declaration `p` and adds nothing
    /// in its place: spatch then removes what it was matched without
    /// (storage, qualifiers); code added after one of its tokens keeps
    /// them (`- int x; + int y;` turns `static int b;` into `static int
    /// y;`). A function's are removed either way.
    fn removed_whole(&self, p: &PNode) -> bool {
        let mut toks = Vec::new();
        leaf_toks(p, &mut toks);
        let (Some(&lo), Some(&hi)) = (toks.iter().min(), toks.iter().max()) else {
            return false;
        };
        all_minus(p, &self.pat.toks)
            && !self
                .pat
                .chunks
                .iter()
                .any(|c| c.after.is_some_and(|a| (lo..=hi).contains(&a)))
    }
}

fn all_minus(p: &PNode, toks: &[crate::smpl::body::BTok]) -> bool {
    let mut leaves = Vec::new();
    leaf_toks(p, &mut leaves);
    !leaves.is_empty()
        && leaves
            .iter()
            .all(|&t| toks[t].mark == crate::smpl::body::Mark::Minus && !toks[t].star)
}

/// The declarator under a pointer one (`*f(…)` gives `f(…)`): in a
/// function definition, the `*`s belong to the return type.
/// `items` with the type qualifiers that follow the type (`char const`)
/// moved right before it (`const char`), and those before it sorted by
/// their words (`text`); the rest in order.
fn qualifiers_first<'x, T: Copy + 'x>(
    items: Vec<T>,
    kind: impl Fn(&T) -> &str,
    is_type: impl Fn(&T) -> bool,
    text: impl Fn(&T) -> &'x [u8],
) -> Vec<T> {
    let Some(at) = items.iter().position(&is_type) else {
        return items;
    };
    let mut out: Vec<T> = items[..at].to_vec();
    out.extend(
        items[at + 1..]
            .iter()
            .filter(|c| kind(c) == "type_qualifier")
            .copied(),
    );
    let slots: Vec<usize> = (0..out.len())
        .filter(|&i| kind(&out[i]) == "type_qualifier")
        .collect();
    let mut quals: Vec<T> = slots.iter().map(|&i| out[i]).collect();
    quals.sort_by(|a, b| text(a).cmp(text(b)));
    for (i, q) in slots.into_iter().zip(quals) {
        out[i] = q;
    }
    out.push(items[at]);
    out.extend(
        items[at + 1..]
            .iter()
            .filter(|c| kind(c) != "type_qualifier")
            .copied(),
    );
    out
}

/// The declarator of an initialised declarator (`x` of `x = 1`), or `d`.
fn bare_declarator(d: Node) -> Node {
    if d.kind_fast() == "init_declarator" {
        d.child_by_field_name("declarator").unwrap_or(d)
    } else {
        d
    }
}

fn unstar(mut k: Node) -> Node {
    while k.kind_fast() == "pointer_declarator" {
        match k.child_by_field_name("declarator") {
            Some(d) => k = d,
            None => break,
        }
    }
    k
}

/// The first pattern token under `p`, in order.
fn first_tok(p: &PNode) -> Option<usize> {
    let mut stack = vec![p];
    while let Some(n) = stack.pop() {
        if n.children.is_empty() {
            if let Some(t) = n.tok {
                return Some(t);
            }
        }
        stack.extend(n.children.iter().rev());
    }
    None
}

/// The value of an integer literal (decimal, hex, octal, binary; `u`/`l`
/// suffixes), or `None` for anything else.
fn int_value(t: &[u8]) -> Option<u128> {
    let t = std::str::from_utf8(t).ok()?;
    let t = t.trim_end_matches(['u', 'U', 'l', 'L']);
    let (digits, radix) = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        (h, 16)
    } else if let Some(b) = t.strip_prefix("0b").or_else(|| t.strip_prefix("0B")) {
        (b, 2)
    } else if t.len() > 1 && t.starts_with('0') {
        (&t[1..], 8)
    } else {
        (t, 10)
    };
    u128::from_str_radix(digits, radix).ok()
}

/// `E == NULL`, `NULL == E`, `E != NULL`, `NULL != E`, `!E` in a pattern: the tested
/// expression and whether the test is "is set".
fn truth_p(p: &PNode) -> Option<(&PNode, bool)> {
    let is_null = |n: &PNode| n.kind == "null" || (n.is_leaf() && n.text == b"NULL");
    match p.kind {
        "unary_expression" if p.children.len() == 2 && p.children[0].text == b"!" => {
            Some((&p.children[1], false))
        }
        "binary_expression" if p.children.len() == 3 => {
            let pos = match p.children[1].text.as_slice() {
                b"==" => false,
                b"!=" => true,
                _ => return None,
            };
            if is_null(&p.children[2]) {
                Some((&p.children[0], pos))
            } else if is_null(&p.children[0]) {
                Some((&p.children[2], pos))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// `X != 0` or `0 != X` in code: X, and whether the `0` comes first.
fn nonzero_test<'t>(s: Node<'t>, text: &[u8]) -> Option<(Node<'t>, bool)> {
    let k = c::code_children(s);
    if s.kind_fast() != "binary_expression" || k.len() != 3 || &text[k[1].byte_range()] != b"!=" {
        return None;
    }
    let zero =
        |n: &Node| n.kind_fast() == "number_literal" && int_value(&text[n.byte_range()]) == Some(0);
    operand_beside(&k, zero)
}

/// Of the operands of a binary operation `k` (its three children), the
/// one beside the operand that is `is`, and whether that one comes first.
fn operand_beside<'t>(k: &[Node<'t>], is: impl Fn(&Node) -> bool) -> Option<(Node<'t>, bool)> {
    if is(&k[2]) {
        Some((k[0], false))
    } else if is(&k[0]) {
        Some((k[2], true))
    } else {
        None
    }
}

/// Whether a type's words name an integer type (`unsigned long`, `size_t`).
fn integer_words<'w>(mut words: impl Iterator<Item = &'w [u8]>) -> bool {
    words.all(|w| {
        matches!(
            w,
            b"int"
                | b"long"
                | b"short"
                | b"char"
                | b"unsigned"
                | b"signed"
                | b"size_t"
                | b"ssize_t"
                | b"const"
                | b"volatile"
        )
    })
}

/// The name of the isomorphism of Coccinelle's standard set that lets the
/// test `p` (a [`truth_p`] form) match the other forms.
fn truth_iso(p: &PNode) -> &'static str {
    match p.kind {
        "unary_expression" => "not_ptr1",
        _ if p.children.get(1).is_some_and(|o| o.text == b"!=") => "isnt_null1",
        _ => "is_null",
    }
}

/// The same forms in source code.
fn truth_s<'t>(s: Node<'t>, text: &[u8]) -> Option<(Node<'t>, bool)> {
    let k = c::code_children(s);
    let t = |n: &Node| &text[n.start_byte()..n.end_byte()];
    let is_null = |n: &Node| n.kind_fast() == "null" || t(n) == b"NULL";
    match s.kind_fast() {
        "unary_expression" if k.len() == 2 && t(&k[0]) == b"!" => Some((k[1], false)),
        "binary_expression" if k.len() == 3 => {
            let pos = match t(&k[1]) {
                b"==" => false,
                b"!=" => true,
                _ => return None,
            };
            operand_beside(&k, is_null).map(|(x, _)| (x, pos))
        }
        _ => None,
    }
}

/// Whether a source expression is used as a truth value (a condition, or an
/// operand of `&&`, `||` or `!`).
/// Whether `n` is itself a truth value (`a && b`, `a < b`, `!a`): not
/// something compared with NULL (`E != NULL` is not read into it).
fn is_truth_valued(n: Node, text: &[u8]) -> bool {
    match n.kind_fast() {
        "binary_expression" => n.child_by_field_name("operator").is_some_and(|o| {
            matches!(
                &text[o.byte_range()],
                b"&&" | b"||" | b"==" | b"!=" | b"<" | b">" | b"<=" | b">="
            )
        }),
        "unary_expression" => n
            .child_by_field_name("operator")
            .is_some_and(|o| &text[o.byte_range()] == b"!"),
        _ => false,
    }
}

/// Whether `p` is `A || ...` or `A && ...`.
fn is_logic_dots(p: &PNode) -> bool {
    p.kind == "binary_expression"
        && p.children.len() == 3
        && p.children[2].role == Role::Dots
        && matches!(p.children[1].text.as_slice(), b"||" | b"&&")
}

/// Whether `s` is the parenthesised condition of an `if`, `while`,
/// `do … while` or `switch`.
fn is_statement_parens(s: Node) -> bool {
    s.kind_fast() == "parenthesized_expression"
        && s.parent().is_some_and(|p| {
            matches!(
                p.kind_fast(),
                "if_statement" | "while_statement" | "do_statement" | "switch_statement"
            ) && p
                .child_by_field_name("condition")
                .is_some_and(|c| c.id() == s.id())
        })
}

fn in_condition(s: Node) -> bool {
    let mut n = s;
    while let Some(p) = n.parent() {
        match p.kind_fast() {
            "parenthesized_expression" => n = p,
            "if_statement" | "while_statement" | "do_statement" => return true,
            "for_statement" => {
                return p
                    .child_by_field_name("condition")
                    .is_some_and(|c| c.id() == n.id())
            }
            "conditional_expression" => {
                return p
                    .child_by_field_name("condition")
                    .is_some_and(|c| c.id() == n.id())
            }
            "binary_expression" => {
                return p
                    .child_by_field_name("operator")
                    .is_some_and(|o| matches!(o.kind_fast(), "&&" | "||"));
            }
            "unary_expression" => {
                return p
                    .child_by_field_name("operator")
                    .is_some_and(|o| o.kind_fast() == "!")
            }
            _ => return false,
        }
    }
    false
}

/// A `for` step as (variable, +1 or -1) when it is `i++`, `++i`, `i += 1` or
/// `i = i + 1` (and the decrements).
fn step_s<'t>(s: Node<'t>, text: &[u8]) -> Option<(Node<'t>, i8)> {
    let k = c::code_children(s);
    let t = |n: &Node| &text[n.start_byte()..n.end_byte()];
    match s.kind_fast() {
        "update_expression" if k.len() == 2 => {
            let (var, op) = if k[0].is_named() {
                (k[0], t(&k[1]))
            } else {
                (k[1], t(&k[0]))
            };
            Some((var, if op == b"++" { 1 } else { -1 }))
        }
        "assignment_expression" if k.len() == 3 => match t(&k[1]) {
            b"+=" if t(&k[2]) == b"1" => Some((k[0], 1)),
            b"-=" if t(&k[2]) == b"1" => Some((k[0], -1)),
            b"=" if k[2].kind_fast() == "binary_expression" => {
                let r = c::code_children(k[2]);
                if r.len() == 3 && t(&r[0]) == t(&k[0]) && t(&r[2]) == b"1" {
                    match t(&r[1]) {
                        b"+" => Some((k[0], 1)),
                        b"-" => Some((k[0], -1)),
                        _ => None,
                    }
                } else {
                    None
                }
            }
            _ => None,
        },
        _ => None,
    }
}

/// The same for a pattern step.
fn step_p(p: &PNode) -> Option<(&PNode, i8)> {
    let k = &p.children;
    match p.kind {
        "update_expression" if k.len() == 2 => {
            let (var, op) = if k[0].named {
                (&k[0], &k[1].text)
            } else {
                (&k[1], &k[0].text)
            };
            Some((var, if op.as_slice() == b"++" { 1 } else { -1 }))
        }
        "assignment_expression" if k.len() == 3 => {
            match (k[1].text.as_slice(), k[2].text.as_slice()) {
                (b"+=", b"1") => Some((&k[0], 1)),
                (b"-=", b"1") => Some((&k[0], -1)),
                _ => None,
            }
        }
        _ => None,
    }
}

impl<'a> Matcher<'a> {
    /// Whether the semantic patch gives the expression `p` an integer type
    /// (as spatch's typing of the pattern does): `+ - * / % << >>`
    /// operations, `sizeof`, a cast to an integer type, a metavariable
    /// declared with one.
    fn int_valued(&self, p: &PNode) -> bool {
        match (p.kind, &p.role) {
            (_, Role::Meta(m)) => {
                let mv = &self.rule.metavars[*m];
                matches!(mv.kind, MetaKind::Expression | MetaKind::Constant)
                    && matches!(&mv.ty, Some(crate::smpl::MetaType::OneOf(alts)) if alts.iter().all(|a| {
                        integer_words(a.iter().map(|w| match w {
                            crate::smpl::TyWord::Word(w) => w.as_slice(),
                            crate::smpl::TyWord::Meta(_) => b"?".as_slice(),
                        }))
                    }))
            }
            ("binary_expression", _) => {
                p.children.len() == 3
                    && matches!(
                        p.children[1].text.as_slice(),
                        b"+" | b"-" | b"*" | b"/" | b"%" | b"<<" | b">>"
                    )
            }
            ("sizeof_expression", _) => true,
            ("parenthesized_expression", _) => {
                p.children.len() == 3 && self.int_valued(&p.children[1])
            }
            ("cast_expression", _) => p
                .children
                .iter()
                .find(|c| c.kind == "type_descriptor")
                .is_some_and(|t| {
                    let mut toks = Vec::new();
                    leaf_toks(t, &mut toks);
                    !toks.is_empty()
                        && integer_words(toks.iter().map(|&i| self.pat.toks[i].text.as_bytes()))
                }),
            _ => false,
        }
    }

    /// Whether the identifier `s`, which the parser could not tell from a
    /// variable (`sizeof(x)`, `(x)`), names a type: a typedef of the file or
    /// a type every kernel file knows, and no variable in scope. When the
    /// file does not say, it is not taken for one, and the place is noted.
    /// The file-scope declarations of the tree being matched.
    fn file_types(&self) -> &c::types::FileTypes<'a> {
        self.types.get_or_init(|| {
            let root = self.tree.root_node();
            let ft = c::types::FileTypes::new(root, self.text);
            match self.headers_of {
                Some((f, cache)) => {
                    ft.with_local_headers(std::path::Path::new(f), root, self.text, cache)
                }
                None => ft,
            }
        })
    }

    /// The file's typedefs and globals. They may sit in items a partial
    /// parse left out: they are read from a parse of the whole text, made
    /// only when a type metavariable meets a bare name or a type the
    /// words alone do not decide.
    fn file_names(&self) -> &c::names::FileNames {
        self.names.get_or_init(|| {
            let whole = c::parse_with(self.hints, self.text);
            c::names::FileNames::new(whole.root_node(), self.text)
        })
    }

    /// Whether the name `s` is a type keyword written alone where the front
    /// end reads a name (`foo(int, char)`, a macro's argument): nothing but
    /// white space, `(` or `,` before it (`const int` is another type).
    fn is_type_keyword_alone(&self, s: Node) -> bool {
        let word = &self.text[s.byte_range()];
        let keyword = matches!(
            word,
            b"int" | b"char" | b"short" | b"long" | b"float" | b"double" | b"void" | b"_Bool"
        );
        let before = self.text[..s.start_byte()]
            .iter()
            .rev()
            .find(|b| !b.is_ascii_whitespace());
        let after = self.text[s.end_byte()..]
            .iter()
            .find(|b| !b.is_ascii_whitespace());
        keyword && matches!(before, Some(b'(' | b',')) && matches!(after, Some(b')' | b','))
    }

    pub(crate) fn names_a_type(&self, s: Node) -> bool {
        let names = self.file_names();
        match names.kind_of(s, self.text) {
            c::names::NameKind::Type => true,
            c::names::NameKind::Variable => false,
            c::names::NameKind::Unknown => {
                let name = String::from_utf8_lossy(&self.text[s.byte_range()]);
                self.undecided.borrow_mut().push((
                    s.start_byte(),
                    format!(
                        "rule {}: `{name}` is not declared in this file, so it is not known to be a type: a type metavariable does not match it",
                        self.rule.name
                    ),
                ));
                false
            }
        }
    }

    /// Notes (for `--verbose`) that a test of `n` was not taken for a test
    /// against NULL: the file types it as an integer.
    fn note_integer_null_test(&self, n: Node) {
        self.undecided.borrow_mut().push((
            n.start_byte(),
            "an integer's truth test is not taken for a test against NULL (the pattern compares with NULL)".into(),
        ));
    }

    /// A `for` step, with `i++`, `++i`, `i += 1` and `i = i + 1` all alike.
    fn for_step(&self, p: &PNode, s: Node, st: &mut State, k: Then) -> bool {
        match (step_p(p), step_s(s, self.text)) {
            (Some((pv, pd)), Some((sv, sd))) if self.rule.iso("for_inc") => {
                pd == sd && self.node_k(pv, sv, st, k)
            }
            _ => self.node_k(p, s, st, k),
        }
    }

    /// `x = E` against the initialised declarator `x = E` of a declaration
    /// (`*x = E` too: `x` is the name declared). `x` binds the declared
    /// name, which an expression metavariable otherwise never does.
    fn assignment_as_initializer(&self, p: &PNode, d: Node, st: &mut State, k: Then) -> bool {
        let [left, op, right] = p.children.as_slice() else {
            return false;
        };
        if op.tok.is_none_or(|t| self.pat.toks[t].text != "=") {
            return false;
        }
        let (Some(mut name), Some(value)) = (
            d.child_by_field_name("declarator"),
            d.child_by_field_name("value"),
        ) else {
            return false;
        };
        while name.kind_fast() == "pointer_declarator" {
            match name.child_by_field_name("declarator") {
                Some(n) => name = n,
                None => return false,
            }
        }
        if name.kind_fast() != "identifier" || !c::is_expression_kind(value.kind_fast()) {
            return false;
        }
        let Some(leaf) = left.sole_leaf() else {
            return false;
        };
        // Removing the name or its `=` would leave `int *;`: only where
        // added code takes their place (as spatch, which refuses the rest).
        let minus = |t: Option<usize>| {
            t.is_some_and(|t| self.pat.toks[t].mark == crate::smpl::body::Mark::Minus)
        };
        if minus(leaf.tok) || minus(op.tok) {
            let mut span = Vec::new();
            leaf_toks(p, &mut span);
            let (Some(&lo), Some(&hi)) = (span.iter().min(), span.iter().max()) else {
                return false;
            };
            let replaced = self.pat.chunks.iter().any(|c| {
                c.after.is_some_and(|a| (lo..=hi).contains(&a))
                    || c.before.is_some_and(|b| (lo..=hi).contains(&b))
            });
            if !replaced {
                return false;
            }
        }
        let bound = match leaf.role {
            Role::Meta(m) => {
                let mv = &self.rule.metavars[m];
                mv.ty.is_none()
                    && matches!(
                        mv.form,
                        crate::smpl::ExprForm::Any
                            | crate::smpl::ExprForm::Id
                            | crate::smpl::ExprForm::Local
                    )
                    && matches!(mv.kind, MetaKind::Expression | MetaKind::Identifier)
                    && self.bind_code(m, name, st)
            }
            Role::Code => {
                left.is_leaf()
                    && leaf.tok.is_some_and(|t| {
                        self.pat.toks[t].text.as_bytes() == &self.text[name.byte_range()]
                    })
            }
            _ => false,
        };
        if !bound {
            return false;
        }
        self.record(leaf, name.byte_range(), st);
        if let Some(eq) = c::code_children(d)
            .into_iter()
            .find(|n| n.kind_fast() == "=")
        {
            self.record(op, eq.byte_range(), st);
        }
        self.node_k(right, value, st, k)
    }

    /// A one-name declaration against a declaration of several names: matches
    /// one of them, and claims only that name and its comma.
    /// Whether declaration pattern `p` (`T x;`, no initialiser) matches
    /// declarators with one: spatch's reading where the pattern's `;` is
    /// context (when it is removed, the initialiser would go unseen).
    fn uninit_matches_init(&self, p: &PNode) -> bool {
        p.kind == "declaration"
            && !p.children.iter().any(|c| c.kind == "init_declarator")
            && p.children.last().is_some_and(|c| {
                c.kind == ";"
                    && c.tok.is_some_and(|t| {
                        let t = &self.pat.toks[t];
                        t.mark == crate::smpl::body::Mark::Context && !t.kept
                    })
            })
    }

    fn one_declarator(&self, p: &PNode, s: Node, st: &mut State, k: Then) -> Option<bool> {
        let pdecls: Vec<&PNode> = p
            .children
            .iter()
            .filter(|c| c.field == Some("declarator"))
            .collect();
        let mut cur = s.walk();
        let mut sdecls = Vec::new();
        let mut sother = Vec::new();
        if cur.goto_first_child() {
            loop {
                let n = cur.node();
                if cur.field_name() == Some("declarator") {
                    sdecls.push(n);
                } else if n.is_named() && !c::is_trivia(&n) {
                    sother.push(n);
                }
                if !cur.goto_next_sibling() {
                    break;
                }
            }
        }
        if pdecls.len() != 1 || sdecls.len() < 2 {
            return None;
        }
        let pother: Vec<&PNode> = p
            .children
            .iter()
            .filter(|c| c.field != Some("declarator") && c.named)
            .collect();
        // `static` is optional, as for a declaration of one name.
        let storage = |n: &Node| n.kind_fast() == "storage_class_specifier";
        let optional_storage = self.rule.iso("optional_storage")
            && !pother.iter().any(|c| c.kind == "storage_class_specifier");
        let dropped = sother.len();
        if optional_storage {
            sother.retain(|n| !storage(n));
        }
        let dropped = dropped > sother.len();
        if pother.len() != sother.len() {
            return Some(false);
        }
        let mut shared = Vec::new();
        for c in p.children.iter().filter(|c| c.field != Some("declarator")) {
            leaf_toks(c, &mut shared);
        }
        let mut own = Vec::new();
        leaf_toks(pdecls[0], &mut own);
        let Some((removed, adds)) = self.one_of_several_edits(&shared, &own) else {
            return Some(false);
        };
        if dropped && removed && adds {
            // (spatch 1.1.1 does not split a `static` declaration so.)
            return Some(false);
        }
        let pairs: Vec<(&PNode, Node)> = pother.iter().copied().zip(sother).collect();
        // Each name is a match of its own (spatch splits the declaration).
        Some(self.all_k(&pairs, st, &mut |st| {
            for i in 0..sdecls.len() {
                let saved = st.clone();
                let ext = if i + 1 < sdecls.len() {
                    sdecls[i].start_byte()..sdecls[i + 1].start_byte()
                } else {
                    sdecls[i - 1].end_byte()..sdecls[i].end_byte()
                };
                let sd = if self.uninit_matches_init(p) {
                    bare_declarator(sdecls[i])
                } else {
                    sdecls[i]
                };
                if self.node_k(pdecls[0], sd, st, &mut |st| {
                    // Removed, the name takes its comma; the tokens all
                    // names share are not its own to remove. Changed
                    // within, it is changed in place.
                    if removed {
                        for &t in &shared {
                            st.ranges[t] = None;
                        }
                        for (j, &t) in own.iter().enumerate() {
                            st.ranges[t] = if j == 0 { Some(ext.clone()) } else { None };
                        }
                    }
                    k(st)
                }) {
                    return true;
                }
                *st = saved;
            }
            false
        }))
    }

    /// How a one-name declaration pattern (tokens `shared`, those all the
    /// names of a declaration of several share, and `own`, its name's) may
    /// change one name of such a declaration, as spatch 1.1.1 does:
    /// whether it removes the whole declaration (the name goes with its
    /// comma; code added goes on lines of its own, after the declaration
    /// only with `++`) or else changes nothing or only the name (in
    /// place), or adds code before the declaration; and whether it adds
    /// code there. `None` where spatch finds no match: the shared tokens
    /// partly removed, or code added within or after them.
    fn one_of_several_edits(&self, shared: &[usize], own: &[usize]) -> Option<(bool, bool)> {
        let toks = &self.pat.toks;
        let span: Vec<usize> = shared.iter().chain(own).copied().collect();
        let (Some(&first), Some(&last)) = (span.iter().min(), span.iter().max()) else {
            return Some((false, false));
        };
        let within = |t: usize| (first..=last).contains(&t);
        let chunks: Vec<&crate::smpl::pattern::PlusChunk> = self
            .pat
            .chunks
            .iter()
            .filter(|c| c.after.is_some_and(within) || c.before.is_some_and(within))
            .collect();
        // (A token a paired `+` line keeps is removed and added anew.)
        let removed = |t: usize| toks[t].mark == crate::smpl::body::Mark::Minus || toks[t].kept;
        // Code added before the declaration.
        let before = |c: &crate::smpl::pattern::PlusChunk| {
            c.before == Some(first) && c.after.is_none_or(|a| !within(a))
        };
        if span.iter().all(|&t| removed(t)) {
            let many = chunks
                .iter()
                .all(|c| before(c) || c.toks.iter().any(|t| t.many));
            return many.then_some((true, !chunks.is_empty()));
        }
        if shared.iter().any(|&t| removed(t)) {
            return None;
        }
        let placed = chunks
            .iter()
            .all(|c| c.after.is_some_and(|a| own.contains(&a)) || before(c));
        placed.then_some((false, !chunks.is_empty()))
    }

    /// Collects the matches of a nest's pattern inside `within` (nodes under
    /// `roots`) into `st.nested`. False when a `<+... ...+>` nest found none.
    pub(crate) fn nest_in(
        &self,
        nest: &PNode,
        plus: bool,
        roots: &[Node],
        within: Range<usize>,
        st: &mut State,
    ) -> bool {
        let elems: Vec<&PNode> = nest.children.iter().collect();
        if elems.is_empty() {
            return !plus;
        }
        // A nest of several statements matches them as consecutive
        // statements of one block; dots among them are not read here, so
        // such a nest finds nothing (no change rather than a guess).
        if elems.len() > 1
            && elems
                .iter()
                .any(|e| matches!(e.role, Role::Dots | Role::Nest(_)))
        {
            return !plus;
        }
        let mut found = 0;
        let mut stack: Vec<Node> = roots.iter().rev().copied().collect();
        while let Some(n) = stack.pop() {
            if n.end_byte() <= within.start || n.start_byte() >= within.end {
                continue;
            }
            if n.start_byte() >= within.start && n.end_byte() <= within.end && n.is_named() {
                let mut run = vec![n];
                while run.len() < elems.len() {
                    // The next statement, past any comment between.
                    let mut next = run.last().and_then(|l| l.next_named_sibling());
                    while let Some(z) = next.filter(|z| c::is_trivia(z)) {
                        next = z.next_named_sibling();
                    }
                    match next {
                        Some(z) => run.push(z),
                        None => break,
                    }
                }
                if run.len() == elems.len()
                    && run.last().is_some_and(|l| l.end_byte() <= within.end)
                {
                    let pairs: Vec<(&PNode, Node)> = elems.iter().copied().zip(run).collect();
                    // A nest's match has the bindings so far, and only the
                    // ranges of its own tokens: the enclosing match's edits
                    // are made from the enclosing state once.
                    let mut sub = State {
                        binds: st.binds.clone(),
                        ranges: vec![None; st.ranges.len()],
                        nested: Vec::new(),
                        implicit: None,
                        tails: Vec::new(),
                    };
                    if self.all_k(&pairs, &mut sub, &mut |_| true) && self.jumps_fit(&sub, st) {
                        st.nested.push(sub);
                        found += 1;
                    }
                }
            }
            let mut cur = n.walk();
            let kids: Vec<Node> = n.children(&mut cur).collect();
            stack.extend(kids.into_iter().rev());
        }
        !plus || found > 0
    }

    /// The `when =` and `when != true/false` constraints of the `...` leaf
    /// over the statements `run` it spans inside a block: each is one of
    /// the `when =` codes, and no test among them is one a `when != true`
    /// or `false` names (whichever way it goes: the run is not a path).
    fn run_keeps_whens(&self, leaf: &PNode, run: &[Node], st: &State) -> bool {
        let pat: &'a Pattern = self.pat;
        let whens = pat.whens_of(leaf.tok);
        let always = codes_of(whens, |w| match w {
            When::Always(v) => Some(v),
            _ => None,
        });
        let tests = codes_of(whens, |w| match w {
            When::NotTrue(v) | When::NotFalse(v) => Some(v),
            _ => None,
        });
        if !always.is_empty()
            && !run
                .iter()
                .all(|n| always.iter().any(|w| self.is_when_code(w, *n, st)))
        {
            return false;
        }
        if tests.is_empty() {
            return true;
        }
        let mut stack: Vec<Node> = run.to_vec();
        while let Some(n) = stack.pop() {
            if matches!(
                n.kind_fast(),
                "if_statement" | "while_statement" | "for_statement" | "do_statement"
            ) {
                if let Some(t) = n.child_by_field_name("condition") {
                    let t = strip_parens(t);
                    if tests.iter().any(|w| self.is_when_code(w, t, st)) {
                        return false;
                    }
                }
            }
            let mut cur = n.walk();
            stack.extend(n.named_children(&mut cur));
        }
        true
    }

    /// Whether the `when` constraints of the `...` leaf hold over `region`.
    pub(crate) fn whens_hold(&self, leaf: &PNode, region: Range<usize>, st: &State) -> bool {
        self.whens_hold_but(leaf, region, st, false)
    }

    /// [`Matcher::whens_hold`]; with `defer`, a `when` naming a metavariable
    /// not bound yet passes (the element after the dots may bind it, and the
    /// path is checked again then).
    pub(crate) fn whens_hold_but(
        &self,
        leaf: &PNode,
        region: Range<usize>,
        st: &State,
        defer: bool,
    ) -> bool {
        let whens = self.pat.whens_of(leaf.tok);
        if whens.is_empty() || region.is_empty() {
            return true;
        }
        // `when != S` with `S` an unbound statement metavariable: no
        // statement, but a declaration is none.
        let only_declarations = self
            .tree
            .root_node()
            .descendant_for_byte_range(region.start, region.end.saturating_sub(1))
            .is_some_and(|n| {
                if n.kind_fast() == "declaration" {
                    return true;
                }
                // Several items of a block: all of them declarations.
                let mut cur = n.walk();
                let inside: Vec<Node> = n
                    .named_children(&mut cur)
                    .filter(|k| k.start_byte() >= region.start && k.end_byte() <= region.end)
                    .filter(|k| !c::is_trivia(k))
                    .collect();
                n.kind_fast() == "compound_statement"
                    && !inside.is_empty()
                    && inside.iter().all(|k| k.kind_fast() == "declaration")
            });
        let any_statement = |code: &[crate::smpl::body::BTok]| match code {
            [t] => self.rule.metavar(&t.text).is_some_and(|m| {
                self.rule.metavars[m].kind == MetaKind::Statement && st.binds[m].is_none()
            }),
            _ => false,
        };
        let body = &self.text[region.clone()];
        let toks: Vec<&[u8]> = lex::tokenize(body)
            .iter()
            .map(|t| &body[t.start..t.end])
            .collect();
        let unbound = |code: &[crate::smpl::body::BTok]| {
            code.iter().any(|t| {
                self.rule
                    .metavar(&t.text)
                    .is_some_and(|m| st.binds[m].is_none())
            })
        };
        !whens.iter().any(|w| match w {
            When::NotMentions(code, _) if any_statement(code) => !only_declarations,
            When::NotMentions(code, _) if defer && unbound(code) => false,
            // With a metavariable left unbound, the code as a pattern: its
            // tokens alone would let `x` in `when != x = E2` stand for any
            // tokens, so that every `=` on the way stopped the dots.
            When::NotMentions(code, Some(w)) if unbound(code) => {
                self.pattern_within(w, region.clone(), st)
            }
            When::NotMentions(code, _) => self.mentions(code, &toks, st),
            _ => false,
        })
    }

    /// Whether some node inside `region` matches the one-element pattern
    /// `w` (its unbound metavariables binding as they may).
    fn pattern_within(&self, w: &'a Pattern, region: Range<usize>, st: &State) -> bool {
        if w.roots.len() != 1 {
            return false;
        }
        // From the smallest node around the region, not the whole file.
        let Some(top) = self.tree.root_node().descendant_for_byte_range(
            region.start,
            region.end.saturating_sub(1).max(region.start),
        ) else {
            return false;
        };
        let mut stack = vec![top];
        while let Some(n) = stack.pop() {
            if n.end_byte() <= region.start || n.start_byte() >= region.end {
                continue;
            }
            if n.start_byte() >= region.start
                && n.end_byte() <= region.end
                && self.other_matches(w, &w.roots[0], n, st)
            {
                return true;
            }
            let mut cur = n.walk();
            stack.extend(n.named_children(&mut cur));
        }
        false
    }

    /// Whether `toks` mention the code of a `when !=`. A metavariable it has
    /// not bound yet stands for any code: `when != kfree(E)` with `E` unbound
    /// is any call of `kfree` (what is left of the code must come in order).
    pub(crate) fn mentions(
        &self,
        code: &[crate::smpl::body::BTok],
        toks: &[&[u8]],
        st: &State,
    ) -> bool {
        // The code as runs of tokens, split where an unbound metavariable
        // stands; an unbound operator metavariable is any operator of its kind.
        const ASSIGN_OPS: &[&[u8]] = &[
            b"=", b"+=", b"-=", b"*=", b"/=", b"%=", b"&=", b"|=", b"^=", b"<<=", b">>=",
        ];
        const BINARY_OPS: &[&[u8]] = &[
            b"+", b"-", b"*", b"/", b"%", b"==", b"!=", b"<", b">", b"<=", b">=", b"&&", b"||",
            b"&", b"|", b"^", b"<<", b">>",
        ];
        enum Elem {
            Exact(Vec<u8>),
            AnyOf(&'static [&'static [u8]]),
        }
        let mut runs: Vec<Vec<Elem>> = vec![Vec::new()];
        for t in code {
            // `...` (`when != spin_unlock(...)`) stands for any tokens, as
            // an unbound metavariable does.
            if t.text == "..." {
                runs.push(Vec::new());
                continue;
            }
            let run = |runs: &mut Vec<Vec<Elem>>| runs.len() - 1;
            match self.rule.metavar(&t.text) {
                Some(m) => match (&st.binds[m], self.rule.metavars[m].kind) {
                    (Some(b), _) => {
                        let r = run(&mut runs);
                        runs[r].extend(b.tokens.iter().cloned().map(Elem::Exact))
                    }
                    (None, MetaKind::AssignOp) => {
                        let r = run(&mut runs);
                        runs[r].push(Elem::AnyOf(ASSIGN_OPS));
                    }
                    (None, MetaKind::BinaryOp) => {
                        let r = run(&mut runs);
                        runs[r].push(Elem::AnyOf(BINARY_OPS));
                    }
                    (None, _) => runs.push(Vec::new()),
                },
                None => {
                    let r = run(&mut runs);
                    runs[r].push(Elem::Exact(t.text.clone().into_bytes()));
                }
            }
        }
        runs.retain(|r| !r.is_empty());
        if runs.is_empty() {
            // Nothing but an unbound metavariable: any code at all.
            return !toks.is_empty();
        }
        let fits = |a: &[u8], e: &Elem| match e {
            Elem::Exact(x) => a == x.as_slice(),
            Elem::AnyOf(set) => set.contains(&a),
        };
        let mut at = 0;
        for run in &runs {
            let found = toks[at.min(toks.len())..]
                .windows(run.len())
                .position(|w| w.iter().zip(run).all(|(a, b)| fits(a, b)));
            match found {
                Some(k) => at += k + run.len(),
                None => return false,
            }
        }
        true
    }
}

impl Matcher<'_> {
    /// Gives each comma of a matched pattern list the source comma next to the
    /// element it follows (or precedes), so removing an element can take its comma.
    fn place_commas(&self, p: &PNode, kids: &[Node], st: &mut State) {
        let is_comma = |c: &PNode| !c.named && c.kind == ",";
        // Source elements with the commas around them.
        let elem_of = |pos: usize| {
            kids.iter()
                .position(|k| k.start_byte() <= pos && pos < k.end_byte().max(k.start_byte() + 1))
        };
        for (i, c) in p.children.iter().enumerate() {
            if !is_comma(c) {
                continue;
            }
            let Some(tok) = c.tok else { continue };
            let before = p.children[..i]
                .iter()
                .rev()
                .find(|x| !is_comma(x) && x.named)
                .and_then(|x| root_range(x, st));
            let after = p.children[i + 1..]
                .iter()
                .find(|x| !is_comma(x) && x.named)
                .and_then(|x| root_range(x, st));
            let comma_before = |k: usize| {
                kids[..k]
                    .iter()
                    .rev()
                    .find(|n| n.kind_fast() == ",")
                    .copied()
            };
            // After dots that took nothing at the start of the list, the
            // comma has no counterpart (not the one after the next element):
            // code added after it goes right before that element
            // (`f(..., +12, e, ...)` gives `f(12, e)`, not `f(e, 12)` for `f(e, 1)`).
            // (A parameter list's `...` is a parameter holding the dots.)
            let dots = |x: &PNode| x.sole_leaf().is_some_and(|l| l.role == Role::Dots);
            let empty_dots_first = self.pat.toks[tok].mark == crate::smpl::body::Mark::Context
                && p.children[..i]
                    .iter()
                    .filter(|x| x.named)
                    .all(|x| dots(x) && root_range(x, st).is_none_or(|r| r.is_empty()))
                && p.children[..i].iter().any(dots);
            if empty_dots_first && after.is_some() {
                st.ranges[tok] = None;
                continue;
            }
            let found = match (before.clone(), after.clone()) {
                // The comma after the element; after the last element, the
                // one before it (removing `bar(),` from `foo(1, bar())`
                // takes the comma that separates it).
                // In an initialiser (or an enum) the last element's
                // missing comma is just missing: spatch leaves the one
                // before (`{ .b = 2, .a = 1 }` less `.a = E,` is `{ .b = 2, }`).
                (Some(b), _) => elem_of(b.end.saturating_sub(1)).and_then(|k| {
                    kids[k + 1..]
                        .iter()
                        .find(|n| n.kind_fast() == ",")
                        .copied()
                        .or_else(|| {
                            (!matches!(p.kind, "initializer_list" | "enumerator_list"))
                                .then(|| comma_before(k))
                                .flatten()
                        })
                }),
                // Before the first element, the comma after it: removing
                // `, int x` from `(int x, int a)` takes the one that follows.
                (None, Some(a)) => elem_of(a.start).and_then(|k| {
                    comma_before(k)
                        .or_else(|| kids[k + 1..].iter().find(|n| n.kind_fast() == ",").copied())
                }),
                (None, None) => None,
            };
            if let Some(n) = found {
                st.ranges[tok] = Some(n.start_byte()..n.end_byte());
            } else if let (Some(b), None, "initializer_list") = (&before, &after, p.kind) {
                // The last element's missing comma, with code added after
                // it: an empty place right after the element, where the
                // edit puts the comma (spatch adds it).
                let context = self.pat.toks[tok].mark == crate::smpl::body::Mark::Context;
                if context && self.pat.chunks.iter().any(|c| c.after == Some(tok)) {
                    st.ranges[tok] = Some(b.end..b.end);
                }
            }
        }
    }
}

/// The pattern tokens of `p`'s leaves.
impl Matcher<'_> {
    /// Whether every change the block pattern `block` makes is inside its
    /// element `e`, between `e`'s first and last tokens, which stay: the
    /// statement the block stands for stays one statement (`if (IS_ERR(x))
    /// { ... PTR_ERR(- y + x) ... }` on an `if` without braces).
    fn changes_only_within(&self, block: &PNode, e: &PNode) -> bool {
        use crate::smpl::body::Mark;
        let (Some((blo, bhi)), Some((lo, hi))) = (tok_span(block), tok_span(e)) else {
            return false;
        };
        let minus = |k: usize| self.pat.toks[k].mark == Mark::Minus;
        let outside_minus = (blo..lo).chain(hi + 1..=bhi).any(minus);
        let strictly_inside = |t: Option<usize>| t.is_some_and(|t| lo <= t && t <= hi);
        let chunks_inside = self
            .pat
            .chunks
            .iter()
            .filter(|c| {
                [c.after, c.before]
                    .iter()
                    .any(|t| t.is_some_and(|t| blo <= t && t <= bhi))
            })
            .all(|c| {
                strictly_inside(c.after) && strictly_inside(c.before)
                    || (c.after == Some(hi) && c.before.is_none_or(|b| b > bhi))
                        && self.pat.toks[hi].text != ";"
            });
        !outside_minus && !minus(lo) && !minus(hi) && chunks_inside
    }

    /// Whether the pattern changes code within `p`: removes one of its
    /// tokens or adds code between two of them.
    fn edits_inside(&self, p: &PNode) -> bool {
        let Some((lo, hi)) = tok_span(p) else {
            return false;
        };
        let mut toks = Vec::new();
        leaf_toks(p, &mut toks);
        let inside = |t: Option<usize>| t.is_some_and(|t| lo <= t && t <= hi);
        toks.iter()
            .any(|&t| self.pat.toks[t].mark == crate::smpl::body::Mark::Minus && !self.pat.toks[t].star)
            // Code added next to one of its tokens too: next to the last
            // one, turned around, is within the source expression.
            || self.pat.chunks.iter().any(|c| inside(c.after) || inside(c.before))
    }
}

/// The source code matched by pattern element `r`: from the start of its
/// first matched token to the end of its last.
pub(crate) fn root_range(r: &PNode, st: &State) -> Option<Range<usize>> {
    let mut toks = Vec::new();
    leaf_toks(r, &mut toks);
    let rs: Vec<&Range<usize>> = toks
        .iter()
        .filter_map(|&t| st.ranges.get(t)?.as_ref())
        .collect();
    let start = rs.iter().map(|r| r.start).min()?;
    let end = rs.iter().map(|r| r.end).max()?;
    Some(start..end)
}

/// The first and last pattern tokens of `p` (indexes into its pattern's
/// tokens).
pub(crate) fn tok_span(p: &PNode) -> Option<(usize, usize)> {
    let mut toks = Vec::new();
    leaf_toks(p, &mut toks);
    Some((*toks.iter().min()?, *toks.iter().max()?))
}

pub(crate) fn leaf_toks(p: &PNode, out: &mut Vec<usize>) {
    if let Some(t) = p.tok {
        if p.is_leaf() {
            out.push(t);
        }
    }
    for c in &p.children {
        leaf_toks(c, out);
    }
}
