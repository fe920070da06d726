//! The words each alternative of a semantic patch needs, to tell which
//! top-level items of a C file can hold a match (the engine parses only
//! those when a file is large).

use super::{RuleBody, SemanticPatch};
use crate::c;
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashSet;

/// The words of every alternative of a semantic patch, to tell which
/// top-level items can hold a match.
#[derive(Clone, Debug)]
pub struct ItemWords {
    /// Every word any alternative needs (whole identifiers).
    search: Option<AhoCorasick>,
    /// Distinct alternatives: indexes of their words, and their fragments.
    alts: Vec<(Vec<usize>, Vec<String>)>,
}

impl ItemWords {
    /// Collects the alternatives' words of every rule of `sp`.
    pub fn new(sp: &SemanticPatch) -> ItemWords {
        let mut words: Vec<String> = Vec::new();
        let mut seen: HashSet<(Vec<usize>, Vec<String>)> = HashSet::new();
        let mut alts = Vec::new();
        let mut add = |ws: &[String], fs: &[String]| {
            if ws.is_empty() && fs.is_empty() {
                return;
            }
            let mut ids: Vec<usize> = ws
                .iter()
                .map(|w| match words.iter().position(|x| x == w) {
                    Some(k) => k,
                    None => {
                        words.push(w.clone());
                        words.len() - 1
                    }
                })
                .collect();
            ids.sort_unstable();
            ids.dedup();
            let mut fs = fs.to_vec();
            fs.sort();
            if seen.insert((ids.clone(), fs.clone())) {
                alts.push((ids, fs));
            }
        };
        for rule in &sp.rules {
            match &rule.body {
                RuleBody::Code(pats) => {
                    for p in pats {
                        add(&p.words, &p.fragments);
                    }
                }
                RuleBody::Comments(pairs) => {
                    for (from, _) in pairs {
                        add(std::slice::from_ref(from), &[]);
                    }
                }
                RuleBody::Script(_) => {}
            }
        }
        let search = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&words)
            .ok();
        ItemWords { search, alts }
    }

    /// Whether some alternative finds all its words (as whole identifiers)
    /// and fragments in `item`.
    pub fn keeps(&self, item: &[u8]) -> bool {
        let Some(search) = &self.search else {
            // No words at all: only fragments can be asked for.
            return self.alts.iter().any(|(_, fs)| has_fragments(item, fs));
        };
        let mut present = vec![false; search.patterns_len()];
        let mut any = false;
        for m in search.find_iter(item) {
            if c::lex::is_whole_word(item, m.start(), m.end()) {
                present[m.pattern().as_usize()] = true;
                any = true;
            }
        }
        self.alts.iter().any(|(ws, fs)| {
            (any || ws.is_empty()) && ws.iter().all(|&w| present[w]) && has_fragments(item, fs)
        })
    }
}

fn has_fragments(item: &[u8], fs: &[String]) -> bool {
    fs.iter()
        .all(|f| memchr::memmem::find(item, f.as_bytes()).is_some())
}
