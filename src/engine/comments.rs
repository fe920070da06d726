//! The `comments` rule extension: whole-word renames inside C comments.

use super::edit::Edit;
use crate::c::{self, lex::is_ident_byte};
use tree_sitter::Tree;

/// Finds every whole-word occurrence of a pair's old word in a comment; returns the
/// edits with their line and enclosing function.
pub fn rename_words(
    tree: &Tree,
    text: &[u8],
    pairs: &[(String, String)],
) -> Vec<(Edit, usize, Option<String>)> {
    let mut out = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(n) = stack.pop() {
        if n.kind() == "comment" {
            let (s, e) = (n.start_byte(), n.end_byte());
            let body = &text[s..e];
            let mut i = 0;
            while i < body.len() {
                if is_ident_byte(body[i]) && (i == 0 || !is_ident_byte(body[i - 1])) {
                    let mut j = i;
                    while j < body.len() && is_ident_byte(body[j]) {
                        j += 1;
                    }
                    let word = &body[i..j];
                    if let Some((_, to)) = pairs.iter().find(|(from, _)| from.as_bytes() == word) {
                        let edit = Edit {
                            range: s + i..s + j,
                            text: to.clone().into_bytes(),
                        };
                        out.push((
                            edit,
                            c::line_of(text, s + i),
                            c::enclosing_function_name(n, text),
                        ));
                    }
                    i = j;
                } else {
                    i += 1;
                }
            }
            continue;
        }
        let mut cur = n.walk();
        let kids: Vec<_> = n.children(&mut cur).collect();
        stack.extend(kids.into_iter().rev());
    }
    out
}
