//! Control flow inside one function, read off the syntax tree on demand.
//!
//! A [`Point`] is a place control can be: about to run a statement (for an
//! `if`, a loop or a `switch`, its head: the test), at the test of a
//! `do … while`, or at the function's exit. [`Flow::succ`] gives the points
//! control can go to next: into a branch or a loop body, out of a block to
//! what follows it, through `goto` to its label, `break` and `continue` to
//! their loop or `switch`, `case` fall-through, `return` to the exit. Points
//! are syntax nodes, so edits stay byte ranges on the original text.
//!
//! Nothing is built ahead: a point's successors come from its parents and
//! siblings in the tree, with explicit loops (no recursion), so the deepest
//! nesting costs no stack. Code that did not parse (an `ERROR` node) is one
//! opaque statement that falls through.

use super::FastKind;
use tree_sitter::Node;

/// A place in a function's control flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Point<'t> {
    /// About to run this statement (its head, for compound statements).
    At(Node<'t>),
    /// At the test of this `do … while` statement, after its body.
    DoTest(Node<'t>),
    /// Leaving the function (a `return`, or the end of its body).
    Exit,
}

impl<'t> Point<'t> {
    /// The statement node of the point, if any.
    pub fn node(&self) -> Option<Node<'t>> {
        match self {
            Point::At(n) | Point::DoTest(n) => Some(*n),
            Point::Exit => None,
        }
    }
}

/// The control flow of one function definition.
pub struct Flow<'t> {
    body: Node<'t>,
    text: &'t [u8],
    /// The function's labelled statements, found at the first `goto`.
    labels: std::cell::OnceCell<Vec<(&'t [u8], Node<'t>)>>,
    /// Each node's parent and next sibling statement, by node id, found in one
    /// walk of the body on first use: tree-sitter finds a parent or a next
    /// sibling by walking down from the root or along the siblings, which
    /// over a long function costs more than all the matching.
    links: std::cell::OnceCell<std::collections::HashMap<usize, Links<'t>>>,
    /// Whether the body has a directive the C reader left out (one within
    /// a statement, see `dialect`).
    cut: std::cell::OnceCell<bool>,
}

#[derive(Clone, Copy)]
struct Links<'t> {
    parent: Option<Node<'t>>,
    next: Option<Node<'t>>,
}

fn is_loop(kind: &str) -> bool {
    matches!(kind, "for_statement" | "while_statement" | "do_statement")
}

/// The statements directly in a block-like node (comments, braces, the
/// `case` value, a conditional's name, test and `#else` part left out).
fn statements(n: Node) -> Vec<Node> {
    let mut cur = n.walk();
    let skip: Vec<usize> = ["value", "name", "condition", "alternative"]
        .iter()
        .filter_map(|f| n.child_by_field_name(f))
        .map(|k| k.id())
        .collect();
    n.named_children(&mut cur)
        .filter(|k| !super::is_trivia(k) && !skip.contains(&k.id()))
        .collect()
}

/// The first statement of block `b` (comments skipped).
pub fn first_statement(b: Node) -> Option<Node> {
    let mut cur = b.walk();
    let first = b.named_children(&mut cur).find(|k| !super::is_trivia(k));
    first
}

/// The last statement of block `b` (comments skipped).
pub fn last_statement(b: Node) -> Option<Node> {
    let mut cur = b.walk();
    let last = b
        .named_children(&mut cur)
        .filter(|k| !super::is_trivia(k))
        .last();
    last
}

/// The statement after `s` among its siblings (comments skipped).
pub fn next_statement(s: Node) -> Option<Node> {
    let mut n = s.next_named_sibling();
    while let Some(k) = n {
        if !super::is_trivia(&k) {
            return Some(k);
        }
        n = k.next_named_sibling();
    }
    None
}

/// The statement right after `s` in its block, where conditional
/// compilation is no border (`a(); #endif b();` are two statements in a
/// row, and so are `a(); #ifdef X b();`); `None` at the end of the block.
fn next_in_run(s: Node) -> Option<Node> {
    let mut s = s;
    loop {
        // (A branch's name or condition comes before its statements.)
        if let Some(mut n) = next_statement(s) {
            while is_conditional(n.kind_fast()) {
                let first = statements(n).into_iter().next();
                match first.or_else(|| n.child_by_field_name("alternative")) {
                    Some(f) => n = f,
                    None => break,
                }
            }
            if !is_conditional(n.kind_fast()) {
                return Some(n);
            }
            s = n;
            continue;
        }
        let p = s.parent()?;
        if !is_conditional(p.kind_fast()) {
            return None;
        }
        s = p;
    }
}

/// Conditional compilation inside a function: as spatch does, the branches
/// of `#ifdef … #else … #endif` are read as one run of statements.
fn is_conditional(kind: &str) -> bool {
    matches!(
        kind,
        "preproc_if" | "preproc_ifdef" | "preproc_else" | "preproc_elif" | "preproc_elifdef"
    )
}

impl<'t> Flow<'t> {
    /// The flow of `function` (a `function_definition`); `None` without a body.
    pub fn new(function: Node<'t>, text: &'t [u8]) -> Option<Flow<'t>> {
        let body = function.child_by_field_name("body")?;
        Some(Flow {
            body,
            text,
            labels: std::cell::OnceCell::new(),
            links: std::cell::OnceCell::new(),
            cut: std::cell::OnceCell::new(),
        })
    }

    /// The statement right after `s` in its block (`None` at its end). A
    /// function where conditional compilation cuts through a statement
    /// (`c()` `#ifdef A` `;` `#else` `+ 4;` `#endif`) has its directives
    /// read as comments, as spatch reads them: there `a(); #endif b();`
    /// are two statements in a row. Elsewhere a directive parts them.
    pub fn next_statement(&self, s: Node<'t>) -> Option<Node<'t>> {
        if *self.cut.get_or_init(|| self.has_cut_directive()) {
            next_in_run(s)
        } else {
            next_statement(s)
        }
    }

    /// Whether a directive line of the body lies outside every directive
    /// node of the tree: the C reader left it out.
    fn has_cut_directive(&self) -> bool {
        let (from, to) = (self.body.start_byte(), self.body.end_byte());
        let mut at = from;
        for line in self.text[from..to].split(|&b| b == b'\n') {
            let start = at + (line.len() - line.trim_ascii_start().len());
            at += line.len() + 1;
            if !line.trim_ascii_start().starts_with(b"#") {
                continue;
            }
            let mut n = self.body.descendant_for_byte_range(start, start + 1);
            let mut covered = false;
            while let Some(k) = n {
                if k.kind_fast().starts_with("preproc_") {
                    covered = true;
                    break;
                }
                n = k.parent();
            }
            if !covered {
                return true;
            }
        }
        false
    }

    fn links(&self) -> &std::collections::HashMap<usize, Links<'t>> {
        self.links.get_or_init(|| {
            let mut map = std::collections::HashMap::new();
            map.insert(
                self.body.id(),
                Links {
                    parent: None,
                    next: None,
                },
            );
            let mut stack = vec![self.body];
            while let Some(n) = stack.pop() {
                let mut cur = n.walk();
                let kids: Vec<Node<'t>> = n
                    .named_children(&mut cur)
                    .filter(|k| !super::is_trivia(k))
                    .collect();
                for (i, k) in kids.iter().enumerate() {
                    map.insert(
                        k.id(),
                        Links {
                            parent: Some(n),
                            next: kids.get(i + 1).copied(),
                        },
                    );
                }
                stack.extend(kids);
            }
            map
        })
    }

    fn parent_of(&self, n: Node<'t>) -> Option<Node<'t>> {
        match self.links().get(&n.id()) {
            Some(l) => l.parent,
            None => n.parent(),
        }
    }

    fn next_of(&self, n: Node<'t>) -> Option<Node<'t>> {
        match self.links().get(&n.id()) {
            Some(l) => l.next,
            None => next_statement(n),
        }
    }

    /// The function's body.
    pub fn body(&self) -> Node<'t> {
        self.body
    }

    /// Where control enters the function.
    pub fn entry(&self) -> Point<'t> {
        self.enter(self.body)
    }

    /// Where control goes on entering statement `s`: blocks, labels and `case`
    /// arms are entered to their first statement.
    pub fn enter(&self, s: Node<'t>) -> Point<'t> {
        let mut s = s;
        loop {
            match s.kind_fast() {
                "compound_statement" | "case_statement" => match statements(s).first() {
                    Some(&first) => s = first,
                    None => return self.after(s),
                },
                "do_statement" => match s.child_by_field_name("body") {
                    Some(b) => s = b,
                    None => return Point::DoTest(s),
                },
                k if is_conditional(k) => match statements(s).first() {
                    Some(&first) => s = first,
                    None => match s.child_by_field_name("alternative") {
                        Some(alt) => s = alt,
                        None => return self.after(s),
                    },
                },
                _ => return Point::At(s),
            }
        }
    }

    /// Where control goes when statement `s` completes normally.
    pub fn after(&self, s: Node<'t>) -> Point<'t> {
        let mut s = s;
        loop {
            if s.id() == self.body.id() {
                return Point::Exit;
            }
            let Some(parent) = self.parent_of(s) else {
                return Point::Exit;
            };
            match parent.kind_fast() {
                "compound_statement" | "case_statement" => {
                    if let Some(next) = self.next_of(s) {
                        return self.enter(next);
                    }
                    if parent.kind_fast() == "case_statement" {
                        // Fall through into the next arm.
                        if let Some(next) = self.next_of(parent) {
                            if next.kind_fast() == "case_statement" {
                                return self.enter(next);
                            }
                        }
                    }
                    s = parent;
                }
                "for_statement" | "while_statement" => return Point::At(parent),
                "do_statement" => return Point::DoTest(parent),
                k if is_conditional(k) => {
                    if is_conditional(s.kind_fast())
                        && matches!(
                            s.kind_fast(),
                            "preproc_else" | "preproc_elif" | "preproc_elifdef"
                        )
                    {
                        // The end of the last branch: after the whole.
                        s = parent;
                        continue;
                    }
                    if let Some(next) = self.next_of(s).filter(|n| {
                        !is_conditional(n.kind_fast())
                            || !matches!(
                                n.kind_fast(),
                                "preproc_else" | "preproc_elif" | "preproc_elifdef"
                            )
                    }) {
                        return self.enter(next);
                    }
                    match parent.child_by_field_name("alternative") {
                        Some(alt) => return self.enter(alt),
                        None => s = parent,
                    }
                }
                // The end of a `then` or `else` branch, of a labelled
                // statement, of an `else` clause: after the whole.
                _ => s = parent,
            }
        }
    }

    /// The points control can go to from `p`, nearest first.
    pub fn succ(&self, p: Point<'t>) -> Vec<Point<'t>> {
        let s = match p {
            Point::Exit => return Vec::new(),
            // `do { … } while (0)`, the macro idiom, runs once.
            Point::DoTest(d) if self.never_again(d) => return vec![self.after(d)],
            Point::DoTest(d) => return vec![self.enter(d), self.after(d)],
            Point::At(s) => s,
        };
        match s.kind_fast() {
            "if_statement" => {
                let mut v = Vec::new();
                if let Some(c) = s.child_by_field_name("consequence") {
                    v.push(self.enter(c));
                }
                match s.child_by_field_name("alternative") {
                    Some(a) => {
                        let inner = statements(a).into_iter().next();
                        v.push(inner.map_or_else(|| self.after(s), |i| self.enter(i)));
                    }
                    None => v.push(self.after(s)),
                }
                v
            }
            "for_statement" | "while_statement" => {
                let mut v = Vec::new();
                if let Some(b) = s.child_by_field_name("body") {
                    v.push(self.enter(b));
                }
                v.push(self.after(s));
                v
            }
            "switch_statement" => {
                let arms: Vec<Node> = s
                    .child_by_field_name("body")
                    .map(statements)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|a| a.kind_fast() == "case_statement")
                    .collect();
                let mut v: Vec<Point> = arms.iter().map(|a| self.enter(*a)).collect();
                let has_default = arms
                    .iter()
                    .any(|a| a.child_by_field_name("value").is_none());
                if !has_default {
                    v.push(self.after(s));
                }
                v
            }
            "labeled_statement" => match statements(s).into_iter().last() {
                Some(inner) => vec![self.enter(inner)],
                None => vec![self.after(s)],
            },
            "return_statement" => vec![Point::Exit],
            "goto_statement" => match self.label(s) {
                Some(l) => vec![Point::At(l)],
                // A label the tree does not show: anywhere in the function.
                None => vec![self.entry()],
            },
            "break_statement" => match self.enclosing(s, true) {
                Some(t) => vec![self.after(t)],
                None => vec![self.after(s)],
            },
            "continue_statement" => match self.enclosing(s, false) {
                Some(t) if t.kind_fast() == "do_statement" => vec![Point::DoTest(t)],
                Some(t) => vec![Point::At(t)],
                None => vec![self.after(s)],
            },
            _ => vec![self.after(s)],
        }
    }

    /// Whether a `return` ends an error path, as spatch tells one: it lies
    /// in the `then` branch of the nearest `if` around it (`if (err) { …;
    /// return -E; }`). A `return` in an `else`, in a `case`, or at the end
    /// of the function is a way out that `...` must account for.
    pub fn is_error_exit(&self, ret: Node<'t>) -> bool {
        let mut n = ret;
        while let Some(p) = self.parent_of(n) {
            match p.kind_fast() {
                "if_statement" => {
                    return p
                        .child_by_field_name("consequence")
                        .is_some_and(|c| c.id() == n.id());
                }
                "function_definition" => return false,
                _ => n = p,
            }
        }
        false
    }

    /// Whether a `do` loop's test is the constant 0.
    fn never_again(&self, d: Node<'t>) -> bool {
        d.child_by_field_name("condition").is_some_and(|c| {
            let t: Vec<u8> = self.text[c.byte_range()]
                .iter()
                .copied()
                .filter(|b| !b.is_ascii_whitespace() && *b != b'(' && *b != b')')
                .collect();
            t == b"0"
        })
    }

    /// The loop (or, for `break`, also `switch`) a jump leaves.
    fn enclosing(&self, s: Node<'t>, or_switch: bool) -> Option<Node<'t>> {
        let mut n = s;
        while let Some(p) = self.parent_of(n) {
            if p.id() == self.body.id() {
                return None;
            }
            if is_loop(p.kind_fast()) || (or_switch && p.kind_fast() == "switch_statement") {
                return Some(p);
            }
            n = p;
        }
        None
    }

    /// The labelled statement a `goto` goes to.
    fn label(&self, goto: Node<'t>) -> Option<Node<'t>> {
        let want = goto.child_by_field_name("label")?;
        let want = &self.text[want.byte_range()];
        let labels = self.labels.get_or_init(|| {
            let mut found = Vec::new();
            let mut stack = vec![self.body];
            while let Some(n) = stack.pop() {
                if n.kind_fast() == "labeled_statement" {
                    if let Some(l) = n.child_by_field_name("label") {
                        found.push((&self.text[l.byte_range()], n));
                    }
                }
                let mut cur = n.walk();
                stack.extend(n.named_children(&mut cur));
            }
            found
        });
        labels
            .iter()
            .find(|(name, _)| *name == want)
            .map(|(_, n)| *n)
    }

    /// The bytes of `p` that belong to it alone: a head's test, not its
    /// branches or body; a label, not its statement.
    /// The test at `p` whose truth picks between the two successors
    /// [`Flow::succ`] gives (the true branch first): the condition of an
    /// `if`, a loop (not a `do … while (0)`, which runs once).
    pub fn test(&self, p: Point<'t>) -> Option<Node<'t>> {
        match p {
            Point::DoTest(d) if !self.never_again(d) => d.child_by_field_name("condition"),
            Point::At(s)
                if matches!(s.kind_fast(), "if_statement" | "while_statement")
                    || (s.kind_fast() == "for_statement"
                        && super::iterator_name(s, self.text).is_none()) =>
            {
                s.child_by_field_name("condition")
            }
            _ => None,
        }
    }

    pub fn own_range(&self, p: Point<'t>) -> Option<std::ops::Range<usize>> {
        match p {
            Point::Exit => None,
            Point::DoTest(d) => {
                let c = d.child_by_field_name("condition")?;
                Some(c.start_byte()..d.end_byte())
            }
            Point::At(s) => {
                let body = match s.kind_fast() {
                    "if_statement" => s.child_by_field_name("consequence"),
                    "for_statement" | "while_statement" | "switch_statement" => {
                        s.child_by_field_name("body")
                    }
                    "labeled_statement" => statements(s).into_iter().last(),
                    _ => None,
                };
                Some(s.start_byte()..body.map_or(s.end_byte(), |b| b.start_byte()))
            }
        }
    }
}
