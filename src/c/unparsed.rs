//! Where a parse lost code: the regions of a file no pattern can match in, so
//! that a run can say a rule may have missed a match there instead of skipping
//! it silently.

use crate::c::FastKind;
use std::ops::Range;
use tree_sitter::{Node, Tree};

/// Byte ranges the parser could not read: around each outermost ERROR node,
/// the statement (or top-level item part) it broke, since error recovery can
/// also misread the code next to it; plus the code the dialect layer left out
/// (`skipped`). In order.
pub fn regions(tree: &Tree, skipped: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = skipped.to_vec();
    let root = tree.root_node();
    if root.has_error() {
        errors(root, &mut out);
    }
    out.sort_by_key(|r| (r.start, r.end));
    out
}

/// Nodes whose children are statements or items: where climbing from an error stops.
fn is_block(kind: &str) -> bool {
    matches!(
        kind,
        "compound_statement"
            | "translation_unit"
            | "function_definition"
            | "preproc_if"
            | "preproc_ifdef"
            | "preproc_else"
            | "preproc_elif"
            | "preproc_elifdef"
            | "declaration_list"
            | "field_declaration_list"
            | "case_statement"
            | "labeled_statement"
    )
}

fn errors(n: Node, out: &mut Vec<Range<usize>>) {
    if n.is_error() {
        let mut top = n;
        while let Some(p) = top.parent() {
            if is_block(p.kind_fast()) {
                break;
            }
            top = p;
        }
        out.push(top.start_byte()..top.end_byte());
        return;
    }
    let mut cur = n.walk();
    for c in n.children(&mut cur) {
        if c.has_error() {
            errors(c, out);
        }
    }
}

/// The top-level item (function, declaration, …) around byte `at`, looking
/// through preprocessor conditionals; the whole file when there is none.
pub fn item_around(tree: &Tree, at: usize) -> Range<usize> {
    let mut n = tree.root_node();
    loop {
        let Some(c) = n.first_child_for_byte(at).filter(|c| c.start_byte() <= at) else {
            return n.start_byte()..n.end_byte();
        };
        if super::holds_items(c.kind_fast()) {
            n = c;
            continue;
        }
        return c.start_byte()..c.end_byte();
    }
}

/// The first whole-word occurrence of `word` in `text[r]`.
pub fn find_word(text: &[u8], r: Range<usize>, word: &[u8]) -> Option<usize> {
    if word.is_empty() {
        return None;
    }
    let hay = text.get(r.clone())?;
    let mut from = 0;
    while from + word.len() <= hay.len() {
        let k = hay[from..].windows(word.len()).position(|w| w == word)? + from;
        let before = k.checked_sub(1).map(|i| hay[i]);
        let after = hay.get(k + word.len()).copied();
        let edge = |b: Option<u8>| b.is_none_or(|b| !super::lex::is_ident_byte(b));
        if edge(before) && edge(after) {
            return Some(r.start + k);
        }
        from = k + 1;
    }
    None
}

/// Where, in the regions that did not parse, a rule needing `dnf` (for some
/// alternative, every word of it) may have lost a match: for each region, the
/// first required word found in it, provided the region's top-level item holds
/// all the words of that alternative. Alternatives with no words are ignored.
pub fn possible_misses(
    tree: &Tree,
    text: &[u8],
    regions: &[Range<usize>],
    dnf: &[Vec<String>],
) -> Vec<usize> {
    let mut out = Vec::new();
    for r in regions {
        let item = item_around(tree, r.start);
        let item = item.start.min(r.start)..item.end.max(r.end);
        let hit = dnf.iter().filter(|conj| !conj.is_empty()).find_map(|conj| {
            let at = conj
                .iter()
                .filter_map(|w| find_word(text, r.clone(), w.as_bytes()))
                .min()?;
            conj.iter()
                .all(|w| find_word(text, item.clone(), w.as_bytes()).is_some())
                .then_some(at)
        });
        if let Some(at) = hit {
            if !out.contains(&at) {
                out.push(at);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_words_in_error_regions_only() {
        let src = b"int f(void) { get_user_pages(a); }\nint g(void) { 1 2 get_user_pages(b) 3; }\n";
        let (tree, left_out) = crate::c::parse_explained(&crate::c::kernel_hints(), src);
        let skipped: Vec<_> = left_out.into_iter().map(|(r, _)| r).collect();
        let rs = regions(&tree, &skipped);
        assert!(!rs.is_empty());
        let dnf = vec![vec!["get_user_pages".to_string()]];
        let hits = possible_misses(&tree, src, &rs, &dnf);
        assert_eq!(hits.len(), 1);
        assert_eq!(crate::c::line_of(src, hits[0]), 2);
        // A word only in parsed code is no miss.
        let dnf = vec![vec!["nowhere".to_string()]];
        assert!(possible_misses(&tree, src, &rs, &dnf).is_empty());
    }

    #[test]
    fn whole_words() {
        let t = b"a foo_bar foo";
        assert_eq!(find_word(t, 0..t.len(), b"foo"), Some(10));
        assert_eq!(find_word(t, 0..9, b"foo"), None);
    }
}
