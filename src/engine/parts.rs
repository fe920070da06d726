//! Parsing only the top-level items a semantic patch can touch.
//!
//! A match of an alternative lies inside one top-level item and holds all
//! the alternative's words (the same premise the word pruning of
//! [`super::words`] rests on), so an item missing a word of every
//! alternative of every rule can neither match nor hide a match that the
//! "not parsed" notes should report. Such items are left out of the parse
//! of a file's first text. A rule whose matches could reach past one item
//! (several top-level items, a sequence that can start at top level) or
//! that names no word at all gets a whole parse instead.

use crate::c::{self, FastKind};
use crate::smpl::pattern::{PatKind, Pattern, Role};
use crate::smpl::{Rule, RuleBody};
use std::collections::HashSet;

/// When to parse only some items ([`crate::engine::transform_with`]; tests
/// and measurements choose, runs take the default).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Partial {
    /// Always parse whole texts.
    Never,
    /// When the items kept are at most a third of the text (the default).
    #[default]
    Small,
    /// Whenever the rule allows it, however much is kept.
    Always,
}

/// The most bytes of a text of `len` bytes worth parsing alone, if any,
/// after `changes` changes to the text.
pub fn limit(partial: Partial, len: usize, changes: usize) -> Option<usize> {
    match partial {
        Partial::Never => None,
        // A partial parse is redone from scratch after each change, where a
        // whole parse is redone incrementally, and a later rule may still
        // need the whole: the more changes so far, the smaller the share
        // worth parsing alone (a half, a third, ...), so that all the
        // partial parses of a file stay within a small multiple of one
        // whole parse.
        Partial::Small => Some(len / (2 + changes)),
        Partial::Always => Some(usize::MAX),
    }
}

/// Whether every match of `rule` can be found in a parse of only the items
/// [`crate::smpl::item_words::ItemWords::keeps`]: true unless an alternative has no words or may
/// span several top-level items. (Sequences that start with code are
/// checked against the parse too: [`covered`].)
pub fn coverable(rule: &Rule) -> bool {
    // A typed metavariable reads the types of declarations anywhere in the
    // file (struct definitions, globals): the whole file is parsed.
    if rule.metavars.iter().any(|m| m.ty.is_some()) {
        return false;
    }
    match &rule.body {
        RuleBody::Comments(_) | RuleBody::Script(_) => true,
        RuleBody::Code(pats) => pats.iter().all(|p| {
            !(p.words.is_empty() && p.fragments.is_empty())
                && match p.kind {
                    PatKind::Ident => p.roots[0].role == Role::Code,
                    _ if p.is_sequence() => true,
                    _ => p.roots.len() == 1 && p.roots[0].role == Role::Code,
                }
        }),
    }
}

/// Whether `rule` can be run on `parsed`: it is whole, or the rule is
/// [`coverable`] and none of its sequences can start at top level in it
/// (the dots after such a start would run on over the items left out).
pub fn covered(rule: &Rule, parsed: &c::Parsed) -> bool {
    if parsed.parts.is_none() {
        return true;
    }
    if !coverable(rule) {
        return false;
    }
    let RuleBody::Code(pats) = &rule.body else {
        return true;
    };
    let starts: Vec<&str> = pats
        .iter()
        .filter(|p| p.is_sequence() && p.roots[0].role == Role::Code)
        .map(|p: &Pattern| p.roots[0].kind)
        .collect();
    if starts.is_empty() {
        return true;
    }
    let mut top = HashSet::new();
    top_level_kinds(parsed.tree.root_node(), &mut top);
    !starts.iter().any(|k| top.contains(k))
}

/// Kinds of the top-level items, looking into top-level conditionals.
fn top_level_kinds(n: tree_sitter::Node, out: &mut HashSet<&'static str>) {
    let mut cur = n.walk();
    for k in n.children(&mut cur) {
        let kind = k.kind_fast();
        out.insert(kind);
        if c::holds_items(kind) {
            top_level_kinds(k, out);
        }
    }
}
