//! The `comments` rule extension: whole-word renames inside C comments.

use super::edit::Edit;
use crate::c::FastKind;
use crate::c::{self, lex::whole_words};
use tree_sitter::Tree;

/// Finds every whole-word occurrence of a pair's old word in a comment; returns the
/// edits with their line and enclosing function.
pub fn rename_words(
    tree: &Tree,
    text: &[u8],
    pairs: &[(String, String)],
    hints: &c::hints::Hints,
) -> Vec<(Edit, usize, Option<String>)> {
    // Search the text for the words, then ask the tree whether each place is
    // in a comment: far fewer steps than visiting every node of the tree.
    let mut out = Vec::new();
    let root = tree.root_node();
    for (from, to) in pairs {
        for at in whole_words(text, from.as_bytes()) {
            let end = at + from.len();
            let Some(n) = root.descendant_for_byte_range(at, end) else {
                continue;
            };
            if n.kind_fast() != "comment" {
                continue;
            }
            let edit = Edit {
                range: at..end,
                text: to.clone().into_bytes(),
            };
            out.push((
                edit,
                c::line_of(text, at),
                c::enclosing_function_name(n, text, hints),
            ));
        }
    }
    out.sort_by_key(|(e, _, _)| e.range.start);
    out
}
