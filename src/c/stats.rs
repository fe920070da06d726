//! Parse statistics: how many function definitions parse without an error node.
//!
//! Counted honestly: besides the `function_definition` nodes tree-sitter built,
//! a function it never recognised (its body swallowed into a top-level ERROR,
//! or left as a block at file scope) counts as one unclean function, and so
//! does each function in a conditional branch the dialect layer left out. A
//! function counts as clean only when it has no error node and no code left
//! out. Other top-level items with errors (declarations, initializers, macro
//! calls) are counted apart, as `other`.

use super::hints::Hints;
use super::lex::{self, TokKind};
use std::ops::Range;
use tree_sitter::{Node, Tree};

/// Why an item counts as unclean.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unclean {
    /// A function definition with an error node inside.
    Function,
    /// A function body tree-sitter did not recognise as part of a definition.
    Swallowed,
    /// A top-level item that is not a function (declaration, initializer, macro).
    Other,
}

/// One item with a parse error.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Item {
    /// 1-based line where the item starts.
    pub line: usize,
    /// The function's name (a best guess for swallowed ones), or the item's first words.
    pub name: String,
    pub kind: Unclean,
    /// Byte offset of the item's first error (where to look for the cause).
    pub error_at: usize,
    /// The first error: `ERROR`, or `MISSING x` for a token the parser made up.
    pub error: String,
}

/// Counts for one or more files.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParseStats {
    pub files: usize,
    /// Function definitions, recognised or swallowed.
    pub functions: usize,
    /// Function definitions without any error node.
    pub clean: usize,
    /// Top-level items other than functions that have errors.
    pub other: usize,
    /// Each unclean function and other item, in source order.
    pub unclean: Vec<Item>,
}

impl ParseStats {
    /// Adds another file's counts (its item list is not kept).
    pub fn add(&mut self, other: &ParseStats) {
        self.files += other.files;
        self.functions += other.functions;
        self.clean += other.clean;
        self.other += other.other;
    }

    /// Percentage of clean functions (100 when there are none).
    pub fn percent(&self) -> f64 {
        if self.functions == 0 {
            100.0
        } else {
            self.clean as f64 * 100.0 / self.functions as f64
        }
    }
}

/// Parses `text` through the dialect layer and counts its function definitions.
pub fn file_stats(h: &Hints, text: &[u8]) -> ParseStats {
    let (tree, left_out) = super::parse_explained(h, text);
    tree_stats(&tree, text, &left_out, h)
}

/// Counts with stock tree-sitter-c (no dialect layer), for comparison.
pub fn file_stats_plain(text: &[u8]) -> ParseStats {
    tree_stats(&super::parse_plain(text), text, &[], &super::kernel_hints())
}

/// What the counting walk reads.
struct Cx<'a> {
    text: &'a [u8],
    /// For the names of functions a macro defines.
    hints: &'a Hints,
    /// Code the dialect layer left out, and why, in order.
    skipped: &'a [(Range<usize>, &'static str)],
}

impl Cx<'_> {
    /// The first left-out range that overlaps `r`.
    fn skipped_in(&self, r: Range<usize>) -> Option<&(Range<usize>, &'static str)> {
        let k = self.skipped.partition_point(|s| s.0.end <= r.start);
        self.skipped.get(k).filter(|s| s.0.start < r.end)
    }
}

/// Counts the function definitions of an already parsed file; `skipped` are
/// the ranges the dialect layer left out of the parse.
pub fn tree_stats(
    tree: &Tree,
    text: &[u8],
    skipped: &[(Range<usize>, &'static str)],
    h: &Hints,
) -> ParseStats {
    let mut st = ParseStats {
        files: 1,
        ..Default::default()
    };
    let mut sorted = skipped.to_vec();
    sorted.sort_by_key(|(r, _)| (r.start, r.end));
    let cx = Cx {
        text,
        hints: h,
        skipped: &sorted,
    };
    items(tree.root_node(), &cx, &mut st);
    // Functions in left-out code outside any function definition.
    let mut fns: Vec<Range<usize>> = Vec::new();
    collect_functions(tree.root_node(), &mut fns);
    for (r, why) in &sorted {
        if fns.iter().any(|f| f.start <= r.start && r.end <= f.end) {
            continue;
        }
        let mut bodies = Vec::new();
        body_starts(text, r.start, r.end, &mut bodies);
        for at in bodies {
            let (name, name_at) = guess_name(text, at);
            st.functions += 1;
            st.unclean.push(Item {
                line: super::line_of(text, name_at.max(r.start)),
                name,
                kind: Unclean::Swallowed,
                error_at: r.start,
                error: format!("code left out: {why}"),
            });
        }
    }
    st.unclean.sort();
    st
}

fn collect_functions(n: Node, out: &mut Vec<Range<usize>>) {
    let mut cur = n.walk();
    for c in n.children(&mut cur) {
        if c.kind() == "function_definition" {
            out.push(c.start_byte()..c.end_byte());
        } else if c.child_count() > 0 && c.kind() != "compound_statement" {
            collect_functions(c, out);
        }
    }
}

fn is_container(kind: &str) -> bool {
    kind == "translation_unit" || super::holds_items(kind)
}

fn items(parent: Node, cx: &Cx, st: &mut ParseStats) {
    let text = cx.text;
    let mut cur = parent.walk();
    for n in parent.children(&mut cur) {
        match n.kind() {
            "function_definition" => function(n, cx, st),
            "ERROR" => error_region(n, cx, st),
            "compound_statement" => {
                // A block at file scope is a body whose header did not parse.
                let (name, name_at) = guess_name(text, n.start_byte());
                st.functions += 1;
                st.unclean.push(Item {
                    line: super::line_of(text, name_at),
                    name,
                    kind: Unclean::Swallowed,
                    error_at: n.start_byte(),
                    error: "body at file scope".into(),
                });
            }
            k if is_container(k) => items(n, cx, st),
            _ if n.has_error() || n.is_missing() => {
                if contains_function(n) {
                    error_region(n, cx, st);
                } else {
                    other(n, cx, st);
                }
            }
            _ => {}
        }
    }
}

fn function(n: Node, cx: &Cx, st: &mut ParseStats) {
    st.functions += 1;
    let left_out = cx.skipped_in(n.start_byte()..n.end_byte());
    if n.has_error() || left_out.is_some() {
        let (error_at, error) = match (first_error(n), left_out) {
            (Some(e), _) => (e.start_byte(), error_label(n)),
            (None, Some((r, why))) => (r.start, format!("code left out: {why}")),
            (None, None) => (n.start_byte(), error_label(n)),
        };
        st.unclean.push(Item {
            line: n.start_position().row + 1,
            name: super::function_name(n, cx.text, cx.hints).unwrap_or_else(|| "?".into()),
            kind: Unclean::Function,
            error_at,
            error,
        });
    } else {
        st.clean += 1;
    }
}

fn other(n: Node, cx: &Cx, st: &mut ParseStats) {
    st.other += 1;
    st.unclean.push(Item {
        line: n.start_position().row + 1,
        name: first_words(&cx.text[n.start_byte()..n.end_byte()]),
        kind: Unclean::Other,
        error_at: first_error(n).map_or(n.start_byte(), |e| e.start_byte()),
        error: error_label(n),
    });
}

fn contains_function(n: Node) -> bool {
    let mut cur = n.walk();
    let kids: Vec<Node> = n.children(&mut cur).collect();
    kids.into_iter()
        .any(|c| c.kind() == "function_definition" || (c.has_error() && contains_function(c)))
}

/// A top-level region with errors: the function definitions inside count on
/// their own; every function body left in its raw tokens counts as one
/// unclean function; a region with neither is one `other` item.
fn error_region(n: Node, cx: &Cx, st: &mut ParseStats) {
    let text = cx.text;
    let mut holes: Vec<(usize, usize)> = Vec::new();
    let before = st.functions;
    nested(n, cx, st, &mut holes);
    let mut bodies = Vec::new();
    let mut pos = n.start_byte();
    for (s, e) in holes
        .iter()
        .copied()
        .chain(std::iter::once((n.end_byte(), n.end_byte())))
    {
        if s > pos {
            body_starts(text, pos, s, &mut bodies);
        }
        pos = pos.max(e);
    }
    for &at in &bodies {
        let (name, name_at) = guess_name(text, at);
        st.functions += 1;
        st.unclean.push(Item {
            line: super::line_of(text, name_at),
            name,
            kind: Unclean::Swallowed,
            error_at: first_error(n).map_or(n.start_byte(), |e| e.start_byte()),
            error: error_label(n),
        });
    }
    if bodies.is_empty() && st.functions == before {
        other(n, cx, st);
    }
}

/// Counts the function definitions below `n` and records their ranges.
fn nested(n: Node, cx: &Cx, st: &mut ParseStats, holes: &mut Vec<(usize, usize)>) {
    let mut cur = n.walk();
    for c in n.children(&mut cur) {
        if c.kind() == "function_definition" {
            function(c, cx, st);
            holes.push((c.start_byte(), c.end_byte()));
        } else if c.child_count() > 0 {
            nested(c, cx, st, holes);
        }
    }
}

/// Offsets of each `{` at depth 0 right after a `)` in `text[a..b]`: the
/// bodies of function definitions the parser did not recognise.
fn body_starts(text: &[u8], a: usize, b: usize, out: &mut Vec<usize>) {
    let toks = lex::tokenize(&text[a..b]);
    let mut depth = 0usize;
    let mut prev_close = false;
    for t in &toks {
        let s = &text[a + t.start..a + t.end];
        if t.kind == TokKind::Punct {
            match s {
                b"{" => {
                    if depth == 0 && prev_close {
                        out.push(a + t.start);
                    }
                    depth += 1;
                }
                b"}" => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        prev_close = t.kind == TokKind::Punct && s == b")";
    }
}

/// The identifier before the parameter list that ends just before `at` (a
/// `{`), and where it is (`at` itself when there is none).
fn guess_name(text: &[u8], at: usize) -> (String, usize) {
    let head = &text[text[..at].len().saturating_sub(2000)..at];
    let base = at - head.len();
    let toks = lex::tokenize(head);
    let mut depth = 0i32;
    for (k, t) in toks.iter().enumerate().rev() {
        let s = &text[base + t.start..base + t.end];
        match s {
            b")" => depth += 1,
            b"(" => {
                depth -= 1;
                if depth == 0 {
                    if let Some(p) = k.checked_sub(1).map(|p| &toks[p]) {
                        if p.kind == TokKind::Ident {
                            let name = &text[base + p.start..base + p.end];
                            return (String::from_utf8_lossy(name).into_owned(), base + p.start);
                        }
                    }
                    break;
                }
            }
            _ if depth == 0 => break,
            _ => {}
        }
    }
    ("?".into(), at)
}

fn first_words(s: &[u8]) -> String {
    let toks = lex::tokenize(s);
    let mut out = String::new();
    for t in toks.iter().take(4) {
        let w = String::from_utf8_lossy(&s[t.start..t.end]);
        if !out.is_empty() && (t.kind == TokKind::Ident || out.ends_with(',')) {
            out.push(' ');
        }
        out.push_str(&w);
        if w == "(" || w == "=" || w == "{" || w == ";" {
            break;
        }
    }
    out
}

fn error_label(n: Node) -> String {
    match first_error(n) {
        Some(e) if e.is_missing() => format!("MISSING {}", e.kind()),
        _ => "ERROR".into(),
    }
}

/// A short description of what broke the parse at `at`: the macro-like name
/// next to the error (`__init`, `DEFINE_FOO`, `list_for_each_x`) when there is
/// one, else the tokens around it. Used to rank the causes of parse errors.
pub fn cause(text: &[u8], at: usize, error: &str) -> String {
    let lo = at.saturating_sub(300);
    let hi = (at + 300).min(text.len());
    let toks = lex::tokenize(&text[lo..hi]);
    let idx = toks
        .iter()
        .position(|t| lo + t.end > at)
        .unwrap_or(toks.len());
    let word = |i: usize| {
        String::from_utf8_lossy(&text[lo + toks[i].start..lo + toks[i].end]).into_owned()
    };
    let macroish = |w: &str| {
        w.starts_with('_')
            || (w.len() > 1
                && w.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'))
            || w.contains("for_each")
    };
    let window = idx.saturating_sub(2)..(idx + 2).min(toks.len());
    for i in window {
        if toks[i].kind == TokKind::Ident && macroish(&word(i)) {
            return format!("{} near `{}`", error, word(i));
        }
    }
    let prev = idx.checked_sub(1).map_or("^".into(), word);
    let cur = if idx < toks.len() {
        word(idx)
    } else {
        "$".into()
    };
    format!("{error} at `{cur}` after `{prev}`")
}

/// The first ERROR or MISSING node below `n`, in document order.
pub fn first_error(n: Node) -> Option<Node> {
    if n.is_error() || n.is_missing() {
        return Some(n);
    }
    if !n.has_error() {
        return None;
    }
    let mut cur = n.walk();
    let kids: Vec<Node> = n.children(&mut cur).collect();
    kids.into_iter().find_map(first_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_clean_and_unclean_functions() {
        let st = file_stats(
            &crate::c::kernel_hints(),
            b"int f(void) { return 0; }\nint g(void) { return 1 +; }\n",
        );
        assert_eq!((st.functions, st.clean), (2, 1));
        assert_eq!(st.unclean[0].name, "g");
        assert_eq!(st.unclean[0].line, 2);
    }

    #[test]
    fn swallowed_functions_count() {
        // A header tree-sitter cannot read leaves the body at file scope or in an ERROR.
        let src = b"int a b c d(void) e f { return 0; }\nint g(void) { return 1; }\n";
        let st = file_stats_plain(src);
        assert!(st.functions >= 2, "{st:?}");
        assert!(st.clean < st.functions, "{st:?}");
    }

    #[test]
    fn other_items_are_apart() {
        let st = file_stats_plain(b"int x = ;\nint f(void) { return 0; }\n");
        assert_eq!((st.functions, st.clean, st.other), (1, 1, 1));
    }
}
