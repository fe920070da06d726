//! Where each identifier of a text occurs, so that an alternative whose
//! required words are missing from the file, or from the top-level item
//! (function, declaration) around a place, is never tried there.
//!
//! A rule that expands to hundreds of alternatives (the release-loop transform)
//! would otherwise walk every candidate node once per alternative.

use crate::c::lex::{self, TokKind};
use std::collections::HashMap;
use tree_sitter::Tree;

/// Identifier positions and top-level item ranges of one text.
pub struct Words<'t> {
    at: HashMap<&'t [u8], Vec<u32>>,
    /// Start and end of each child of the translation unit, in order.
    items: Vec<(u32, u32)>,
    root: (usize, usize),
}

impl<'t> Words<'t> {
    /// Tokenizes `text` (comments skipped) and notes the top-level items of `tree`.
    pub fn new(text: &'t [u8], tree: &Tree) -> Words<'t> {
        let mut at: HashMap<&[u8], Vec<u32>> = HashMap::new();
        for t in lex::tokenize(text) {
            if t.kind == TokKind::Ident {
                at.entry(&text[t.start..t.end])
                    .or_default()
                    .push(t.start as u32);
            }
        }
        let root = tree.root_node();
        let mut cur = root.walk();
        let items = root
            .children(&mut cur)
            .map(|n| (n.start_byte() as u32, n.end_byte() as u32))
            .collect();
        Words {
            at,
            items,
            root: (root.start_byte(), root.end_byte()),
        }
    }

    /// Whether every word occurs somewhere in the text.
    pub fn all_in_file(&self, words: &[String]) -> bool {
        words.iter().all(|w| self.at.contains_key(w.as_bytes()))
    }

    /// Whether every word occurs inside the top-level item holding the node
    /// `start..end` (anywhere in the text when the node is the whole file).
    pub fn all_near(&self, words: &[String], start: usize, end: usize) -> bool {
        if words.is_empty() || (start, end) == self.root {
            return self.all_in_file(words);
        }
        let k = self.items.partition_point(|&(s, _)| s as usize <= start);
        let (s, e) = match k.checked_sub(1).map(|k| self.items[k]) {
            Some((s, e)) if start < e as usize => (s, e),
            // Not inside an item (should not happen): no narrowing.
            _ => return self.all_in_file(words),
        };
        words.iter().all(|w| {
            self.at.get(w.as_bytes()).is_some_and(|ps| {
                let i = ps.partition_point(|&p| p < s);
                ps.get(i).is_some_and(|&p| p < e)
            })
        })
    }
}
