//! Isomorphisms applied by rewriting a rule's pattern.
//!
//! Where part of a compiled pattern is written as an Expression entry's
//! first form (`unlikely(E)`), the rule also gets the pattern with that part
//! written as each other form (`likely(E)`, `E`), as if it had written
//! `\( unlikely(E) \| likely(E) \| E \)` there: the new token lists are
//! compiled like the rule's own disjunction branches and follow the
//! branch they come from. The names the matcher applies itself ([`NATIVE`])
//! are left to it.
//!
//! Soundness first: a part is rewritten only where the rule's tokens there
//! are all context or all removed, carry no added code and no position
//! (except inside what a metavariable of the entry binds); otherwise, and
//! past [`MAX_VARIANTS`], the entry is not applied there (a miss, never a
//! wrong match).

use super::body::{BTok, Mark};
use super::iso::{Iso, IsoKind};
use super::pattern::{PNode, PatKind, Pattern, Role};
use super::{Diagnostic, MetaKind, Metavar, RuleBody};
use std::sync::Arc;

/// The entries of the default set the matcher applies itself.
pub const NATIVE: &[&str] = &[
    "drop_cast",
    "not_ptr1",
    "not_ptr2",
    "commeq",
    "commneq",
    "is_null",
    "isnt_null1",
    "bitor_comm",
    "bitand_comm",
    "plus_comm",
    "mult_comm",
    "for_inc",
    "paren",
    "zero_multiple_format",
    "neg_if",
    "ne_if",
    "drop_else",
    "decl_init",
    "braces0",
    "braces1",
    "braces2",
    "braces3",
    "braces4",
];

/// How many rewritten patterns one branch of a rule may get from one
/// entry; past it the entry is not applied to that branch.
pub const MAX_VARIANTS: usize = 32;

/// An entry that rewriting can apply: its forms compiled as patterns over
/// its metavariables (every form's `Role::Meta(i)` is `metas[i]`).
#[derive(Debug)]
pub struct Generic {
    pub name: String,
    forms: Vec<Pattern>,
    metas: Vec<Metavar>,
    both_ways: bool,
}

/// Compiles `iso` for rewriting, or `None` when rewriting cannot apply it
/// (not an Expression entry, one the matcher applies, a form that is not
/// one expression, metavariables of other kinds than expression,
/// identifier, constant and type, or a form naming one the first does not
/// bind).
/// An entry that does not read as SmPL is an error at its place.
pub fn compile(
    iso: &Iso,
    hints: &Arc<crate::c::hints::Hints>,
) -> Result<Option<Generic>, Diagnostic> {
    if iso.kind != IsoKind::Expression || NATIVE.contains(&iso.name.as_str()) {
        return Ok(None);
    }
    let mut forms = Vec::new();
    let mut metas = Vec::new();
    for f in &iso.forms {
        let text = synthetic(iso, f);
        let sp = super::header::parse_file(&iso.file, &text, hints.clone(), &[])?;
        let Some(rule) = sp.rules.into_iter().next() else {
            return Ok(None);
        };
        let RuleBody::Code(mut pats) = rule.body else {
            return Ok(None);
        };
        if pats.len() != 1 || pats[0].kind != PatKind::Expr || pats[0].roots.len() != 1 {
            return Ok(None);
        }
        if rule.metavars.iter().any(|m| {
            !matches!(
                m.kind,
                MetaKind::Expression | MetaKind::Identifier | MetaKind::Constant | MetaKind::Type
            ) || m.ty.is_some()
        }) {
            return Ok(None);
        }
        metas = rule.metavars;
        forms.push(pats.remove(0));
    }
    // Every metavariable of a later form must be bound by the first.
    let mut bound = Vec::new();
    metas_of(&forms[0].roots[0], &mut bound);
    for f in &forms[1..] {
        let mut used = Vec::new();
        metas_of(&f.roots[0], &mut used);
        if used.iter().any(|u| !bound.contains(u)) {
            return Ok(None);
        }
    }
    Ok(Some(Generic {
        name: iso.name.clone(),
        forms,
        metas,
        both_ways: iso.both_ways,
    }))
}

/// The text of a one-rule semantic patch matching form `f` of `iso`, laid
/// out so that its lines and columns are the `.iso` file's (errors point
/// there). Isomorphisms are off in it; `pure` and `context` (which say how
/// Coccinelle may use a metavariable of the entry) are dropped.
fn synthetic(iso: &Iso, f: &super::iso::Form) -> String {
    let mut s = String::new();
    let header = iso.decls_line.saturating_sub(1).max(1);
    for _ in 1..header {
        s.push('\n');
    }
    s.push_str("@ disable all @\n");
    let mut line = header + 1;
    for l in iso.decls.lines() {
        let t = l.trim_start();
        let t = t.strip_prefix("pure ").map_or(t, str::trim_start);
        let t = t.strip_prefix("context ").map_or(t, str::trim_start);
        s.push_str(t);
        s.push('\n');
        line += 1;
    }
    s.push_str("@@\n");
    line += 1;
    while line < f.line {
        s.push('\n');
        line += 1;
    }
    s.push_str(&" ".repeat(f.col.saturating_sub(1).max(1)));
    s.push_str(&f.text);
    s.push('\n');
    s
}

fn metas_of(p: &PNode, out: &mut Vec<usize>) {
    if let Role::Meta(i) = p.role {
        out.push(i);
    }
    for c in &p.children {
        metas_of(c, out);
    }
}

/// The expression node a form's root stands for (below wrappers of one
/// child).
fn core(p: &PNode) -> &PNode {
    let mut n = p;
    while !n.is_leaf() && n.children.len() == 1 && n.kind.ends_with("statement") {
        n = &n.children[0];
    }
    n
}

/// Matches form node `f` against rule node `r`, binding the form's
/// metavariables to rule nodes. Purely structural.
fn pmatch<'r>(
    f: &PNode,
    r: &'r PNode,
    g: &Generic,
    rm: &[Metavar],
    binds: &mut Vec<Option<&'r PNode>>,
) -> bool {
    match f.role {
        Role::Meta(i) => {
            if !fits(g.metas[i].kind, r, rm) {
                return false;
            }
            match binds[i] {
                Some(b) => same(b, r),
                None => {
                    binds[i] = Some(r);
                    true
                }
            }
        }
        Role::Code => {
            r.role == Role::Code
                && f.kind == r.kind
                && f.text == r.text
                && f.children.len() == r.children.len()
                && f.children
                    .iter()
                    .zip(&r.children)
                    .all(|(a, b)| pmatch(a, b, g, rm, binds))
        }
        _ => false,
    }
}

/// Whether rule node `r` can be bound by an entry's metavariable of `kind`.
fn fits(kind: MetaKind, r: &PNode, rm: &[Metavar]) -> bool {
    if let Role::Meta(j) = r.role {
        let k = rm.get(j).map(|m| m.kind);
        return match kind {
            MetaKind::Expression => matches!(
                k,
                Some(MetaKind::Expression | MetaKind::Identifier | MetaKind::Constant)
            ),
            _ => k == Some(kind),
        };
    }
    if r.role != Role::Code {
        return false;
    }
    if kind != MetaKind::Type && !crate::c::is_expression_kind(r.kind) {
        return false;
    }
    if kind == MetaKind::Type {
        return matches!(
            r.kind,
            "type_descriptor" | "primitive_type" | "type_identifier" | "sized_type_specifier"
        );
    }
    match kind {
        MetaKind::Expression => true,
        MetaKind::Identifier => r.kind == "identifier",
        MetaKind::Constant => matches!(r.kind, "number_literal" | "char_literal"),
        _ => false,
    }
}

/// Structural equality of two rule nodes.
fn same(a: &PNode, b: &PNode) -> bool {
    a.kind == b.kind
        && a.role == b.role
        && a.text == b.text
        && a.children.len() == b.children.len()
        && a.children.iter().zip(&b.children).all(|(x, y)| same(x, y))
}

/// One place of a branch an entry rewrites: the branch's token range and
/// the rule nodes the entry's metavariables bound there.
struct Site<'r> {
    range: (usize, usize),
    binds: Vec<Option<&'r PNode>>,
}

/// The index in `alt` of the minus or context token `t` of the compiled
/// pattern (found by its place in the `.cocci` file).
fn alt_index(alt: &[BTok], t: &BTok) -> Option<usize> {
    alt.iter().position(|a| {
        a.mark != Mark::Plus && a.line == t.line && a.col == t.col && a.text == t.text
    })
}

/// The token range of `alt` a rule node covers.
fn range_of(alt: &[BTok], pat: &Pattern, n: &PNode) -> Option<(usize, usize)> {
    let mut toks = Vec::new();
    leaves(n, &mut toks);
    let (lo, hi) = (*toks.iter().min()?, *toks.iter().max()?);
    let a = alt_index(alt, pat.toks.get(lo)?)?;
    let b = alt_index(alt, pat.toks.get(hi)?)?;
    (a <= b).then_some((a, b))
}

fn leaves(p: &PNode, out: &mut Vec<usize>) {
    if let (Some(t), true) = (p.tok, p.is_leaf()) {
        out.push(t);
    }
    for c in &p.children {
        leaves(c, out);
    }
}

/// The places of `alt` (compiled as `pat`) where `g`'s form `from` is
/// written, outermost first, not overlapping.
fn sites<'r>(
    alt: &[BTok],
    pat: &'r Pattern,
    g: &Generic,
    from: usize,
    rm: &[Metavar],
) -> Vec<Site<'r>> {
    let form = core(&g.forms[from].roots[0]);
    let mut out: Vec<Site> = Vec::new();
    let mut stack: Vec<&PNode> = pat.roots.iter().rev().collect();
    while let Some(n) = stack.pop() {
        let mut binds = vec![None; g.metas.len()];
        if pmatch(form, n, g, rm, &mut binds) {
            if let Some(range) = range_of(alt, pat, n) {
                if rewritable(alt, pat, range, &binds) {
                    out.push(Site { range, binds });
                }
            }
            continue;
        }
        stack.extend(n.children.iter().rev());
    }
    out
}

/// Whether the tokens `range` of `alt` may be rewritten: one mark, nothing
/// added among them, no position outside what the metavariables bound.
fn rewritable(
    alt: &[BTok],
    pat: &Pattern,
    range: (usize, usize),
    binds: &[Option<&PNode>],
) -> bool {
    let slice = &alt[range.0..=range.1];
    let first = &slice[0];
    if slice
        .iter()
        .any(|t| t.mark == Mark::Plus || t.mark != first.mark || t.star != first.star || t.kept)
    {
        return false;
    }
    let bound: Vec<(usize, usize)> = binds
        .iter()
        .flatten()
        .filter_map(|b| range_of(alt, pat, b))
        .collect();
    (range.0..=range.1)
        .all(|k| alt[k].positions.is_empty() || bound.iter().any(|&(a, b)| a <= k && k <= b))
}

/// Node kinds that need no parentheses where an operand goes.
fn primary(n: &PNode) -> bool {
    n.is_leaf()
        || matches!(
            n.kind,
            "call_expression"
                | "field_expression"
                | "subscript_expression"
                | "parenthesized_expression"
        )
}

/// The tokens of form `to` written in place of `site`, as the site's own
/// tokens (its mark, its place); `None` when a word of the form is a
/// metavariable of the rule.
fn rewrite(
    alt: &[BTok],
    pat: &Pattern,
    g: &Generic,
    to: usize,
    site: &Site,
    rule_metas: &[Metavar],
) -> Option<Vec<BTok>> {
    let first = &alt[site.range.0];
    // A token of the form, as the site's own (its mark, its place); at the
    // place of the token before it, so that the tokens stay in the file's
    // order (pairing `-` with `+` lines reads it).
    let push_new = |out: &mut Vec<BTok>, text: &str, is_ident: bool, space_before: bool| {
        let (line, col) = out
            .last()
            .map_or((first.line, first.col), |p| (p.line, p.col));
        out.push(BTok {
            text: text.to_string(),
            is_ident,
            space_before,
            line,
            col,
            positions: Vec::new(),
            first_on_line: false,
            last_on_line: false,
            kept: false,
            ..first.clone()
        });
    };
    let mut out: Vec<BTok> = Vec::new();
    for t in &g.forms[to].toks {
        let meta = g.metas.iter().position(|m| t.is_ident && m.name == t.text);
        match meta.and_then(|i| site.binds[i]) {
            Some(b) => {
                let (lo, hi) = range_of(alt, pat, b)?;
                let paren = !primary(b);
                if paren {
                    push_new(&mut out, "(", false, t.space_before);
                }
                out.extend(alt[lo..=hi].iter().cloned());
                if paren {
                    push_new(&mut out, ")", false, false);
                }
            }
            None if meta.is_some() => return None,
            None => {
                if t.is_ident && rule_metas.iter().any(|m| m.name == t.text) {
                    return None;
                }
                push_new(&mut out, &t.text, t.is_ident, t.space_before);
            }
        }
    }
    let last = &alt[site.range.1];
    if let Some(o) = out.first_mut() {
        o.first_on_line = first.first_on_line;
        o.space_before = first.space_before;
    }
    if let Some(o) = out.last_mut() {
        o.last_on_line = last.last_on_line;
    }
    Some(out)
}

/// The branches `g` adds to branch `alt` (compiled as `pat`): every choice,
/// at each place written as a form, of that form or another it stands
/// for, except keeping them all; none past [`MAX_VARIANTS`].
pub fn variants(
    alt: &[BTok],
    pat: &Pattern,
    g: &Generic,
    rule_metas: &[Metavar],
) -> Vec<Vec<BTok>> {
    let sources: Vec<usize> = if g.both_ways {
        (0..g.forms.len()).collect()
    } else {
        vec![0]
    };
    // Each place with the forms it may become.
    let mut places: Vec<(Site, Vec<Vec<BTok>>)> = Vec::new();
    for from in sources {
        for site in sites(alt, pat, g, from, rule_metas) {
            if places
                .iter()
                .any(|(s, _)| s.range.0 <= site.range.1 && site.range.0 <= s.range.1)
            {
                continue;
            }
            // A whole pattern rewritten to a lone metavariable would match
            // every expression (spatch fails on such rules): not done.
            let whole = alt
                .iter()
                .enumerate()
                .all(|(k, t)| t.mark == Mark::Plus || (site.range.0..=site.range.1).contains(&k));
            let outs: Vec<Vec<BTok>> = (0..g.forms.len())
                .filter(|&to| to != from)
                .filter(|&to| !(whole && core(&g.forms[to].roots[0]).sole_leaf().is_some()))
                .filter_map(|to| rewrite(alt, pat, g, to, &site, rule_metas))
                .collect();
            if !outs.is_empty() {
                places.push((site, outs));
            }
        }
    }
    places.sort_by_key(|(s, _)| s.range.0);
    let total = places
        .iter()
        .try_fold(1usize, |acc, (_, o)| acc.checked_mul(o.len() + 1));
    if places.is_empty() || total.is_none_or(|t| t - 1 > MAX_VARIANTS) {
        return Vec::new();
    }
    // Every choice (0 keeps the place as written), the first place varying slowest.
    let mut out = Vec::new();
    let mut choice = vec![0usize; places.len()];
    loop {
        let mut k = places.len();
        loop {
            if k == 0 {
                return out;
            }
            k -= 1;
            choice[k] += 1;
            if choice[k] <= places[k].1.len() {
                break;
            }
            choice[k] = 0;
        }
        let mut toks = Vec::new();
        let mut at = 0;
        for ((site, outs), &c) in places.iter().zip(&choice) {
            if c == 0 {
                continue;
            }
            toks.extend(alt[at..site.range.0].iter().cloned());
            toks.extend(outs[c - 1].iter().cloned());
            at = site.range.1 + 1;
        }
        toks.extend(alt[at..].iter().cloned());
        out.push(toks);
    }
}
