//! The required-identifier prefilter: from each rule, a formula over the
//! identifiers (or identifier fragments) any file it can change must contain,
//! tested on raw bytes with one aho-corasick pass before anything is parsed.
//!
//! A rule needs its own literal identifiers (per disjunction branch), the
//! fragments its regex-constrained metavariables force, and what the rules it
//! depends on or inherits from need. The formula is evaluated as a graph (a
//! rule's condition is shared by the rules that depend on it), so it never has
//! to be multiplied out and nothing is dropped for size.
//!
//! Before the full search, a short one: from the formula, a few words one of
//! which every matching file must contain, reduced to the shortest strings
//! (`get_user_pages` stands for all `get_user_pages_*`), found with `memmem`.
//! Most files of a tree stop there.

use crate::smpl::{Constraint, Dep, MetaKind, RuleBody, SemanticPatch};
use aho_corasick::{AhoCorasick, MatchKind};

/// A condition on the identifiers a file contains.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Req {
    True,
    /// Word `i` occurs (as a whole identifier, or anywhere for fragments).
    Has(usize),
    /// What rule `i` needs, its dependencies included: shared, not copied, so
    /// that a chain of dependent rules stays as small as the rules are.
    Rule(usize),
    And(Vec<Req>),
    Or(Vec<Req>),
}

impl Req {
    /// Whether the condition holds, where `has(i)` says whether word `i` is
    /// present (asked only as the evaluation needs: an index's filters are
    /// probed lazily); `rules` are the rules' conditions and `memo` their
    /// values once computed.
    fn eval(
        &self,
        has: &mut impl FnMut(usize) -> bool,
        rules: &[Req],
        memo: &mut [Option<bool>],
    ) -> bool {
        match self {
            Req::True => true,
            Req::Has(i) => has(*i),
            Req::Rule(i) => match memo[*i] {
                Some(v) => v,
                None => {
                    let v = rules[*i].eval(has, rules, memo);
                    memo[*i] = Some(v);
                    v
                }
            },
            Req::And(v) => v.iter().all(|r| r.eval(has, rules, memo)),
            Req::Or(v) => v.iter().any(|r| r.eval(has, rules, memo)),
        }
    }

    /// The conjunction of `v`, flattened and without repeats: a rule's
    /// disjunctions expand into hundreds of alternatives that mostly need the
    /// same words, and the index tests the formula once per file.
    fn and(v: Vec<Req>) -> Req {
        let mut v: Vec<Req> = v
            .into_iter()
            .flat_map(|r| match r {
                Req::And(inner) => inner,
                Req::True => Vec::new(),
                r => vec![r],
            })
            .collect();
        v.sort_unstable();
        v.dedup();
        match v.len() {
            0 => Req::True,
            1 => v.into_iter().next().expect("one element"),
            _ => Req::And(v),
        }
    }

    /// The disjunction of `v`, flattened and without repeats (see [`Req::and`]).
    fn or(v: Vec<Req>) -> Req {
        if v.is_empty() || v.contains(&Req::True) {
            return Req::True;
        }
        let mut v: Vec<Req> = v
            .into_iter()
            .flat_map(|r| match r {
                Req::Or(inner) => inner,
                r => vec![r],
            })
            .collect();
        v.sort_unstable();
        v.dedup();
        if v.len() == 1 {
            return v.into_iter().next().expect("one element");
        }
        Req::Or(v)
    }
}

/// The prefilter of a semantic patch.
pub struct Prefilter {
    /// Finds every word of the formula.
    all: Searcher,
    /// Finds a few words one of which every matching file has: most files
    /// are turned away by this short search alone.
    quick: Option<Quick>,
    /// Whole words one of which every matching file has.
    gate: Option<Vec<usize>>,
    /// The words and whether each is a fragment (matched anywhere) rather than a whole identifier.
    words: Vec<(String, bool)>,
    /// What each rule needs ([`Req::Rule`] refers to these).
    rules: Vec<Req>,
    formula: Req,
}

/// A search for some of the prefilter's words in one pass per kind of word.
struct Searcher {
    /// Whole identifiers, leftmost-longest: no identifier occurrence can hide
    /// inside another match (every word is made of identifier bytes, so a
    /// match ends before the next identifier starts), and this kind lets
    /// aho-corasick use its vectorised searchers.
    whole: Option<(AhoCorasick, Vec<usize>)>,
    /// Fragments may overlap anything, so they are searched on their own.
    fragments: Option<(AhoCorasick, Vec<usize>)>,
}

impl Searcher {
    fn new(words: &[(String, bool)]) -> Searcher {
        let build = |frag: bool| {
            let ids: Vec<usize> = (0..words.len()).filter(|&i| words[i].1 == frag).collect();
            if ids.is_empty() {
                return None;
            }
            let pats: Vec<&str> = ids.iter().map(|&i| words[i].0.as_str()).collect();
            let kind = if frag
                || !pats
                    .iter()
                    .all(|p| p.bytes().all(crate::c::lex::is_ident_byte))
            {
                MatchKind::Standard
            } else {
                MatchKind::LeftmostLongest
            };
            let ac = AhoCorasick::builder().match_kind(kind).build(&pats).ok()?;
            Some((ac, ids))
        };
        Searcher {
            whole: build(false),
            fragments: build(true),
        }
    }

    /// Marks in `found` the words that occur in `text`.
    fn search(&self, text: &[u8], found: &mut [bool]) {
        if let Some((ac, ids)) = &self.whole {
            let mut mark = |m: aho_corasick::Match| {
                let i = ids[m.pattern().as_usize()];
                if !found[i] && crate::c::lex::is_whole_word(text, m.start(), m.end()) {
                    found[i] = true;
                }
            };
            if ac.match_kind() == MatchKind::Standard {
                ac.find_overlapping_iter(text).for_each(&mut mark);
            } else {
                ac.find_iter(text).for_each(&mut mark);
            }
        }
        if let Some((ac, ids)) = &self.fragments {
            for m in ac.find_overlapping_iter(text) {
                found[ids[m.pattern().as_usize()]] = true;
            }
        }
    }
}

/// Strings one of which occurs (anywhere) in every file that may match.
enum Quick {
    One(Box<memchr::memmem::Finder<'static>>),
    Many(AhoCorasick),
}

impl Quick {
    /// A search for any of `strs`.
    fn new(strs: &[&str]) -> Option<Quick> {
        match strs {
            [] => None,
            [one] => Some(Quick::One(Box::new(
                memchr::memmem::Finder::new(one.as_bytes()).into_owned(),
            ))),
            many => AhoCorasick::new(many).ok().map(Quick::Many),
        }
    }

    fn any(&self, text: &[u8]) -> bool {
        match self {
            Quick::One(f) => f.find(text).is_some(),
            Quick::Many(ac) => ac.is_match(text),
        }
    }
}

/// The words of `which` less those containing another of them.
fn shortest_strings<'w>(words: &'w [(String, bool)], which: &[usize]) -> Vec<&'w str> {
    let mut strs: Vec<&str> = which.iter().map(|&i| words[i].0.as_str()).collect();
    strs.sort_by_key(|s| s.len());
    let mut kept: Vec<&str> = Vec::new();
    for s in strs {
        if !kept.iter().any(|k| s.contains(k)) {
            kept.push(s);
        }
    }
    kept
}

/// A guess at how often one of the words occurs in C text: the longer a
/// string, the rarer.
fn commonness(words: &[(String, bool)], set: &[usize]) -> f64 {
    shortest_strings(words, set)
        .iter()
        .map(|s| 1.0 / (s.len().max(1) as f64).powi(2))
        .sum()
}

/// Words one of which every file satisfying `r` contains, as rare as can be
/// told (`None`: no such set, the formula can hold without any word); `rules`
/// are the rules' conditions, `memo` their sets once computed; with
/// `whole_only`, fragments are not among the words.
fn necessary(
    r: &Req,
    words: &[(String, bool)],
    rules: &[Req],
    memo: &mut Vec<Option<Option<Vec<usize>>>>,
    whole_only: bool,
) -> Option<Vec<usize>> {
    match r {
        Req::True => None,
        // An index cannot be asked for fragments (see `Prefilter::gate`).
        Req::Has(i) if whole_only && words[*i].1 => None,
        Req::Has(i) => Some(vec![*i]),
        Req::Rule(i) => {
            if memo[*i].is_none() {
                let v = necessary(&rules[*i], words, rules, memo, whole_only);
                memo[*i] = Some(v);
            }
            memo[*i].clone().flatten()
        }
        Req::Or(v) => {
            let mut out = Vec::new();
            for x in v {
                out.extend(necessary(x, words, rules, memo, whole_only)?);
            }
            out.sort_unstable();
            out.dedup();
            Some(out)
        }
        Req::And(v) => v
            .iter()
            .filter_map(|x| necessary(x, words, rules, memo, whole_only))
            .min_by(|a, b| commonness(words, a).total_cmp(&commonness(words, b))),
    }
}

struct Builder {
    words: Vec<(String, bool)>,
}

impl Builder {
    fn word(&mut self, w: &str, fragment: bool) -> Req {
        let i = match self
            .words
            .iter()
            .position(|(x, f)| x == w && *f == fragment)
        {
            Some(i) => i,
            None => {
                self.words.push((w.to_string(), fragment));
                self.words.len() - 1
            }
        };
        Req::Has(i)
    }
}

impl Prefilter {
    /// Builds the prefilter of a semantic patch.
    pub fn new(sp: &SemanticPatch) -> Prefilter {
        let mut b = Builder { words: Vec::new() };
        let mut own: Vec<Req> = Vec::new();
        for r in &sp.rules {
            let alts: Vec<Req> = match &r.body {
                RuleBody::Code(pats) => pats
                    .iter()
                    .map(|p| {
                        let mut conj: Vec<Req> = p.words.iter().map(|w| b.word(w, false)).collect();
                        // Metavariables whose constraint forces a name or a fragment.
                        for t in p.toks.iter().filter(|t| t.is_ident) {
                            let Some(m) = r.metavar(&t.text) else {
                                continue;
                            };
                            let mv = &r.metavars[m];
                            if mv.kind != MetaKind::Identifier {
                                continue;
                            }
                            match &mv.constraint {
                                Some(Constraint::Matches(re)) => {
                                    if let Some(f) =
                                        crate::smpl::fragment::regex_fragment(re.as_str())
                                    {
                                        conj.push(b.word(&f, true));
                                    }
                                }
                                Some(Constraint::OneOf(names)) => {
                                    let alts = names.iter().map(|n| b.word(n, false)).collect();
                                    conj.push(Req::or(alts));
                                }
                                _ => {}
                            }
                        }
                        Req::and(conj)
                    })
                    .collect(),
                RuleBody::Comments(pairs) => {
                    pairs.iter().map(|(from, _)| b.word(from, false)).collect()
                }
                // Script code: no words to require (an empty `or` is true).
                RuleBody::Script(_) => Vec::new(),
            };
            own.push(Req::or(alts));
        }
        // What each rule needs, its dependencies included (rules only name earlier ones).
        let mut eff: Vec<Req> = Vec::with_capacity(sp.rules.len());
        for (i, r) in sp.rules.iter().enumerate() {
            let mut parts = vec![own[i].clone()];
            if let Some(d) = &r.depends {
                parts.push(dep_req(d));
            }
            for s in r.needs_matches_of() {
                parts.push(Req::Rule(s));
            }
            eff.push(Req::and(parts));
        }
        // What a file must have to be worth running on: what a rule that
        // changes or shows code needs, or a script rule run per match (it
        // may print).
        let effective = |r: &crate::smpl::Rule| {
            r.transforms
                || r.context
                || matches!(&r.body, RuleBody::Script(s) if s.when == crate::smpl::ScriptWhen::Match)
        };
        let formula = Req::or(
            sp.rules
                .iter()
                .enumerate()
                .filter(|(_, r)| effective(r))
                .map(|(i, _)| Req::Rule(i))
                .collect(),
        );
        // Without such a rule nothing can come of a file: the formula is an empty Or.
        let formula = if sp.rules.iter().any(effective) {
            formula
        } else {
            Req::Or(Vec::new())
        };
        let all = Searcher::new(&b.words);
        // The rarest single string every matching file has, if there is one:
        // the formula is monotone, so it needs `s` exactly when it fails with
        // every word containing `s` absent and every other word present.
        let mut strs: Vec<&str> = b.words.iter().map(|(w, _)| w.as_str()).collect();
        strs.sort_by_key(|w| std::cmp::Reverse(w.len()));
        let single = strs.into_iter().find(|s| {
            let found: Vec<bool> = b.words.iter().map(|(w, _)| !w.contains(s)).collect();
            let mut memo = vec![None; eff.len()];
            !formula.eval(&mut |i| found[i], &eff, &mut memo)
        });
        let quick = match single {
            Some(s) => Quick::new(&[s]),
            // Else necessary words; a word containing another is implied by
            // it, so only the shortest strings are searched for.
            None => {
                let mut memo = vec![None; eff.len()];
                necessary(&formula, &b.words, &eff, &mut memo, false)
                    .and_then(|q| Quick::new(&shortest_strings(&b.words, &q)))
            }
        };
        let gate = necessary(&formula, &b.words, &eff, &mut vec![None; eff.len()], true);
        Prefilter {
            rules: eff,
            all,
            quick,
            gate,
            words: b.words,
            formula,
        }
    }

    /// The words the formula tests: each with whether it is a fragment
    /// (found anywhere in an identifier) rather than a whole identifier.
    pub fn words(&self) -> &[(String, bool)] {
        &self.words
    }

    /// Whole words (indexed like [`Prefilter::words`]) one of which every
    /// file that may match contains, when the formula has such a set.
    pub fn gate(&self) -> Option<&[usize]> {
        self.gate.as_deref()
    }

    /// Whether a file holding exactly the words marked in `found` (indexed
    /// like [`Prefilter::words`]) may contain a match.
    pub fn decide(&self, found: &[bool]) -> bool {
        self.decide_by(|i| found[i])
    }

    /// Like [`Prefilter::decide`], asking `has(i)` for word `i` only when the
    /// answer depends on it.
    pub fn decide_by(&self, mut has: impl FnMut(usize) -> bool) -> bool {
        let mut memo = vec![None; self.rules.len()];
        self.formula.eval(&mut has, &self.rules, &mut memo)
    }

    /// Whether the file may contain a match of some transforming rule.
    pub fn may_match(&self, text: &[u8]) -> bool {
        let mut found = vec![false; self.words.len()];
        if self.quick.as_ref().is_some_and(|q| !q.any(text)) {
            return false;
        }
        self.all.search(text, &mut found);
        self.decide(&found)
    }
}

fn dep_req(d: &Dep) -> Req {
    match d {
        Dep::Rule(i) => Req::Rule(*i),
        Dep::Not(_) | Dep::Const(_) => Req::True,
        Dep::And(a, b) => Req::and(vec![dep_req(a), dep_req(b)]),
        Dep::Or(a, b) => Req::or(vec![dep_req(a), dep_req(b)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp(src: &str) -> SemanticPatch {
        SemanticPatch::parse("t.cocci", src).unwrap()
    }

    #[test]
    fn dependencies_and_regexes_narrow_the_files() {
        let p = Prefilter::new(&sp(
            "@g@\nidentifier f =~ \"^get_user_pages\";\nexpression E;\n@@\nf(..., E, ...)\n\n@depends on g@\n@@\n- put_page\n+ put_user_page\n",
        ));
        assert!(!p.may_match(b"put_page(p);"));
        assert!(!p.may_match(b"get_user_pages_fast(a);"));
        assert!(p.may_match(b"get_user_pages_fast(a); put_page(p);"));
        assert!(!p.may_match(b"get_user_pages_fast(a); put_page_x(p);"));
    }

    #[test]
    fn what_an_optional_nest_holds_is_not_required() {
        let p = Prefilter::new(&sp(
            "@@\n@@\n  foo();\n  <... bar(); ...>\n  <+... quux(); ...+>\n- baz();\n+ qux();\n",
        ));
        assert!(p.may_match(b"foo(); quux(); baz();"));
        assert!(!p.may_match(b"foo(); bar(); baz();"));
    }

    #[test]
    fn words_inside_longer_identifiers_are_not_occurrences() {
        let p = Prefilter::new(&sp(
            "@@\n@@\n(\n- put_user_pages\n+ unpin_user_pages\n|\n- put_user_page\n+ unpin_user_page\n)\n",
        ));
        assert!(!p.may_match(b"put_user_pages_dirty_lock(a); xput_user_page(b);"));
        assert!(p.may_match(b"put_user_pages_dirty_lock(a); put_user_page(b);"));
        assert!(p.may_match(b"put_user_pagesx(a); put_user_pages(b);"));
    }

    #[test]
    fn the_quick_search_looks_for_what_every_rule_needs() {
        // Both transforming rules need the gup rule: `get_user_pages` is
        // searched first, and a file without it is turned away at once.
        let p = Prefilter::new(&sp(concat!(
            "@g@\nidentifier f =~ \"^get_user_pages\";\n@@\nf(...)\n\n",
            "@depends on g@\nexpression x;\n@@\n- put_page(x)\n+ put_user_page(x)\n\n",
            "@depends on g@\nexpression x;\n@@\n- release_pages(x)\n+ put_user_pages(x)\n",
        )));
        assert!(matches!(p.quick, Some(Quick::One(_))));
        assert!(!p.may_match(b"put_page(x); release_pages(y);"));
        assert!(p.may_match(b"get_user_pages_fast(a); release_pages(y);"));
        assert!(!p.may_match(b"get_user_pages_fast(a); put_pages(y);"));
    }

    #[test]
    fn annotations_are_not_required() {
        // Matching does not see `__user`, so neither may the prefilter.
        let p = Prefilter::new(&sp(
            "@@\nexpression E;\n@@\n- foo((void __user *)E)\n+ bar(E)\n",
        ));
        assert!(p.may_match(b"foo((void *)p);"));
    }

    #[test]
    fn negated_dependencies_do_not_narrow() {
        let p = Prefilter::new(&sp(
            "@g@\n@@\nfoo()\n\n@depends on !g@\n@@\n- bar()\n+ baz()\n",
        ));
        assert!(p.may_match(b"bar();"));
    }
}
