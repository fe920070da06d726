//! C front end: tree-sitter-c parsing of whole files and of pattern fragments,
//! plus the node classifications the matcher relies on.

pub mod lex;
pub mod stats;

use std::cell::RefCell;
use tree_sitter::{Language, Node, Parser, Tree};

/// The tree-sitter C language.
pub fn language() -> Language {
    tree_sitter_c::LANGUAGE.into()
}

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new({
        let mut p = Parser::new();
        p.set_language(&language()).expect("tree-sitter-c matches the tree-sitter ABI");
        p
    });
}

/// Parses C text with this thread's parser.
pub fn parse(text: &[u8]) -> Tree {
    PARSER.with(|p| {
        p.borrow_mut()
            .parse(text, None)
            .expect("parsing without a timeout or cancellation flag always yields a tree")
    })
}

/// True for the node kinds that name something (variables, functions, fields, types, labels).
pub fn is_identifier_kind(kind: &str) -> bool {
    matches!(
        kind,
        "identifier" | "field_identifier" | "type_identifier" | "statement_identifier"
    )
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
pub fn is_constant_kind(kind: &str) -> bool {
    matches!(
        kind,
        "number_literal"
            | "char_literal"
            | "string_literal"
            | "concatenated_string"
            | "true"
            | "false"
            | "null"
    )
}

/// True for node kinds that are statements (what a body or block holds).
pub fn is_statement_kind(kind: &str) -> bool {
    kind.ends_with("_statement") || kind == "declaration"
}

/// True for nodes the matcher never sees: comments anywhere in the tree.
pub fn is_trivia(node: &Node) -> bool {
    node.kind() == "comment"
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
    if node.child_count() == 0 || is_atomic_kind(node.kind()) {
        let t = &text[node.start_byte()..node.end_byte()];
        if !t.is_empty() {
            out.push(t);
        }
        return;
    }
    let mut cursor = node.walk();
    for c in node.children(&mut cursor) {
        push_tokens(c, text, out);
    }
}

/// The token texts of `node`, as owned strings (for bindings that outlive the tree).
pub fn node_tokens(node: Node, text: &[u8]) -> Vec<Vec<u8>> {
    let mut v = Vec::new();
    push_tokens(node, text, &mut v);
    v.into_iter().map(|t| t.to_vec()).collect()
}

/// 1-based line of a byte offset.
pub fn line_of(text: &[u8], offset: usize) -> usize {
    text[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The enclosing function's name for a node, if any (for reports and hunk headers).
pub fn enclosing_function_name(node: Node, text: &[u8]) -> Option<String> {
    let mut n = Some(node);
    while let Some(cur) = n {
        if cur.kind() == "function_definition" {
            return function_name(cur, text);
        }
        n = cur.parent();
    }
    None
}

/// The declared name of a function definition.
pub fn function_name(def: Node, text: &[u8]) -> Option<String> {
    let mut d = def.child_by_field_name("declarator")?;
    loop {
        if d.kind() == "function_declarator" {
            let inner = d.child_by_field_name("declarator")?;
            if is_identifier_kind(inner.kind()) {
                return Some(
                    String::from_utf8_lossy(&text[inner.start_byte()..inner.end_byte()])
                        .into_owned(),
                );
            }
            d = inner;
            continue;
        }
        d = d.child_by_field_name("declarator")?;
    }
}
