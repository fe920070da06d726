//! `++` lines: code each match adds, however many matches add it at one
//! place (a `+` line's code is added once there). As spatch counts them, a
//! match is one set of values of the metavariables and one way of matching
//! the pattern elements the rule changes: `f(..., e, ...); ... g(..., e,
//! ...); ++ h(e);` adds `h(1);` once for each way `g(...)` holds `1`,
//! however many ways `f(...)` holds it.

use super::edit::Edit;
use super::matcher::{leaf_toks, State};
use crate::smpl::body::Mark;
use crate::smpl::pattern::Pattern;
use crate::smpl::Rule;
use std::ops::Range;

/// What tells two matches of a `++` pattern apart: the values bound
/// (those inherited from earlier rules, then the rule's own), and where
/// the elements the rule changes matched.
pub type Key = (Values, Values, Vec<Option<Range<usize>>>);

/// The tokens of some metavariables' values.
pub type Values = Vec<Option<Vec<Vec<u8>>>>;

/// The [`Key`] of match `st` of `pat`, a pattern of `rule`.
pub fn key(rule: &Rule, pat: &Pattern, st: &State) -> Key {
    let (mut inherited, mut own) = (Vec::new(), Vec::new());
    for (m, b) in st.binds.iter().enumerate() {
        let v = b.as_ref().map(|b| b.tokens.clone());
        if rule.metavars[m].inherited.is_some() {
            inherited.push(v);
        } else {
            own.push(v);
        }
    }
    let mut places = Vec::new();
    for root in &pat.roots {
        let mut toks = Vec::new();
        leaf_toks(root, &mut toks);
        let changed = toks.iter().any(|&t| pat.toks[t].mark == Mark::Minus)
            || pat.chunks.iter().any(|c| {
                c.after.is_some_and(|a| toks.contains(&a))
                    || (c.after.is_none() && c.before.is_some_and(|b| toks.contains(&b)))
            });
        if changed {
            places.extend(toks.iter().map(|&t| st.ranges[t].clone()));
        }
    }
    (inherited, own, places)
}

/// Joins the code that several `++` matches (`many`: the index of the
/// edit and the key of its match) add at one place into one insertion, so
/// that each copy stays (identical insertions otherwise count once). As
/// spatch orders them: by the values the rule binds itself, and those of
/// each set of inherited values before those of a smaller one (spatch runs
/// the rule once for each, and a later run adds its code first).
pub fn join_insertions(kept: &mut Vec<(Range<usize>, Edit)>, many: &[(usize, Key)]) {
    let mut order: Vec<&(usize, Key)> = many.iter().collect();
    order.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.1 .1.cmp(&b.1 .1)));
    let mut at: Vec<(usize, Vec<u8>)> = Vec::new();
    let mut gone = vec![false; kept.len()];
    for &&(i, _) in &order {
        let e = &kept[i].1;
        if !e.range.is_empty() || e.text.is_empty() {
            continue;
        }
        match at
            .iter_mut()
            .find(|(j, _)| kept[*j].1.range.start == e.range.start)
        {
            Some((_, text)) => {
                text.extend_from_slice(&e.text);
                gone[i] = true;
            }
            None => at.push((i, e.text.clone())),
        }
    }
    for (i, text) in at {
        kept[i].1.text = text;
    }
    let mut k = 0;
    kept.retain(|_| {
        k += 1;
        !gone[k - 1]
    });
}
