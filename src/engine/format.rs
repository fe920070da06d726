//! Format strings, as spatch reads them: a C string with a `%` conversion
//! in it is a run of fragments, text and format descriptors (`2x` of
//! `%2x`). A string of the semantic patch with descriptors in it matches
//! fragment by fragment: text equal to whole text fragments (never part of
//! one), a descriptor equal to a descriptor, `%@d@` (a `format`
//! metavariable) any one descriptor, `%@l@` (a `format list`) a run of
//! fragments (as many descriptors as its length says, when it says), and
//! `...` any run. A string without descriptors is compared whole, as is a
//! C string with a `%` that is no conversion (not a format string).

use super::matcher::{Matcher, State, Then};
use crate::smpl::pattern::PNode;
use crate::smpl::{ListLen, MetaKind, Rule};
use tree_sitter::Node;

/// A fragment of a C format string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Frag {
    Text(Vec<u8>),
    /// A descriptor, without its `%`.
    Fmt(Vec<u8>),
}

/// A fragment of a format string of the semantic patch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PFrag {
    Text(Vec<u8>),
    Fmt(Vec<u8>),
    /// `...`: any run of fragments.
    Dots,
    /// `%@d@`: a `format` (one descriptor) or `format list` metavariable.
    Meta(usize),
}

/// The length of the conversion at the start of `s` (after its `%`):
/// flags, width, precision, length modifier, conversion character.
fn conversion_len(s: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < s.len() && b"-+ #0'".contains(&s[i]) {
        i += 1;
    }
    if s.get(i) == Some(&b'*') {
        i += 1;
    } else {
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
        }
    }
    if s.get(i) == Some(&b'.') {
        i += 1;
        if s.get(i) == Some(&b'*') {
            i += 1;
        } else {
            while i < s.len() && s[i].is_ascii_digit() {
                i += 1;
            }
        }
    }
    for m in [
        &b"hh"[..],
        b"ll",
        b"h",
        b"l",
        b"L",
        b"q",
        b"j",
        b"z",
        b"Z",
        b"t",
    ] {
        if s[i..].starts_with(m) {
            i += m.len();
            break;
        }
    }
    match s.get(i) {
        Some(c) if b"diouxXeEfFgGaAcspn".contains(c) => Some(i + 1),
        _ => None,
    }
}

/// The pieces of `body` between unpaired `%`s (`%%` is text): `None`
/// when there is no such `%`, or one ends the string.
fn pct_split(body: &[u8]) -> Option<Vec<&[u8]>> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < body.len() {
        if body[i] == b'%' {
            if body.get(i + 1) == Some(&b'%') {
                i += 2;
                continue;
            }
            if i + 1 == body.len() {
                return None;
            }
            pieces.push(&body[start..i]);
            start = i + 1;
        }
        i += 1;
    }
    pieces.push(&body[start..]);
    (pieces.len() > 1).then_some(pieces)
}

/// The prefix (`L`, `u8`, none) and the text between the quotes of a string
/// literal.
fn literal_parts(lit: &[u8]) -> Option<(&[u8], &[u8])> {
    let q = lit.iter().position(|&c| c == b'"')?;
    if lit.len() < q + 2 || lit.last() != Some(&b'"') {
        return None;
    }
    Some((&lit[..q], &lit[q + 1..lit.len() - 1]))
}

/// The fragments of a C string literal, when it is a format string.
pub fn c_fragments(lit: &[u8]) -> Option<(&[u8], Vec<Frag>)> {
    let (prefix, body) = literal_parts(lit)?;
    let pieces = pct_split(body)?;
    let mut out = Vec::new();
    if !pieces[0].is_empty() {
        out.push(Frag::Text(pieces[0].to_vec()));
    }
    for p in &pieces[1..] {
        let n = conversion_len(p)?;
        out.push(Frag::Fmt(p[..n].to_vec()));
        if n < p.len() {
            out.push(Frag::Text(p[n..].to_vec()));
        }
    }
    Some((prefix, out))
}

/// The `format`/`format list` metavariable named by `@name@` at the start of
/// `p`, and the length of that reference.
fn meta_ref(rule: &Rule, p: &[u8]) -> Option<(usize, usize)> {
    let rest = p.strip_prefix(b"@")?;
    let end = rest.iter().position(|&c| c == b'@')?;
    let name = std::str::from_utf8(&rest[..end]).ok()?;
    let m = rule.metavar(name)?;
    matches!(
        rule.metavars[m].kind,
        MetaKind::Format | MetaKind::FormatList
    )
    .then_some((m, end + 2))
}

/// Text of the semantic patch, with `...` standing for any fragments.
fn push_text(out: &mut Vec<PFrag>, text: &[u8]) {
    let mut rest = text;
    while let Some(i) = rest.windows(3).position(|w| w == b"...") {
        if i > 0 {
            out.push(PFrag::Text(rest[..i].to_vec()));
        }
        out.push(PFrag::Dots);
        rest = &rest[i + 3..];
    }
    if !rest.is_empty() {
        out.push(PFrag::Text(rest.to_vec()));
    }
}

/// The fragments of a string literal of the semantic patch, when it is a
/// format string (it has a descriptor or a `%@d@`).
pub fn pattern_fragments<'a>(rule: &Rule, lit: &'a [u8]) -> Option<(&'a [u8], Vec<PFrag>)> {
    let (prefix, body) = literal_parts(lit)?;
    let pieces = pct_split(body)?;
    let mut out = Vec::new();
    push_text(&mut out, pieces[0]);
    for p in &pieces[1..] {
        let (frag, n) = match meta_ref(rule, p) {
            Some((m, n)) => (PFrag::Meta(m), n),
            None => {
                let n = conversion_len(p)?;
                (PFrag::Fmt(p[..n].to_vec()), n)
            }
        };
        out.push(frag);
        push_text(&mut out, &p[n..]);
    }
    Some((prefix, out))
}

/// The text of a run of fragments, as written in the string.
pub fn frags_text(frags: &[Frag]) -> Vec<u8> {
    let mut out = Vec::new();
    for f in frags {
        match f {
            Frag::Text(t) => out.extend_from_slice(t),
            Frag::Fmt(d) => {
                out.push(b'%');
                out.extend_from_slice(d);
            }
        }
    }
    out
}

/// How many descriptors a `format list` binding of `run` counts.
pub fn descriptors(run: &[Frag]) -> usize {
    run.iter().filter(|f| matches!(f, Frag::Fmt(_))).count()
}

/// Added code: `%@d@` in a string of added code becomes what `d` was
/// bound to (`%` and the descriptor; a list's text as it was).
pub fn substitute(
    rule: &Rule,
    text: &str,
    bound: impl Fn(usize) -> Option<Vec<u8>>,
) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    if !bytes.contains(&b'"') || !text.contains("%@") {
        return None;
    }
    let mut out = Vec::new();
    let mut i = 0;
    let mut changed = false;
    while i < bytes.len() {
        if bytes[i] == b'%' && bytes.get(i + 1) == Some(&b'%') {
            out.extend_from_slice(b"%%");
            i += 2;
            continue;
        }
        if bytes[i] == b'%' {
            if let Some((m, n)) = meta_ref(rule, &bytes[i + 1..]) {
                if let Some(b) = bound(m) {
                    if rule.metavars[m].kind == MetaKind::Format {
                        out.push(b'%');
                    }
                    out.extend_from_slice(&b);
                    i += 1 + n;
                    changed = true;
                    continue;
                }
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    changed.then_some(out)
}

impl Matcher<'_> {
    /// Matches the string literal `p` of the semantic patch against `s`
    /// when `p` is a format string: `None` when it is not (it is then
    /// compared whole).
    pub(crate) fn format_string(
        &self,
        p: &PNode,
        s: Node,
        st: &mut State,
        k: Then,
    ) -> Option<bool> {
        let (pprefix, pf) = pattern_fragments(self.rule, &p.text)?;
        let src = &self.text[s.start_byte()..s.end_byte()];
        let ok = s.kind() == "string_literal"
            && c_fragments(src).is_some_and(|(cprefix, cf)| {
                cprefix == pprefix
                    && self.frags(&pf, &cf, st, &mut |st: &mut State| {
                        self.record(p, s.start_byte()..s.end_byte(), st);
                        k(st)
                    })
            });
        Some(ok)
    }

    /// Every way the fragments `pf` match `cf`, each handed to `k`.
    fn frags(&self, pf: &[PFrag], cf: &[Frag], st: &mut State, k: Then) -> bool {
        let Some((first, prest)) = pf.split_first() else {
            return cf.is_empty() && k(st);
        };
        match first {
            PFrag::Text(t) => {
                matches!(cf.first(), Some(Frag::Text(c)) if c == t)
                    && self.frags(prest, &cf[1..], st, k)
            }
            PFrag::Fmt(d) => {
                matches!(cf.first(), Some(Frag::Fmt(c)) if c == d)
                    && self.frags(prest, &cf[1..], st, k)
            }
            PFrag::Dots => (0..=cf.len()).any(|n| {
                let saved = st.clone();
                let ok = self.frags(prest, &cf[n..], st, &mut *k);
                if !ok {
                    *st = saved;
                }
                ok
            }),
            PFrag::Meta(m) if self.rule.metavars[*m].kind == MetaKind::Format => {
                let Some(Frag::Fmt(c)) = cf.first() else {
                    return false;
                };
                let saved = st.clone();
                let ok = self.bind_text(*m, c, st) && self.frags(prest, &cf[1..], st, k);
                if !ok {
                    *st = saved;
                }
                ok
            }
            PFrag::Meta(m) => (1..=cf.len()).any(|n| {
                let run = &cf[..n];
                let saved = st.clone();
                let count = descriptors(run);
                let len_ok = match &self.rule.metavars[*m].len {
                    None => true,
                    Some(ListLen::Fixed(want)) => *want == count,
                    Some(ListLen::Meta(name)) => self
                        .rule
                        .metavar(name)
                        .is_some_and(|lm| self.bind_text(lm, count.to_string().as_bytes(), st)),
                };
                let ok = len_ok
                    && self.bind_text(*m, &frags_text(run), st)
                    && self.frags(prest, &cf[n..], st, &mut *k);
                if !ok {
                    *st = saved;
                }
                ok
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_c_strings() {
        let (_, f) = c_fragments(br#""a %5d b %-08.3f%%c""#).unwrap();
        assert_eq!(
            f,
            vec![
                Frag::Text(b"a ".to_vec()),
                Frag::Fmt(b"5d".to_vec()),
                Frag::Text(b" b ".to_vec()),
                Frag::Fmt(b"-08.3f".to_vec()),
                Frag::Text(b"%%c".to_vec()),
            ]
        );
        assert!(c_fragments(br#""no format""#).is_none());
        assert!(c_fragments(br#""100%%""#).is_none());
        assert!(c_fragments(br#""bad %y""#).is_none());
        assert!(c_fragments(br#""ends %""#).is_none());
    }
}
