//! Turning a match into byte-range edits, and applying edits to the original bytes.

use super::linebreak;
use super::matcher::State;
use super::render;
use crate::c::FastKind;
use crate::smpl::body::Mark;
use crate::smpl::pattern::{PNode, Pattern};
use crate::smpl::Rule;
use std::ops::Range;
use tree_sitter::{Node, Tree};

/// One change to a file: replace `range` of the original bytes with `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub text: Vec<u8>,
}

struct Run {
    range: Range<usize>,
    first_tok: usize,
    last_tok: usize,
    before: Vec<usize>,
    after: Vec<usize>,
}

/// The edits one match calls for: minus runs removed, plus chunks placed, for the
/// match itself and for each match of a nest inside it.
/// `start`: where the match starts in the source (before tokens the pattern
/// does not name, such as a `static` it left optional).
pub fn match_edits(
    rule: &Rule,
    pat: &Pattern,
    st: &State,
    src: &[u8],
    tree: &Tree,
    start: Option<usize>,
) -> Result<Vec<Edit>, String> {
    let st = with_fresh_names(rule, with_nest_bindings(st));
    if let Some(name) = unbound_in_added_code(rule, pat, &st) {
        return Err(name);
    }
    let mut edits = state_edits(rule, pat, &st, src, tree, start);
    for n in &st.nested {
        edits.extend(match_edits(rule, pat, n, src, tree, None)?);
    }
    Ok(drop_subsumed(edits))
}

/// `st` with its fresh identifiers bound to the names their seeds make
/// (`"backport_" ## f` with `f` bound to `probe`: `backport_probe`); one
/// whose seed names an unbound metavariable stays unbound.
fn with_fresh_names<'s>(
    rule: &Rule,
    st: std::borrow::Cow<'s, State>,
) -> std::borrow::Cow<'s, State> {
    use crate::smpl::{MetaKind, SeedPart};
    if !rule.metavars.iter().any(|m| m.kind == MetaKind::Fresh) {
        return st;
    }
    let mut st = st.into_owned();
    for (i, m) in rule.metavars.iter().enumerate() {
        if m.kind != MetaKind::Fresh || m.seed.is_empty() {
            continue;
        }
        let mut name = Vec::new();
        let complete = m.seed.iter().all(|p| match p {
            SeedPart::Text(t) => {
                name.extend_from_slice(t.as_bytes());
                true
            }
            // Run when the match is taken (see `engine::fresh_by_scripts`).
            SeedPart::Script { .. } => false,
            SeedPart::Meta(x) => match rule.metavar(x).and_then(|k| st.binds[k].as_ref()) {
                Some(b) => {
                    name.extend_from_slice(&b.text);
                    true
                }
                None => false,
            },
        });
        if complete {
            st.binds[i] = Some(crate::engine::matcher::Binding {
                tokens: vec![name.clone()],
                text: name,
                at: None,
                typedef_name: false,
            });
        }
    }
    std::borrow::Cow::Owned(st)
}

/// `st` with the metavariables it leaves unbound bound as its nests bind
/// them, where they all agree (`f(); <... g(E) ...> h(); + xxx(E);` adds
/// what `E` was in the one `g(E)`).
fn with_nest_bindings(st: &State) -> std::borrow::Cow<'_, State> {
    fn each<'s>(st: &'s State, out: &mut Vec<&'s State>) {
        for n in &st.nested {
            out.push(n);
            each(n, out);
        }
    }
    let mut nested = Vec::new();
    each(st, &mut nested);
    let mut done = std::borrow::Cow::Borrowed(st);
    for m in 0..st.binds.len() {
        if st.binds[m].is_some() {
            continue;
        }
        let mut found = nested.iter().filter_map(|n| n.binds[m].as_ref());
        if let Some(first) = found.next() {
            if found.all(|b| b.tokens == first.tokens) {
                done.to_mut().binds[m] = Some(first.clone());
            }
        }
    }
    done
}

/// The name of a metavariable that added code this state places would
/// print unbound (then nothing of the match is written): a chunk is this
/// state's when the pattern token it follows or precedes matched here.
fn unbound_in_added_code(rule: &Rule, pat: &Pattern, st: &State) -> Option<String> {
    pat.chunks
        .iter()
        .filter(|c| {
            // A nest's borders belong to the nest: code next to them
            // inside is placed by the nest's own matches.
            let matched = |k: Option<usize>| {
                k.is_some_and(|k| st.ranges[k].is_some() && !is_nest_border(&pat.toks[k].text))
            };
            matched(c.after) || matched(c.before)
        })
        .flat_map(|c| &c.toks)
        .find(|t| t.is_ident && rule.metavar(&t.text).is_some_and(|m| st.binds[m].is_none()))
        .map(|t| t.text.clone())
}

/// Whether a pattern token opens or closes a nest.
fn is_nest_border(text: &str) -> bool {
    matches!(text, "<..." | "<+..." | "...>" | "...+>")
}

/// Leaves out the removals that lie inside a larger change of the same
/// match (a nest's `- foo(e);` inside `- if (x) { <+... ...+> }`): the
/// larger one takes them. Anything else that overlaps stays, for
/// [`clashing_groups`] to refuse the match whole.
fn drop_subsumed(mut edits: Vec<Edit>) -> Vec<Edit> {
    edits.sort_by_key(|e| (e.range.start, std::cmp::Reverse(e.range.end)));
    edits.dedup();
    let mut out: Vec<Edit> = Vec::with_capacity(edits.len());
    for e in edits {
        let inside = out.iter().any(|o| {
            !o.range.is_empty()
                && o.range.start <= e.range.start
                && e.range.end <= o.range.end
                && !e.range.is_empty()
        });
        if !(inside && e.text.is_empty()) {
            out.push(e);
        }
    }
    out
}

fn state_edits(
    rule: &Rule,
    pat: &Pattern,
    st: &State,
    src: &[u8],
    tree: &Tree,
    start: Option<usize>,
) -> Vec<Edit> {
    let (split, st, mut skip) = split_declaration(rule, pat, st, src, tree);
    let (st, implicit) = match super::implicit::materialize(rule, pat, &st, src, &mut skip) {
        Some((rest, insert)) => (rest, insert),
        None => (st, None),
    };
    let st = &st;
    let mut runs: Vec<Run> = Vec::new();
    let mut open = false;
    for (i, t) in pat.toks.iter().enumerate() {
        let Some(r) = st.ranges[i].clone() else {
            // Context dots that spanned nothing still part two removals.
            if t.mark != Mark::Minus && t.text == "..." {
                open = false;
            }
            continue;
        };
        if t.mark == Mark::Minus {
            match runs.last_mut() {
                Some(run)
                    if open
                        && !parted(tree, &run.range, &r)
                        && !ends_head_line(pat, src, run.last_tok, &run.range, i)
                        && !comma_over_line_break(src, &run.range, &r)
                        && !directive_between(src, &run.range, &r) =>
                {
                    // An isomorphism can match a later pattern token earlier
                    // in the source (`x == NULL` against `!x`).
                    run.range.start = run.range.start.min(r.start);
                    run.range.end = run.range.end.max(r.end);
                    run.last_tok = i;
                }
                _ => {
                    runs.push(Run {
                        range: r,
                        first_tok: i,
                        last_tok: i,
                        before: Vec::new(),
                        after: Vec::new(),
                    });
                    open = true;
                }
            }
        } else {
            open = false;
        }
    }
    // Added code, with the statement of the pattern it follows or precedes
    // (its source span, and whether the code comes after it).
    let mut inserts: Vec<Insert> = Vec::new();
    inserts.extend(implicit.map(|(pos, text)| (pos, text, None)));
    for (ci, chunk) in pat.chunks.iter().enumerate() {
        if skip.contains(&ci) {
            continue;
        }
        // Removed tokens that matched nothing (braces an isomorphism dropped, an
        // empty `...`) still belong to the removal next to them.
        let unmatched_minus = |k: usize| st.ranges[k].is_none() && pat.toks[k].mark == Mark::Minus;
        // A chunk between two removed tokens of one run (`- for (...)`
        // `+ for_each(...)` `- {`) replaces its part of the run.
        let run_after = chunk.after.and_then(|a| {
            let k = (0..=a).rev().find(|&k| !unmatched_minus(k))?;
            runs.iter()
                .position(|r| (r.first_tok..=r.last_tok).contains(&k))
        });
        let run_before = chunk.before.and_then(|b| {
            let k = (b..pat.toks.len()).find(|&k| !unmatched_minus(k))?;
            runs.iter()
                .position(|r| (r.first_tok..=r.last_tok).contains(&k))
        });
        if let Some(ri) = run_after {
            runs[ri].after.push(ci);
        } else if let Some(ri) = run_before {
            runs[ri].before.push(ci);
        } else {
            // The nearest matched tokens around the chunk, not looking past a
            // nest's border: code added inside a nest is placed by the nest's
            // own matches, never by the enclosing one.
            let is_border = |k: usize| is_nest_border(&pat.toks[k].text);
            let prev = chunk.after.and_then(|a| {
                (0..=a)
                    .rev()
                    .take_while(|&k| !is_border(k))
                    .find_map(|k| st.ranges[k].clone().map(|r| (k, r)))
            });
            let next = chunk.before.and_then(|b| {
                (b..pat.toks.len())
                    .take_while(|&k| !is_border(k))
                    .find_map(|k| st.ranges[k].clone().map(|r| (k, r)))
            });
            // Right after dots, the code goes before what follows them: the
            // dots' span ends wherever the next match starts.
            let prev = prev.filter(|(k, _)| next.is_none() || pat.toks[*k].text != "...");
            // When the token right before the chunk matched nothing of its
            // own (a token the C reader folded into another) and the one
            // right after did, the code goes before the latter: an earlier
            // token would put it inside (`DECL(x` `+ __cb(y)` `)`).
            let adjacent = |t: Option<usize>| t.is_some_and(|k| st.ranges[k].is_some());
            let prev = prev.filter(|_| adjacent(chunk.after) || !adjacent(chunk.before));
            // A list's comma that the code lacks (see `place_commas`): added
            // with the code after it.
            if let Some((k, r)) = &prev {
                if r.is_empty() && pat.toks[*k].text == "," && src.get(r.start) != Some(&b',') {
                    inserts.push((r.start, b",".to_vec(), None));
                }
            }
            let placed = match (prev, next) {
                (Some((k, r)), _) => render::insert_after(rule, pat, chunk, st, src, k, r.end)
                    .map(|(pos, text)| (pos, text, root_span(pat, st, k, true).map(|s| (s, true)))),
                (None, Some((k, r))) => {
                    // Code added before everything the pattern names goes
                    // before the whole match (`+ int x;` before `int f(...)`
                    // goes before `static int f(...)`, not after `static`).
                    let at = match (chunk.after, start) {
                        (None, Some(s))
                            if s < r.start
                                && src[s..r.start]
                                    .iter()
                                    .all(|b| *b != b';' && *b != b'{' && *b != b'}') =>
                        {
                            s
                        }
                        _ => r.start,
                    };
                    render::insert_before(rule, pat, chunk, st, src, k, at).map(|(pos, text)| {
                        (pos, text, root_span(pat, st, k, false).map(|s| (s, false)))
                    })
                }
                (None, None) => None,
            };
            inserts.extend(placed);
        }
    }
    let mut edits: Vec<Edit> = split;
    // What a removed token took apart from its range goes with it.
    edits.extend(
        st.tails
            .iter()
            .filter(|(t, _)| pat.toks[*t].mark == Mark::Minus)
            .map(|(_, r)| Edit {
                range: r.clone(),
                text: Vec::new(),
            }),
    );
    let replaced: Vec<Edit> = runs
        .iter()
        .map(|run| {
            let chunks: Vec<usize> = run.before.iter().chain(&run.after).copied().collect();
            let e = render::replace_run(
                rule,
                pat,
                &chunks,
                st,
                src,
                run.range.clone(),
                run.first_tok,
            );
            keep_body_valid(e, run.range.clone(), &chunks, pat, src, tree)
        })
        .collect();
    edits.extend(replaced);
    let (braced, deepened) = brace_insertions(inserts, src, tree);
    edits.extend(braced);
    let deeper = deepen_bodies(&edits, &deepened, src);
    edits.extend(deeper);
    edits.extend(kept_respaced(rule, pat, st, src));
    let unwrapped = unwrap_bodies(&edits, src, tree);
    edits.extend(unwrapped);
    edits
}

/// Whether removed token `k` (its run ending at `run.end`) is a `{` that
/// ends a line of the source holding code before it (`if (a) {`, kept or
/// replaced),
/// written on a SmPL line of its own, and the statement after it (from
/// token `next`) is not removed whole: spatch removes the brace alone, and
/// the statement keeps its line break and indentation (`if (a)` then
/// `foo();` on the next line, where `- {` `- bar(` `+ foo(` ` );` rewrote
/// `if (a) {` `bar();`). A statement removed whole and replaced goes on
/// the head's line (`if (a) foo();`), as spatch prints it.
fn ends_head_line(pat: &Pattern, src: &[u8], k: usize, run: &Range<usize>, next: usize) -> bool {
    let t = &pat.toks[k];
    if t.text != "{" || !t.last_on_line || run.end == 0 || src[run.end - 1] != b'{' {
        return false;
    }
    let mut depth = 0i32;
    let mut kept = false;
    for t in &pat.toks[next..] {
        kept |= t.mark != Mark::Minus;
        match t.text.as_str() {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" | "}" => depth -= 1,
            _ => {}
        }
        if depth <= 0 && matches!(t.text.as_str(), ";" | "}") {
            break;
        }
    }
    if !kept {
        return false;
    }
    let ls = render::line_start(src, run.end - 1);
    let rest = src[run.end..].iter().take_while(|&&b| b != b'\n');
    rest.clone().all(|b| b.is_ascii_whitespace())
        && src[ls..run.end - 1]
            .iter()
            .any(|b| !b.is_ascii_whitespace())
}

/// Whether `r`, removed after the run `run` in the pattern, lies before it
/// in the source across a line break: the comma before a list's last
/// element, which goes with it (`int x,` then `struct pt_regs *regs)` on
/// the next line). spatch removes both and keeps the line break between
/// them (`int x` then `)` on the next line).
fn comma_over_line_break(src: &[u8], run: &Range<usize>, r: &Range<usize>) -> bool {
    r.end <= run.start && &src[r.clone()] == b"," && src[r.end..run.start].contains(&b'\n')
}

/// Whether a preprocessor directive lies between a removal and the next
/// removed token's range: a removal does not take it (`- a();` `- b();`
/// across an `#endif` leaves the `#endif`).
fn directive_between(src: &[u8], run: &Range<usize>, next: &Range<usize>) -> bool {
    let gap = if next.start > run.end {
        run.end..next.start
    } else {
        return false;
    };
    src[gap]
        .split(|&b| b == b'\n')
        .skip(1)
        .any(|l| l.trim_ascii_start().starts_with(b"#"))
}

/// Whether a case of a `switch` the pattern did not match lies between a
/// removal and the next removed token's range (the pattern's cases match
/// the code's in any order, among others): then the removals stay apart.
fn parted(tree: &Tree, run: &Range<usize>, next: &Range<usize>) -> bool {
    let gap = if next.start > run.end {
        run.end..next.start
    } else if next.end < run.start {
        next.end..run.start
    } else {
        return false;
    };
    let Some(n) = tree
        .root_node()
        .descendant_for_byte_range(gap.start, gap.end)
    else {
        return false;
    };
    let mut cur = n.walk();
    let kids: Vec<Node> = n.named_children(&mut cur).collect();
    kids.iter().any(|k| {
        k.kind_fast() == "case_statement" && gap.start <= k.start_byte() && k.end_byte() <= gap.end
    })
}

/// Tokens a `-` line and its `+` line share stay as the source has them
/// (see `align_minus_plus`), but spatch removes and adds them back, printed
/// anew: the white space between two of them becomes what spatch prints
/// there (`f(1,2)` less and plus `g(2, 1)` spaces the kept `,` and `2`;
/// a line break between them goes), and an expression they bound is
/// printed anew too (`x,y` as `x, y`, on one line).
fn kept_respaced(rule: &Rule, pat: &Pattern, st: &State, src: &[u8]) -> Vec<Edit> {
    let mut out = Vec::new();
    let chunk_between = |k: usize| {
        pat.chunks
            .iter()
            .any(|c| c.after == Some(k - 1) || c.before == Some(k))
    };
    for k in 0..pat.toks.len() {
        let t = &pat.toks[k];
        if !t.kept {
            continue;
        }
        let Some(r) = st.ranges[k].clone() else {
            continue;
        };
        let text = &src[r.clone()];
        let expression = t.is_ident
            && rule.metavar(&t.text).is_some_and(|m| {
                matches!(
                    rule.metavars[m].kind,
                    crate::smpl::MetaKind::Expression
                        | crate::smpl::MetaKind::ExpressionList
                        | crate::smpl::MetaKind::Constant
                )
            });
        let anew = expression
            .then(|| super::spacing::expression_atoms(text, false))
            .flatten()
            .map(|atoms| super::spacing::join(&atoms))
            .filter(|anew| anew != text);
        // The white space before it, when spatch prints other.
        let gap = k.checked_sub(1).and_then(|j| {
            let p = &pat.toks[j];
            let q = st.ranges[j].clone()?;
            if !p.kept || p.line != t.line || q.end > r.start || chunk_between(k) {
                return None;
            }
            let gap = &src[q.end..r.start];
            if !gap.iter().all(|b| b.is_ascii_whitespace()) {
                return None;
            }
            let before = crate::c::lex::tokenize(&src[q.clone()]);
            let after = crate::c::lex::tokenize(text);
            let (a, b) = (before.last()?, after.first()?);
            let prev = before
                .len()
                .checked_sub(2)
                .map(|i| &src[q.start + before[i].start..q.start + before[i].end]);
            let a = &src[q.start + a.start..q.start + a.end];
            let b = &text[b.start..b.end];
            // (Only around list punctuation: elsewhere the tokens alone do
            // not tell a type from an expression.)
            if !(matches!(a, b"," | b"(") || matches!(b, b"," | b";" | b")")) {
                return None;
            }
            let want: &[u8] = if super::spacing::space_between_tokens(prev, a, b)? {
                b" "
            } else {
                b""
            };
            (gap != want).then(|| (q.end, want.to_vec()))
        });
        // The token goes with the white space before it: both are code
        // spatch adds (and may break a line at).
        match (gap, anew) {
            (None, None) => {}
            (None, Some(anew)) => out.push(Edit {
                range: r,
                text: anew,
            }),
            (Some((from, mut want)), anew) => {
                want.extend(anew.as_deref().unwrap_or(text));
                out.push(Edit {
                    range: from..r.end,
                    text: want,
                });
            }
        }
    }
    out
}

/// A pattern declaration of one name, removed whole, that matched one name
/// of a declaration of several (`- int x;` `++ char x;` against `int a, x,
/// c;`) with code added around it: spatch splits the declaration, and so
/// does this. The name goes with its comma, and the added code goes on
/// lines of its own, before the declaration when it comes first in the
/// pattern, else after it. Gives those edits, the state without the tokens
/// they took care of, and the chunks placed. Nothing when there is no such
/// name (the matcher lets no other change of such a name through but
/// changes in place: see `one_of_several_edits`).
fn split_declaration(
    rule: &Rule,
    pat: &Pattern,
    st: &State,
    src: &[u8],
    tree: &Tree,
) -> (Vec<Edit>, State, Vec<usize>) {
    let none = || (Vec::new(), st.clone(), Vec::new());
    let claimed = (0..pat.toks.len()).find_map(|k| {
        let r = st.ranges[k].clone()?;
        one_of_several(tree, &r).map(|d| (k, r, d))
    });
    let Some((k, r, decl)) = claimed else {
        return none();
    };
    // The pattern's declaration: the claiming token and the tokens around
    // it that matched nothing of their own, up to its `;`.
    let quiet = |j: usize| {
        st.ranges[j].is_none() && pat.toks[j].text != "..." && pat.toks[j].mark != Mark::Plus
    };
    let mut from = k;
    while from > 0
        && quiet(from - 1)
        && pat.toks[from - 1].text != ";"
        && !matches!(pat.toks[from - 1].text.as_str(), "{" | "}")
    {
        from -= 1;
    }
    let mut to = k;
    while pat.toks[to].text != ";" && to + 1 < pat.toks.len() && quiet(to + 1) {
        to += 1;
    }
    let span = from..=to;
    let chunks: Vec<usize> = (0..pat.chunks.len())
        .filter(|&c| {
            let ch = &pat.chunks[c];
            ch.after.is_some_and(|a| span.contains(&a))
                || ch.before.is_some_and(|b| span.contains(&b))
        })
        .collect();
    // (A token a paired `+` line keeps is removed and added anew.)
    let all_minus = span
        .clone()
        .all(|j| pat.toks[j].mark == Mark::Minus || pat.toks[j].kept);
    if !all_minus || chunks.is_empty() {
        // Only removed (its comma with it), or changed in place.
        return none();
    }
    let indent = render::indent_of(src, decl.start_byte());
    // Each line of the chunk as written, its words joined as C writes them.
    let lines = |c: usize| -> Vec<Vec<u8>> {
        let mut out: Vec<Vec<u8>> = Vec::new();
        let mut last_line = None;
        for t in &pat.chunks[c].toks {
            let w = render::token_text(rule, st, t);
            match out.last_mut() {
                Some(line) if last_line == Some(t.line) => {
                    if !glued(line, &w) {
                        line.push(b' ');
                    }
                    line.extend(w);
                }
                _ => out.push([indent.as_slice(), &w].concat()),
            }
            last_line = Some(t.line);
        }
        out
    };
    let mut rest = st.clone();
    for j in span.clone() {
        rest.ranges[j] = None;
    }
    let mut out = vec![Edit {
        range: r,
        text: Vec::new(),
    }];
    if span.clone().any(|j| pat.toks[j].kept) {
        // `- int x;` `++ long x;`: the line the pair makes, its kept
        // tokens and its added ones in order, after the declaration.
        let mut words: Vec<Vec<u8>> = Vec::new();
        for j in span.clone() {
            for &c in &chunks {
                if pat.chunks[c].before == Some(j) && pat.chunks[c].after.is_none_or(|a| a < from) {
                    words.extend(
                        pat.chunks[c]
                            .toks
                            .iter()
                            .map(|t| render::token_text(rule, st, t)),
                    );
                }
            }
            if pat.toks[j].mark != Mark::Minus {
                words.push(render::token_text(rule, st, &pat.toks[j]));
            }
            for &c in &chunks {
                if pat.chunks[c].after == Some(j) {
                    words.extend(
                        pat.chunks[c]
                            .toks
                            .iter()
                            .map(|t| render::token_text(rule, st, t)),
                    );
                }
            }
        }
        let mut line = indent.clone();
        for (i, w) in words.into_iter().enumerate() {
            if i > 0 && !glued(&line, &w) {
                line.push(b' ');
            }
            line.extend(w);
        }
        let end = decl.end_byte();
        out.push(Edit {
            range: end..end,
            text: [b"\n".as_slice(), &line].concat(),
        });
        return (out, rest, chunks);
    }
    let ls = render::line_start(src, decl.start_byte());
    for &c in &chunks {
        let ch = &pat.chunks[c];
        let text: Vec<u8> = if ch.before == Some(from) {
            lines(c)
                .into_iter()
                .flat_map(|l| [l, b"\n".to_vec()])
                .flatten()
                .collect()
        } else {
            lines(c)
                .into_iter()
                .flat_map(|l| [b"\n".to_vec(), l])
                .flatten()
                .collect()
        };
        let at = if ch.before == Some(from) {
            ls
        } else {
            decl.end_byte()
        };
        out.push(Edit {
            range: at..at,
            text,
        });
    }
    (out, rest, chunks)
}

/// Whether the word `w` follows the end of `line` with no space, as C is
/// written (`f(x);`, `*p`).
fn glued(line: &[u8], w: &[u8]) -> bool {
    matches!(w, b";" | b"," | b")" | b"]")
        || line
            .last()
            .is_some_and(|&b| b == b'(' || b == b'[' || b == b'*')
}

/// The declaration of several names (`int a, b, c;`) of which `r` is one
/// name with its comma, if it is.
fn one_of_several<'t>(tree: &'t Tree, r: &Range<usize>) -> Option<Node<'t>> {
    let (n, names) = several_names_around(tree, r)?;
    let claims = |d: &Node| r.start <= d.start_byte() && d.end_byte() <= r.end;
    (names.iter().filter(|d| claims(d)).count() == 1).then_some(n)
}

/// The declaration of several names (`int a, b, c;`, or a struct's
/// fields so) that `r` lies strictly within, with its names.
fn several_names_around<'t>(tree: &'t Tree, r: &Range<usize>) -> Option<(Node<'t>, Vec<Node<'t>>)> {
    let mut n = tree.root_node().descendant_for_byte_range(r.start, r.end)?;
    while !matches!(n.kind(), "declaration" | "field_declaration") {
        n = n.parent()?;
    }
    let mut cur = n.walk();
    let names: Vec<Node> = n.children_by_field_name("declarator", &mut cur).collect();
    (names.len() >= 2 && r.start > n.start_byte() && r.end < n.end_byte()).then_some((n, names))
}

/// Whether every byte of `r` that is not white space lies in a removal.
fn removed(removals: &[Range<usize>], src: &[u8], r: Range<usize>) -> bool {
    r.clone()
        .all(|i| src[i].is_ascii_whitespace() || removals.iter().any(|x| x.start <= i && i < x.end))
}

/// Leading white space of the line starting at `ls`: its length and visual width.
fn indentation(src: &[u8], ls: usize) -> (usize, usize) {
    let n = src[ls..]
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count();
    (n, visual_col(&src[ls..ls + n]))
}

/// When a match removes the head of an `if` (without `else`), `for` or
/// `while` and keeps its body, the body's statements take the statement's
/// place: braces the rule kept go too (unless the block declares something,
/// whose scope they end), and the body's lines, continuation lines included,
/// move out to the depth of the removed head.
fn unwrap_bodies(edits: &[Edit], src: &[u8], tree: &Tree) -> Vec<Edit> {
    let removals: Vec<Range<usize>> = edits
        .iter()
        .filter(|e| !e.range.is_empty() && e.text.iter().all(u8::is_ascii_whitespace))
        .map(|e| e.range.clone())
        .collect();
    let mut out = Vec::new();
    for r in &removals {
        let Some(mut n) = tree
            .root_node()
            .descendant_for_byte_range(r.start, r.start + 1)
        else {
            continue;
        };
        while n.start_byte() == r.start
            && !matches!(
                n.kind_fast(),
                "if_statement" | "for_statement" | "while_statement"
            )
        {
            match n.parent() {
                Some(p) => n = p,
                None => break,
            }
        }
        let stmt = n;
        let body_field = match stmt.kind_fast() {
            "if_statement" if stmt.child_by_field_name("alternative").is_none() => "consequence",
            "for_statement" | "while_statement" => "body",
            _ => continue,
        };
        if stmt.start_byte() != r.start {
            continue;
        }
        let Some(body) = stmt.child_by_field_name(body_field) else {
            continue;
        };
        // The whole head goes, the body stays (in part at least).
        if !removed(&removals, src, stmt.start_byte()..body.start_byte())
            || removed(&removals, src, body.byte_range())
        {
            continue;
        }
        let (content, closing) = if body.kind_fast() == "compound_statement" {
            let (Some(open), Some(close)) = (
                body.child(0),
                body.child(body.child_count().saturating_sub(1)),
            ) else {
                continue;
            };
            if open.kind_fast() != "{" || close.kind_fast() != "}" {
                continue;
            }
            let gone = (
                removed(&removals, src, open.byte_range()),
                removed(&removals, src, close.byte_range()),
            );
            match gone {
                (true, true) => {}
                (false, false) => {
                    let mut cur = body.walk();
                    let declares = body
                        .named_children(&mut cur)
                        .any(|k| k.kind_fast() == "declaration");
                    if declares {
                        continue;
                    }
                    for b in [open, close] {
                        out.push(Edit {
                            range: b.byte_range(),
                            text: Vec::new(),
                        });
                    }
                }
                _ => continue,
            }
            (
                open.end_byte()..close.start_byte(),
                Some(close.start_byte()),
            )
        } else {
            (body.byte_range(), None)
        };
        // Out by the difference between the body's depth and the head's.
        let head_ls = render::line_start(src, stmt.start_byte());
        let (hn, head_col) = indentation(src, head_ls);
        if head_ls + hn != stmt.start_byte() {
            continue;
        }
        // Lines from the one after the `{` (or the body's own, when it is
        // not on the head's line) to the body's end.
        let mut ls = if closing.is_some() {
            match src[content.start..].iter().position(|&b| b == b'\n') {
                Some(k) => content.start + k + 1,
                None => continue,
            }
        } else {
            let ls = render::line_start(src, content.start);
            if ls == head_ls {
                continue;
            }
            ls
        };
        let first = (ls..content.end).find(|&i| !src[i].is_ascii_whitespace());
        let Some(first) = first else { continue };
        let (_, body_col) = indentation(src, render::line_start(src, first));
        if body_col <= head_col {
            continue;
        }
        let delta = body_col - head_col;
        let end = closing.unwrap_or(content.end);
        while ls < end {
            let (n, col) = indentation(src, ls);
            let le = src[ls..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(src.len(), |k| ls + k);
            let blank = ls + n == le;
            let touched = edits
                .iter()
                .any(|e| e.range.start <= ls + n && e.range.end > ls);
            if !blank && !touched && col >= head_col + delta {
                let new = col - delta;
                let mut text = vec![b'\t'; new / 8];
                text.extend(std::iter::repeat_n(b' ', new % 8));
                out.push(Edit {
                    range: ls..ls + n,
                    text,
                });
            }
            ls = le + 1;
        }
    }
    out
}

/// When `s` is the body of an `if`, `else` or loop (a block too: code added
/// beside it must stay in the branch): the end of the head before it (after
/// its `)` or `else`: where a brace would open) and the indentation of the
/// head's line (where the brace would close).
fn branch_body(s: Node, src: &[u8]) -> Option<(usize, Vec<u8>)> {
    let parent = s.parent()?;
    let is_body = matches!(
        parent.kind_fast(),
        "if_statement" | "else_clause" | "for_statement" | "while_statement" | "do_statement"
    ) && crate::c::is_statement_kind(s.kind_fast())
        && parent
            .child_by_field_name("condition")
            .is_none_or(|c| c.id() != s.id());
    if !is_body {
        return None;
    }
    // The head ends at its `)` or `else`, or at a comment on its line
    // (`) /* why */ {`); a comment on a line of its own between the head and
    // the body stays inside the braces that may open there, as spatch puts it.
    let mut head = s.prev_sibling()?;
    while head.kind_fast() == "comment" {
        let before = head.prev_sibling()?;
        if before.end_position().row == head.start_position().row {
            break;
        }
        head = before;
    }
    let head_end = head.end_byte();
    let ls = render::line_start(src, parent.start_byte());
    let indent = src[ls..]
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .copied()
        .collect();
    Some((head_end, indent))
}

/// Added code at a position, with the source span of the pattern statement
/// it follows (`true`) or precedes (`false`), when it is next to one.
type Insert = (usize, Vec<u8>, Option<(Range<usize>, bool)>);

/// The source span of the pattern root whose last (`last`) or first token
/// is `k`.
fn root_span(pat: &Pattern, st: &State, k: usize, last: bool) -> Option<Range<usize>> {
    // The statements of the pattern: its roots, and those of the blocks in
    // it (a function pattern's body).
    let mut elems: Vec<&PNode> = pat.roots.iter().collect();
    let mut stack: Vec<&PNode> = pat.roots.iter().collect();
    while let Some(n) = stack.pop() {
        if n.kind == "compound_statement" {
            elems.extend(n.children.iter().filter(|c| !matches!(c.kind, "{" | "}")));
        }
        stack.extend(n.children.iter());
    }
    elems.into_iter().find_map(|r| {
        let mut toks = Vec::new();
        super::matcher::leaf_toks(r, &mut toks);
        let edge = if last {
            toks.iter().max()
        } else {
            toks.iter().min()
        };
        if edge != Some(&k) {
            return None;
        }
        let spans: Vec<&Range<usize>> =
            toks.iter().filter_map(|&t| st.ranges[t].as_ref()).collect();
        let start = spans.iter().map(|r| r.start).min()?;
        let end = spans.iter().map(|r| r.end).max()?;
        Some(start..end)
    })
}

/// Insertions as edits; a statement added next to a pattern statement that
/// is the unbraced body of an `if`, `else` or loop makes that body a block,
/// braces and all (else the added statement would land outside the branch,
/// or split `if` from `else`).
/// A block moved to a line of its own one level deeper (its span), with
/// the level (see [`brace_insertions`]).
type Deepened = (Range<usize>, Vec<u8>);

fn brace_insertions(
    mut inserts: Vec<Insert>,
    src: &[u8],
    tree: &Tree,
) -> (Vec<Edit>, Vec<Deepened>) {
    // Code after a body first: the closing brace goes after it, and code
    // before the same body then finds it braced.
    inserts.sort_by_key(|(_, _, a)| !a.as_ref().is_some_and(|(_, after)| *after));
    let adds_statement = |text: &[u8]| {
        let t = text.trim_ascii_end();
        t.ends_with(b";") || t.ends_with(b"}")
    };
    let mut out = Vec::new();
    let mut deepened: Vec<Deepened> = Vec::new();
    // Bodies braced so far (by node id), each once.
    let mut braced: Vec<usize> = Vec::new();
    for (pos, mut text, anchor) in inserts {
        let body = anchor
            .filter(|_| adds_statement(&text))
            .and_then(|(span, after)| Some((statement_at(tree, &span)?, after)))
            .filter(|(b, _)| !braced.contains(&b.id()));
        if let Some((body, after)) = body {
            if let Some((head_end, indent)) = branch_body(body, src) {
                braced.push(body.id());
                let same_line = !src[head_end..body.start_byte()].contains(&b'\n');
                if same_line {
                    // A body on the head's line goes to a line of its own,
                    // one level deeper, and so does the code added beside
                    // it (spatch lays the new block out so).
                    let unit = render::indent_unit_at(src, head_end);
                    let mut open = b" {\n".to_vec();
                    open.extend(&indent);
                    open.extend(&unit);
                    // A block body over several lines goes deeper whole.
                    if src[body.byte_range()].contains(&b'\n') {
                        deepened.push((body.byte_range(), unit.clone()));
                    }
                    out.push(Edit {
                        range: head_end..body.start_byte(),
                        text: open,
                    });
                    text = deeper_lines(&text, &indent, &unit);
                    if !after {
                        let t = text.trim_ascii_end().len();
                        text.truncate(t);
                        text.push(b'\n');
                        text.extend(&indent);
                        text.extend(&unit);
                    }
                } else {
                    out.push(open_brace_at_line_end(src, head_end));
                }
                let mut close = b"\n".to_vec();
                close.extend(&indent);
                close.push(b'}');
                if after {
                    text.extend(close);
                } else {
                    let end = body.end_byte();
                    out.push(Edit {
                        range: end..end,
                        text: close,
                    });
                }
            }
        }
        out.push(Edit {
            range: pos..pos,
            text,
        });
    }
    // Lines added inside a block that went deeper go deeper with it.
    for e in &mut out {
        let p = e.range.start;
        if let Some((_, unit)) = deepened
            .iter()
            .find(|(r, _)| e.range.is_empty() && r.start < p && p < r.end)
        {
            let mut text = Vec::with_capacity(e.text.len() + unit.len());
            for &b in &e.text {
                text.push(b);
                if b == b'\n' {
                    text.extend(unit);
                }
            }
            e.text = text;
        }
    }
    (out, deepened)
}

/// Code inserted at the start of a line whose indentation another edit
/// deepens (another match braced the block around it, see
/// [`deepen_bodies`]) goes as much deeper: its lines indented as that line
/// was get the added level too.
pub fn follow_deepened_lines(edits: &mut [Edit], src: &[u8]) {
    let deepened: Vec<(usize, Vec<u8>, Vec<u8>)> = edits
        .iter()
        .filter_map(|e| {
            let (ls, end) = (e.range.start, e.range.end);
            let old = &src[ls..end];
            let at_line_start = ls == 0 || src[ls - 1] == b'\n';
            let blank = |t: &[u8]| t.iter().all(|&b| b == b' ' || b == b'\t');
            let unit = e.text.strip_prefix(old)?;
            (at_line_start && !unit.is_empty() && blank(old) && blank(unit))
                .then(|| (ls, old.to_vec(), unit.to_vec()))
        })
        .collect();
    for (ls, old, unit) in deepened {
        for e in edits.iter_mut().filter(|e| e.range == (ls..ls)) {
            let mut text = Vec::with_capacity(e.text.len() + unit.len());
            for (i, line) in e.text.split(|&b| b == b'\n').enumerate() {
                if i > 0 {
                    text.push(b'\n');
                }
                if !old.is_empty() && line.starts_with(&old) {
                    text.extend(&old);
                    text.extend(&unit);
                    text.extend(&line[old.len()..]);
                } else {
                    text.extend(line);
                }
            }
            e.text = text;
        }
    }
}

/// The edits that indent each line of a deepened block after its first
/// one level deeper (its inside and its `}`), as spatch prints a block it
/// braces anew; lines other edits rewrite are theirs.
fn deepen_bodies(edits: &[Edit], deepened: &[Deepened], src: &[u8]) -> Vec<Edit> {
    let mut out = Vec::new();
    for (body, unit) in deepened {
        let mut ls = match src[body.clone()].iter().position(|&b| b == b'\n') {
            Some(k) => body.start + k + 1,
            None => continue,
        };
        while ls < body.end {
            let (n, _) = indentation(src, ls);
            let le = render::line_end(src, ls);
            let touched = edits.iter().any(|e| {
                e.range.start < ls + n && e.range.end > ls
                    || (e.range.is_empty() && e.range.start == ls)
            });
            if ls + n < le && !touched {
                out.push(Edit {
                    range: ls..ls + n,
                    text: [&src[ls..ls + n], unit.as_slice()].concat(),
                });
            }
            ls = le + 1;
        }
    }
    out
}

/// The `{` that opens a new block after a head ending at `head_end`: spatch
/// puts it at the end of the head's line, after the white space that ends
/// that line (`while (x)  {`), or after one space when none does.
fn open_brace_at_line_end(src: &[u8], head_end: usize) -> Edit {
    let rest = &src[head_end..];
    let ws = rest
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    let at_eol = rest.get(ws).is_none_or(|&b| b == b'\n' || b == b'\r');
    let (pos, text) = if at_eol && ws > 0 {
        (head_end + ws, b"{".to_vec())
    } else {
        (head_end, b" {".to_vec())
    };
    Edit {
        range: pos..pos,
        text,
    }
}

/// `text` with each of its lines that starts with `indent` one `unit` deeper.
fn deeper_lines(text: &[u8], indent: &[u8], unit: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + unit.len());
    for (i, line) in text.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
            if line.starts_with(indent) && !line.is_empty() {
                out.extend(indent);
                out.extend(unit);
                out.extend(&line[indent.len()..]);
                continue;
            }
        }
        out.extend(line);
    }
    out
}

/// Statements the chunks add, counted as top-level `;` of the added code.
fn added_statements(pat: &Pattern, chunks: &[usize]) -> usize {
    let mut depth = 0i32;
    let mut n = 0;
    for t in chunks.iter().flat_map(|&c| &pat.chunks[c].toks) {
        match t.text.as_str() {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" => depth -= 1,
            "}" => {
                depth -= 1;
                if depth == 0 {
                    n += 1;
                }
            }
            ";" if depth == 0 => n += 1,
            _ => {}
        }
    }
    n
}

/// The statement whose bytes are exactly `range`, if any.
fn statement_at<'t>(tree: &'t Tree, range: &Range<usize>) -> Option<Node<'t>> {
    let mut n = tree
        .root_node()
        .descendant_for_byte_range(range.start, range.end)?;
    loop {
        if n.start_byte() == range.start
            && n.end_byte() == range.end
            && crate::c::is_statement_kind(n.kind_fast())
        {
            return Some(n);
        }
        if n.start_byte() < range.start || n.end_byte() > range.end {
            return None;
        }
        n = n.parent()?;
    }
}

/// When the replaced statement is the unbraced body of an `if`, `else` or loop,
/// the replacement must still be one statement: several get braces, none
/// leaves an empty statement.
fn keep_body_valid(
    e: Edit,
    run: Range<usize>,
    chunks: &[usize],
    pat: &Pattern,
    src: &[u8],
    tree: &Tree,
) -> Edit {
    let Some((head_end, indent)) = statement_at(tree, &run).and_then(|s| branch_body(s, src))
    else {
        return e;
    };
    match added_statements(pat, chunks) {
        0 => Edit {
            range: e.range,
            text: b";".to_vec(),
        },
        1 => e,
        _ => {
            // Open the brace where the body began: after the head's `)` (or `else`).
            let mut text = b" {".to_vec();
            let gap = &src[head_end..e.range.start];
            text.extend_from_slice(gap);
            // A body on a line of its own: each statement on a line of its
            // own there, as spatch prints a block.
            match gap.iter().rposition(|&b| b == b'\n') {
                Some(nl) => {
                    let lead = e
                        .text
                        .iter()
                        .take_while(|&&b| b == b' ' || b == b'\t')
                        .count();
                    let indent = [&gap[nl + 1..], &e.text[..lead]].concat();
                    text.extend(one_statement_a_line(&e.text, &indent));
                }
                None => text.extend_from_slice(&e.text),
            }
            text.push(b'\n');
            text.extend_from_slice(&indent);
            text.push(b'}');
            Edit {
                range: head_end..e.range.end,
                text,
            }
        }
    }
}

/// A removal that takes all the code before a `}` on its line leaves the
/// `}` first on the line: it goes as deep as the line of its `{` (spatch:
/// `\ts };` less `s` is `};` under `enum f {`).
fn closing_brace_reindented(src: &[u8], kept: &mut [Edit]) {
    for k in 0..kept.len() {
        let e = &kept[k];
        if !e.text.is_empty() || e.range.is_empty() {
            continue;
        }
        let ls = render::line_start(src, e.range.start);
        if !src[ls..e.range.start]
            .iter()
            .all(|&b| b == b' ' || b == b'\t')
        {
            continue;
        }
        let gap = src[e.range.end..]
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        let close = e.range.end + gap;
        if src.get(close) != Some(&b'}')
            || (k > 0 && kept[k - 1].range.end > ls)
            || kept.get(k + 1).is_some_and(|n| n.range.start < close)
        {
            continue;
        }
        let Some(open) = matching_open_brace(src, close) else {
            continue;
        };
        let indent = render::indent_of(src, open);
        kept[k] = Edit {
            range: ls..close,
            text: indent,
        };
    }
}

/// Where the `{` that the `}` at `close` closes is, by C's tokens.
fn matching_open_brace(src: &[u8], close: usize) -> Option<usize> {
    let toks = crate::c::lex::tokenize(&src[..close]);
    let mut depth = 0usize;
    for t in toks.iter().rev() {
        match &src[t.start..t.end] {
            b"}" => depth += 1,
            b"{" if depth == 0 => return Some(t.start),
            b"{" => depth -= 1,
            _ => {}
        }
    }
    None
}

/// `text` (statements on one line) with a line break and `indent` before
/// each statement after the first: the white space after a `;` outside
/// brackets is replaced.
fn one_statement_a_line(text: &[u8], indent: &[u8]) -> Vec<u8> {
    let toks = crate::c::lex::tokenize(text);
    let mut out = Vec::with_capacity(text.len());
    let mut depth = 0i32;
    let mut from = 0;
    for (i, t) in toks.iter().enumerate() {
        match &text[t.start..t.end] {
            b"(" | b"[" | b"{" => depth += 1,
            b")" | b"]" | b"}" => depth -= 1,
            b";" if depth == 0 => {
                let Some(next) = toks.get(i + 1) else {
                    continue;
                };
                let gap = &text[t.end..next.start];
                if gap.contains(&b'\n') || !gap.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                out.extend_from_slice(&text[from..t.end]);
                out.push(b'\n');
                out.extend_from_slice(indent);
                from = next.start;
            }
            _ => {}
        }
    }
    out.extend_from_slice(&text[from..]);
    out
}

/// The edits of several matches, each with the span its match covers, in
/// the order code added at one place must go: there, as brackets nest, code
/// a match adds at its end (after its last statement) comes first, that of
/// the innermost match first (a statement added after an `if` body goes
/// inside the braces added around it, one added after the whole `if` after
/// them); code a match adds at its start comes last, that of the outermost
/// match first. Matches that do not meet keep their order.
pub fn nest_order(mut kept: Vec<(Range<usize>, Edit)>) -> Vec<Edit> {
    let key = |(span, e): &(Range<usize>, Edit)| {
        let at = e.range.start;
        let (closing, opening) = (at >= span.end && span.start < at, at <= span.start);
        match (e.range.is_empty(), closing, opening) {
            (false, _, _) => (1, 0, 0),
            (true, true, _) => (0, usize::MAX - span.start, 0),
            (true, false, true) => (2, usize::MAX - span.end, 0),
            (true, false, false) => (1, 0, 0),
        }
    };
    kept.sort_by_key(|k| (k.1.range.start, k.1.range.end, key(k)));
    kept.into_iter().map(|(_, e)| e).collect()
}

/// Which groups of edits (one group per match) clash: an edit overlapping
/// another edit, of another match or of the same one, that is not the same
/// edit. A match is applied whole or not at all, so both go (a match half
/// applied would write code neither match asked for).
pub fn clashing_groups(groups: &[&[Edit]]) -> Vec<bool> {
    let mut all: Vec<(usize, &Edit)> = groups
        .iter()
        .enumerate()
        .flat_map(|(g, es)| es.iter().map(move |e| (g, e)))
        .collect();
    all.sort_by_key(|(_, e)| (e.range.start, e.range.end));
    let mut bad = vec![false; groups.len()];
    // Edits still open at the current start, as indexes into `all`.
    let mut open: Vec<usize> = Vec::new();
    for k in 0..all.len() {
        let (g, e) = all[k];
        open.retain(|&j| {
            let o = all[j].1;
            o.range.end > e.range.start || (o.range.start == e.range.start && !o.range.is_empty())
        });
        for &j in &open {
            let (h, o) = all[j];
            let overlap = e.range.start < o.range.end
                || (e.range.start == o.range.start && !e.range.is_empty() && !o.range.is_empty());
            // Overlapping edits of one match are a clash too: applying one
            // and not the other would half apply the match.
            if overlap && o != e {
                bad[g] = true;
                bad[h] = true;
            }
        }
        open.push(k);
    }
    bad
}

/// Matches that each remove one name of a declaration of several (`int
/// a, b, c;`, see the matcher's `one_declarator`) may together remove
/// neighbouring names, whose commas they both claim: such removals become
/// one (each match then makes the same edit, applied once), and removals
/// that leave no name remove the whole declaration, as spatch does.
pub fn merge_declarator_removals(groups: &mut [&mut Vec<Edit>], tree: &Tree) {
    // (declaration start, group, edit index) of each removal within the
    // names of a declaration of several.
    let mut found: Vec<(tree_sitter::Node, usize, usize)> = Vec::new();
    for (g, es) in groups.iter().enumerate() {
        for (i, e) in es.iter().enumerate() {
            if !e.text.is_empty() || e.range.is_empty() {
                continue;
            }
            if let Some((n, _)) = several_names_around(tree, &e.range) {
                found.push((n, g, i));
            }
        }
    }
    found.sort_by_key(|(n, g, i)| (n.start_byte(), groups[*g][*i].range.start));
    let mut k = 0;
    while k < found.len() {
        let decl = found[k].0;
        let same: Vec<(usize, usize)> = found[k..]
            .iter()
            .take_while(|(n, _, _)| n.id() == decl.id())
            .map(|(_, g, i)| (*g, *i))
            .collect();
        k += same.len();
        let mut cur = decl.walk();
        let names: Vec<std::ops::Range<usize>> = decl
            .children_by_field_name("declarator", &mut cur)
            .map(|d| d.byte_range())
            .collect();
        let gone = |r: &std::ops::Range<usize>| {
            same.iter().any(|&(g, i)| {
                let e = &groups[g][i].range;
                e.start <= r.start && r.end <= e.end
            })
        };
        if names.iter().all(gone) {
            // No name left: the declaration goes.
            for &(g, i) in &same {
                groups[g][i].range = decl.byte_range();
            }
            continue;
        }
        // Overlapping (or adjoining) removals become their union.
        let mut spans: Vec<std::ops::Range<usize>> = same
            .iter()
            .map(|&(g, i)| groups[g][i].range.clone())
            .collect();
        spans.sort_by_key(|r| r.start);
        let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
        for r in spans {
            match merged.last_mut() {
                Some(m) if r.start <= m.end => m.end = m.end.max(r.end),
                _ => merged.push(r),
            }
        }
        // A run that takes the last name takes the comma before its first
        // (`int a, b, c;` less `b` and `c` is `int a;`).
        let last_end = names.last().map_or(0, |r| r.end);
        for m in merged.iter_mut() {
            if m.end >= last_end && names.iter().any(|r| r.start == m.start) {
                if let Some(prev) = names.iter().rev().find(|r| r.end <= m.start) {
                    m.start = prev.end;
                }
            }
        }
        for &(g, i) in &same {
            let r = groups[g][i].range.clone();
            if let Some(m) = merged.iter().find(|m| m.start <= r.start && r.end <= m.end) {
                groups[g][i].range = m.clone();
            }
        }
    }
}

/// Edits that could not be applied because they overlap an earlier one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub range: Range<usize>,
}

/// Applies edits to `src`. Identical edits count once; an edit overlapping an
/// earlier one is dropped and returned as a conflict. Lines that a removal
/// leaves blank disappear.
pub fn apply(src: &[u8], edits: Vec<Edit>) -> (Vec<u8>, Vec<Conflict>) {
    let (out, conflicts, _) = apply_mapped(src, edits, |_| Place::Other);
    (out, conflicts)
}

/// Where the text an [`apply_mapped`] rewrote lies, before and after: each
/// span of old bytes that changed with the new bytes it became, in order.
/// Bytes outside them only moved.
#[derive(Clone, Debug, Default)]
pub struct Moves(
    Vec<(Range<usize>, Range<usize>)>,
    /// Then the lines broken in the text that gave (see `linebreak`).
    Vec<(Range<usize>, Range<usize>)>,
);

impl Moves {
    /// Where the old bytes `r` are in the new text; `None` when the rewrite
    /// touched them (they are not there as they were).
    pub fn map(&self, r: &Range<usize>) -> Option<Range<usize>> {
        let r = Self::map_in(&self.0, r)?;
        Self::map_in(&self.1, &r)
    }

    fn map_in(moves: &[(Range<usize>, Range<usize>)], r: &Range<usize>) -> Option<Range<usize>> {
        let mut delta: isize = 0;
        for (old, new) in moves {
            if old.end <= r.start {
                delta = new.end as isize - old.end as isize;
            } else if old.start >= r.end {
                break;
            } else {
                return None;
            }
        }
        let at = |o: usize| (o as isize + delta) as usize;
        Some(at(r.start)..at(r.end))
    }
}

/// What code starts at a byte where a removal begins: spatch tidies the
/// blank lines around removed lines differently for each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Outside every function body and braced list.
    TopLevel,
    /// A declaration in a block.
    Declaration,
    /// Anything else.
    Other,
}

/// [`apply`], also saying where the text moved. `place(p)` says what code
/// starts at byte `p` (see [`Place`]).
pub fn apply_mapped(
    src: &[u8],
    mut edits: Vec<Edit>,
    place: impl Fn(usize) -> Place,
) -> (Vec<u8>, Vec<Conflict>, Moves) {
    // Added lines end the way the file's lines do.
    if src.windows(2).any(|w| w == b"\r\n") {
        for e in &mut edits {
            if e.text.contains(&b'\n') {
                let mut t = Vec::with_capacity(e.text.len() + 4);
                for (i, &b) in e.text.iter().enumerate() {
                    if b == b'\n' && (i == 0 || e.text[i - 1] != b'\r') {
                        t.push(b'\r');
                    }
                    t.push(b);
                }
                e.text = t;
            }
        }
    }
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    edits.dedup();
    let mut kept: Vec<Edit> = Vec::with_capacity(edits.len());
    let mut conflicts = Vec::new();
    for e in edits {
        if let Some(last) = kept.last() {
            let overlaps = e.range.start < last.range.end
                || (e.range.start == last.range.start
                    && !last.range.is_empty()
                    && !e.range.is_empty());
            if overlaps {
                conflicts.push(Conflict { range: e.range });
                continue;
            }
        }
        kept.push(e);
    }
    // A removal that takes the last code of a line takes the white space
    // after it too (spatch leaves no trailing white space there).
    for k in 0..kept.len() {
        let e = &kept[k];
        if !e.text.is_empty() || e.range.is_empty() {
            continue;
        }
        let end = e.range.end;
        let trail = src[end..]
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        let at_eol = matches!(src.get(end + trail), None | Some(b'\n' | b'\r'));
        let next_free = kept.get(k + 1).is_none_or(|n| n.range.start >= end + trail);
        if trail > 0 && at_eol && next_free {
            kept[k].range.end = end + trail;
        }
    }
    closing_brace_reindented(src, &mut kept);
    // Cluster edits by the lines they touch, so each cluster can be tidied as a whole.
    let line_start = |p: usize| render::line_start(src, p);
    let line_end = |p: usize| {
        src[p..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(src.len(), |i| p + i)
    };
    let mut out = Vec::with_capacity(src.len());
    // Where added code is in `out`.
    let mut added: Vec<Range<usize>> = Vec::new();
    let mut moves = Moves::default();
    let mut pos = 0;
    let mut i = 0;
    while i < kept.len() {
        let span_start = line_start(kept[i].range.start);
        let mut span_end = line_end(kept[i].range.end);
        let mut j = i + 1;
        while j < kept.len() && kept[j].range.start <= span_end {
            span_end = span_end.max(line_end(kept[j].range.end));
            j += 1;
        }
        let cluster = &kept[i..j];
        let mut seg = Vec::new();
        // Which bytes of `seg` are added code (for `linebreak`).
        let mut seg_added: Vec<bool> = Vec::new();
        let mut p = span_start;
        for e in cluster {
            seg.extend_from_slice(&src[p..e.range.start]);
            seg.extend_from_slice(&e.text);
            seg_added.resize(seg.len() - e.text.len(), false);
            seg_added.resize(seg.len(), true);
            p = e.range.end;
        }
        seg.extend_from_slice(&src[p..span_end]);
        seg_added.resize(seg.len(), false);
        // A rename in lines the author already wrote longer than 80 columns
        // leaves them as long (as the kernel's own renames did), where
        // spatch 1.1.1 breaks them.
        let word = |t: &[u8]| {
            !t.is_empty()
                && crate::c::lex::is_ident_start(t[0])
                && t.iter().all(|&b| crate::c::lex::is_ident_byte(b))
        };
        let renames = cluster
            .iter()
            .all(|e| word(&e.text) && word(&src[e.range.clone()]));
        if renames
            && src[span_start..span_end]
                .split(|&b| b == b'\n')
                .any(|l| visual_col(l) > 80)
        {
            seg_added.iter_mut().for_each(|b| *b = false);
        }
        let mut out_added: Vec<bool> = Vec::new();
        out.extend_from_slice(&src[pos..span_start]);
        let mut new_start = out.len();
        let removes = cluster.iter().any(|e| !e.range.is_empty());
        if removes {
            let orig = &src[span_start..span_end];
            let had_trailing_ws = orig
                .split(|&b| b == b'\n')
                .any(|l| l.last().is_some_and(|b| *b == b' ' || *b == b'\t'));
            let mut lines: Vec<(&[u8], &[bool])> = Vec::new();
            let mut from = 0;
            for l in seg.split(|&b| b == b'\n') {
                if l.iter().any(|b| !b.is_ascii_whitespace()) {
                    lines.push((l, &seg_added[from..from + l.len()]));
                }
                from += l.len() + 1;
            }
            let at = place(kept[i].range.start);
            if lines.is_empty() && at == Place::TopLevel {
                // A whole top-level item went: spatch takes the white space
                // before it (back to the code it follows) and keeps the line
                // end after it, so `a;\n\nITEM\nb;` becomes `a;\nb;` and an
                // item that opens the file leaves its line end behind.
                let copied = out.len() - (span_start - pos);
                let keep = out[copied..]
                    .iter()
                    .rposition(|b| !b.is_ascii_whitespace())
                    .map_or(copied, |k| copied + k + 1);
                let old_start = span_start - (out.len() - keep);
                out.truncate(keep);
                let new_start = out.len();
                pos = span_end;
                moves.0.push((old_start..pos, new_start..out.len()));
                i = j;
                continue;
            }
            if lines.is_empty() && at == Place::Declaration {
                // Declarations removed from the top of a block take the blank
                // lines between them and the brace (the one after them goes
                // below, as after any removal right after a brace).
                let copied = out.len() - (span_start - pos);
                let code = out[copied..]
                    .iter()
                    .rposition(|b| !b.is_ascii_whitespace())
                    .map(|k| copied + k);
                if let Some(k) = code.filter(|&k| out[k] == b'{' && out[k + 1..].starts_with(b"\n"))
                {
                    let old_start = span_start - (out.len() - (k + 2));
                    out.truncate(k + 2);
                    moves.0.push((old_start..span_start, out.len()..out.len()));
                    new_start = out.len();
                }
            }
            if lines.is_empty() {
                // A blank line left between the code before and a closing
                // brace goes too (spatch: `a();\n\n\tb();\n}` less `b();` is
                // `a();\n}`).
                let next_closes = src[span_end.min(src.len())..]
                    .iter()
                    .skip(1)
                    .find(|b| !matches!(b, b' ' | b'\t' | b'\r'))
                    == Some(&b'}');
                // (A line of white space is as blank as an empty one.)
                let blank = out
                    .strip_suffix(b"\n")
                    .and_then(|o| o.iter().rposition(|&b| b == b'\n'))
                    .filter(|&p| {
                        out[p + 1..out.len() - 1]
                            .iter()
                            .all(|&b| b == b' ' || b == b'\t')
                    })
                    .map(|p| out.len() - (p + 1));
                if let Some(k) = blank.filter(|_| next_closes) {
                    out.truncate(out.len() - k);
                    let old_start = if span_start >= pos + k {
                        span_start - k
                    } else {
                        // The blank line ended the text an earlier span became.
                        if let Some((_, new)) = moves.0.last_mut() {
                            new.end = new.end.min(out.len());
                        }
                        span_start
                    };
                    let new_start = out.len();
                    pos = if span_end < src.len() {
                        span_end + 1
                    } else {
                        span_end
                    };
                    moves.0.push((old_start..pos, new_start..out.len()));
                    i = j;
                    continue;
                }
                // The whole span went: take its newline with it.
                pos = if span_end < src.len() {
                    span_end + 1
                } else {
                    span_end
                };
                // Removing the last lines of a block opening (the declarations after
                // `{`) must not leave a blank line right after the brace, nor
                // removing lines between two blank lines leave two in a row.
                let after_blank = out.ends_with(b"\n\n")
                    || out.ends_with(b"\n\r\n")
                    || (out.len() == 1 && out[0] == b'\n');
                if out.ends_with(b"{\n") || after_blank {
                    let next_end = src[pos..].iter().position(|&b| b == b'\n').map(|k| pos + k);
                    let next_blank = next_end
                        .is_some_and(|e| src[pos..e].iter().all(|b| matches!(b, b' ' | b'\t')));
                    let next_edited =
                        j < kept.len() && kept[j].range.start <= next_end.unwrap_or(0);
                    if next_blank && !next_edited {
                        pos = next_end.map_or(pos, |e| e + 1);
                    }
                }
                moves.0.push((span_start..pos, new_start..out.len()));
                i = j;
                continue;
            }
            for (k, (l, a)) in lines.iter().enumerate() {
                if k > 0 {
                    out.push(b'\n');
                    out_added.push(false);
                }
                let l = if had_trailing_ws { l } else { trim_end(l) };
                out.extend_from_slice(l);
                out_added.extend_from_slice(&a[..l.len()]);
            }
        } else {
            out.extend_from_slice(&seg);
            out_added.extend_from_slice(&seg_added);
        }
        let mut k = 0;
        while k < out_added.len() {
            if out_added[k] {
                let e = (k..out_added.len())
                    .find(|&e| !out_added[e])
                    .unwrap_or(out_added.len());
                added.push(new_start + k..new_start + e);
                k = e;
            } else {
                k += 1;
            }
        }
        pos = span_end;
        moves.0.push((span_start..pos, new_start..out.len()));
        i = j;
    }
    out.extend_from_slice(&src[pos..]);
    let breaks = linebreak::breaks(&out, &added, indents_with_tabs(src));
    if !breaks.is_empty() {
        let mut next = Vec::with_capacity(out.len() + 16 * breaks.len());
        let mut at = 0;
        for (r, text) in breaks {
            next.extend_from_slice(&out[at..r.start]);
            let new_start = next.len();
            next.extend(text);
            moves.1.push((r.clone(), new_start..next.len()));
            at = r.end;
        }
        next.extend_from_slice(&out[at..]);
        out = next;
    }
    (out, conflicts, moves)
}

/// Whether the file indents with tabs (or has no indentation to go by).
fn indents_with_tabs(src: &[u8]) -> bool {
    let mut spaces = false;
    for l in src.split(|&b| b == b'\n') {
        match l.first() {
            Some(b'\t') => return true,
            Some(b' ') if l.iter().any(|b| !b.is_ascii_whitespace()) => spaces = true,
            _ => {}
        }
    }
    !spaces
}

fn trim_end(l: &[u8]) -> &[u8] {
    let n = l
        .iter()
        .rposition(|b| !matches!(b, b' ' | b'\t'))
        .map_or(0, |i| i + 1);
    &l[..n]
}

fn visual_col(line: &[u8]) -> usize {
    line.iter()
        .fold(0, |w, &b| if b == b'\t' { (w / 8 + 1) * 8 } else { w + 1 })
}

/// When an edit within a line makes it longer or shorter before a parenthesis
/// left open at the end of the line, the continuation lines aligned under that
/// parenthesis move with it (kernel style: tabs, then spaces).
pub fn realign_continuations(src: &[u8], edits: &[Edit]) -> Vec<Edit> {
    let mut out = Vec::new();
    for e in edits {
        if e.text.contains(&b'\n') || src[e.range.clone()].contains(&b'\n') {
            continue;
        }
        let delta = e.text.len() as isize - e.range.len() as isize;
        if delta == 0 {
            continue;
        }
        let ls = src[..e.range.start]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let le = src[e.range.end..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(src.len(), |i| e.range.end + i);
        // The innermost parenthesis after the edit still open at the end of the line.
        let mut open: Vec<usize> = Vec::new();
        for (i, &b) in src[e.range.end..le].iter().enumerate() {
            match b {
                b'(' => open.push(e.range.end + i),
                b')' => {
                    open.pop();
                }
                _ => {}
            }
        }
        let Some(&paren) = open.last() else { continue };
        let old_col = visual_col(&src[ls..=paren]);
        let new_col = (old_col as isize + delta).max(1) as usize;
        let mut prefix = vec![b'\t'; new_col / 8];
        prefix.extend(std::iter::repeat_n(b' ', new_col % 8));
        let mut pos = le + 1;
        while pos < src.len() {
            let end = src[pos..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(src.len(), |i| pos + i);
            let ws = src[pos..end]
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t'))
                .count();
            if ws == end - pos || visual_col(&src[pos..pos + ws]) != old_col {
                break;
            }
            if edits
                .iter()
                .any(|x| x.range.start < pos + ws && x.range.end > pos)
            {
                break;
            }
            out.push(Edit {
                range: pos..pos + ws,
                text: prefix.clone(),
            });
            // Stop once the parenthesis closes on this line.
            let line = &src[pos..end];
            let depth: isize = line
                .iter()
                .map(|&b| match b {
                    b'(' => 1,
                    b')' => -1,
                    _ => 0,
                })
                .sum();
            if depth < 0 {
                break;
            }
            pos = end + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(s: usize, t: usize, x: &str) -> Edit {
        Edit {
            range: s..t,
            text: x.as_bytes().to_vec(),
        }
    }

    #[test]
    fn replaces_and_drops_emptied_lines() {
        let src = b"a;\n\tfoo();\nb;\n";
        let (out, c) = apply(src, vec![e(4, 10, "")]);
        assert_eq!(String::from_utf8(out).unwrap(), "a;\nb;\n");
        assert!(c.is_empty());
        let (out, _) = apply(src, vec![e(4, 7, "bar")]);
        assert_eq!(String::from_utf8(out).unwrap(), "a;\n\tbar();\nb;\n");
    }

    #[test]
    fn removing_lines_between_blank_lines_leaves_one_blank_line() {
        let src = b"a;\n\n\tfoo();\n\nb;\n";
        let (out, _) = apply(src, vec![e(4, 11, "")]);
        assert_eq!(String::from_utf8(out).unwrap(), "a;\n\nb;\n");
    }

    #[test]
    fn matches_whose_edits_clash_are_both_left_out() {
        let groups = [
            vec![e(0, 2, "X"), e(8, 9, "C1")],
            vec![e(4, 6, "Y"), e(8, 9, "C2")],
            vec![e(10, 12, "Z")],
            vec![e(10, 12, "Z")],
        ];
        let groups: Vec<&[Edit]> = groups.iter().map(Vec::as_slice).collect();
        assert_eq!(clashing_groups(&groups), vec![true, true, false, false]);
    }

    #[test]
    fn identical_edits_count_once_and_overlaps_conflict() {
        let src = b"abcdef";
        let (out, c) = apply(src, vec![e(1, 3, "X"), e(1, 3, "X"), e(2, 4, "Y")]);
        assert_eq!(out, b"aXdef");
        assert_eq!(c, vec![Conflict { range: 2..4 }]);
    }
}
