//! What the bindings of earlier rules allow a metavariable: `x != r.x`
//! (none of the values `r.x` took), `T = {int, r.T}` (one of them) and `x <= r.E` (code within a value
//! `r.E` took: within this environment's value when the rule inherits
//! `r.E` too, else within any of them).

use super::matcher::Binding;
use super::Env;
use crate::c;
use crate::c::FastKind;
use crate::smpl::{Constraint, SemanticPatch};
use std::cell::RefCell;
use std::collections::HashMap;

/// The tokens of a piece of code.
type Tokens = Vec<Vec<u8>>;

/// The limits of each metavariable of one rule.
#[derive(Default)]
pub struct Limits {
    /// Values it may not take (see [`Excluded`]).
    excluded: Vec<Vec<Excluded>>,
    /// Values it must lie within, if constrained so.
    within: Vec<Option<Within>>,
    /// Values it must be one of (`= {int, r.T}`), if constrained so.
    among: Vec<Option<Among>>,
    /// The pieces of each value, by its text (parsed once).
    pieces: RefCell<HashMap<Vec<u8>, Vec<Tokens>>>,
    /// What script constraints said, by (metavariable, values shown): a
    /// script runs once for each set of values.
    pub decided: RefCell<HashMap<(usize, String), bool>>,
}

/// A value `x != r.y` excludes, with the environment of `r` it came from
/// as this rule sees it: the values there of the metavariables this rule
/// inherits from `r` (its indices). It is excluded only where this rule's
/// bindings agree with them: spatch runs a rule once per distinct set of
/// inherited values, and `p != r.p` there means none of the positions `r`
/// bound along with those values (positionc: the `p`s of `r`'s matches
/// with this `E`, not of every match).
struct Excluded {
    value: Binding,
    with: Vec<(usize, Option<Binding>)>,
}

/// `= {name, r.x}`: the names, and for each `r.x` where this rule inherits
/// it (its index) and every value it took.
struct Among {
    names: Vec<Tokens>,
    sources: Vec<(Option<usize>, Vec<Binding>)>,
}

struct Within {
    /// Every value of the earlier rules' metavariables.
    values: Vec<Binding>,
    /// Those metavariables as this rule inherits them (its indices): when
    /// bound, their values are the ones that count.
    inherited: Vec<usize>,
}

impl Limits {
    pub fn of_rule(sp: &SemanticPatch, ri: usize, envs: &[Vec<Env>]) -> Limits {
        let rule = &sp.rules[ri];
        let values_of = |from: &[(usize, String)]| {
            let mut out: Vec<Binding> = Vec::new();
            for (r, name) in from {
                let Some(k) = sp.rules[*r].metavar(name) else {
                    continue;
                };
                for b in envs[*r].iter().filter_map(|env| env[k].as_ref()) {
                    if !out.contains(b) {
                        out.push(b.clone());
                    }
                }
            }
            out
        };
        // Each value of `from`, with what this rule inherits from its
        // environment.
        let excluded_of = |from: &[(usize, String)]| {
            let mut out: Vec<Excluded> = Vec::new();
            for (r, name) in from {
                let Some(k) = sp.rules[*r].metavar(name) else {
                    continue;
                };
                // Inherited positions split no run (they are merged over
                // the matches with the same other values): null/kmerr's
                // `p1 != withtest.p` with `position any withtest.p`
                // excludes every position of `withtest`.
                let shared: Vec<(usize, usize)> = rule
                    .metavars
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| x.kind != crate::smpl::MetaKind::Position)
                    .filter_map(|(here, x)| match &x.inherited {
                        Some((xr, xn)) if xr == r => sp.rules[*r].metavar(xn).map(|j| (here, j)),
                        _ => None,
                    })
                    .collect();
                for env in &envs[*r] {
                    let Some(value) = env[k].clone() else {
                        continue;
                    };
                    let with = shared.iter().map(|&(h, j)| (h, env[j].clone())).collect();
                    out.push(Excluded { value, with });
                }
            }
            out
        };
        let mut limits = Limits::default();
        for m in &rule.metavars {
            let (excluded, within) = match &m.constraint {
                Some(Constraint::NotBoundBy(from)) => (excluded_of(from), None),
                Some(Constraint::Among { names, from }) => {
                    let sources = from
                        .iter()
                        .map(|f| {
                            let here = rule
                                .metavars
                                .iter()
                                .position(|x| x.inherited.as_ref() == Some(f));
                            (here, values_of(std::slice::from_ref(f)))
                        })
                        .collect();
                    let names = names.iter().map(|n| vec![n.clone().into_bytes()]).collect();
                    limits.among.push(Some(Among { names, sources }));
                    limits.excluded.push(Vec::new());
                    limits.within.push(None);
                    continue;
                }
                Some(Constraint::SubtermOf(from)) => {
                    let inherited = rule
                        .metavars
                        .iter()
                        .enumerate()
                        .filter(|(_, x)| {
                            x.inherited.as_ref().is_some_and(|(r, n)| {
                                from.iter().any(|(fr, fnm)| fr == r && fnm == n)
                            })
                        })
                        .map(|(k, _)| k)
                        .collect();
                    let values = values_of(from);
                    (Vec::new(), Some(Within { values, inherited }))
                }
                _ => (Vec::new(), None),
            };
            limits.excluded.push(excluded);
            limits.within.push(within);
            limits.among.push(None);
        }
        limits
    }

    /// Whether `x != r.y` keeps metavariable `m` from binding `b` (values
    /// compared by their tokens, positions by place), given the bindings
    /// so far.
    pub fn excludes(&self, m: usize, b: &Binding, binds: &[Option<Binding>]) -> bool {
        self.excluded.get(m).is_some_and(|x| {
            x.iter().any(|e| {
                e.value.tokens == b.tokens
                    && e.with.iter().all(|(h, v)| {
                        match (binds.get(*h).and_then(|x| x.as_ref()), v) {
                            (Some(here), Some(v)) => here.tokens == v.tokens,
                            _ => true,
                        }
                    })
            })
        })
    }

    /// Whether metavariable `m` may bind `b`, given the bindings so far.
    pub fn allows(&self, m: usize, b: &Binding, binds: &[Option<Binding>]) -> bool {
        if self.excludes(m, b, binds) {
            return false;
        }
        if let Some(Some(a)) = self.among.get(m) {
            // A name stands for itself; an earlier rule's metavariable for
            // its value in this environment when the rule inherits it, else
            // for any of its values.
            let ok = a.names.contains(&b.tokens)
                || a.sources.iter().any(|(here, values)| {
                    match here.and_then(|k| binds.get(k).and_then(|x| x.as_ref())) {
                        Some(v) => v.tokens == b.tokens,
                        None => values.iter().any(|v| v.tokens == b.tokens),
                    }
                });
            if !ok {
                return false;
            }
        }
        let Some(Some(w)) = self.within.get(m) else {
            return true;
        };
        let here: Vec<&Binding> = w
            .inherited
            .iter()
            .filter_map(|&k| binds.get(k).and_then(|x| x.as_ref()))
            .collect();
        let values: Vec<&Binding> = if here.is_empty() {
            w.values.iter().collect()
        } else {
            here
        };
        values.into_iter().any(|v| self.holds_piece(v, &b.tokens))
    }

    /// Whether `tokens` are those of a piece of `v`'s code (a node of it as
    /// parsed, `v` itself included).
    fn holds_piece(&self, v: &Binding, tokens: &[Vec<u8>]) -> bool {
        if v.tokens == tokens {
            return true;
        }
        let mut cache = self.pieces.borrow_mut();
        let pieces = cache
            .entry(v.text.clone())
            .or_insert_with(|| pieces_of(&v.text));
        pieces.iter().any(|p| p == tokens)
    }
}

/// The token runs of every expression within `text` read as one (a
/// field's name is not one: `buf` is no piece of `p->buf`).
fn pieces_of(text: &[u8]) -> Vec<Tokens> {
    const PREFIX: &[u8] = b"void __sp_fn(void) {\n(";
    let mut full = PREFIX.to_vec();
    full.extend_from_slice(text);
    full.extend_from_slice(b");\n}\n");
    let tree = c::parse(&full);
    let (start, end) = (PREFIX.len(), PREFIX.len() + text.len());
    let mut out = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(n) = stack.pop() {
        if c::is_expression_kind(n.kind_fast()) && n.start_byte() >= start && n.end_byte() <= end {
            out.push(c::node_tokens(n, &full));
        }
        let mut cur = n.walk();
        stack.extend(n.children(&mut cur));
    }
    out
}
