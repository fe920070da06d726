//! C front end: tree-sitter-c parsing of whole files and of pattern fragments
//! (through the kernel dialect layer), plus the node classifications the
//! matcher relies on.

pub mod cfg;
pub mod chunks;
pub mod dialect;
pub mod hints;
pub mod lex;
pub mod names;
mod reparse;
pub mod stats;
pub mod types;
pub mod unparsed;

use hints::Hints;
use std::cell::RefCell;
use std::ops::Range;
use std::sync::{Arc, OnceLock};
use tree_sitter::{Language, Node, Parser, Tree};

/// The tree-sitter C language.
pub fn language() -> Language {
    tree_sitter_c::LANGUAGE.into()
}

/// A node's kind, from a table: `Node::kind` measures and checks the name's
/// C string on every call, and the matcher asks millions of times.
pub trait FastKind {
    /// The node's kind name, as `Node::kind` gives it.
    fn kind_fast(&self) -> &'static str;
}

impl FastKind for Node<'_> {
    fn kind_fast(&self) -> &'static str {
        static KINDS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
        let kinds = KINDS.get_or_init(|| {
            let l = language();
            (0..l.node_kind_count() as u16)
                .map(|i| l.node_kind_for_id(i).unwrap_or(""))
                .collect()
        });
        kinds
            .get(self.kind_id() as usize)
            .copied()
            .unwrap_or_else(|| self.kind())
    }
}

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new({
        let mut p = Parser::new();
        p.set_language(&language()).expect("tree-sitter-c matches the tree-sitter ABI");
        p
    });
}

/// Whether `NAME(…) statement` with this name is a loop to the dialect
/// layer: a hinted iterator, or a name with `for_each`/`foreach` in it.
pub fn is_iterator(h: &Hints, name: &[u8]) -> bool {
    h.get(name) == Some(hints::Hint::Iterator) || dialect::is_iterator_name(name)
}

/// The macro hints shipped for kernel code: what C is read with unless a
/// run was given others ([`load_macro_file`]). The hints are a value each
/// run passes down (a semantic patch keeps the ones it was read with), not
/// a setting of the process.
pub fn kernel_hints() -> Arc<Hints> {
    static KERNEL: OnceLock<Arc<Hints>> = OnceLock::new();
    KERNEL.get_or_init(|| Arc::new(Hints::kernel())).clone()
}

/// The shipped hints plus those of a user's `--macro-file`.
pub fn load_macro_file(path: &std::path::Path) -> Result<Arc<Hints>, crate::diag::Diagnostic> {
    let mut h = Hints::kernel();
    h.add_file(path)?;
    Ok(Arc::new(h))
}

/// Parses C text through the kernel dialect layer with the shipped hints:
/// the tree's offsets index `text`.
pub fn parse(text: &[u8]) -> Tree {
    parse_with(&kernel_hints(), text)
}

/// [`parse`] with the hints `h`.
pub fn parse_with(h: &Hints, text: &[u8]) -> Tree {
    parse_explained(h, text).0
}

/// Like [`parse_with`], also returning the code the dialect layer left out
/// of the parse (byte ranges of `text`) and why.
pub fn parse_explained(h: &Hints, text: &[u8]) -> (Tree, Vec<(Range<usize>, &'static str)>) {
    let sh = dialect::shadow(h, text);
    let tree = parse_plain(&sh.text);
    (tree, sh.skipped.into_iter().zip(sh.why).collect())
}

/// Parses C text with stock tree-sitter-c, without the dialect layer.
pub fn parse_plain(text: &[u8]) -> Tree {
    parse_plain_with(text, None)
}

fn parse_plain_with(text: &[u8], old: Option<&Tree>) -> Tree {
    PARSER.with(|p| {
        p.borrow_mut()
            .parse(text, old)
            .expect("parsing without a timeout or cancellation flag always yields a tree")
    })
}

/// Parses `text` through the dialect layer, reading only what follows
/// `from`: nodes keep their offsets in `text`, and the lexer does not walk
/// the bytes before `from` (a macro body read at its place in a long file
/// costs its own length, not the file's).
pub fn parse_tail_with(h: &Hints, text: &[u8], from: usize) -> Option<Tree> {
    let from = from.min(text.len());
    // What comes before `from` is not read: the dialect layer need not see it.
    let mut shadowed = vec![b' '; from];
    shadowed.extend_from_slice(&dialect::shadow(h, &text[from..]).text);
    let all = Range {
        start: from,
        end: shadowed.len(),
    };
    parse_ranges_any(&shadowed, std::slice::from_ref(&all))
}

/// Parses only `parts` of `text` (in order, not overlapping); `None` if the
/// result has errors.
fn parse_ranges(text: &[u8], parts: &[Range<usize>]) -> Option<Tree> {
    parse_ranges_any(text, parts).filter(|t| !t.root_node().has_error())
}

/// Parses only `parts` of `text` (in order, not overlapping), errors and all.
fn parse_ranges_any(text: &[u8], parts: &[Range<usize>]) -> Option<Tree> {
    // An empty list would mean the whole text to tree-sitter.
    let whole_nothing = [Range { start: 0, end: 0 }];
    let parts = if parts.is_empty() {
        &whole_nothing[..]
    } else {
        parts
    };
    let mut ranges = Vec::with_capacity(parts.len());
    let (mut row, mut line_start, mut at) = (0, 0, 0);
    let mut point = |to: usize| {
        for nl in memchr::memchr_iter(b'\n', &text[at..to]) {
            row += 1;
            line_start = at + nl + 1;
        }
        at = to;
        tree_sitter::Point {
            row,
            column: to - line_start,
        }
    };
    for r in parts {
        let start_point = point(r.start);
        let end_point = point(r.end);
        ranges.push(tree_sitter::Range {
            start_byte: r.start,
            end_byte: r.end,
            start_point,
            end_point,
        });
    }
    PARSER.with(|p| {
        let mut p = p.borrow_mut();
        p.set_included_ranges(&ranges).ok()?;
        let tree = p.parse(text, None);
        // Back to whole texts for every other parse on this thread.
        p.set_included_ranges(&[]).ok()?;
        tree
    })
}

/// A parse of a text through the dialect layer, kept so that the next
/// version of the text can be parsed from it ([`Parsed::reparse`]).
pub struct Parsed {
    pub tree: Tree,
    /// What the dialect layer left out of the parse (byte ranges).
    pub skipped: Vec<Range<usize>>,
    /// The text the parser saw.
    shadow: Vec<u8>,
    /// The ranges parsed, when only some top-level items were ([`Parsed::part`]).
    pub parts: Option<Vec<Range<usize>>>,
    /// The hints it was read with (a reparse reads the new text with them).
    hints: Arc<Hints>,
}

impl Parsed {
    /// Parses `text` from scratch, with the shipped hints.
    pub fn new(text: &[u8]) -> Parsed {
        Parsed::with_hints(kernel_hints(), text)
    }

    /// Parses `text` from scratch, with the hints `h`.
    pub fn with_hints(h: Arc<Hints>, text: &[u8]) -> Parsed {
        let sh = dialect::shadow(&h, text);
        Parsed::whole(h, sh)
    }

    fn whole(hints: Arc<Hints>, sh: dialect::Shadow) -> Parsed {
        Parsed {
            tree: parse_plain(&sh.text),
            skipped: sh.skipped,
            shadow: sh.text.into_owned(),
            parts: None,
            hints,
        }
    }

    /// Parses only the runs of top-level items ([`chunks::top_level`]) that
    /// `keep` selects (and an include guard around them); parses the whole
    /// text instead (`parts` is then `None`)
    /// when they come to more than `limit` bytes or do not parse without
    /// errors (read alone, an item might read otherwise than in the whole text).
    pub fn part(h: Arc<Hints>, text: &[u8], keep: impl Fn(&[u8]) -> bool, limit: usize) -> Parsed {
        let sh = dialect::shadow(&h, text);
        let mut parts: Vec<Range<usize>> = Vec::new();
        let items = chunks::top_level(&sh.text);
        let last = items.ranges.len().saturating_sub(1);
        for (k, r) in items.ranges.into_iter().enumerate() {
            let frame = items.framed && (k == 0 || k == last);
            if !frame && !keep(&text[r.clone()]) {
                continue;
            }
            match parts.last_mut() {
                Some(last) if last.end == r.start => last.end = r.end,
                _ => parts.push(r),
            }
        }
        let kept: usize = parts.iter().map(|r| r.len()).sum();
        let tree = (kept <= limit)
            .then(|| parse_ranges(&sh.text, &parts))
            .flatten();
        match tree {
            Some(tree) => Parsed {
                tree,
                skipped: sh.skipped,
                shadow: sh.text.into_owned(),
                parts: Some(parts),
                hints: h,
            },
            None => Parsed::whole(h, sh),
        }
    }

    /// Parses `new`, which replaced `old` (the text of this parse), reusing
    /// what did not change; the tree is the one [`Parsed::new`] would give.
    pub fn reparse(&self, old: &[u8], new: &[u8]) -> Parsed {
        reparse::reparse(self, old, new)
    }
}

/// Node kinds below the translation unit whose children are still top-level
/// items: preprocessor conditionals, `extern "C"` blocks.
pub fn holds_items(kind: &str) -> bool {
    matches!(
        kind,
        "preproc_if"
            | "preproc_ifdef"
            | "preproc_else"
            | "preproc_elif"
            | "preproc_elifdef"
            | "linkage_specification"
            | "declaration_list"
    )
}

/// True for the node kinds that name something (variables, functions, fields, types, labels).
pub fn is_identifier_kind(kind: &str) -> bool {
    matches!(
        kind,
        "identifier" | "field_identifier" | "type_identifier" | "statement_identifier"
    )
}

/// True when an identifier node's original text is a number: the dialect
/// layer spells a number as a name where tree-sitter-c would misread it
/// (`sizeof(T)-1`), and such a name is still that number.
pub fn is_number_text(text: &[u8]) -> bool {
    text.first()
        .is_some_and(|b| b.is_ascii_digit() || *b == b'.')
}

/// A node's kind as C reads it: [`FastKind::kind_fast`], except that a name
/// whose text is a number (see [`is_number_text`]) is a `number_literal`.
pub fn kind_in(node: Node, text: &[u8]) -> &'static str {
    let k = node.kind_fast();
    if k == "identifier"
        && text
            .get(node.start_byte()..node.end_byte())
            .is_some_and(is_number_text)
    {
        "number_literal"
    } else {
        k
    }
}

/// Node kinds compared as a whole text rather than child by child.
pub fn is_atomic_kind(kind: &str) -> bool {
    matches!(
        kind,
        "string_literal"
            | "char_literal"
            | "number_literal"
            | "system_lib_string"
            | "preproc_arg"
            | "raw_string_literal"
    )
}

/// True for node kinds that are expressions (what an `expression` metavariable binds).
pub fn is_expression_kind(kind: &str) -> bool {
    matches!(
        kind,
        "identifier"
            | "number_literal"
            | "string_literal"
            | "char_literal"
            | "concatenated_string"
            | "true"
            | "false"
            | "null"
            | "call_expression"
            | "field_expression"
            | "pointer_expression"
            | "binary_expression"
            | "unary_expression"
            | "update_expression"
            | "cast_expression"
            | "sizeof_expression"
            | "alignof_expression"
            | "offsetof_expression"
            | "subscript_expression"
            | "parenthesized_expression"
            | "conditional_expression"
            | "assignment_expression"
            | "compound_literal_expression"
            | "comma_expression"
            | "generic_expression"
            | "gnu_asm_expression"
            | "extension_expression"
            | "initializer_list"
    )
}

/// True for node kinds that are types (what a `type` metavariable binds).
pub fn is_type_kind(kind: &str) -> bool {
    matches!(
        kind,
        "primitive_type"
            | "type_identifier"
            | "sized_type_specifier"
            | "struct_specifier"
            | "union_specifier"
            | "enum_specifier"
            | "type_descriptor"
            | "macro_type_specifier"
    )
}

/// True for literal constants (what a `constant` metavariable binds, with upper-case names).
/// Not `true` and `false`: to spatch they are lower-case identifiers (stdbool's
/// macros), which a `constant` does not bind.
pub fn is_constant_kind(kind: &str) -> bool {
    matches!(
        kind,
        "number_literal" | "char_literal" | "string_literal" | "concatenated_string" | "null"
    )
}

/// The macro name of an iterator loop (`list_for_each_entry(pos, head, member)
/// body`), which the kernel dialect layer parses as a `for` statement: the name
/// in the original text where the `for` keyword should be. `None` for a real `for`.
pub fn iterator_name<'a>(node: Node, text: &'a [u8]) -> Option<&'a [u8]> {
    if node.kind_fast() != "for_statement" {
        return None;
    }
    let rest = text.get(node.start_byte()..)?;
    let len = rest.iter().take_while(|&&b| lex::is_ident_byte(b)).count();
    let name = &rest[..len];
    (name != b"for").then_some(name)
}

/// True for an identifier that names what a declaration declares (`main` in
/// `int main()`, `x` in `int x = 1;`, a macro's name or parameter, an enum
/// constant being defined): a name, never an expression, so no `expression`
/// or `idexpression` metavariable may bind it.
pub fn is_declared_name(node: Node) -> bool {
    let Some(parent) = node.parent() else {
        return false;
    };
    if matches!(
        parent.kind_fast(),
        "parenthesized_declarator" | "preproc_params" | "attributed_declarator"
    ) {
        return true;
    }
    let mut cur = parent.walk();
    if !cur.goto_first_child() {
        return false;
    }
    loop {
        if cur.node().id() == node.id() {
            return matches!(cur.field_name(), Some("declarator" | "name"));
        }
        if !cur.goto_next_sibling() {
            return false;
        }
    }
}

/// True for the name a function declarator declares (`f` in `int f(void)`)
/// or a parameter's name (`x` in `f(int *x)`).
pub fn names_function_or_parameter(node: Node) -> bool {
    if !is_declared_name(node) {
        return false;
    }
    let mut n = node;
    while let Some(p) = n.parent() {
        match p.kind_fast() {
            "function_declarator" => return true,
            "parameter_declaration" => return true,
            "pointer_declarator"
            | "array_declarator"
            | "parenthesized_declarator"
            | "attributed_declarator" => n = p,
            _ => return false,
        }
    }
    false
}

/// True for a node inside a function's body (not the body itself): where a
/// `statement` metavariable may bind. A function's body is part of the
/// function, and a top-level declaration is not a statement.
pub fn is_in_function_body(node: Node) -> bool {
    let mut n = node;
    while let Some(p) = n.parent() {
        if p.kind_fast() == "function_definition" {
            return p
                .child_by_field_name("body")
                .is_some_and(|b| b.id() != node.id());
        }
        n = p;
    }
    false
}

/// True when the code starting at byte `at` is outside every braced body or
/// list (function bodies, struct fields, initialisers, enumerators): a
/// top-level item of the file, or a preprocessor line among them.
pub fn at_top_level(tree: &Tree, at: usize) -> bool {
    let mut n = tree.root_node().descendant_for_byte_range(at, at);
    while let Some(node) = n {
        if matches!(
            node.kind_fast(),
            "compound_statement"
                | "field_declaration_list"
                | "enumerator_list"
                | "initializer_list"
                | "argument_list"
                | "parameter_list"
        ) && node.start_byte() < at
        {
            return false;
        }
        n = node.parent();
    }
    true
}

/// True for node kinds that are statements (what a body or block holds).
pub fn is_statement_kind(kind: &str) -> bool {
    kind.ends_with("_statement") || kind == "declaration"
}

/// True for nodes the matcher never sees: comments anywhere in the tree.
pub fn is_trivia(node: &Node) -> bool {
    node.kind_fast() == "comment"
}

/// The children of `node` that take part in matching (comments dropped).
pub fn code_children<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.children(&mut cursor)
        .filter(|c| !is_trivia(c))
        .collect()
}

/// Appends the token texts of `node` (comments skipped, literals whole) to `out`.
pub fn push_tokens<'a>(node: Node, text: &'a [u8], out: &mut Vec<&'a [u8]>) {
    if is_trivia(&node) {
        return;
    }
    if node.child_count() == 0 || is_atomic_kind(node.kind_fast()) {
        let t = &text[node.start_byte()..node.end_byte()];
        if !t.is_empty() {
            out.push(t);
        }
        return;
    }
    // An iterator loop's `for(;;` is written over the macro's name and `(`
    // (see `dialect`): its tokens are the name and `(`, not the bytes under
    // the keyword, which two iterators with a common prefix share.
    let mut from = 0;
    if let Some(name) = iterator_name(node, text) {
        out.push(name);
        out.push(b"(");
        from = node.start_byte() + name.len() + 1;
    }
    let mut cursor = node.walk();
    for c in node.children(&mut cursor) {
        if c.start_byte() >= from {
            push_tokens(c, text, out);
        }
    }
}

/// The token texts of `node`, as owned strings (for bindings that outlive the tree).
pub fn node_tokens(node: Node, text: &[u8]) -> Vec<Vec<u8>> {
    let mut v = Vec::new();
    push_tokens(node, text, &mut v);
    v.into_iter().map(|t| t.to_vec()).collect()
}

/// 1-based line of a byte offset.
/// Where the lines of a text start: line numbers of many offsets without
/// counting from the start each time.
pub struct Lines(Vec<usize>);

impl Lines {
    pub fn new(text: &[u8]) -> Lines {
        Lines(memchr::memchr_iter(b'\n', text).collect())
    }

    /// The line (from 1) of `offset`, as [`line_of`] gives it.
    pub fn line_of(&self, offset: usize) -> usize {
        self.0.partition_point(|&nl| nl < offset) + 1
    }
}

pub fn line_of(text: &[u8], offset: usize) -> usize {
    text[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The enclosing function's name for a node, if any (for reports and hunk headers).
pub fn enclosing_function_name(node: Node, text: &[u8], h: &Hints) -> Option<String> {
    let mut n = Some(node);
    while let Some(cur) = n {
        if cur.kind_fast() == "function_definition" {
            return function_name(cur, text, h);
        }
        n = cur.parent();
    }
    None
}

/// The declared name of a function definition (for a function defined by a
/// macro, `SYSCALL_DEFINE1(name, …)` or `TEST(x) { … }`, the name or the macro call).
pub fn function_name(def: Node, text: &[u8], h: &Hints) -> Option<String> {
    let mut d = def.child_by_field_name("declarator")?;
    loop {
        if d.kind_fast() == "function_declarator" {
            let inner = d.child_by_field_name("declarator")?;
            if is_identifier_kind(inner.kind_fast()) {
                return Some(macro_function_name(inner, text, h).unwrap_or_else(|| {
                    String::from_utf8_lossy(&text[inner.start_byte()..inner.end_byte()])
                        .into_owned()
                }));
            }
            d = inner;
            continue;
        }
        d = d.child_by_field_name("declarator")?;
    }
}

/// Slots of [`NodeIndex`]'s table: one per kind id, and one for errors.
fn kind_slots() -> usize {
    language().node_kind_count() + 1
}

/// The table slot of kind id `id` (tree-sitter's error kind is 65535).
fn kind_slot(id: u16) -> usize {
    (id as usize).min(kind_slots() - 1)
}

/// The kind ids that carry `name` (a name can be both a named and an
/// anonymous kind, or an alias of several).
fn kind_ids(name: &str) -> &'static [u16] {
    static IDS: std::sync::OnceLock<std::collections::HashMap<&'static str, Vec<u16>>> =
        std::sync::OnceLock::new();
    let ids = IDS.get_or_init(|| {
        let l = language();
        let mut m: std::collections::HashMap<&'static str, Vec<u16>> = Default::default();
        for id in 0..l.node_kind_count() as u16 {
            if let Some(n) = l.node_kind_for_id(id) {
                m.entry(n).or_default().push(id);
            }
        }
        m.entry("ERROR").or_default().push(u16::MAX);
        m
    });
    ids.get(name).map_or(&[], Vec::as_slice)
}

/// Every node of a tree in document order, with the positions of each kind, so
/// that a pattern is tried only where its root's kind occurs.
pub struct NodeIndex<'t> {
    pub nodes: Vec<Node<'t>>,
    /// Node numbers by kind id (the error kind in the last slot).
    by_kind: Vec<Vec<u32>>,
    /// Function definitions, in document order (C has no nested functions).
    functions: Vec<Node<'t>>,
}

impl<'t> NodeIndex<'t> {
    /// Walks the tree once.
    pub fn new(tree: &'t Tree) -> NodeIndex<'t> {
        Self::within(tree.root_node())
    }

    /// The index of the nodes of `top`'s subtree only.
    pub fn within(top: Node<'t>) -> NodeIndex<'t> {
        let mut nodes = Vec::new();
        let mut by_kind: Vec<Vec<u32>> = vec![Vec::new(); kind_slots()];
        let mut cur = top.walk();
        'walk: loop {
            let n = cur.node();
            by_kind[kind_slot(n.kind_id())].push(nodes.len() as u32);
            nodes.push(n);
            if cur.goto_first_child() {
                continue;
            }
            while !cur.goto_next_sibling() {
                if !cur.goto_parent() {
                    break 'walk;
                }
            }
        }
        let mut functions: Vec<Node<'t>> = kind_ids("function_definition")
            .iter()
            .flat_map(|&k| &by_kind[kind_slot(k)])
            .map(|&i| nodes[i as usize])
            .collect();
        functions.sort_by_key(|f| f.start_byte());
        // Keep the outermost definitions only (an ERROR can nest odd shapes).
        functions.dedup_by(|b, a| b.start_byte() < a.end_byte());
        NodeIndex {
            nodes,
            by_kind,
            functions,
        }
    }

    /// The function definition containing byte `pos`, if any (no parent walks:
    /// tree-sitter finds a parent by descending from the root).
    pub fn function_at(&self, pos: usize) -> Option<Node<'t>> {
        let i = self.functions.partition_point(|f| f.start_byte() <= pos);
        let f = *self.functions.get(i.checked_sub(1)?)?;
        (pos < f.end_byte()).then_some(f)
    }

    /// The name of the function containing byte `pos`.
    pub fn function_name_at(&self, pos: usize, text: &[u8], h: &Hints) -> Option<String> {
        function_name(self.function_at(pos)?, text, h)
    }

    /// The nodes of the given kinds, in document order.
    pub fn of_kinds(&self, kinds: &[&str]) -> Vec<Node<'t>> {
        let mut idx: Vec<u32> = kinds
            .iter()
            .flat_map(|k| kind_ids(k))
            .flat_map(|&id| &self.by_kind[kind_slot(id)])
            .copied()
            .collect();
        idx.sort_unstable();
        idx.into_iter().map(|i| self.nodes[i as usize]).collect()
    }
}

/// When the dialect layer turned a function-defining macro into a function
/// header, the declarator's name is a placeholder inside the macro's name:
/// the name is then the macro's first argument for a `defun` hint
/// (`SYSCALL_DEFINE0(getpid)` → `getpid`), else the macro call itself.
fn macro_function_name(ident: Node, text: &[u8], h: &Hints) -> Option<String> {
    let s = ident.start_byte();
    if s == 0 || !lex::is_ident_byte(text[s - 1]) {
        return None;
    }
    let ms = text[..s]
        .iter()
        .rposition(|&b| !lex::is_ident_byte(b))
        .map_or(0, |k| k + 1);
    let me = s + text[s..]
        .iter()
        .take_while(|&&b| lex::is_ident_byte(b))
        .count();
    let rest = text[me..].strip_prefix(b"(")?;
    let close = rest.iter().position(|&b| b == b')')?;
    let args = &rest[..close];
    if h.get(&text[ms..me]) == Some(hints::Hint::Defun) {
        let args = &args[args.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
        let n = args.iter().take_while(|&&b| lex::is_ident_byte(b)).count();
        return (n > 0).then(|| String::from_utf8_lossy(&args[..n]).into_owned());
    }
    let mut call = String::from_utf8_lossy(&text[ms..me]).into_owned();
    call.push('(');
    let args = String::from_utf8_lossy(args);
    call.push_str(&args.split_whitespace().collect::<Vec<_>>().join(" "));
    call.push(')');
    Some(call)
}

#[cfg(test)]
mod line_tests {
    use super::*;

    #[test]
    fn lines_give_what_counting_gives() {
        let text = b"a\nbc\n\nd";
        let lines = Lines::new(text);
        for at in 0..=text.len() + 2 {
            assert_eq!(lines.line_of(at), line_of(text, at), "offset {at}");
        }
    }
}
