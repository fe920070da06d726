//! The engine: runs the rules of a semantic patch over one file's text.
//!
//! Rules run in file order, each on the previous rule's output; a rule runs when
//! its `depends on` holds and every rule it inherits from matched; it runs once for
//! each distinct set of inherited bindings.

mod attrs;
mod comments;
mod conj;
mod defines;
pub mod edit;
mod format;
mod fundef;
mod implicit;
mod jumps;
mod limits;
mod linebreak;
mod many;
pub mod matcher;
mod negif;
pub mod parts;
pub mod render;
mod scripts;
mod spacing;
mod stmts;
mod struct_meta;
mod words;

use crate::c::{self, FastKind as _};
use crate::smpl::pattern::{PatKind, Pattern, Role};
use crate::smpl::{RuleBody, SemanticPatch};
use edit::Edit;
use matcher::{Binding, Match, Matcher};
use std::collections::HashSet;
use std::ops::Range;
use std::path::PathBuf;

/// Where a rule changed a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    pub rule: String,
    /// 1-based line in the text the rule ran on.
    pub line: usize,
    pub function: Option<String>,
}

/// Something worth telling the user about one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub line: usize,
    pub message: String,
    /// Only shown with `--verbose`: why a match did not happen (the
    /// front end could not tell what a name is), not a problem with the file.
    pub detail: bool,
}

/// A file's old and new contents.
#[derive(Clone, Debug)]
pub struct FileChange {
    /// The path as it should be shown (relative to where the user ran the tool).
    pub path: PathBuf,
    pub old: Vec<u8>,
    pub new: Vec<u8>,
    pub sites: Vec<Site>,
}

/// What running a semantic patch over one text gave.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// The new text, when it differs from the old.
    pub new: Option<Vec<u8>>,
    pub sites: Vec<Site>,
    pub notes: Vec<Note>,
    /// Which rules matched.
    pub matched: Vec<bool>,
    /// What `*` rules (context mode) show: the text with the code they
    /// matched removed, to be printed as a diff, never written.
    pub context: Option<Vec<u8>>,
    /// What script rules printed, in the order they ran.
    pub printed: Vec<u8>,
    /// Why the run stopped: a script rule failed (nothing is changed then).
    pub failed: Option<String>,
}

/// What the rules may need besides the text: the file's name (script rules
/// see it in positions) and the hosts that run script code (none: script
/// rules do not run, and say so in a note).
#[derive(Clone, Copy, Debug, Default)]
pub struct Context<'a> {
    pub file: &'a str,
    pub scripts: Option<&'a crate::script::Hosts>,
    /// Read the struct fields of the file's local headers (`#include
    /// "x.h"` next to it) for the types of expressions, as spatch does by
    /// default; `make coccicheck` runs spatch without (`--no-includes`).
    pub local_headers: bool,
}

pub(crate) type Env = Vec<Option<Binding>>;

thread_local! {
    static DEADLINE: std::cell::Cell<Option<std::time::Instant>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` with a time limit on the matching it does on this thread; returns
/// its result and whether the limit was hit (then the result is incomplete and
/// must be thrown away).
pub fn with_deadline<R>(limit: Option<std::time::Duration>, f: impl FnOnce() -> R) -> (R, bool) {
    let at = limit.map(|l| std::time::Instant::now() + l);
    DEADLINE.with(|d| d.set(at));
    let r = f();
    let expired = out_of_time();
    DEADLINE.with(|d| d.set(None));
    (r, expired)
}

/// True once this thread's deadline (if any) has passed.
pub(crate) fn out_of_time() -> bool {
    DEADLINE
        .with(|d| d.get())
        .is_some_and(|at| std::time::Instant::now() >= at)
}

/// What a context diff shows, as Coccinelle prints it: every line that
/// holds starred code, removed whole.
/// Where the statement (or declaration) around byte `at` starts.
fn statement_start(t: &tree_sitter::Tree, at: usize) -> usize {
    let mut n = t.root_node().descendant_for_byte_range(at, at);
    while let Some(x) = n {
        if c::is_statement_kind(x.kind_fast()) || x.kind_fast() == "declaration" {
            return x.start_byte();
        }
        n = x.parent();
    }
    at
}

/// Where each two of a rule's branches part: `[j][k]`, the index of the
/// first element where branch `k` differs from branch `j` (0 where that
/// is `...`, which has no place of its own, or where they do not differ).
fn parting_roots(pats: &[Pattern]) -> Vec<Vec<usize>> {
    let texts: Vec<Vec<Vec<(&str, crate::smpl::body::Mark)>>> = pats
        .iter()
        .map(|p| {
            p.roots
                .iter()
                .map(|r| {
                    let mut toks = Vec::new();
                    matcher::leaf_toks(r, &mut toks);
                    toks.iter()
                        .map(|&t| (p.toks[t].text.as_str(), p.toks[t].mark))
                        .collect()
                })
                .collect()
        })
        .collect();
    let part = |j: usize, k: usize| {
        let d = texts[j].iter().zip(&texts[k]).position(|(a, b)| a != b);
        match d {
            Some(d) if !matches!(pats[k].roots[d].role, Role::Dots | Role::Nest(_)) => d,
            _ => 0,
        }
    };
    (0..pats.len())
        .map(|j| (0..pats.len()).map(|k| part(j, k)).collect())
        .collect()
}

fn starred_lines_removed(text: &[u8], starred: &[Edit]) -> Vec<u8> {
    let mut lines: Vec<(usize, usize)> = starred
        .iter()
        .map(|e| {
            let last = e.range.end.max(e.range.start + 1) - 1;
            (
                render::line_start(text, e.range.start),
                c::line_of(text, last) - c::line_of(text, e.range.start),
            )
        })
        .collect();
    lines.sort_unstable();
    let mut out = Vec::with_capacity(text.len());
    let mut at = 0;
    for (start, more) in lines {
        if start < at {
            continue;
        }
        out.extend_from_slice(&text[at..start]);
        let mut end = start;
        for _ in 0..=more {
            end = text[end..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(text.len(), |p| end + p + 1);
        }
        at = end;
    }
    out.extend_from_slice(&text[at.min(text.len())..]);
    out
}

/// Whether rule `ri` runs, given which earlier rules matched. A rule
/// `depends on` that shares inherited metavariables with `ri` is decided
/// per environment (in `initial_envs`), so here it may go either way.
fn rule_runs(sp: &SemanticPatch, ri: usize, matched: &[bool]) -> bool {
    let rule = &sp.rules[ri];
    rule.depends.as_ref().is_none_or(|d| {
        d.eval_partial(&mut |r| (shared_with(sp, r, ri).is_empty()).then(|| matched[r]))
            != Some(false)
    }) && rule.needs_matches_of().iter().all(|&s| matched[s])
}

/// The metavariables rules `d` and `ri` both inherit from the same rule
/// under the same name, as pairs of their indices in `d` and in `ri`
/// (empty when `ri` inherits from `d` itself: then `d` matched wherever
/// `ri` has an environment).
fn shared_with(sp: &SemanticPatch, d: usize, ri: usize) -> Vec<(usize, usize)> {
    let (dr, rr) = (&sp.rules[d], &sp.rules[ri]);
    let mut out = Vec::new();
    for (k, m) in dr.metavars.iter().enumerate() {
        let Some((src, name)) = &m.inherited else {
            continue;
        };
        let same = rr.metavars.iter().position(|x| {
            x.inherited
                .as_ref()
                .is_some_and(|(s, n)| s == src && n == name)
        });
        if let Some(j) = same {
            out.push((k, j));
        }
    }
    out
}

/// What running the rules over one text accumulates.
struct Run<'c> {
    cx: Context<'c>,
    printed: Vec<u8>,
    /// A script failed, or called `cocci.exit()` (then `None` inside).
    stopped: Option<Option<String>>,
    /// Edits of `*` rules, on the text as it came in.
    context: Vec<Edit>,
    matched: Vec<bool>,
    envs: Vec<Vec<Env>>,
    sites: Vec<Site>,
    notes: Vec<Note>,
    /// The lines and messages of the matcher's notes, not to repeat them.
    noted: HashSet<(usize, String)>,
}

/// Runs every rule of `sp` over `text`.
pub fn transform(sp: &SemanticPatch, text: &[u8]) -> Outcome {
    transform_with(sp, text, parts::Partial::default())
}

/// [`transform`], parsing only some top-level items as `partial` says.
pub fn transform_with(sp: &SemanticPatch, text: &[u8], partial: parts::Partial) -> Outcome {
    transform_in(sp, text, partial, Context::default())
}

/// [`transform_with`] in a context: the file's name and the script hosts.
pub fn transform_in(
    sp: &SemanticPatch,
    text: &[u8],
    partial: parts::Partial,
    cx: Context,
) -> Outcome {
    let n = sp.rules.len();
    let mut run = Run {
        cx,
        printed: Vec::new(),
        stopped: None,
        context: Vec::new(),
        matched: vec![false; n],
        envs: vec![Vec::new(); n],
        sites: Vec::new(),
        notes: Vec::new(),
        noted: HashSet::new(),
    };
    let mut cur = text.to_vec();
    let mut first_parse = true;
    // The last parse and the text it was of, for parsing the next text from.
    let mut prev: Option<(c::Parsed, Vec<u8>)> = None;
    let mut ri = 0;
    // A rule came that needs the whole text parsed (see `parts`).
    let mut whole = false;
    let mut changes = 0;
    // One parse (and one node index) serves every rule until a rule changes the text.
    while ri < n {
        if out_of_time() || run.stopped.is_some() {
            break;
        }
        if !rule_runs(sp, ri, &run.matched) {
            ri += 1;
            continue;
        }
        let parsed = match &prev {
            Some((p, old)) if p.parts.is_none() => c::Parsed::reparse(p, old, &cur),
            _ => first_parse_of(sp, ri, &cur, whole, changes, partial),
        };
        match run_parse(sp, text, &cur, &parsed, &mut ri, &mut first_parse, &mut run) {
            Next::Text(next) => {
                changes += 1;
                let old = std::mem::replace(&mut cur, next);
                prev = Some((parsed, old));
            }
            Next::Whole => {
                whole = true;
                if cur == text {
                    // Nothing changed yet: the whole parse says what did not parse.
                    run.notes.clear();
                    run.noted.clear();
                    first_parse = true;
                }
                prev = None;
            }
            Next::Done => {}
        }
    }
    // Report sites in source order, whatever rule made them.
    let mut sites = run.sites;
    sites.sort_by_key(|s| s.line);
    let context = (!run.context.is_empty()).then(|| starred_lines_removed(text, &run.context));
    let failed = run.stopped.flatten();
    Outcome {
        new: if cur != text && failed.is_none() {
            Some(cur)
        } else {
            None
        },
        sites,
        notes: run.notes,
        matched: run.matched,
        context,
        printed: run.printed,
        failed,
    }
}

/// A parse of `cur` for rule `ri` and the rules after it: of only the
/// top-level items the patch can touch when that rule allows it and they are
/// a small part of the text, else of the whole text.
fn first_parse_of(
    sp: &SemanticPatch,
    ri: usize,
    cur: &[u8],
    whole: bool,
    changes: usize,
    partial: parts::Partial,
) -> c::Parsed {
    let limit = match parts::limit(partial, cur.len(), changes) {
        Some(l) if !whole && parts::coverable(&sp.rules[ri]) => l,
        _ => return c::Parsed::with_hints(sp.hints.clone(), cur),
    };
    let words = sp
        .item_words
        .get_or_init(|| crate::smpl::item_words::ItemWords::new(sp));
    c::Parsed::part(sp.hints.clone(), cur, |item| words.keeps(item), limit)
}

/// What the rules running on one parse find out about it on first use.
#[derive(Default)]
struct Lazy<'t> {
    idx: std::cell::OnceCell<c::NodeIndex<'t>>,
    words: std::cell::OnceCell<words::Words<'t>>,
    names: std::cell::OnceCell<c::names::FileNames>,
    /// Where the text's lines start, for the line numbers of notes and sites.
    lines: std::cell::OnceCell<c::Lines>,
    types: std::cell::OnceCell<c::types::FileTypes<'t>>,
    flows: std::cell::RefCell<std::collections::HashMap<usize, std::rc::Rc<c::cfg::Flow<'t>>>>,
}

/// What came of running rules on one parse.
enum Next {
    /// A rule changed the text to this.
    Text(Vec<u8>),
    /// The next rule needs a parse of the whole text.
    Whole,
    /// The rules ran to the end without a change.
    Done,
}

/// Runs rules from `ri` on one parse of `cur` until one changes the text.
fn run_parse(
    sp: &SemanticPatch,
    text: &[u8],
    cur: &[u8],
    parsed: &c::Parsed,
    ri: &mut usize,
    first_parse: &mut bool,
    run: &mut Run,
) -> Next {
    let n = sp.rules.len();
    let tree = &parsed.tree;
    if std::mem::take(first_parse) {
        // Code the parser could not read is reported, not skipped silently.
        // Items left out of a partial parse hold no match (nor a missed one).
        let skipped: Vec<_> = match &parsed.parts {
            None => parsed.skipped.clone(),
            Some(parts) => parsed
                .skipped
                .iter()
                .filter(|r| parts.iter().any(|p| p.start < r.end && r.start < p.end))
                .cloned()
                .collect(),
        };
        run.notes.extend(not_parsed_notes(sp, text, tree, &skipped));
    }
    // Built when a rule first needs it (comment rules and lone identifiers do not).
    let lazy = Lazy::default();
    while *ri < n && run.stopped.is_none() {
        if !rule_runs(sp, *ri, &run.matched) {
            *ri += 1;
            continue;
        }
        if !parts::covered(&sp.rules[*ri], parsed) {
            return Next::Whole;
        }
        let mut edits = run_rule(sp, *ri, cur, tree, &lazy, run);
        *ri += 1;
        if edits.is_empty() {
            continue;
        }
        if sp.rules[*ri - 1].context {
            // Shown, not applied: against the text as it came in, which is
            // what the diff is of (a rule before it that changed the text
            // leaves nothing to show it on).
            if cur == text {
                run.context.extend(edits);
            } else {
                run.notes.push(Note {
                    detail: false,
                    line: c::line_of(cur, edits[0].range.start),
                    message: format!(
                        "rule {}: `*` matches after another rule changed the file are not shown",
                        sp.rules[*ri - 1].name
                    ),
                });
            }
            continue;
        }
        let with_code = comments::removed_with_code(cur, &edits);
        edits.extend(with_code);
        let moved = edit::realign_continuations(cur, &edits);
        edits.extend(moved);
        let (next, conflicts, moves) = edit::apply_mapped(cur, edits, |p| edit_place(tree, p));
        move_positions(sp, &mut run.envs, &moves);
        for c in conflicts {
            run.notes.push(Note {
                detail: false,
                line: c::line_of(cur, c.range.start),
                message: format!(
                    "rule {}: a change overlaps another change of the same rule and was left out",
                    sp.rules[*ri - 1].name
                ),
            });
        }
        if next != cur {
            return Next::Text(next);
        }
    }
    Next::Done
}

/// What code starts at byte `at`, for the tidying of blank lines around
/// removed lines.
fn edit_place(tree: &tree_sitter::Tree, at: usize) -> edit::Place {
    if c::at_top_level(tree, at) {
        return edit::Place::TopLevel;
    }
    let mut n = tree.root_node().descendant_for_byte_range(at, at);
    while let Some(node) = n.filter(|n| n.start_byte() == at) {
        if node.kind_fast() == "declaration" {
            return edit::Place::Declaration;
        }
        n = node.parent();
    }
    edit::Place::Other
}

/// Keeps the positions earlier rules bound on the text a rule rewrote:
/// moved with the text around them, or, where the rewrite touched them,
/// made to match nowhere (Coccinelle's positions are of the original code).
fn move_positions(sp: &SemanticPatch, envs: &mut [Vec<Env>], moves: &edit::Moves) {
    for (ri, rule_envs) in envs.iter_mut().enumerate() {
        let rule = &sp.rules[ri];
        let pos: Vec<usize> = (0..rule.metavars.len())
            .filter(|&m| rule.metavars[m].kind == crate::smpl::MetaKind::Position)
            .collect();
        if pos.is_empty() {
            continue;
        }
        for env in rule_envs.iter_mut() {
            for &m in &pos {
                if let Some(b) = &mut env[m] {
                    // Where it was (its text) stays what scripts are told.
                    let was = std::mem::take(&mut b.text);
                    *b = match matcher::position_range(b).and_then(|r| moves.map(&r)) {
                        Some(r) => matcher::position_binding(r),
                        None => Binding {
                            tokens: vec![b"@gone".to_vec()],
                            text: Vec::new(),
                            at: None,
                            typedef_name: false,
                        },
                    };
                    b.text = was;
                }
            }
        }
    }
}

/// The prefix of the notes [`not_parsed_notes`] gives.
pub const NOT_PARSED: &str = "not parsed;";

/// One note for each place in a region that did not parse where a code
/// rule's required words occur: a match there would have been missed.
fn not_parsed_notes(
    sp: &SemanticPatch,
    text: &[u8],
    tree: &tree_sitter::Tree,
    skipped: &[std::ops::Range<usize>],
) -> Vec<Note> {
    let regions = c::unparsed::regions(tree, skipped);
    if regions.is_empty() {
        return Vec::new();
    }
    let mut notes = Vec::new();
    for rule in &sp.rules {
        if !matches!(rule.body, RuleBody::Code(_)) {
            continue;
        }
        for at in c::unparsed::possible_misses(tree, text, &regions, &rule.required_words()) {
            notes.push(Note {
                detail: false,
                line: c::line_of(text, at),
                message: format!("{NOT_PARSED} rule {} may have missed a match", rule.name),
            });
        }
    }
    notes
}

/// Matches rule `ri` against the current text and returns its edits.
fn run_rule<'t, 'c: 't>(
    sp: &'t SemanticPatch,
    ri: usize,
    cur: &'t [u8],
    t: &'t tree_sitter::Tree,
    lazy: &'t Lazy<'t>,
    run: &mut Run<'c>,
) -> Vec<Edit> {
    let cx = run.cx;
    let rule = &sp.rules[ri];
    let starts = initial_envs(sp, ri, &run.envs, &run.matched);
    let limits = std::rc::Rc::new(limits::Limits::of_rule(sp, ri, &run.envs));
    let mut edits: Vec<Edit> = Vec::new();
    // The edits of each code match, with where the match starts.
    let mut groups: Vec<(Range<usize>, Vec<Edit>, Option<Site>)> = Vec::new();
    // For each group of a `++` pattern, what tells its match apart.
    let mut many_keys: Vec<Option<many::Key>> = Vec::new();
    let mut many_seen: HashSet<many::Key> = HashSet::new();
    let mut rule_envs: HashSet<Env> = HashSet::new();
    match &rule.body {
        RuleBody::Script(script) => {
            let kept = scripts::run_script(sp, ri, script, &starts, cur, t, run);
            run.matched[ri] |= !kept.is_empty();
            rule_envs.extend(kept);
        }
        RuleBody::Comments(pairs) => {
            for (e, line, function) in comments::rename_words(t, cur, pairs, &sp.hints) {
                run.sites.push(Site {
                    rule: rule.name.clone(),
                    line,
                    function,
                });
                edits.push(e);
                run.matched[ri] = true;
            }
        }
        RuleBody::Code(pats) => {
            let parting = parting_roots(pats);
            for start in &starts {
                // At one place, the first branch of a disjunction that matches
                // wins: a later branch is not tried where an earlier one
                // matched, even over more code (`( if (...) { ... } | if (...)
                // S1 S2 )` takes the braced `if` alone, as spatch does).
                // The place is that of the element where the branches part:
                // `kfree(E); ... ( x = E2 | E )` takes `x = E2` where it
                // matches and `E` elsewhere, on another path from the same
                // `kfree()` (spatch's `A ∨ (B ∧ ¬A)` at each node).
                // (branch, element, where that element's code starts).
                let mut taken: HashSet<(usize, usize, usize)> = HashSet::new();
                for (pk, pat) in pats.iter().enumerate() {
                    // A branch naming a metavariable inherited from a rule
                    // that did not match (see `needs_matches_of`) matches
                    // nothing.
                    let unbound = rule.metavars.iter().enumerate().any(|(k, m)| {
                        m.inherited.is_some() && start[k].is_none() && pat.names(&m.name)
                    });
                    if unbound {
                        continue;
                    }
                    let missing = match pat.kind {
                        // A text search finds a lone identifier at least as fast.
                        PatKind::Ident => false,
                        _ => !lazy
                            .words
                            .get_or_init(|| words::Words::new(cur, t))
                            .all_in_file(&pat.words),
                    };
                    if missing {
                        continue;
                    }
                    let m = Matcher {
                        rule,
                        pat,
                        siblings: pats,
                        text: cur,
                        idx: &lazy.idx,
                        tree: t,
                        headers_of: cx.local_headers.then_some((cx.file, &*sp.header_cache)),
                        words: &lazy.words,
                        names: &lazy.names,
                        types: &lazy.types,
                        flows: &lazy.flows,
                        hints: &sp.hints,
                        scripts: cx.scripts.map(|h| (h, cx.file)),
                        undecided: Default::default(),
                        refused: Default::default(),
                        limits: limits.clone(),
                    };
                    let init = m.initial_state(start);
                    let found: Vec<Match> = m.find_all(&init);
                    let said = m.undecided.take().into_iter().map(|u| (u, true));
                    let refused = m.refused.take().into_iter().map(|r| (r, false));
                    for ((pos, message), detail) in said.chain(refused) {
                        let line = lazy.lines.get_or_init(|| c::Lines::new(cur)).line_of(pos);
                        // One note per line and message, however many
                        // rules and places give it.
                        if run.noted.insert((line, message.clone())) {
                            run.notes.push(Note {
                                line,
                                message,
                                detail,
                            });
                        }
                    }
                    let mut here = Vec::new();
                    for mt in found {
                        // An element's place is its statement, a node of
                        // the control flow (`*E` and `E` in `*x = 7;` are
                        // at one place).
                        let place = |r: usize| {
                            (r > 0)
                                .then(|| {
                                    matcher::root_range(&pat.roots[r], &mt.state).map(|x| x.start)
                                })
                                .flatten()
                                .map_or(mt.range.start, |at| statement_start(t, at))
                        };
                        if (0..pk)
                            .any(|j| taken.contains(&(j, parting[j][pk], place(parting[j][pk]))))
                        {
                            continue;
                        }
                        let many_key = pat.adds_many().then(|| many::key(rule, pat, &mt.state));
                        if many_key
                            .as_ref()
                            .is_some_and(|k| !many_seen.insert(k.clone()))
                        {
                            continue;
                        }
                        here.extend((0..pat.roots.len()).map(|r| (pk, r, place(r))));
                        run.matched[ri] = true;
                        let made =
                            match scripts::fresh_by_scripts(rule, &mt.state, cur, t, cx, &sp.hints)
                            {
                                Ok(made) => made,
                                Err(e) => {
                                    run.stopped.get_or_insert(Some(e));
                                    continue;
                                }
                            };
                        let state = made.as_ref().unwrap_or(&mt.state);
                        let es = match edit::match_edits(
                            rule,
                            pat,
                            state,
                            cur,
                            t,
                            Some(mt.range.start),
                        ) {
                            Ok(es) => es,
                            Err(name) => {
                                run.notes.push(Note {
                                    line: c::line_of(cur, mt.range.start),
                                    message: format!(
                                        "rule {}: not changed: the added code names `{name}`, which this match does not bind",
                                        rule.name
                                    ),
                                    detail: false,
                                });
                                Vec::new()
                            }
                        };
                        let site = (!es.is_empty()).then(|| Site {
                            rule: rule.name.clone(),
                            line: c::line_of(cur, mt.range.start),
                            function: mt.function.clone(),
                        });
                        groups.push((mt.range.clone(), es, site));
                        many_keys.push(many_key);
                        rule_envs.extend(envs_of(state));
                    }
                    taken.extend(here);
                }
            }
        }
    }
    {
        let mut edit_lists: Vec<&mut Vec<Edit>> = groups.iter_mut().map(|(_, es, _)| es).collect();
        edit::merge_declarator_removals(&mut edit_lists, t);
    }
    let spans: Vec<&[Edit]> = groups.iter().map(|(_, es, _)| es.as_slice()).collect();
    // `*` lines are shown, whole lines, never applied: matches that mark
    // overlapping code (`a || b` and its `a`) mark the union.
    let clashing = if rule.context {
        vec![false; spans.len()]
    } else {
        edit::clashing_groups(&spans)
    };
    // This rule's sites so far (a file may have thousands: no linear search).
    let mut sited: HashSet<(usize, Option<String>)> = HashSet::new();
    let mut kept: Vec<(Range<usize>, Edit)> = Vec::new();
    let mut many_kept: Vec<(usize, many::Key)> = Vec::new();
    for (g, (span, es, site)) in groups.into_iter().enumerate() {
        let at = span.start;
        if clashing[g] {
            run.notes.push(Note {
                line: c::line_of(cur, at),
                message: format!(
                    "rule {}: this match changes code another match changes otherwise; neither is applied",
                    rule.name
                ),
                detail: false,
            });
        } else {
            if let Some(key) = &many_keys[g] {
                many_kept.extend((kept.len()..kept.len() + es.len()).map(|i| (i, key.clone())));
            }
            kept.extend(es.into_iter().map(|e| (span.clone(), e)));
            // Alternatives that share code up to their dots may each match
            // at one place: one site.
            if let Some(site) = site.filter(|x| sited.insert((x.line, x.function.clone()))) {
                run.sites.push(site);
            }
        }
    }
    many::join_insertions(&mut kept, &many_kept);
    edits.extend(edit::nest_order(kept));
    edit::follow_deepened_lines(&mut edits, cur);
    let mut list: Vec<Env> = rule_envs.into_iter().collect();
    // Where a binding was is of this text; later rules match another.
    for b in list.iter_mut().flatten().flatten() {
        b.at = None;
    }
    // A position keeps where it is in this text for scripts, which may
    // read it after a rule changed or removed the code there.
    for env in list.iter_mut() {
        for (m, b) in env.iter_mut().enumerate() {
            if let Some(b) = b.as_mut().filter(|b| {
                rule.metavars[m].kind == crate::smpl::MetaKind::Position && b.text.is_empty()
            }) {
                b.text = scripts::place_of(b, cur, t, &sp.hints);
            }
        }
    }
    list.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    run.envs[ri] = list;
    edits
}

/// The starting bindings for rule `ri`: one per distinct combination of the
/// bindings it inherits (a single empty one when it inherits nothing).
/// The binding environments a match gives later rules: its own bindings,
/// and for each match of its nests (`<... f@p(...) ...>`), those completed
/// with what that nest match bound (every `p` the nests found counts).
fn envs_of(st: &matcher::State) -> Vec<Env> {
    let mut out = vec![st.binds.clone()];
    let mut stack: Vec<(&matcher::State, Env)> =
        st.nested.iter().map(|n| (n, st.binds.clone())).collect();
    while let Some((n, mut env)) = stack.pop() {
        let mut added = false;
        for (slot, b) in env.iter_mut().zip(&n.binds) {
            if slot.is_none() && b.is_some() {
                *slot = b.clone();
                added = true;
            }
        }
        if added && !out.contains(&env) {
            out.push(env.clone());
        }
        stack.extend(n.nested.iter().map(|k| (k, env.clone())));
    }
    out
}

/// The rules a `depends on` requires to have matched, where it requires
/// them outright (`a && b`; not under `!` or `||`).
fn positive_deps(d: Option<&crate::smpl::Dep>) -> Vec<usize> {
    use crate::smpl::Dep;
    let mut out = Vec::new();
    let mut stack: Vec<&Dep> = d.into_iter().collect();
    while let Some(d) = stack.pop() {
        match d {
            Dep::Rule(r) => out.push(*r),
            Dep::And(a, b) => {
                stack.push(a);
                stack.push(b);
            }
            _ => {}
        }
    }
    out
}

/// Whether rule `d` matched in an environment that agrees with `env` (one
/// of rule `src`'s) on the metavariables `d` inherited from `src`; true
/// when `d` inherits nothing from `src` (then only the file counts).
fn agrees(sp: &SemanticPatch, d: usize, src: usize, env: &Env, d_envs: &[Env]) -> bool {
    let shared: Vec<(usize, usize)> = sp.rules[d]
        .metavars
        .iter()
        .enumerate()
        .filter_map(|(k, m)| match &m.inherited {
            Some((r, name)) if *r == src => sp.rules[src].metavar(name).map(|s| (k, s)),
            _ => None,
        })
        .collect();
    if shared.is_empty() {
        return true;
    }
    d_envs.iter().any(|de| {
        shared
            .iter()
            .all(|&(k, s)| de[k].is_none() || env[s].is_none() || de[k] == env[s])
    })
}

/// Whether environment `a` of rule `ra` and `b` of rule `rb` can be parts
/// of one environment: where one rule inherited a metavariable of the
/// other, or both the same one of a third rule, they hold the same value
/// (positions compared by place only).
fn carried_alike(sp: &SemanticPatch, ra: usize, a: &Env, rb: usize, b: &Env) -> bool {
    let same = |x: &Option<Binding>, y: &Option<Binding>| match (x, y) {
        (Some(x), Some(y)) => x.tokens == y.tokens,
        _ => true,
    };
    let (ka, kb) = (&sp.rules[ra], &sp.rules[rb]);
    // `rb` read from `ra`, or `ra` from `rb`.
    for (one, envo, other, envt, other_ri) in [(kb, b, ka, a, ra), (ka, a, kb, b, rb)] {
        for (k, m) in one.metavars.iter().enumerate() {
            if let Some((r, name)) = &m.inherited {
                if *r == other_ri {
                    if let Some(j) = other.metavar(name) {
                        if !same(&envo[k], &envt[j]) {
                            return false;
                        }
                    }
                }
            }
        }
    }
    // Both read the same metavariable of a third rule.
    shared_with(sp, ra, rb)
        .into_iter()
        .all(|(i, j)| same(&a[i], &b[j]))
}

fn initial_envs(sp: &SemanticPatch, ri: usize, envs: &[Vec<Env>], matched: &[bool]) -> Vec<Env> {
    let rule = &sp.rules[ri];
    // `virtual.x` is bound from the start to the value `-D x=value` gave.
    let given: Env = rule
        .metavars
        .iter()
        .map(|m| {
            m.fixed.clone().flatten().map(|v| Binding {
                tokens: vec![v.clone().into_bytes()],
                text: v.into_bytes(),
                at: None,
                typedef_name: false,
            })
        })
        .collect();
    // Each start environment, with the environments of the rules it was
    // made from (a rule reading from `r` and from `s`, where `s` inherited
    // from `r`, takes only the pairs that agree: spatch's environments are
    // one per match, carried from rule to rule).
    let mut out: Vec<(Env, Vec<(usize, &Env)>)> = vec![(given, Vec::new())];
    let needs = positive_deps(rule.depends.as_ref());
    // A script input with a default value may be left unbound.
    let defaulted = |mi: usize| match &rule.body {
        RuleBody::Script(s) => s.default_of(&rule.metavars[mi].name).is_some(),
        _ => false,
    };
    let required = rule.needs_matches_of();
    for src in rule.inherits_from() {
        if envs[src].is_empty() && !required.contains(&src) {
            // Never matched: every input read from it takes its default.
            continue;
        }
        let from = &sp.rules[src];
        let mut projections: Vec<(Vec<(usize, Binding)>, &Env)> = Vec::new();
        for env in &envs[src] {
            // `depends on d` holds in this environment only if `d` matched
            // in one that agrees with it on what both took from `src`.
            if !needs
                .iter()
                .all(|&d| d == src || agrees(sp, d, src, env, &envs[d]))
            {
                continue;
            }
            let mut proj = Vec::new();
            let mut complete = true;
            for (mi, m) in rule.metavars.iter().enumerate() {
                if let Some((r, name)) = &m.inherited {
                    if *r == src {
                        match from.metavar(name).and_then(|k| env[k].clone()) {
                            Some(b) => proj.push((mi, b)),
                            None => complete &= defaulted(mi),
                        }
                    }
                }
            }
            if complete {
                projections.push((proj, env));
            }
        }
        let mut next: Vec<(Env, Vec<(usize, &Env)>)> = Vec::new();
        for (base, made_of) in &out {
            for (proj, env) in &projections {
                if !made_of
                    .iter()
                    .all(|(r, e)| carried_alike(sp, *r, e, src, env))
                {
                    continue;
                }
                let mut e = base.clone();
                for (mi, b) in proj {
                    e[*mi] = Some(b.clone());
                }
                if next.iter().any(|(x, _)| *x == e) {
                    continue;
                }
                let mut m = made_of.clone();
                m.push((src, *env));
                next.push((e, m));
            }
        }
        out = next;
    }
    let mut out: Vec<Env> = out.into_iter().map(|(e, _)| e).collect();
    // `depends on d` (or `!d`) where `d` and this rule inherit the same
    // metavariables: `d` counts as matched in an environment when it
    // matched with the same values for them.
    if let Some(dep) = &rule.depends {
        out.retain(|e| {
            dep.eval_partial(&mut |d| {
                let shared = shared_with(sp, d, ri);
                Some(if shared.is_empty() {
                    matched[d]
                } else {
                    envs[d]
                        .iter()
                        .any(|de| shared.iter().all(|&(k, j)| de[k] == e[j]))
                })
            }) != Some(false)
        });
    }
    out
}
