//! Where each identifier of a text occurs, so that an alternative whose
//! required words are missing from the file, or from the top-level item
//! (function, declaration) around a place, is never tried there.
//!
//! A rule that expands to hundreds of alternatives (the release-loop transform)
//! would otherwise walk every candidate node once per alternative.

use crate::c::lex::{self, TokKind};
use std::collections::HashMap;
use tree_sitter::Tree;

type FnvMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<crate::c::hints::Fnv>>;

/// Identifier positions and top-level item ranges of one text.
pub struct Words<'t> {
    at: FnvMap<&'t [u8], Vec<u32>>,
    /// For each fragment asked about, where identifiers containing it start.
    fragments: std::cell::RefCell<HashMap<String, std::rc::Rc<Vec<u32>>>>,
    /// Start and end of each child of the translation unit, in order.
    items: Vec<(u32, u32)>,
    root: (usize, usize),
}

impl<'t> Words<'t> {
    /// Tokenizes `text` (comments skipped) and notes the top-level items of `tree`.
    pub fn new(text: &'t [u8], tree: &Tree) -> Words<'t> {
        let mut at: FnvMap<&[u8], Vec<u32>> = FnvMap::default();
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
            fragments: Default::default(),
            items,
            root: (root.start_byte(), root.end_byte()),
        }
    }

    /// Whether every word occurs somewhere in the text.
    pub fn all_in_file(&self, words: &[String]) -> bool {
        words.iter().all(|w| self.at.contains_key(w.as_bytes()))
    }

    /// Where the identifiers containing `f` start, in order.
    fn fragment(&self, f: &str) -> std::rc::Rc<Vec<u32>> {
        if let Some(v) = self.fragments.borrow().get(f) {
            return v.clone();
        }
        let finder = memchr::memmem::Finder::new(f.as_bytes());
        let mut v: Vec<u32> = self
            .at
            .iter()
            .filter(|(w, _)| finder.find(w).is_some())
            .flat_map(|(_, ps)| ps.iter().copied())
            .collect();
        v.sort_unstable();
        let v = std::rc::Rc::new(v);
        self.fragments.borrow_mut().insert(f.to_string(), v.clone());
        v
    }

    /// Whether every word, and an identifier containing each fragment, occur
    /// inside the node `start..end` itself when `within`, else inside the
    /// top-level item holding it (anywhere in the text when the node is the
    /// whole file).
    pub fn all_near(
        &self,
        words: &[String],
        fragments: &[String],
        start: usize,
        end: usize,
        within: bool,
    ) -> bool {
        let (s, e) = if (start, end) == self.root {
            (0, u32::MAX)
        } else if within {
            (start as u32, end as u32)
        } else {
            let k = self.items.partition_point(|&(s, _)| s as usize <= start);
            match k.checked_sub(1).map(|k| self.items[k]) {
                Some((s, e)) if start < e as usize => (s, e),
                // Not inside an item (should not happen): no narrowing.
                _ => (0, u32::MAX),
            }
        };
        let within = |ps: &[u32]| {
            let i = ps.partition_point(|&p| p < s);
            ps.get(i).is_some_and(|&p| p < e)
        };
        words
            .iter()
            .all(|w| self.at.get(w.as_bytes()).is_some_and(|ps| within(ps)))
            && fragments.iter().all(|f| within(&self.fragment(f)))
    }
}
