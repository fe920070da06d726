//! Compiling one disjunction-free alternative of a rule body into a C pattern tree.
//!
//! The minus and context tokens are joined into C text (`...` becomes a placeholder
//! identifier) and parsed with the same tree-sitter grammar as the source, wrapped
//! as an expression, as statements, or as top-level items. Metavariables keep their
//! names; the matcher recognises them by name. Plus tokens become chunks anchored
//! between minus/context tokens.

use super::body::{BTok, Mark, CONJ_AND, CONJ_CLOSE, CONJ_OPEN};
use super::{Diagnostic, MetaKind, Rule};
use crate::c;
use crate::c::hints::Hints;
use std::collections::HashSet;
use std::sync::Mutex;
use tree_sitter::Node;

/// The identifier that stands for `...` in the text handed to the C parser.
pub const DOTS: &str = "__sp_dots";

/// What a pattern's roots are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PatKind {
    /// A lone identifier: matches every occurrence of the name, in any role.
    Ident,
    /// One expression.
    Expr,
    /// One or more statements of one block.
    Stmts,
    /// One or more top-level items (declarations, definitions).
    TopLevel,
}

/// The role of a pattern leaf.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Code,
    /// A metavariable: index into the rule's metavariables.
    Meta(usize),
    /// `...` between arguments, parameters or statements.
    Dots,
    /// `<... P ...>` (false) or `<+... P ...+>` (true): the children are P.
    Nest(bool),
}

/// A node of a pattern tree.
#[derive(Clone, Debug)]
pub struct PNode {
    pub kind: &'static str,
    pub named: bool,
    /// Text of leaves and of literals compared whole.
    pub text: Vec<u8>,
    /// Index of the minus/context token a leaf came from.
    pub tok: Option<usize>,
    pub role: Role,
    pub children: Vec<PNode>,
    /// The grammar field this node fills in its parent (`update`, `condition`, …).
    pub field: Option<&'static str>,
}

impl PNode {
    /// True for leaves and for literals compared as a whole.
    pub fn is_leaf(&self) -> bool {
        self.children.is_empty() && !matches!(self.role, Role::Nest(_))
    }

    /// If this node is nothing but one metavariable or `...` (possibly wrapped, as a
    /// parameter declaration wraps its type), that leaf.
    pub fn sole_leaf(&self) -> Option<&PNode> {
        let mut n = self;
        loop {
            if n.is_leaf() {
                return Some(n);
            }
            if n.children.len() != 1 {
                return None;
            }
            n = &n.children[0];
        }
    }
}

/// Added code anchored between two minus/context tokens.
#[derive(Clone, Debug)]
pub struct PlusChunk {
    /// The minus/context token before the chunk, if any.
    pub after: Option<usize>,
    /// The minus/context token after the chunk, if any.
    pub before: Option<usize>,
    pub toks: Vec<BTok>,
}

/// A `when` constraint on a `...`.
#[derive(Clone, Debug)]
pub enum When {
    /// `when != E`: no code on the way mentions E (tokens; metavariables
    /// allowed), with the code compiled as a pattern where it compiles (a
    /// metavariable the rule has not bound then stands for what its kind
    /// and constraints allow, not for any tokens).
    NotMentions(Vec<BTok>, Option<Pattern>),
    /// `when any`: the dots may also contain what follows them.
    Any,
    /// `when strict`: every path, those that leave by a `return` too.
    Strict,
    /// `when exists` / `when forall`: the rule's quantifier, for these dots.
    Paths(super::Quantifier),
    /// `when = S`: every statement the dots pass is one of these.
    Always(Vec<Pattern>),
    /// `when != true E`: the dots do not take the branch of a test
    /// matching one of these where it is true.
    NotTrue(Vec<Pattern>),
    /// `when != false E`: nor, here, where it is false.
    NotFalse(Vec<Pattern>),
}

/// One compiled alternative of a rule.
#[derive(Clone, Debug)]
pub struct Pattern {
    pub kind: PatKind,
    /// Minus and context tokens, in order; leaves refer to them by index.
    pub toks: Vec<BTok>,
    pub chunks: Vec<PlusChunk>,
    pub roots: Vec<PNode>,
    /// `when` constraints, by the token index of their `...`.
    pub whens: Vec<(usize, Vec<When>)>,
    /// The identifiers every match contains ([`Pattern::required_words`]).
    pub words: Vec<String>,
    /// Strings some identifier of every match contains: what the regular
    /// expressions of its identifier metavariables force.
    pub fragments: Vec<String>,
    /// Conjunctions: code the tokens of a span must match as well.
    pub conjs: Vec<Conj>,
    /// Token spans of the first branches of conjunctions, by conjunction
    /// (filled while compiling, read into `conjs`).
    conj_spans: Vec<(usize, usize)>,
}

/// `(` A `&` B `)`: where the tokens `first..end` (A) matched, B must match
/// the same code. B's tokens follow A's in [`Pattern::toks`], so what B
/// removes or adds is edited as A's is.
#[derive(Clone, Debug)]
pub struct Conj {
    pub first: usize,
    pub end: usize,
    pub also: PNode,
    /// A branch of several statements (`f(...); ... g(...);`): all its
    /// elements, matched as a sequence from where the first branch starts
    /// (`also` is the first of them).
    pub seq: Vec<PNode>,
}

impl Pattern {
    /// Whether all the code the pattern adds is on `++` lines: each match
    /// adds its copy, however many add at one place.
    pub fn adds_many(&self) -> bool {
        !self.chunks.is_empty() && self.chunks.iter().all(|c| c.toks.iter().any(|t| t.many))
    }

    /// The `when` constraints of the `...` at token `tok`.
    /// A pattern of these parts, before its words, fragments,
    /// conjunctions and their spans are known.
    fn of(
        kind: PatKind,
        toks: Vec<BTok>,
        chunks: Vec<PlusChunk>,
        roots: Vec<PNode>,
        whens: Vec<(usize, Vec<When>)>,
    ) -> Pattern {
        Pattern {
            kind,
            toks,
            chunks,
            roots,
            whens,
            words: Vec::new(),
            fragments: Vec::new(),
            conjs: Vec::new(),
            conj_spans: Vec::new(),
        }
    }

    pub fn whens_of(&self, tok: Option<usize>) -> &[When] {
        tok.and_then(|t| self.whens.iter().find(|(k, _)| *k == t))
            .map_or(&[], |(_, w)| w.as_slice())
    }

    /// Whether the pattern names `name` anywhere: in its code, a position
    /// it attaches, added code or a `when`.
    pub fn names(&self, name: &str) -> bool {
        let in_toks = |toks: &[BTok]| {
            toks.iter()
                .any(|t| t.text == name || t.positions.iter().any(|p| p == name))
        };
        in_toks(&self.toks)
            || self.chunks.iter().any(|c| in_toks(&c.toks))
            || self.whens.iter().flat_map(|(_, ws)| ws).any(|w| match w {
                When::NotMentions(code, _) => in_toks(code),
                When::Always(ps) | When::NotTrue(ps) | When::NotFalse(ps) => {
                    ps.iter().any(|p| p.names(name))
                }
                When::Any | When::Strict | When::Paths(_) => false,
            })
    }

    /// Whether added code names `name` (a metavariable it then needs bound).
    pub fn adds(&self, name: &str) -> bool {
        self.chunks
            .iter()
            .any(|c| c.toks.iter().any(|t| t.text == name))
    }

    /// True when the roots need the statement-sequence matcher (several
    /// statements, or `...`/nests between statements).
    pub fn is_sequence(&self) -> bool {
        self.kind == PatKind::Stmts
            && (self.roots.len() > 1
                || self
                    .roots
                    .iter()
                    .any(|r| matches!(r.role, Role::Dots | Role::Nest(_))))
    }
}

const KEYWORDS: &[&str] = &[
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
    "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
    "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch", "typedef",
    "union", "unsigned", "void", "volatile", "while", "NULL", "true", "false", "bool", "_Bool",
];

impl Pattern {
    /// The minus and context tokens every match covers: those outside
    /// `<... ...>` nests, which may match no times at all.
    fn required_tokens(&self) -> impl Iterator<Item = &BTok> {
        let mut nests: Vec<bool> = Vec::new();
        self.toks.iter().filter(move |t| match t.text.as_str() {
            "<..." => {
                nests.push(true);
                false
            }
            "<+..." => {
                nests.push(false);
                false
            }
            "...>" | "...+>" => {
                nests.pop();
                false
            }
            _ => !nests.contains(&true),
        })
    }

    /// The fragments the regular expressions of this alternative's identifier
    /// metavariables force on every match.
    pub fn required_fragments(&self, rule: &Rule) -> Vec<String> {
        let mut v: Vec<String> = self
            .required_tokens()
            .filter(|t| t.is_ident)
            .filter_map(|t| rule.metavar(&t.text))
            .filter(|&m| rule.metavars[m].kind == MetaKind::Identifier)
            .filter_map(|m| match &rule.metavars[m].constraint {
                Some(crate::smpl::Constraint::Matches(re)) => {
                    super::fragment::regex_fragment(re.as_str())
                }
                _ => None,
            })
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// The identifiers every match of this alternative contains literally.
    fn required_words(&self, rule: &Rule, hints: &Hints) -> Vec<String> {
        // Annotations (`__user`) and replaced words are invisible to matching:
        // `(void __user *)E` matches `(void *)p`.
        let invisible = |w: &str| {
            matches!(
                hints.get(w.as_bytes()),
                Some(
                    c::hints::Hint::Annotation
                        | c::hints::Hint::AnnotationArgs
                        | c::hints::Hint::Replace(_)
                )
            )
        };
        let mut v: Vec<String> = self
            .required_tokens()
            .filter(|t| {
                t.is_ident
                    && rule.metavar(&t.text).is_none()
                    && !KEYWORDS.contains(&t.text.as_str())
                    && !invisible(&t.text)
            })
            .map(|t| t.text.clone())
            .collect();
        v.sort();
        v.dedup();
        v
    }
}

struct Wrap {
    prefix: &'static str,
    suffix: &'static str,
    kind: PatKind,
    /// Where the pattern's node is in what the wrap makes of the text.
    inner: Inner,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Inner {
    /// The text itself.
    Plain,
    /// The text is put between parentheses: the expression is the one
    /// inside them.
    Paren,
    /// The text is a variable's initialiser: `{ .a = E, }` alone.
    Init,
}

const WRAPS: &[Wrap] = &[
    Wrap {
        prefix: "void __sp_fn(void) {\n",
        suffix: "\n;}\n",
        kind: PatKind::Expr,
        inner: Inner::Plain,
    },
    Wrap {
        prefix: "void __sp_fn(void) {\n",
        suffix: "\n}\n",
        kind: PatKind::Stmts,
        inner: Inner::Plain,
    },
    Wrap {
        prefix: "",
        suffix: "\n",
        kind: PatKind::TopLevel,
        inner: Inner::Plain,
    },
];

/// An expression that C would read as a declaration when it stands
/// alone (`E1 * E2`, `E1 * E2` with `E1` an expression metavariable):
/// between parentheses it can only be an expression. Tried only where
/// [`misread_declaration`] says the plain reading was wrong.
const PAREN_EXPR: Wrap = Wrap {
    prefix: "void __sp_fn(void) {\n(",
    suffix: ")\n;}\n",
    kind: PatKind::Expr,
    inner: Inner::Paren,
};

/// An initialiser list alone (`{ .a = E, }`, `{ ..., [0] = E, ... }`):
/// it is read as a variable's initialiser.
const INIT_EXPR: Wrap = Wrap {
    prefix: "void __sp_fn(void) {\nint __sp_init =\n",
    suffix: "\n;}\n",
    kind: PatKind::Expr,
    inner: Inner::Init,
};

/// Whether `decl`, a declaration the parser read, has for its type a
/// metavariable that stands for an expression: spatch knows its kind and
/// reads such code as an expression (`E1 * E2` is a product).
fn misread_declaration(decl: Node, text: &[u8], rule: &Rule) -> bool {
    decl.kind() == "declaration"
        && decl.child_by_field_name("type").is_some_and(|t| {
            t.kind() == "type_identifier"
                && std::str::from_utf8(&text[t.byte_range()])
                    .ok()
                    .and_then(|name| rule.metavar(name))
                    .is_some_and(|m| {
                        matches!(
                            rule.metavars[m].kind,
                            MetaKind::Expression | MetaKind::Constant
                        )
                    })
        })
}

/// What compiling the alternatives of one semantic patch shares: its text
/// (for diagnostics), the macro hints C is read with, and the added-code
/// slices already found to parse (the alternatives of a rule mostly share
/// their added code and context: a text that parsed once is not parsed
/// again).
pub struct Compiler<'c> {
    pub file: &'c str,
    pub src: &'c str,
    pub hints: &'c Hints,
    parsed: Mutex<HashSet<(PatKind, String)>>,
}

impl<'c> Compiler<'c> {
    pub fn new(file: &'c str, src: &'c str, hints: &'c Hints) -> Compiler<'c> {
        Compiler {
            file,
            src,
            hints,
            parsed: Mutex::new(HashSet::new()),
        }
    }

    /// Compiles one alternative (after disjunction expansion and minus/plus alignment).
    pub fn compile(&self, rule: &Rule, alt: Vec<BTok>) -> Result<Pattern, Diagnostic> {
        for t in &alt {
            let at = |msg: String| {
                Diagnostic::at(self.file, self.src, t.line, t.col + t.text.len(), msg)
            };
            for n in &t.positions {
                // A position binds where the token is; another
                // metavariable the code of its kind around it.
                // `Ps@Es`: an expression list on a parameter list.
                let on_params = rule
                    .metavar(&t.text)
                    .is_some_and(|m| rule.metavars[m].kind == MetaKind::ParameterList);
                let ok = rule.metavar(n).is_some_and(|m| {
                    matches!(
                        rule.metavars[m].kind,
                        MetaKind::Position
                            | MetaKind::Comments
                            | MetaKind::Expression
                            | MetaKind::Identifier
                            | MetaKind::Constant
                            | MetaKind::Statement
                            | MetaKind::Declaration
                            | MetaKind::Type
                    ) || (on_params && rule.metavars[m].kind == MetaKind::ExpressionList)
                });
                if !ok {
                    return Err(at(format!("`@{n}`: `{n}` is not a metavariable of this rule that `@` can bind (declare `position {n};`, or an expression, identifier, constant, statement, declaration or type)")));
                }
                if t.mark == super::body::Mark::Plus {
                    return Err(at(format!("`@{n}`: a position is only attached to code that is matched, not to added code")));
                }
            }
        }
        // spatch 1.1.1 does not read an `attribute` metavariable in added code.
        if let Some(t) = alt.iter().find(|t| {
            t.mark == super::body::Mark::Plus
                && t.is_ident
                && rule
                    .metavar(&t.text)
                    .is_some_and(|m| rule.metavars[m].kind == MetaKind::Attribute)
        }) {
            return Err(Diagnostic::at(
                self.file,
                self.src,
                t.line,
                t.col,
                format!("`{}`: an `attribute` metavariable in added code is not supported (spatch 1.1.1 does not read it either)", t.text),
            ));
        }
        let mut p = compile_conjunctions(self, rule, alt)?;
        self.check_function_names(rule, &p)?;
        p.words = p.required_words(rule, self.hints);
        p.fragments = p.required_fragments(rule);
        Ok(p)
    }
}

/// Compiles an alternative whose conjunctions' later branches are taken
/// out, compiled on their own and appended (see [`Conj`]).
impl Compiler<'_> {
    /// A `function f` metavariable in matched code must be the name a
    /// function definition declares: spatch has no other meaning for it
    /// (it stops with "need more semantic info" elsewhere).
    fn check_function_names(&self, rule: &Rule, p: &Pattern) -> Result<(), Diagnostic> {
        fn walk<'a>(n: &'a PNode, up: &mut Vec<&'a PNode>, bad: &mut Option<usize>, rule: &Rule) {
            if let Role::Meta(m) = n.role {
                let named_def = || {
                    let mut field = n.field;
                    let mut through_fn = false;
                    for a in up.iter().rev() {
                        if field != Some("declarator") {
                            return false;
                        }
                        match a.kind {
                            "function_definition" => return through_fn,
                            "function_declarator" => through_fn = true,
                            "pointer_declarator" | "parenthesized_declarator" => {}
                            _ => return false,
                        }
                        field = a.field;
                    }
                    false
                };
                if matches!(
                    rule.metavars[m].form,
                    super::ExprForm::FunctionName | super::ExprForm::LocalFunctionName
                ) && bad.is_none()
                    && !named_def()
                {
                    *bad = n.tok;
                }
            }
            up.push(n);
            for c in &n.children {
                walk(c, up, bad, rule);
            }
            up.pop();
        }
        let mut bad = None;
        for r in p.roots.iter().chain(
            p.conjs
                .iter()
                .flat_map(|c| std::iter::once(&c.also).chain(&c.seq)),
        ) {
            walk(r, &mut Vec::new(), &mut bad, rule);
        }
        match bad {
            Some(t) => {
                let t = &p.toks[t];
                Err(Diagnostic::at(
                    self.file,
                    self.src,
                    t.line,
                    t.col,
                    format!("`{}` is a `function` metavariable: in matched code it may only name a function definition (`{} (...) {{ ... }}`)", t.text, t.text),
                ))
            }
            None => Ok(()),
        }
    }
}

fn compile_conjunctions(cx: &Compiler, rule: &Rule, alt: Vec<BTok>) -> Result<Pattern, Diagnostic> {
    let err = |t: &BTok, msg: &str| Diagnostic::at(cx.file, cx.src, t.line, t.col, msg);
    let (kept, others) = split_conjunctions(alt);
    let mut p = compile_tokens(cx, rule, kept)?;
    for (k, branches) in others.into_iter().enumerate() {
        let (first, end) = p.conj_spans[k];
        for b in branches {
            let Some(at) = b.iter().find(|t| t.mark != Mark::Plus).cloned() else {
                continue;
            };
            let q = compile_conjunctions(cx, rule, b)?;
            // A branch of several statements is a sequence of its own,
            // when the first branch is one too (from a statement).
            let sequence = q.roots.len() > 1
                && q.is_sequence()
                && p.is_sequence()
                && q.roots.first().is_some_and(|r| r.role == Role::Code)
                && q.conjs.is_empty();
            if (q.roots.len() != 1 && !sequence) || q.roots[0].role == Role::Dots || first >= end {
                return Err(err(&at, "a conjunction of `...` or of several statements (unless both branches are statement sequences) is not supported yet: each branch must be one expression, statement or declaration"));
            }
            let shift = p.toks.len();
            let mut seq = q.roots;
            for r in &mut seq {
                shift_toks(r, shift);
            }
            let also = seq[0].clone();
            if !sequence {
                seq.clear();
            }
            p.toks.extend(q.toks);
            p.chunks.extend(q.chunks.into_iter().map(|mut c| {
                c.after = c.after.map(|a| a + shift);
                c.before = c.before.map(|b| b + shift);
                c
            }));
            p.whens
                .extend(q.whens.into_iter().map(|(t, w)| (t + shift, w)));
            p.conjs.push(Conj {
                first,
                end,
                also,
                seq,
            });
            p.conjs.extend(q.conjs.into_iter().map(|mut c| {
                c.first += shift;
                c.end += shift;
                shift_toks(&mut c.also, shift);
                c
            }));
        }
    }
    Ok(p)
}

/// Takes the later branches of an alternative's conjunctions out: the
/// alternative with its conjunctions' first branches between their
/// markers, and each conjunction's later branches, in the order of the
/// conjunctions' openings (the markers come from `body::expand`, so they nest).
fn split_conjunctions(alt: Vec<BTok>) -> (Vec<BTok>, Vec<Vec<Vec<BTok>>>) {
    // Keep each conjunction's markers around its first branch; set the
    // others aside, in the order of the conjunctions' openings.
    let mut kept = Vec::new();
    let mut others: Vec<Vec<Vec<BTok>>> = Vec::new();
    // Conjunctions whose first branch we are in.
    let mut open: Vec<usize> = Vec::new();
    // The conjunction whose later branch we are in, and how deep in
    // conjunctions of its own.
    let mut other: Option<usize> = None;
    let mut depth = 0;
    for t in alt {
        let text = t.text.as_str();
        if let Some(k) = other {
            let branch = others[k].last_mut().expect("a branch");
            match text {
                CONJ_OPEN => depth += 1,
                CONJ_AND if depth == 0 => {
                    others[k].push(Vec::new());
                    continue;
                }
                CONJ_CLOSE if depth == 0 => {
                    other = None;
                    open.pop();
                    kept.push(t);
                    continue;
                }
                CONJ_CLOSE => depth -= 1,
                _ => {}
            }
            branch.push(t);
            continue;
        }
        match text {
            CONJ_OPEN => {
                others.push(Vec::new());
                open.push(others.len() - 1);
                kept.push(t);
            }
            CONJ_AND => {
                let Some(&k) = open.last() else {
                    continue;
                };
                others[k].push(Vec::new());
                other = Some(k);
            }
            CONJ_CLOSE => {
                open.pop();
                kept.push(t);
            }
            _ => kept.push(t),
        }
    }
    (kept, others)
}

fn shift_toks(n: &mut PNode, by: usize) {
    if let Some(t) = &mut n.tok {
        *t += by;
    }
    for c in &mut n.children {
        shift_toks(c, by);
    }
}

fn compile_tokens(cx: &Compiler, rule: &Rule, alt: Vec<BTok>) -> Result<Pattern, Diagnostic> {
    let (file, src) = (cx.file, cx.src);
    let err = |t: &BTok, msg: String| Diagnostic::at(file, src, t.line, t.col, msg);
    let code = |alt: Vec<BTok>| compile_conjunctions(cx, rule, alt);
    let (alt, when_at) = extract_whens(alt, &err, Some(&code))?;
    let mut toks: Vec<BTok> = Vec::new();
    let mut chunks: Vec<PlusChunk> = Vec::new();
    let mut whens: Vec<(usize, Vec<When>)> = Vec::new();
    let mut conj_spans: Vec<(usize, usize)> = Vec::new();
    let mut conj_open: Vec<usize> = Vec::new();
    for (ai, t) in alt.into_iter().enumerate() {
        if let Some((_, w)) = when_at.iter().find(|(k, _)| *k == ai) {
            whens.push((toks.len(), w.clone()));
        }
        if t.text == CONJ_OPEN {
            conj_open.push(conj_spans.len());
            conj_spans.push((toks.len(), toks.len()));
            continue;
        }
        if t.text == CONJ_CLOSE {
            if let Some(k) = conj_open.pop() {
                conj_spans[k].1 = toks.len();
            }
            continue;
        }
        if t.mark == Mark::Plus {
            match chunks.last_mut() {
                Some(c) if c.before.is_none() && c.after == toks.len().checked_sub(1) => {
                    c.toks.push(t)
                }
                _ => chunks.push(PlusChunk {
                    after: toks.len().checked_sub(1),
                    before: None,
                    toks: vec![t],
                }),
            }
        } else {
            for c in chunks.iter_mut().filter(|c| c.before.is_none()) {
                c.before = Some(toks.len());
            }
            toks.push(t);
        }
    }
    for t in &toks {
        if t.text == "when" {
            return Err(err(t, "`when` must follow a `...`".into()));
        }
    }
    // Added code may only use metavariables this alternative binds (or inherits).
    for c in &chunks {
        for t in &c.toks {
            if t.text == "..." {
                return Err(err(
                    t,
                    "`...` cannot be added: it must be context code (no `+`)".into(),
                ));
            }
            if let Some(mi) = rule.metavar(&t.text) {
                let m = &rule.metavars[mi];
                if m.kind == super::MetaKind::Fresh && m.seed.is_empty() {
                    return Err(err(t, format!("fresh identifier `{}` has no seed, so it has no name to add (spatch asks for one on the terminal): give it one, `fresh identifier {} = \"prefix\" ## x;`", t.text, t.text)));
                }
                // A fresh identifier's name comes from its seed, which the
                // other metavariables bind.
                let fresh_ok = m.kind == super::MetaKind::Fresh
                    && m.seed.iter().all(|p| match p {
                        super::SeedPart::Meta(x) => {
                            toks.iter().any(|t| &t.text == x)
                                || rule
                                    .metavar(x)
                                    .is_some_and(|k| rule.metavars[k].inherited.is_some())
                        }
                        super::SeedPart::Script { params, .. } => params.iter().all(|x| {
                            toks.iter().any(|t| &t.text == x)
                                || rule
                                    .metavar(x)
                                    .is_some_and(|k| rule.metavars[k].inherited.is_some())
                        }),
                        super::SeedPart::Text(_) => true,
                    });
                let bound = toks
                    .iter()
                    .any(|x| x.text == t.text || x.positions.contains(&t.text));
                if m.inherited.is_none() && m.fixed.is_none() && !fresh_ok && !bound {
                    return Err(err(t, format!("metavariable `{}` is added but not bound by any `-` or context code of this branch", t.text)));
                }
            }
        }
    }
    let Some(first) = toks.first() else {
        let Some(t) = chunks.first().and_then(|c| c.toks.first()) else {
            return Err(Diagnostic::at(
                file,
                src,
                rule.line,
                1,
                format!(
                    "an empty disjunction branch leaves rule `{}` with no code to match",
                    rule.name
                ),
            ));
        };
        return Err(err(
            t,
            "this branch only adds code: there is no `-` or context code to attach it to".into(),
        ));
    };
    // A lone identifier is an expression, as in spatch; `everywhere`
    // makes it a rename of every occurrence.
    if rule.everywhere && !(toks.len() == 1 && first.is_ident) {
        return Err(err(
            first,
            "an `everywhere` rule's code is one identifier (`- old` / `+ new`)".into(),
        ));
    }
    if let Some(root) = bare_type(cx, rule, &toks) {
        let p = Pattern::of(PatKind::Expr, toks, chunks, vec![root], whens);
        return Ok(Pattern { conj_spans, ..p });
    }
    if toks.len() == 1 && first.is_ident {
        let role = match rule.metavar(&first.text) {
            Some(mi) if rule.metavars[mi].kind == MetaKind::Identifier => Some(Role::Meta(mi)),
            Some(_) => None,
            None => Some(Role::Code),
        };
        if let Some(role) = role {
            let leaf = PNode {
                kind: "identifier",
                named: true,
                text: first.text.clone().into_bytes(),
                tok: Some(0),
                role,
                children: Vec::new(),
                field: None,
            };
            let p = Pattern::of(PatKind::Ident, toks, chunks, vec![leaf], whens);
            return Ok(Pattern { conj_spans, ..p });
        }
    }
    // What does not parse as written may as a function definition without
    // its return type, or as a sequence of expressions without `;`
    // (`f(X) ... g(X)`: statements that contain them). The error reported
    // is that of the first layout tried.
    // The first layout's error and token starts.
    type Failure = (Option<(usize, String)>, Vec<usize>);
    let mut first: Option<Failure> = None;
    for how in layouts_for(cx, &toks, rule) {
        let loose = how.loose;
        let (text, starts, semis) = layout_with(&toks, rule, how);
        if loose && semis.is_empty() {
            continue;
        }
        let mut best_err: Option<(usize, String)> = None;
        // The plain expression reading was a declaration it cannot be.
        let mut misread = false;
        let braced = text.starts_with('{');
        for w in WRAPS
            .iter()
            .chain([&PAREN_EXPR, &INIT_EXPR])
            .filter(|w| !loose || w.kind == PatKind::Stmts)
        {
            if (w.inner == Inner::Paren && !misread) || (w.inner == Inner::Init && !braced) {
                continue;
            }
            // An expression never ends in `;`: spare the parser a try.
            if w.kind == PatKind::Expr && text.trim_end().ends_with(';') {
                continue;
            }
            let full = format!("{}{}{}", w.prefix, text, w.suffix);
            let tree = c::parse_with(cx.hints, full.as_bytes());
            let off = w.prefix.len();
            let end = off + text.len();
            let root = tree.root_node();
            if root.has_error() {
                if let Some((pos, msg)) = first_error(root, full.as_bytes()) {
                    let rel = pos.saturating_sub(off).min(text.len());
                    if best_err.as_ref().is_none_or(|(p, _)| rel > *p) {
                        best_err = Some((rel, msg));
                    }
                }
                continue;
            }
            let nodes: Vec<Node> = match w.kind {
                PatKind::Expr | PatKind::Stmts => {
                    let Some(body) = root.child(0).and_then(|f| f.child_by_field_name("body"))
                    else {
                        continue;
                    };
                    let kids = c::code_children(body);
                    // `struct s { … };` alone is a type and a `;`: a
                    // declaration at file scope, which is where it is read.
                    // (A `;` the layout added asks nothing of the code.)
                    if kids.iter().any(|n| {
                        n.kind() == ";" && !semis.contains(&n.start_byte().saturating_sub(off))
                    }) {
                        continue;
                    }
                    let stmts: Vec<Node> = kids.into_iter().filter(|n| n.is_named()).collect();
                    if w.kind == PatKind::Expr {
                        match stmts.as_slice() {
                            [s] if s.kind() == "expression_statement"
                                || (w.inner == Inner::Init && s.kind() == "declaration") =>
                            {
                                let e = match (w.inner, s.named_child(0)) {
                                    (Inner::Paren, Some(p)) => p
                                        .named_child(0)
                                        .filter(|_| p.kind() == "parenthesized_expression"),
                                    (Inner::Init, _) => s
                                        .child_by_field_name("declarator")
                                        .and_then(|d| d.child_by_field_name("value"))
                                        .filter(|v| v.kind() == "initializer_list"),
                                    (_, e) => e.filter(|_| w.inner == Inner::Plain),
                                };
                                match e {
                                    Some(e) if e.start_byte() == off && e.end_byte() == end => {
                                        vec![e]
                                    }
                                    _ => continue,
                                }
                            }
                            [s] if w.inner == Inner::Plain
                                && misread_declaration(*s, full.as_bytes(), rule) =>
                            {
                                misread = true;
                                continue;
                            }
                            _ => continue,
                        }
                    } else {
                        stmts
                    }
                }
                // `...` between top-level items is a statement sequence
                // read at the wrong level (`IS_ERR_VALUE(ret)` then `...`
                // would be a declaration there).
                PatKind::TopLevel => {
                    let items = c::code_children(root);
                    if items.iter().any(|n| {
                        n.kind() == "expression_statement"
                            && full.as_bytes()[n.byte_range()].starts_with(DOTS.as_bytes())
                    }) {
                        continue;
                    }
                    items
                }
                PatKind::Ident => unreachable!("identifier patterns are not parsed"),
            };
            if nodes.is_empty()
                || nodes.iter().any(|n| {
                    // A directive's node takes the line's end with it.
                    let slack = usize::from(n.kind().starts_with("preproc_"));
                    n.start_byte() < off || n.end_byte() > end + slack
                })
                || dots_declared(root, full.as_bytes())
            {
                continue;
            }
            let cx = Conv {
                toks: &toks,
                text: full.as_bytes(),
                off,
                starts: &starts,
                rule,
                semis: &semis,
            };
            let mut roots: Vec<PNode> = nodes.iter().map(|n| cx.convert(*n, None)).collect();
            struct_meta_def(&mut roots);
            check_struct_meta(&roots, &toks, &chunks, &err)?;
            let p = Pattern::of(w.kind, toks, chunks, roots, whens);
            return Ok(Pattern { conj_spans, ..p });
        }
        if first.is_none() {
            first = Some((best_err, starts));
        }
    }
    let (best_err, starts) = first.unwrap_or((None, vec![0]));
    let (rel, msg) = best_err.unwrap_or((0, "this code does not parse as C".into()));
    let ti = token_at(&starts, rel);
    Err(err(
        &toks[ti],
        format!("{msg} (as an expression, statements or top-level declarations)"),
    ))
}

/// `T { … };` alone: one [`STRUCT_META_DEF`] node, its `;` included,
/// which matches a typedef's struct as well; `T { … }` without `;` one
/// [`STRUCT_META`] node, any struct definition with a tag (spatch 1.1.1).
fn struct_meta_def(roots: &mut Vec<PNode>) {
    let mut def = match roots.as_slice() {
        [s] | [s, _] if s.kind == STRUCT_META => s.clone(),
        _ => return,
    };
    match roots.get(1) {
        Some(x) if x.kind == ";" && x.tok.is_some() => {
            def.kind = STRUCT_META_DEF;
            def.children.push(x.clone());
        }
        Some(x) if x.kind == ";" => {}
        Some(_) => return,
        None => {}
    }
    *roots = vec![def];
}

/// The `T` of `T { … }` stands for code that is not where the rule writes
/// it (a typedef's name comes after the fields): it may be matched, not
/// removed or have code added right beside it.
fn check_struct_meta(
    roots: &[PNode],
    toks: &[BTok],
    chunks: &[PlusChunk],
    err: &dyn Fn(&BTok, String) -> Diagnostic,
) -> Result<(), Diagnostic> {
    fn walk<'a>(n: &'a PNode, out: &mut Vec<&'a PNode>) {
        if n.kind == STRUCT_META || n.kind == STRUCT_META_DEF {
            out.push(n);
        }
        for c in &n.children {
            walk(c, out);
        }
    }
    let mut found = Vec::new();
    for r in roots {
        walk(r, &mut found);
    }
    for n in found {
        let Some(t) = n.children.first().and_then(|c| c.tok) else {
            continue;
        };
        let beside = chunks
            .iter()
            .any(|c| c.after == Some(t) || c.before == Some(t));
        if toks[t].mark != Mark::Context || beside {
            return Err(err(&toks[t], format!("`{}` heading a struct definition can only be matched: removing it or adding code right beside it is not supported", toks[t].text)));
        }
    }
    Ok(())
}

/// A pattern that is a type alone, written with a type keyword (`int`,
/// `unsigned char`, `struct foo`): the type specifier, which matches that
/// type wherever code names it (a declaration's, a cast's, a parameter's).
/// A type with pointers or qualifiers is not one specifier and is left to
/// the other readings.
fn bare_type(cx: &Compiler, rule: &Rule, toks: &[BTok]) -> Option<PNode> {
    const KEYWORDS: &[&str] = &[
        "int", "char", "short", "long", "unsigned", "signed", "float", "double", "void", "struct",
        "union", "enum",
    ];
    if !KEYWORDS.contains(&toks.first()?.text.as_str()) {
        return None;
    }
    let (full, starts, len) = cast_type(cx, rule, toks)?;
    let tree = c::parse_with(cx.hints, full.as_bytes());
    let td = type_in_cast(&tree)?;
    let spec = td.child_by_field_name("type")?;
    let off = CAST_PREFIX.len();
    if spec.start_byte() != off || spec.end_byte() != off + len {
        return None;
    }
    let conv = Conv {
        toks,
        text: full.as_bytes(),
        off,
        starts: &starts,
        rule,
        semis: &[],
    };
    Some(conv.convert(spec, None))
}

/// What a type is laid out in to be parsed: a cast.
const CAST_PREFIX: &str = "void __sp_fn(void) {\n(";

/// `toks` laid out as the type of a cast (the text, the tokens' starts in
/// the layout, the length of the type's text), when they parse as a whole
/// type there.
fn cast_type(cx: &Compiler, rule: &Rule, toks: &[BTok]) -> Option<(String, Vec<usize>, usize)> {
    let (text, starts, _) = layout_with(toks, rule, Layout::default());
    let full = format!("{CAST_PREFIX}{text}) __sp_x\n;}}\n");
    let tree = c::parse_with(cx.hints, full.as_bytes());
    let td = type_in_cast(&tree)?;
    let off = CAST_PREFIX.len();
    if td.start_byte() != off || td.end_byte() != off + text.len() {
        return None;
    }
    Some((full, starts, text.len()))
}

/// The type descriptor of the cast [`cast_type`] lays out, if the text
/// parsed as one without error.
fn type_in_cast(tree: &tree_sitter::Tree) -> Option<Node<'_>> {
    let root = tree.root_node();
    if root.has_error() {
        return None;
    }
    let cast = root
        .child(0)?
        .child_by_field_name("body")?
        .named_child(0)?
        .named_child(0)?;
    if cast.kind() != "cast_expression" {
        return None;
    }
    cast.child_by_field_name("type")
}

/// Whether the parse took a `...` for a declared name (`GFP_KERNEL\n...`
/// read as the declaration `GFP_KERNEL __sp_dots;`): a misreading, which
/// another layout reads right.
fn dots_declared(root: Node, text: &[u8]) -> bool {
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        // (`[...]` is an array's size, not a name.)
        let declared = n.parent().is_some_and(|p| match p.kind() {
            "declaration" | "init_declarator" | "pointer_declarator" => true,
            "array_declarator" => p
                .child_by_field_name("declarator")
                .is_some_and(|d| d.id() == n.id()),
            _ => false,
        });
        if declared && n.kind() == "identifier" && &text[n.byte_range()] == DOTS.as_bytes() {
            return true;
        }
        let mut cur = n.walk();
        stack.extend(n.named_children(&mut cur));
    }
    false
}

/// How a nest in an expression's place is laid out: `<... E ...>` is
/// `__sp_nest(E)`, `<+... E ...+>` is `__sp_nestp(E)`.
const NEST_CALL: &str = "__sp_nest(";
const NEST_CALL_PLUS: &str = "__sp_nestp(";

/// The kind of a pattern leaf standing for one token of a `#define` body
/// the pattern gives as raw tokens (compared one by one).
pub const MACRO_TOKEN: &str = "preproc_tok";

/// The kind of a pattern node that is an expression standing in a
/// statement sequence without `;`: it matches a statement containing it.
pub const LOOSE: &str = "loose_expression";

/// The name an `iterator` metavariable is laid out as (the dialect layer
/// reads any name with `for_each` in it as an iterator).
pub const ITERATOR_META: &str = "__sp_for_each";

/// The placeholder return type of a function definition pattern that
/// writes none.
const ANY_RETURN_TYPE: &str = "__sp_anytype";

/// Whether `toks` start a function definition without a return type
/// (see [`untyped_at`]).
fn untyped_function(toks: &[BTok]) -> bool {
    untyped_at(toks).is_some()
}

/// Where the placeholder return type of a function written without one
/// goes, if `toks` start such a function (`name (…) {`, `name` not a type
/// word): after the storage words (`static f(...) {`). In a slice of added
/// and context code, the function may also start with the context, after
/// added code (`+ int g(void) { … }` then `f (int x) { ... }`).
fn untyped_at(toks: &[BTok]) -> Option<usize> {
    let context = toks.iter().position(|t| t.mark != Mark::Plus);
    std::iter::once(0)
        .chain(context.filter(|&c| c > 0))
        .map(|from| {
            from + toks[from..]
                .iter()
                .take_while(|t| matches!(t.text.as_str(), "static" | "inline" | "extern"))
                .count()
        })
        .find(|&at| heads_untyped(&toks[at..]))
}

/// Whether `toks` start with `name (…) {`, `name` not a type word.
fn heads_untyped(toks: &[BTok]) -> bool {
    let [name, open, ..] = toks else {
        return false;
    };
    if !name.is_ident || open.text != "(" || is_type_word(&name.text) {
        return false;
    }
    let mut depth = 0;
    for (i, t) in toks.iter().enumerate().skip(1) {
        match t.text.as_str() {
            "(" => depth += 1,
            ")" => {
                depth -= 1;
                if depth == 0 {
                    return toks.get(i + 1).is_some_and(|n| n.text == "{");
                }
            }
            _ => {}
        }
    }
    false
}

/// C keywords that begin a declaration's type or storage.
fn is_type_word(w: &str) -> bool {
    matches!(
        w,
        "int"
            | "char"
            | "short"
            | "long"
            | "unsigned"
            | "signed"
            | "float"
            | "double"
            | "void"
            | "struct"
            | "union"
            | "enum"
            | "static"
            | "extern"
            | "inline"
            | "const"
            | "volatile"
            | "if"
            | "while"
            | "for"
            | "switch"
            | "return"
            | "sizeof"
    )
}

/// How [`layout_with`] reads what C alone does not parse.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
struct Layout {
    /// A function definition without a return type gets a placeholder one.
    untyped: bool,
    /// Sequence elements that are expressions without `;` get one.
    loose: bool,
    /// A comma expression as an index (`a[i, j]`, C but not
    /// tree-sitter-c's C) is put between parentheses. Only for checking
    /// added code, which is copied as written, never matched.
    comma_index: bool,
}

/// The kind of a pattern node `T { fields }` with `T` a `type`
/// metavariable inside a pattern (`typedef T { ... } U;`): a struct or
/// union definition with a tag, `T` binding `struct tag`.
pub const STRUCT_META: &str = "__sp_struct_meta";

/// The kind of a whole pattern `T { fields };`: as spatch reads it, a
/// struct or union defined on its own (`struct tag { … };`, `T` binding
/// `struct tag`) or in a typedef naming one type (`typedef struct { … }
/// name;`, `T` binding `name`).
pub const STRUCT_META_DEF: &str = "__sp_struct_meta_def";

/// Whether `toks[i]` is a `type` metavariable heading a struct definition
/// (`T {`, at the start of an item or after `typedef`).
fn heads_struct(toks: &[BTok], i: usize, rule: &Rule) -> bool {
    let t = &toks[i];
    t.is_ident
        && rule
            .metavar(&t.text)
            .is_some_and(|m| rule.metavars[m].kind == MetaKind::Type)
        && toks.get(i + 1).is_some_and(|n| n.text == "{")
        && (i == 0 || matches!(toks[i - 1].text.as_str(), ";" | "{" | "}" | "typedef"))
}

/// The layouts to try, in order, when the plain one does not parse.
const LAYOUTS: [Layout; 4] = [
    Layout {
        untyped: false,
        loose: false,
        comma_index: false,
    },
    Layout {
        untyped: true,
        loose: false,
        comma_index: false,
    },
    Layout {
        untyped: false,
        loose: true,
        comma_index: false,
    },
    Layout {
        untyped: true,
        loose: true,
        comma_index: false,
    },
];

/// What a brace of a pattern holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Brace {
    Block,
    /// An initialiser's elements (`= {`, or a brace within one).
    Init,
    /// A struct's or union's fields.
    Fields,
    /// An enum's constants.
    Enum,
}

/// Whether the bracket `toks[open]` holds a comma outside any inner
/// bracket (`a[i, j]`).
fn comma_inside(toks: &[BTok], open: usize) -> bool {
    let mut depth = 0;
    for t in &toks[open..] {
        match t.text.as_str() {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" | "}" => {
                depth -= 1;
                if depth == 0 {
                    return false;
                }
            }
            "," if depth == 1 => return true,
            _ => {}
        }
    }
    false
}

/// Whether the brace `toks[open]` opens the body of a struct, union or
/// enum that a `typedef` defines (`typedef struct { … }` then the name,
/// maybe on a later line).
fn typedef_body(toks: &[BTok], open: usize) -> bool {
    toks[..open]
        .iter()
        .rev()
        .take_while(|t| !matches!(t.text.as_str(), ";" | "{" | "}"))
        .any(|t| t.text == "typedef")
}

/// What the brace `toks[i]` opens, inside `outer`.
fn brace_at(toks: &[BTok], i: usize, outer: Option<&Brace>, rule: &Rule) -> Brace {
    let before = |k: usize| i.checked_sub(k).map(|j| toks[j].text.as_str());
    if outer == Some(&Brace::Init) || matches!(before(1), Some("=" | "(" | ",")) {
        return Brace::Init;
    }
    if i > 0 && heads_struct(toks, i - 1, rule) {
        return Brace::Fields;
    }
    let tagged =
        |kw: &str| before(1) == Some(kw) || (before(2) == Some(kw) && toks[i - 1].is_ident);
    if tagged("struct") || tagged("union") {
        Brace::Fields
    } else if tagged("enum") {
        Brace::Enum
    } else {
        Brace::Block
    }
}

/// Lays tokens out as C text for the parser (`...` and nests become
/// placeholder code), returning the text and where each token starts in it;
/// with `loose`, each element of a statement sequence that is
/// an expression without its `;` (`f(X)` between `...`s) gets one, and
/// where those `;`s are is returned: such an element matches any statement
/// that contains the expression (Coccinelle's reading).
fn layout_with(toks: &[BTok], rule: &Rule, how: Layout) -> (String, Vec<usize>, Vec<usize>) {
    let loose = how.loose;
    let mut semis = Vec::new();
    let mut text = String::new();
    // A function definition written without its return type (`f(...) {`,
    // `foo(int x) { ... }`) gets a placeholder one, which matches any.
    let typed_at = how.untyped.then(|| untyped_at(toks)).flatten();
    let mut starts = Vec::with_capacity(toks.len());
    let mut depth = 0i32;
    // For each open nest: whether it stands for an expression.
    let mut nests: Vec<bool> = Vec::new();
    // What each open brace holds: `...` stands for elements in an
    // initialiser or an enum, for fields in a struct.
    let mut braces: Vec<Brace> = Vec::new();
    // Where each open brace is.
    let mut opens: Vec<usize> = Vec::new();
    // For each open `[`: whether its index is put between parentheses.
    let mut indexes: Vec<bool> = Vec::new();
    // Whether the last brace closed was a struct's or an enum's body (not
    // one a typedef names, whose name follows).
    let mut closed_type = false;
    for (i, t) in toks.iter().enumerate() {
        if i > 0 {
            text.push(if t.line != toks[i - 1].line {
                '\n'
            } else {
                ' '
            });
        }
        if typed_at == Some(i) {
            text.push_str(ANY_RETURN_TYPE);
            text.push(' ');
        }
        // `T { ... }`: the parser reads a struct, whose keyword is no
        // token of the rule (see [`STRUCT_META`]).
        if heads_struct(toks, i, rule) {
            text.push_str("struct ");
        }
        starts.push(text.len());
        let alone = (i == 0 || toks[i - 1].line != t.line)
            && toks.get(i + 1).is_none_or(|n| n.line != t.line);
        match t.text.as_str() {
            "(" | "[" => depth += 1,
            ")" | "]" => depth -= 1,
            "{" => {
                braces.push(brace_at(toks, i, braces.last(), rule));
                opens.push(i);
            }
            "}" => {
                closed_type = matches!(braces.pop(), Some(Brace::Fields | Brace::Enum))
                    && !opens.pop().is_some_and(|o| typedef_body(toks, o));
            }
            _ => {}
        }
        let piece = match t.text.as_str() {
            "......" => "...",
            // (Not a field's parameters: `T (*f)(...);`.)
            "..." if depth == 0 && braces.last() == Some(&Brace::Fields) => "__sp_dots;",
            "..."
                if depth == 0
                    && !matches!(braces.last(), Some(Brace::Init | Brace::Enum))
                    && (alone
                        || (i > 0 && matches!(toks[i - 1].text.as_str(), "{" | ";" | "}"))
                        // `{ S ... return E; }`: dots after a statement
                        // metavariable are among statements.
                        || (i > 0 && toks[i - 1].is_ident && stands_for_statement(rule, &toks[i - 1].text))
                        // After a label or a case (`case ...:...`, `l: ...`),
                        // not after the `:` of a conditional expression.
                        || (i > 0
                            && toks[i - 1].text == ":"
                            && toks
                                .get(i + 1)
                                .is_none_or(|n| !matches!(n.text.as_str(), ";" | ")" | ","))
                            && !toks[..i].iter().rev().take_while(|t| t.text != ";" && t.text != "{" && t.text != "}").any(|t| t.text == "?"))) =>
            {
                "__sp_dots;"
            }
            "..." => DOTS,
            // A nest where an expression goes (`if (<+... e ...+>)`,
            // `x = <... f() ...>`) is laid out as a call, one where a
            // statement goes as a loop.
            "<..." | "<+..." => {
                let after_statement = |p: &BTok| {
                    matches!(
                        p.text.as_str(),
                        ";" | "{" | "}" | ")" | "else" | "do" | "..." | ":" | "...>" | "...+>"
                    ) || (p.is_ident && stands_for_statement(rule, &p.text))
                };
                let expr =
                    depth > 0 || (i > 0 && !after_statement(&toks[i - 1])) || operand_nest(toks, i);
                nests.push(expr);
                match (expr, t.text.as_str()) {
                    (true, "<...") => NEST_CALL,
                    (true, _) => NEST_CALL_PLUS,
                    (false, "<...") => "while (__sp_nest) {",
                    (false, _) => "while (__sp_nestp) {",
                }
            }
            "...>" | "...+>" if nests.pop() == Some(true) => ")",
            // A nest around an expression gets the `;` that makes it a statement.
            "...>" | "...+>" if i > 0 && !matches!(toks[i - 1].text.as_str(), ";" | "}") => "; }",
            "...>" | "...+>" => "}",
            other => other,
        };
        // An operator metavariable is laid out as an operator of its kind
        // (the tree's shape is what counts; the matcher binds the operator).
        let piece = match t.is_ident.then(|| rule.metavar(&t.text)).flatten() {
            Some(m) if rule.metavars[m].kind == MetaKind::BinaryOp => "+",
            Some(m) if rule.metavars[m].kind == MetaKind::AssignOp => "=",
            // An iterator metavariable is laid out as a name the dialect
            // layer reads as an iterator; the loop keeps it as its text.
            Some(m) if rule.metavars[m].kind == MetaKind::Iterator => ITERATOR_META,
            // An attribute is no C to parse: the matcher checks it (`attrs`).
            Some(m) if rule.metavars[m].kind == MetaKind::Attribute => "",
            _ => piece,
        };
        // A statement metavariable stands for a whole statement: give it its `;`.
        let stmt_meta = t.is_ident
            && stands_for_statement(rule, &t.text)
            && (toks.get(i + 1).is_none_or(|n| n.text != ";")
                // `S;` is S and then an empty statement (misc/semicolon's
                // `S@p1;@p`): a statement needs no `;` of its own.
                || rule.metavar(&t.text).is_some_and(|m| {
                    matches!(
                        rule.metavars[m].kind,
                        MetaKind::Statement | MetaKind::StatementList
                    )
                }));
        match piece {
            "[" => {
                let paren = how.comma_index && comma_inside(toks, i);
                indexes.push(paren);
                text.push_str(if paren { "[(" } else { "[" });
            }
            "]" if indexes.pop() == Some(true) => text.push_str(")]"),
            _ => text.push_str(piece),
        }
        if stmt_meta {
            text.push(';');
        }
        // `struct foo { ... }` without its `;` (as SmPL allows) gets one.
        if t.text == "}"
            && closed_type
            && braces.is_empty()
            && toks
                .get(i + 1)
                .is_none_or(|n| n.line != t.line && n.text != ";")
        {
            semis.push(text.len());
            text.push(';');
        }
        if loose && !stmt_meta && ends_loose_element(toks, i, depth) {
            semis.push(text.len());
            text.push(';');
        }
    }
    (text, starts, semis)
}

/// Whether the nest opening at `toks[i]` is followed by a binary or
/// assignment operator: it is then an operand (`<+... f() ...+> + E`),
/// whatever comes before it.
fn operand_nest(toks: &[BTok], i: usize) -> bool {
    let mut open = 0usize;
    for (j, t) in toks.iter().enumerate().skip(i) {
        match t.text.as_str() {
            "<..." | "<+..." => open += 1,
            "...>" | "...+>" => {
                open -= 1;
                if open == 0 {
                    return toks.get(j + 1).is_some_and(|n| {
                        matches!(
                            n.text.as_str(),
                            "+" | "-"
                                | "*"
                                | "/"
                                | "%"
                                | "<<"
                                | ">>"
                                | "<"
                                | ">"
                                | "<="
                                | ">="
                                | "=="
                                | "!="
                                | "&"
                                | "^"
                                | "|"
                                | "&&"
                                | "||"
                                | "?"
                                | "="
                                | "+="
                                | "-="
                                | "*="
                                | "/="
                                | "%="
                                | "<<="
                                | ">>="
                                | "&="
                                | "^="
                                | "|="
                        )
                    });
                }
            }
            _ => {}
        }
    }
    false
}

/// Whether `t` names a metavariable that stands for a whole statement
/// (or declaration, or field): it is laid out with a `;` of its own.
fn stands_for_statement(rule: &Rule, name: &str) -> bool {
    rule.metavar(name).is_some_and(|m| {
        matches!(
            rule.metavars[m].kind,
            MetaKind::Statement
                | MetaKind::Declaration
                | MetaKind::StatementList
                | MetaKind::Field
                | MetaKind::FieldList
        )
    })
}

/// The layouts to try for `toks`, in order: a function definition without
/// return type first where the tokens start like one (and the name is not
/// an iterator macro's).
fn layouts_for(cx: &Compiler, toks: &[BTok], rule: &Rule) -> Vec<Layout> {
    let sequence = toks.iter().any(|t| t.text == "...");
    let untyped = untyped_function(toks)
        && !c::is_iterator(cx.hints, toks[0].text.as_bytes())
        && !rule
            .metavar(&toks[0].text)
            .is_some_and(|m| rule.metavars[m].kind == MetaKind::Iterator);
    let order = if untyped {
        [LAYOUTS[1], LAYOUTS[3], LAYOUTS[0], LAYOUTS[2]]
    } else {
        LAYOUTS
    };
    order
        .into_iter()
        .filter(|how| (untyped || !how.untyped) && (sequence || !how.loose))
        .collect()
}

/// The first of [`layouts_for`] that parses as a pattern of `kind` (the
/// plain one when none does, for its error).
fn pick_layout(cx: &Compiler, toks: &[BTok], rule: &Rule, kind: PatKind) -> Layout {
    for how in layouts_for(cx, toks, rule) {
        let how = Layout {
            comma_index: true,
            ..how
        };
        let (text, _, semis) = layout_with(toks, rule, how);
        if how.loose && semis.is_empty() {
            continue;
        }
        let parses = WRAPS
            .iter()
            .filter(|w| kind == PatKind::Ident || w.kind == kind)
            .any(|w| {
                let full = format!("{}{}{}", w.prefix, text, w.suffix);
                let tree = c::parse_with(cx.hints, full.as_bytes());
                !tree.root_node().has_error() && !dots_declared(tree.root_node(), full.as_bytes())
            });
        if parses {
            return how;
        }
    }
    Layout {
        comma_index: true,
        ..Layout::default()
    }
}

/// Whether token `i` ends an element of a statement sequence that is an
/// expression without a `;`: at bracket depth 0, last on its line, the
/// next line (if any) dots, not itself dots or a `when` line.
fn ends_loose_element(toks: &[BTok], i: usize, depth: i32) -> bool {
    let t = &toks[i];
    // `...` ends an element when it is an operand (`flags | ...`), not
    // dots on their own line.
    let operand_dots = t.text == "..."
        && i > 0
        && toks[i - 1].line == t.line
        && !matches!(toks[i - 1].text.as_str(), ";" | "{" | "}");
    if depth != 0
        || (t.text == "..." && !operand_dots)
        || matches!(
            t.text.as_str(),
            ";" | "{" | "}" | "...>" | "...+>" | "<..." | "<+..."
        )
    {
        return false;
    }
    if toks.get(i + 1).is_some_and(|n| n.line == t.line) {
        return false;
    }
    let line_start = (0..=i)
        .rev()
        .take_while(|&j| toks[j].line == t.line)
        .last()
        .unwrap_or(i);
    if matches!(
        toks[line_start].text.as_str(),
        "..." | "when" | "<..." | "<+..."
    ) {
        return false;
    }
    // The element starts at depth 0 after a `...` line (or at the start).
    match toks.get(i + 1) {
        None => true,
        Some(n) => matches!(n.text.as_str(), "..." | "<..." | "<+..."),
    }
}

/// Checks that the plus slice of an alternative (its context and `+` tokens, before
/// minus/plus alignment, so errors point at the `+` lines) parses as C, as the
/// minus slice must: added code that does not parse would otherwise be pasted
/// into files as it is.
// It must parse the way the minus slice did (`kind`): the dialect layer takes an
// unparsable call at top level for a macro invocation, which is no proof for an
// expression.
pub fn check_plus_slice(
    cx: &Compiler,
    rule: &Rule,
    kind: PatKind,
    alt: Vec<BTok>,
) -> Result<(), Diagnostic> {
    if !alt.iter().any(|t| t.mark == Mark::Plus) {
        return Ok(());
    }
    let (file, src) = (cx.file, cx.src);
    let err = |t: &BTok, msg: String| Diagnostic::at(file, src, t.line, t.col, msg);
    // A conjunction's branches are checked one by one.
    let (alt, others) = split_conjunctions(alt);
    for b in others.into_iter().flatten() {
        check_plus_slice(cx, rule, kind, b)?;
    }
    let (alt, _) = extract_whens(alt, &err, None)?;
    // A type alone, and what replaces it a type (`- int` / `+ long`).
    if kind == PatKind::Expr {
        let matched: Vec<BTok> = alt
            .iter()
            .filter(|t| t.mark != Mark::Plus)
            .cloned()
            .collect();
        let added: Vec<BTok> = alt
            .iter()
            .filter(|t| t.mark != Mark::Minus)
            .cloned()
            .collect();
        if !matched.is_empty()
            && bare_type(cx, rule, &matched).is_some()
            && cast_type(cx, rule, &added).is_some()
        {
            return Ok(());
        }
    }
    let slice: Vec<BTok> = without_added_directives(
        alt.into_iter()
            .filter(|t| {
                t.mark != Mark::Minus
                    && t.text != CONJ_OPEN
                    && t.text != CONJ_CLOSE
                    && !t.is_comment()
            })
            .collect(),
    );
    if slice.is_empty() {
        return Ok(());
    }
    let (text, starts, _) = layout_with(&slice, rule, pick_layout(cx, &slice, rule, kind));
    let key = (kind, text.clone());
    let parsed = || cx.parsed.lock().unwrap_or_else(|e| e.into_inner());
    if parsed().contains(&key) {
        return Ok(());
    }
    let mut best: Option<(usize, String)> = None;
    for w in WRAPS
        .iter()
        .chain(text.starts_with('{').then_some(&INIT_EXPR))
        .filter(|w| kind == PatKind::Ident || w.kind == kind)
    {
        let full = format!("{}{}{}", w.prefix, text, w.suffix);
        let tree = c::parse_with(cx.hints, full.as_bytes());
        let root = tree.root_node();
        if !root.has_error() {
            parsed().insert(key);
            return Ok(());
        }
        // An error that starts in the wrapper says nothing about where the
        // slice went wrong: point at the first added token instead.
        if let Some((pos, msg)) =
            first_error(root, full.as_bytes()).filter(|(pos, _)| *pos >= w.prefix.len())
        {
            let rel = (pos - w.prefix.len()).min(text.len());
            if best.as_ref().is_none_or(|(p, _)| rel > *p) {
                best = Some((rel, msg));
            }
        }
    }
    let first_plus = slice
        .iter()
        .position(|t| t.mark == Mark::Plus)
        .map_or(0, |i| starts[i]);
    let (rel, msg) = best.unwrap_or((first_plus, "does not parse as C".into()));
    let ti = token_at(&starts, rel).min(slice.len() - 1);
    Err(err(
        &slice[ti],
        format!("added code: {msg} (the context and `+` lines together must parse as C)"),
    ))
}

/// `slice` without its added preprocessor lines (`+#ifdef X`, `+#if A >=
/// B(3,5,0)`, `+#endif`, continuation lines of a `+#define` included): they
/// are copied as written, not C to check, and an `#ifdef` may open in one
/// added chunk and close in another. The C around them is still checked.
fn without_added_directives(slice: Vec<BTok>) -> Vec<BTok> {
    let is_directive = |t: &BTok| {
        t.mark == Mark::Plus
            && t.text.len() > 1
            && t.text.starts_with('#')
            && t.text[1..].bytes().all(|b| b.is_ascii_alphabetic())
    };
    let mut out = Vec::with_capacity(slice.len());
    // The line of the directive being dropped, while its tokens last.
    let mut dropping: Option<usize> = None;
    let mut continued = false;
    for t in slice {
        if let Some(line) = dropping {
            let same = t.line == line || (continued && t.line == line + 1);
            if same && t.mark == Mark::Plus {
                if t.line != line {
                    dropping = Some(t.line);
                }
                continued = t.text == "\\";
                continue;
            }
            dropping = None;
            continued = false;
        }
        if is_directive(&t) {
            dropping = Some(t.line);
            continued = false;
            continue;
        }
        out.push(t);
    }
    out
}

fn first_error(n: Node, text: &[u8]) -> Option<(usize, String)> {
    if n.is_missing() {
        return Some((n.start_byte(), format!("missing `{}`", n.kind())));
    }
    if n.is_error() {
        let snippet: String = String::from_utf8_lossy(&text[n.start_byte()..n.end_byte()])
            .chars()
            .take(20)
            .collect();
        return Some((
            n.start_byte(),
            format!("does not parse as C near `{}`", snippet.trim()),
        ));
    }
    if !n.has_error() {
        return None;
    }
    let mut cur = n.walk();
    let children: Vec<Node> = n.children(&mut cur).collect();
    children.into_iter().find_map(|c| first_error(c, text))
}

fn token_at(starts: &[usize], rel: usize) -> usize {
    match starts.binary_search(&rel) {
        Ok(i) => i,
        Err(0) => 0,
        Err(i) => i - 1,
    }
}

struct Conv<'a> {
    toks: &'a [BTok],
    text: &'a [u8],
    off: usize,
    starts: &'a [usize],
    rule: &'a Rule,
    /// Where the `;`s a loose layout added are (see [`layout_with`]).
    semis: &'a [usize],
}

impl Conv<'_> {
    /// The only named child of `n` when it names a metavariable, with the
    /// metavariable's kind.
    fn sole_meta<'n>(&self, n: Node<'n>) -> Option<(Node<'n>, MetaKind)> {
        let named: Vec<Node> = c::code_children(n)
            .into_iter()
            .filter(|k| k.is_named())
            .collect();
        let [only] = named.as_slice() else {
            return None;
        };
        let name = std::str::from_utf8(&self.text[only.start_byte()..only.end_byte()]).ok()?;
        let m = self.rule.metavar(name)?;
        Some((*only, self.rule.metavars[m].kind))
    }

    /// Whether token `t` closes a nest (`...>` or `...+>`).
    /// The named children of `n` (if any), converted.
    fn named_kids(&self, n: Option<Node>) -> Vec<PNode> {
        n.map(|b| {
            c::code_children(b)
                .into_iter()
                .filter(|k| k.is_named())
                .map(|k| self.convert(k, None))
                .collect()
        })
        .unwrap_or_default()
    }

    /// A nest node laid out as `n`, holding `children`.
    fn nest(
        &self,
        n: Node,
        plus: bool,
        children: Vec<PNode>,
        field: Option<&'static str>,
    ) -> PNode {
        PNode {
            kind: "nest",
            named: true,
            text: Vec::new(),
            tok: self.tok(n),
            role: Role::Nest(plus),
            children,
            field,
        }
    }

    fn is_nest_close(&self, t: usize) -> bool {
        self.toks
            .get(t)
            .is_some_and(|x| x.text == "...>" || x.text == "...+>")
    }

    fn tok(&self, n: Node) -> Option<usize> {
        Some(token_at(
            self.starts,
            n.start_byte().saturating_sub(self.off),
        ))
    }

    /// The body of a `#define` pattern: a metavariable alone (a leaf), code
    /// with metavariables or `...` (its expression or statement, read as
    /// in a function), or else its tokens, compared one by one.
    fn macro_body(&self, n: Node, field: Option<&'static str>) -> PNode {
        let mut end = n.end_byte();
        while end > n.start_byte() && self.text[end - 1].is_ascii_whitespace() {
            end -= 1;
        }
        let toks: Vec<usize> = (self.tok(n).unwrap_or(0)..self.toks.len())
            .take_while(|&t| self.starts[t] + self.off < end)
            .collect();
        let meta = |t: &usize| self.rule.metavar(&self.toks[*t].text);
        let leaf = |kind, t: usize, role| PNode {
            kind,
            named: true,
            text: self.toks[t].text.clone().into_bytes(),
            tok: Some(t),
            role,
            children: Vec::new(),
            field,
        };
        if let [t] = toks.as_slice() {
            if let Some(m) = meta(t) {
                return leaf("preproc_arg", *t, Role::Meta(m));
            }
        }
        let mut node = PNode {
            kind: "preproc_arg",
            named: true,
            text: Vec::new(),
            tok: None,
            role: Role::Code,
            children: Vec::new(),
            field,
        };
        let code = toks
            .iter()
            .any(|t| meta(t).is_some() || self.toks[*t].text == "...");
        const OPEN: &str = "int f(){";
        if code && n.start_byte() >= OPEN.len() {
            let mut sub = OPEN.to_string();
            sub.push_str(&" ".repeat(n.start_byte() - OPEN.len()));
            sub.push_str(&String::from_utf8_lossy(&self.text[n.start_byte()..end]));
            sub.push_str("\n;}\n");
            let tree = c::parse(sub.as_bytes());
            let body = tree
                .root_node()
                .named_child(0)
                .and_then(|f| f.child_by_field_name("body"));
            let kids: Vec<Node> = body.map_or(Vec::new(), |b| {
                let mut cur = b.walk();
                b.named_children(&mut cur)
                    .filter(|k| k.start_byte() < end)
                    .collect()
            });
            let one = match kids.as_slice() {
                [s] if s.end_byte() > end => s.named_child(0).filter(|e| e.end_byte() <= end),
                [s] => Some(*s),
                _ => None,
            };
            if let Some(one) = one.filter(|_| !tree.root_node().has_error()) {
                let cx = Conv {
                    toks: self.toks,
                    text: sub.as_bytes(),
                    off: self.off,
                    starts: self.starts,
                    rule: self.rule,
                    semis: &[],
                };
                node.children.push(cx.convert(one, None));
                return node;
            }
        }
        node.children = toks
            .into_iter()
            .map(|t| leaf(MACRO_TOKEN, t, Role::Code))
            .collect();
        node
    }

    /// `struct T { … }` whose `struct` the layout added (see
    /// [`heads_struct`]): a [`STRUCT_META`] node holding `T` and the body.
    fn struct_meta(&self, n: Node, field: Option<&'static str>) -> Option<PNode> {
        let kw = n.child(0)?;
        let rel = kw.start_byte().checked_sub(self.off)?;
        if kw.kind() != "struct" || self.starts.binary_search(&rel).is_ok() {
            return None;
        }
        let name = n.child_by_field_name("name")?;
        let body = n.child_by_field_name("body")?;
        Some(PNode {
            kind: STRUCT_META,
            named: true,
            text: Vec::new(),
            tok: None,
            role: Role::Code,
            children: vec![
                self.convert(name, Some("name")),
                self.convert(body, Some("body")),
            ],
            field,
        })
    }

    fn convert(&self, n: Node, field: Option<&'static str>) -> PNode {
        let kind = c::kind_in(n, self.text);
        let body = &self.text[n.start_byte()..n.end_byte()];
        let leaf = n.child_count() == 0 || c::is_atomic_kind(kind);
        if kind == "preproc_arg" {
            return self.macro_body(n, field);
        }
        if matches!(kind, "expression_statement" | "field_declaration")
            && body.starts_with(b"__sp_dots")
        {
            // A `...` standing for statements (or fields).
            return PNode {
                kind: "dots",
                named: true,
                text: Vec::new(),
                tok: self.tok(n),
                role: Role::Dots,
                children: Vec::new(),
                field,
            };
        }
        // An expression the SmPL wrote without `;` in a sequence.
        if kind == "expression_statement"
            && n.child_count() == 2
            && self
                .semis
                .contains(&(n.end_byte() - 1).saturating_sub(self.off))
        {
            if let Some(e) = n.named_child(0) {
                return PNode {
                    kind: LOOSE,
                    named: true,
                    text: Vec::new(),
                    tok: None,
                    role: Role::Code,
                    children: vec![self.convert(e, None)],
                    field,
                };
            }
        }
        // A statement-like metavariable is laid out as an expression
        // statement of its name (`S;`): it stands for the whole statement.
        // A field list one is laid out as a field of a type of its name
        // (`fs;`): it stands for a run of fields, as a statement list does
        // for statements (a field metavariable stays the field: the matcher
        // binds it to one whole field).
        let sole = self.sole_meta(n);
        if let Some((only, mk)) = sole {
            let whole = match kind {
                "expression_statement" => matches!(
                    mk,
                    MetaKind::Statement
                        | MetaKind::Declaration
                        | MetaKind::StatementList
                        | MetaKind::Field
                        | MetaKind::FieldList
                ),
                "field_declaration" => mk == MetaKind::FieldList,
                _ => false,
            };
            if whole {
                return self.convert(only, field);
            }
        }
        if kind == "call_expression"
            && (body.starts_with(NEST_CALL.as_bytes())
                || body.starts_with(NEST_CALL_PLUS.as_bytes()))
        {
            let plus = body.starts_with(NEST_CALL_PLUS.as_bytes());
            let inner = self.named_kids(n.child_by_field_name("arguments"));
            return self.nest(n, plus, inner, field);
        }
        if kind == "while_statement"
            && (body.starts_with(b"while (__sp_nest)") || body.starts_with(b"while (__sp_nestp)"))
        {
            let plus = body.starts_with(b"while (__sp_nestp)");
            let mut stmts = self.named_kids(n.child_by_field_name("body"));
            // `<... E ...>` around an expression: match the expression itself.
            if let [only] = stmts.as_slice() {
                if only.kind == "expression_statement" && only.children.len() == 2 {
                    let semi_tok = only.children[1].tok;
                    let closing = semi_tok.is_some_and(|t| self.is_nest_close(t));
                    if closing {
                        stmts = vec![only.children[0].clone()];
                    }
                }
            }
            // The `;` that stands for the closing `...>` after a statement
            // that needs none of its own (`<... if (!x) S ...>`) is no
            // empty statement of the nest.
            if stmts.len() > 1 {
                if let Some(last) = stmts.last() {
                    let lone_close = last.kind == "expression_statement"
                        && last.children.len() == 1
                        && last.children[0].tok.is_some_and(|t| self.is_nest_close(t));
                    if lone_close {
                        stmts.pop();
                    }
                }
            }
            return self.nest(n, plus, stmts, field);
        }
        if leaf {
            let role = if c::is_identifier_kind(kind) {
                if body == DOTS.as_bytes() {
                    Role::Dots
                } else {
                    std::str::from_utf8(body)
                        .ok()
                        .and_then(|s| self.rule.metavar(s))
                        .map_or(Role::Code, Role::Meta)
                }
            } else {
                // An operator metavariable (laid out as `+` or `=`).
                self.tok(n)
                    .and_then(|t| self.toks.get(t))
                    .filter(|t| t.is_ident)
                    .and_then(|t| self.rule.metavar(&t.text))
                    .filter(|&m| {
                        matches!(
                            self.rule.metavars[m].kind,
                            MetaKind::BinaryOp | MetaKind::AssignOp
                        )
                    })
                    .map_or(Role::Code, Role::Meta)
            };
            return PNode {
                kind,
                named: n.is_named(),
                text: body.to_vec(),
                // A `;` the layout added stands for no token of the rule.
                tok: if kind == ";"
                    && self
                        .semis
                        .contains(&(n.start_byte().saturating_sub(self.off)))
                {
                    None
                } else {
                    self.tok(n)
                },
                role,
                children: Vec::new(),
                field,
            };
        }
        if kind == "struct_specifier" {
            if let Some(p) = self.struct_meta(n, field) {
                return p;
            }
        }
        let mut children = Vec::new();
        let mut cur = n.walk();
        if cur.goto_first_child() {
            loop {
                let child = cur.node();
                let any_type = kind == "function_definition"
                    && &self.text[child.byte_range()] == ANY_RETURN_TYPE.as_bytes();
                if !c::is_trivia(&child) && !any_type {
                    children.push(self.convert(child, cur.field_name()));
                }
                if !cur.goto_next_sibling() {
                    break;
                }
            }
        }
        // A `for` statement keeps its keyword (or iterator macro name) as its
        // text; for an iterator metavariable, the metavariable's name.
        let text = if kind == "for_statement" {
            match c::iterator_name(n, self.text) {
                Some(name) if name == ITERATOR_META.as_bytes() => self
                    .tok(n)
                    .and_then(|t| self.toks.get(t))
                    .map_or(name.to_vec(), |t| t.text.clone().into_bytes()),
                Some(name) => name.to_vec(),
                None => b"for".to_vec(),
            }
        } else {
            Vec::new()
        };
        PNode {
            kind,
            named: n.is_named(),
            text,
            tok: None,
            role: Role::Code,
            children,
            field,
        }
    }
}

type WhenAt = Vec<(usize, Vec<When>)>;

/// Compiles the code of a `when` (as context) into a pattern.
type WhenCode<'c> = &'c dyn Fn(Vec<BTok>) -> Result<Pattern, Diagnostic>;

/// Takes `when` clauses out of the token stream, attaching each to the `...`
/// before it (by that token's position in the returned stream). `code`
/// compiles the code of `when =` and `when != true/false` (not needed
/// where only the tokens that remain matter).
fn extract_whens(
    alt: Vec<BTok>,
    err: &dyn Fn(&BTok, String) -> Diagnostic,
    code: Option<WhenCode>,
) -> Result<(Vec<BTok>, WhenAt), Diagnostic> {
    use super::body::{alternatives, DISJ_CLOSE, DISJ_OPEN};
    let mut out: Vec<BTok> = Vec::with_capacity(alt.len());
    let mut at: WhenAt = Vec::new();
    let mut i = 0;
    while i < alt.len() {
        let t = &alt[i];
        if t.text != "when" || t.mark == Mark::Plus {
            out.push(t.clone());
            i += 1;
            continue;
        }
        let Some(dots) = out.iter().rposition(|x| x.mark != Mark::Plus) else {
            return Err(err(t, "`when` must follow a `...`".into()));
        };
        if !matches!(out[dots].text.as_str(), "..." | "<..." | "<+...")
            || out[dots].line + 8 < t.line
        {
            return Err(err(t, "`when` must follow a `...`".into()));
        }
        // To the end of the line, or of a disjunction that goes on past it.
        let mut depth = 0i32;
        let mut line_end = alt.len();
        for (k, x) in alt.iter().enumerate().skip(i + 1) {
            if depth == 0 && x.line != t.line {
                line_end = k;
                break;
            }
            match x.text.as_str() {
                DISJ_OPEN => depth += 1,
                DISJ_CLOSE => depth -= 1,
                _ => {}
            }
        }
        let rest = &alt[i + 1..line_end];
        let alts = |from: usize| -> Result<Vec<Vec<BTok>>, Diagnostic> {
            match alternatives(&rest[from..]) {
                Some(v) if !v.iter().any(|a| a.is_empty()) => Ok(v),
                _ => Err(err(
                    t,
                    "this `when` has no code, or a disjunction that does not nest".into(),
                )),
            }
        };
        let compiled = |from: usize| -> Result<Vec<Pattern>, Diagnostic> {
            let Some(code) = code else {
                return Ok(Vec::new());
            };
            alts(from)?
                .into_iter()
                .map(|a| {
                    code(
                        a.into_iter()
                            .map(|x| BTok {
                                mark: Mark::Context,
                                ..x
                            })
                            .collect(),
                    )
                })
                .collect()
        };
        let word = |k: usize| rest.get(k).map(|x| x.text.as_str());
        let ws: Vec<When> = match (word(0), word(1)) {
            (Some("!="), Some("true")) if rest.len() > 2 => vec![When::NotTrue(compiled(2)?)],
            (Some("!="), Some("false")) if rest.len() > 2 => vec![When::NotFalse(compiled(2)?)],
            // Each branch of a disjunction is excluded.
            (Some("!="), _) if rest.len() > 1 => {
                let compile = |a: &Vec<BTok>| {
                    let c = code?;
                    c(a.iter()
                        .map(|x| BTok {
                            mark: Mark::Context,
                            ..x.clone()
                        })
                        .collect())
                    .ok()
                };
                alts(1)?
                    .into_iter()
                    .map(|a| {
                        let p = compile(&a);
                        When::NotMentions(a, p)
                    })
                    .collect()
            }
            (Some("="), _) if rest.len() > 1 => vec![When::Always(compiled(1)?)],
            (Some("any"), None) => vec![When::Any],
            (Some("strict"), None) => vec![When::Strict],
            (Some("exists"), None) => vec![When::Paths(super::Quantifier::Exists)],
            (Some("forall"), None) => vec![When::Paths(super::Quantifier::Forall)],
            _ => {
                return Err(err(
                    t,
                    "expected `when != code`, `when = code`, `when != true E`, `when != false E`, `when any`, `when strict`, `when exists` or `when forall`".into(),
                ))
            }
        };
        match at.iter_mut().find(|(k, _)| *k == dots) {
            Some((_, v)) => v.extend(ws),
            None => at.push((dots, ws)),
        }
        i = line_end;
    }
    Ok((out, at))
}
