//! Compiling one disjunction-free alternative of a rule body into a C pattern tree.
//!
//! The minus and context tokens are joined into C text (`...` becomes a placeholder
//! identifier) and parsed with the same tree-sitter grammar as the source, wrapped
//! as an expression, as statements, or as top-level items. Metavariables keep their
//! names; the matcher recognises them by name. Plus tokens become chunks anchored
//! between minus/context tokens.

use super::body::{BTok, Mark};
use super::{Diagnostic, MetaKind, Rule};
use crate::c;
use tree_sitter::Node;

/// The identifier that stands for `...` in the text handed to the C parser.
pub const DOTS: &str = "__sp_dots";

/// What a pattern's roots are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    Dots,
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
}

impl PNode {
    /// True for leaves and for literals compared as a whole.
    pub fn is_leaf(&self) -> bool {
        self.children.is_empty()
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

/// One compiled alternative of a rule.
#[derive(Clone, Debug)]
pub struct Pattern {
    pub kind: PatKind,
    /// Minus and context tokens, in order; leaves refer to them by index.
    pub toks: Vec<BTok>,
    pub chunks: Vec<PlusChunk>,
    pub roots: Vec<PNode>,
}

const KEYWORDS: &[&str] = &[
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
    "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
    "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch", "typedef",
    "union", "unsigned", "void", "volatile", "while", "NULL", "true", "false", "bool", "_Bool",
];

impl Pattern {
    /// The identifiers every match of this alternative contains literally.
    pub fn required_words(&self, rule: &Rule) -> Vec<String> {
        let mut v: Vec<String> = self
            .toks
            .iter()
            .filter(|t| {
                t.is_ident
                    && rule.metavar(&t.text).is_none()
                    && !KEYWORDS.contains(&t.text.as_str())
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
}

const WRAPS: &[Wrap] = &[
    Wrap {
        prefix: "void __sp_fn(void) {\n",
        suffix: "\n;}\n",
        kind: PatKind::Expr,
    },
    Wrap {
        prefix: "void __sp_fn(void) {\n",
        suffix: "\n}\n",
        kind: PatKind::Stmts,
    },
    Wrap {
        prefix: "",
        suffix: "\n",
        kind: PatKind::TopLevel,
    },
];

/// Compiles one alternative (after disjunction expansion and minus/plus alignment).
pub fn compile(file: &str, src: &str, rule: &Rule, alt: Vec<BTok>) -> Result<Pattern, Diagnostic> {
    let err = |t: &BTok, msg: String| Diagnostic::at(file, src, t.line, t.col, msg);
    let mut toks: Vec<BTok> = Vec::new();
    let mut chunks: Vec<PlusChunk> = Vec::new();
    for t in alt {
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
        if matches!(t.text.as_str(), "<..." | "...>" | "<+..." | "...+>") {
            return Err(err(t, format!("`{}` nests are not supported yet", t.text)));
        }
        if t.text == "when" {
            return Err(err(t, "`when` constraints are not supported yet".into()));
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
                if m.inherited.is_none() && !toks.iter().any(|x| x.text == t.text) {
                    return Err(err(t, format!("metavariable `{}` is added but not bound by any `-` or context code of this branch", t.text)));
                }
            }
        }
    }
    let Some(first) = toks.first() else {
        let t = &chunks[0].toks[0];
        return Err(err(
            t,
            "this branch only adds code: there is no `-` or context code to attach it to".into(),
        ));
    };
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
            };
            return Ok(Pattern {
                kind: PatKind::Ident,
                toks,
                chunks,
                roots: vec![leaf],
            });
        }
    }
    // Lay the tokens out as C text, remembering where each one starts.
    let mut text = String::new();
    let mut starts = Vec::with_capacity(toks.len());
    for (i, t) in toks.iter().enumerate() {
        if i > 0 {
            text.push(if t.line != toks[i - 1].line {
                '\n'
            } else {
                ' '
            });
        }
        starts.push(text.len());
        text.push_str(if t.text == "..." { DOTS } else { &t.text });
    }
    let mut best_err: Option<(usize, String)> = None;
    for w in WRAPS {
        let full = format!("{}{}{}", w.prefix, text, w.suffix);
        let tree = c::parse(full.as_bytes());
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
                let Some(body) = root.child(0).and_then(|f| f.child_by_field_name("body")) else {
                    continue;
                };
                let stmts: Vec<Node> = c::code_children(body)
                    .into_iter()
                    .filter(|n| n.is_named())
                    .collect();
                if w.kind == PatKind::Expr {
                    match stmts.as_slice() {
                        [s] if s.kind() == "expression_statement" => match s.named_child(0) {
                            Some(e) if e.start_byte() == off && e.end_byte() == end => vec![e],
                            _ => continue,
                        },
                        _ => continue,
                    }
                } else {
                    stmts
                }
            }
            PatKind::TopLevel => c::code_children(root),
            PatKind::Ident => unreachable!("identifier patterns are not parsed"),
        };
        if nodes.is_empty()
            || nodes
                .iter()
                .any(|n| n.start_byte() < off || n.end_byte() > end)
        {
            continue;
        }
        let roots = nodes
            .iter()
            .map(|n| convert(*n, full.as_bytes(), off, &starts, &toks, rule))
            .collect();
        return Ok(Pattern {
            kind: w.kind,
            toks,
            chunks,
            roots,
        });
    }
    let (rel, msg) = best_err.unwrap_or((0, "this code does not parse as C".into()));
    let ti = token_at(&starts, rel);
    Err(err(
        &toks[ti],
        format!("{msg} (as an expression, statements or top-level declarations)"),
    ))
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

fn convert(
    n: Node,
    text: &[u8],
    off: usize,
    starts: &[usize],
    toks: &[BTok],
    rule: &Rule,
) -> PNode {
    let kind = n.kind();
    let leaf = n.child_count() == 0 || c::is_atomic_kind(kind);
    let body = &text[n.start_byte()..n.end_byte()];
    if leaf {
        let tok = Some(token_at(starts, n.start_byte().saturating_sub(off)));
        let role = if c::is_identifier_kind(kind) {
            if body == DOTS.as_bytes() {
                Role::Dots
            } else {
                std::str::from_utf8(body)
                    .ok()
                    .and_then(|s| rule.metavar(s))
                    .map_or(Role::Code, Role::Meta)
            }
        } else {
            Role::Code
        };
        let _ = toks;
        return PNode {
            kind,
            named: n.is_named(),
            text: body.to_vec(),
            tok,
            role,
            children: Vec::new(),
        };
    }
    let children = c::code_children(n)
        .into_iter()
        .map(|c| convert(c, text, off, starts, toks, rule))
        .collect();
    PNode {
        kind,
        named: n.is_named(),
        text: Vec::new(),
        tok: None,
        role: Role::Code,
        children,
    }
}
