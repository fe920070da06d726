//! The required-identifier prefilter: from each rule, a formula over the
//! identifiers (or identifier fragments) any file it can change must contain,
//! tested on raw bytes with one aho-corasick pass before anything is parsed.
//!
//! A rule needs its own literal identifiers (per disjunction branch), the
//! fragments its regex-constrained metavariables force, and what the rules it
//! depends on or inherits from need. The formula is evaluated as a tree, so it
//! never has to be multiplied out; past a size cap parts are dropped, which
//! only weakens it (a file may be parsed for nothing, never skipped wrongly).

use crate::smpl::{Constraint, Dep, MetaKind, RuleBody, SemanticPatch};
use aho_corasick::AhoCorasick;

/// A condition on the identifiers a file contains.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Req {
    True,
    /// Word `i` occurs (as a whole identifier, or anywhere for fragments).
    Has(usize),
    And(Vec<Req>),
    Or(Vec<Req>),
}

impl Req {
    fn eval(&self, found: &[bool]) -> bool {
        match self {
            Req::True => true,
            Req::Has(i) => found[*i],
            Req::And(v) => v.iter().all(|r| r.eval(found)),
            Req::Or(v) => v.iter().any(|r| r.eval(found)),
        }
    }

    fn size(&self) -> usize {
        match self {
            Req::True | Req::Has(_) => 1,
            Req::And(v) | Req::Or(v) => 1 + v.iter().map(Req::size).sum::<usize>(),
        }
    }

    fn and(v: Vec<Req>) -> Req {
        let v: Vec<Req> = v.into_iter().filter(|r| *r != Req::True).collect();
        match v.len() {
            0 => Req::True,
            1 => v.into_iter().next().expect("one element"),
            _ => Req::And(v),
        }
    }

    fn or(v: Vec<Req>) -> Req {
        if v.is_empty() || v.contains(&Req::True) {
            return Req::True;
        }
        if v.len() == 1 {
            return v.into_iter().next().expect("one element");
        }
        Req::Or(v)
    }
}

/// Largest formula kept for one rule; beyond it dependencies are dropped.
const MAX_SIZE: usize = 4096;

/// A literal that every identifier matching `re` contains, when one is evident:
/// the longest identifier run outside groups, alternations and quantifiers.
pub fn regex_fragment(re: &str) -> Option<String> {
    if re.contains('|') && !re.starts_with('^') && !re.contains('(') {
        return None;
    }
    let b = re.as_bytes();
    let mut depth = 0i32;
    let mut best = String::new();
    let mut cur = String::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let quantified = matches!(b.get(i + 1), Some(b'?' | b'*' | b'{'));
        match c {
            b'(' => {
                depth += 1;
                cur.clear();
            }
            b')' => {
                depth -= 1;
                cur.clear();
            }
            b'\\' => {
                cur.clear();
                i += 1;
            }
            b'|' if depth == 0 => return None,
            _ if depth == 0 && (c.is_ascii_alphanumeric() || c == b'_') && !quantified => {
                cur.push(c as char);
                if cur.len() > best.len() {
                    best = cur.clone();
                }
            }
            _ => cur.clear(),
        }
        i += 1;
    }
    (best.len() >= 3).then_some(best)
}

/// The prefilter of a semantic patch.
pub struct Prefilter {
    ac: Option<AhoCorasick>,
    /// The words and whether each is a fragment (matched anywhere) rather than a whole identifier.
    words: Vec<(String, bool)>,
    formula: Req,
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
                        let mut conj: Vec<Req> = p
                            .required_words(r)
                            .iter()
                            .map(|w| b.word(w, false))
                            .collect();
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
                                    if let Some(f) = regex_fragment(re.as_str()) {
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
            };
            own.push(Req::or(alts));
        }
        // What each rule needs, its dependencies included (rules only name earlier ones).
        let mut eff: Vec<Req> = Vec::with_capacity(sp.rules.len());
        for (i, r) in sp.rules.iter().enumerate() {
            let mut parts = vec![own[i].clone()];
            if let Some(d) = &r.depends {
                parts.push(dep_req(d, &eff));
            }
            for s in r.inherits_from() {
                parts.push(eff[s].clone());
            }
            let full = Req::and(parts);
            eff.push(if full.size() > MAX_SIZE {
                own[i].clone()
            } else {
                full
            });
        }
        let formula = Req::or(
            sp.rules
                .iter()
                .zip(eff)
                .filter(|(r, _)| r.transforms)
                .map(|(_, e)| e)
                .collect(),
        );
        let pats: Vec<&str> = b.words.iter().map(|(w, _)| w.as_str()).collect();
        let ac = if pats.is_empty() {
            None
        } else {
            AhoCorasick::new(&pats).ok()
        };
        // Without a transforming rule nothing can change: the formula is an empty Or.
        let formula = if sp.rules.iter().any(|r| r.transforms) {
            formula
        } else {
            Req::Or(Vec::new())
        };
        Prefilter {
            ac,
            words: b.words,
            formula,
        }
    }

    /// Whether the file may contain a match of some transforming rule.
    pub fn may_match(&self, text: &[u8]) -> bool {
        let mut found = vec![false; self.words.len()];
        if let Some(ac) = &self.ac {
            for m in ac.find_overlapping_iter(text) {
                let i = m.pattern().as_usize();
                if found[i] {
                    continue;
                }
                let edge = |b: Option<u8>| b.is_none_or(|b| !crate::c::lex::is_ident_byte(b));
                if self.words[i].1
                    || (edge(m.start().checked_sub(1).map(|k| text[k]))
                        && edge(text.get(m.end()).copied()))
                {
                    found[i] = true;
                }
            }
        }
        self.formula.eval(&found)
    }
}

fn dep_req(d: &Dep, eff: &[Req]) -> Req {
    match d {
        Dep::Rule(i) => eff[*i].clone(),
        Dep::Not(_) => Req::True,
        Dep::And(a, b) => Req::and(vec![dep_req(a, eff), dep_req(b, eff)]),
        Dep::Or(a, b) => Req::or(vec![dep_req(a, eff), dep_req(b, eff)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_of_regexes() {
        assert_eq!(
            regex_fragment("^(__)?get_user_pages").as_deref(),
            Some("get_user_pages")
        );
        assert_eq!(
            regex_fragment("^put_user_page").as_deref(),
            Some("put_user_page")
        );
        assert_eq!(regex_fragment("^(get|pin)_user").as_deref(), Some("_user"));
        assert_eq!(regex_fragment("foo|bar"), None);
        assert_eq!(regex_fragment("^a_?b$"), None);
    }

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
    fn negated_dependencies_do_not_narrow() {
        let p = Prefilter::new(&sp(
            "@g@\n@@\nfoo()\n\n@depends on !g@\n@@\n- bar()\n+ baz()\n",
        ));
        assert!(p.may_match(b"bar();"));
    }
}
