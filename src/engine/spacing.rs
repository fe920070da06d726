//! The spacing of added code within a line, as spatch prints it: spatch
//! pretty-prints `+` code (and the code metavariables bring into it) from its
//! syntax, so `f(1,2)` comes out `f(1, 2)`, `x-y` as `x - y`, `!! x` as `!!x`.
//! Where the tokens alone cannot tell how C reads them (`a * b` against the
//! type `foo *p` in the semantic patch's own code), the spacing written in the
//! semantic patch is kept.

use crate::c::lex;

/// One token of an added line.
#[derive(Clone, Debug)]
pub struct Atom {
    pub text: Vec<u8>,
    /// White space was written before it (in the semantic patch, or in the
    /// code a metavariable bound).
    pub space: bool,
    /// From code a metavariable bound as an expression: `x * y` there is a
    /// product, never a declaration.
    pub in_expression: bool,
    /// Printed as it came, with the spacing written around it (a type, a
    /// statement, a comment, anything not one C token).
    pub verbatim: bool,
}

/// The tokens of `text`, bound by an expression metavariable, as atoms; `None`
/// when it is not plain code (comments, directives).
pub fn expression_atoms(text: &[u8], space_before: bool) -> Option<Vec<Atom>> {
    // (Line breaks in it go: spatch prints the expression anew, on one
    // line, and breaks it again only where it grows too long.)
    if text.contains(&b'#') || has_comment(text) {
        return None;
    }
    let toks = lex::tokenize(text);
    let mut out = Vec::with_capacity(toks.len());
    let mut prev_end = None;
    for t in toks {
        let space = match prev_end {
            None => space_before,
            Some(e) => text[e..t.start].iter().any(|b| b.is_ascii_whitespace()),
        };
        out.push(Atom {
            text: text[t.start..t.end].to_vec(),
            space,
            in_expression: true,
            verbatim: false,
        });
        prev_end = Some(t.end);
    }
    // Anything the lexer did not take (stray bytes) keeps the text as it was.
    let mut at = 0;
    for t in lex::tokenize(text) {
        if !text[at..t.start].iter().all(|b| b.is_ascii_whitespace()) {
            return None;
        }
        at = t.end;
    }
    text[at..]
        .iter()
        .all(|b| b.is_ascii_whitespace())
        .then_some(out)
}

fn has_comment(text: &[u8]) -> bool {
    text.windows(2).any(|w| w == b"/*" || w == b"//")
}

const KEYWORDS_BEFORE_PAREN: &[&[u8]] = &[b"if", b"while", b"for", b"switch", b"return"];
const NOT_OPERANDS: &[&[u8]] = &[
    b"return", b"case", b"sizeof", b"else", b"do", b"goto", b"typeof", b"if", b"while", b"for",
    b"switch",
];
const BINARY_ONLY: &[&[u8]] = &[
    b"==", b"!=", b"<=", b">=", b"&&", b"||", b"=", b"+=", b"-=", b"*=", b"/=", b"%=", b"&=",
    b"|=", b"^=", b"<<=", b">>=", b"<<", b">>", b"/", b"%", b"|", b"^", b"<", b">", b"?",
];

fn is_word(t: &[u8]) -> bool {
    t.first().is_some_and(|&b| lex::is_ident_start(b))
}

/// Whether the atom ends an operand, so that an operator after it is binary.
fn ends_operand(a: &Atom) -> bool {
    let t = a.text.as_slice();
    (is_word(t) && !NOT_OPERANDS.contains(&t))
        || t.first()
            .is_some_and(|b| b.is_ascii_digit() || *b == b'"' || *b == b'\'')
        || matches!(t, b")" | b"]")
}

/// How an operator atom at `i` reads: `Some(true)` binary, `Some(false)`
/// unary (prefix), `None` when the tokens cannot tell.
fn binary_at(atoms: &[Atom], i: usize) -> Option<bool> {
    let t = atoms[i].text.as_slice();
    let prev = i.checked_sub(1).map(|p| &atoms[p]);
    match t {
        _ if BINARY_ONLY.contains(&t) => Some(true),
        b"!" | b"~" => Some(false),
        b"-" | b"+" | b"&" | b"*" => match prev {
            // First of the added code: it may go on an expression of the
            // context (`E` then `+ * 1000`); as written.
            None => None,
            Some(p) if p.verbatim => None,
            Some(p) if !ends_operand(p) => Some(false),
            // After a name, `*` is a product only in bound expression code
            // (`foo *p` in the semantic patch may be a declaration).
            Some(p) if t == b"*" && is_word(&p.text) && !p.in_expression => None,
            Some(_) => Some(true),
        },
        _ => None,
    }
}

/// Whether a space goes between atoms `i - 1` and `i`.
fn space_between(atoms: &[Atom], i: usize) -> bool {
    let (a, b) = (&atoms[i - 1], &atoms[i]);
    if a.verbatim || b.verbatim {
        return b.space;
    }
    rule_between(atoms, i).unwrap_or(b.space)
}

/// What spatch's printing says about a space between atoms `i - 1` and `i`;
/// `None` when it depends on what the tokens do not show.
fn rule_between(atoms: &[Atom], i: usize) -> Option<bool> {
    rule_between_inner(atoms, i, &atoms[i - 1].text, &atoms[i].text)
}

fn rule_between_inner(atoms: &[Atom], i: usize, at: &[u8], bt: &[u8]) -> Option<bool> {
    let a = &atoms[i - 1];
    // A designator after a comma (`.a = 1, .b = 2`).
    if at == b"," && bt == b"." {
        return Some(true);
    }
    // A bit width's `:` goes against the name and the width (`u8 a:2;`).
    if (at == b":" || bt == b":") && is_bit_width(atoms, i) {
        return Some(false);
    }
    if matches!(bt, b"," | b";" | b")" | b"]" | b"[" | b"." | b"->") {
        return Some(false);
    }
    if matches!(at, b"(" | b"[" | b"." | b"->") {
        return Some(false);
    }
    if matches!(at, b"," | b";") {
        return Some(true);
    }
    if matches!(bt, b"++" | b"--") && ends_operand(a) {
        return Some(false);
    }
    if matches!(at, b"++" | b"--") {
        let postfix = i >= 2 && ends_operand(&atoms[i - 2]);
        if !postfix {
            return Some(false);
        }
    }
    if let Some(binary) = binary_at(atoms, i - 1) {
        return Some(binary);
    }
    if let Some(true) = binary_at(atoms, i) {
        return Some(true);
    }
    if bt == b"{" && at != b"(" {
        return Some(true);
    }
    if bt == b"(" {
        if KEYWORDS_BEFORE_PAREN.contains(&at) {
            return Some(true);
        }
        if is_word(at) || at == b"]" {
            return Some(false);
        }
    }
    None
}

/// Whether the `:` at `i - 1` or `i` gives a bit width: no `?` before it
/// claims it, a type and a name come before it (not a label's name
/// alone), and the line is no `case` or `default` label.
fn is_bit_width(atoms: &[Atom], i: usize) -> bool {
    let first = atoms.first().map(|a| a.text.as_slice());
    let colon = if atoms[i].text == b":" { i } else { i - 1 };
    colon >= 2
        && !matches!(first, Some(b"case" | b"default"))
        && !atoms[..i].iter().any(|a| a.text == b"?")
        && atoms.last().is_some_and(|a| a.text == b";")
}

/// Whether spatch prints a space between the C tokens `a` and `b` when it
/// prints them anew (`prev`: the token before `a`, when known); `None`
/// when the tokens alone do not tell.
pub fn space_between_tokens(prev: Option<&[u8]>, a: &[u8], b: &[u8]) -> Option<bool> {
    let atom = |t: &[u8]| Atom {
        text: t.to_vec(),
        space: false,
        in_expression: false,
        verbatim: false,
    };
    let atoms: Vec<Atom> = prev.into_iter().chain([a, b]).map(atom).collect();
    rule_between(&atoms, atoms.len() - 1)
}

/// Plain atoms for the C tokens of `text` (its own spacing kept as written).
fn plain_atoms(text: &[u8]) -> Vec<Atom> {
    let toks = lex::tokenize(text);
    let mut out = Vec::with_capacity(toks.len());
    let mut prev_end = 0;
    for t in toks {
        out.push(Atom {
            text: text[t.start..t.end].to_vec(),
            space: text[prev_end..t.start]
                .iter()
                .any(|b| b.is_ascii_whitespace()),
            in_expression: false,
            verbatim: false,
        });
        prev_end = t.end;
    }
    out
}

/// The atoms of `before` and `after` in a row, and where `after` starts;
/// `None` when either is empty or holds a comment.
fn junction(before: &[u8], after: &[u8]) -> Option<(Vec<Atom>, usize)> {
    if has_comment(before) || has_comment(after) {
        return None;
    }
    let mut atoms = plain_atoms(before);
    let cut = atoms.len();
    let next = plain_atoms(after);
    if cut == 0 || next.is_empty() {
        return None;
    }
    atoms.extend(next);
    Some((atoms, cut))
}

/// Whether a space goes between source code `before` and added code `added`
/// glued to it: spatch prints the added tokens with its own spacing (a space
/// before a binary operator, none before `,` or `)`), and the source's as
/// they were. `None` when the added code does not say.
pub fn lead_space(before: &[u8], added: &[u8]) -> Option<bool> {
    let (atoms, cut) = junction(before, added)?;
    match atoms[cut].text.as_slice() {
        b"," | b";" | b")" | b"]" | b"[" | b"." | b"->" => Some(false),
        _ => binary_at(&atoms, cut).filter(|&b| b),
    }
}

/// Whether a space goes between added code `added` and source code `after`
/// glued to it; `None` when the added code does not say.
pub fn trail_space(added: &[u8], after: &[u8]) -> Option<bool> {
    let (atoms, cut) = junction(added, after)?;
    match atoms[cut - 1].text.as_slice() {
        b"(" | b"[" | b"." | b"->" | b"!" | b"~" => Some(false),
        // spatch prints a space after the commas it adds: `f(0,e)` with
        // `12,` added before `e` is `f(0,12, e)`.
        b"," if !matches!(atoms[cut].text.as_slice(), b")" | b"]" | b"}" | b",") => Some(true),
        _ => binary_at(&atoms, cut - 1),
    }
}

/// How tightly the binary operator `t` binds (C's table, higher is
/// tighter); `None` for anything else.
fn binary_precedence(t: &[u8]) -> Option<u8> {
    Some(match t {
        b"," => 1,
        b"=" | b"+=" | b"-=" | b"*=" | b"/=" | b"%=" | b"&=" | b"|=" | b"^=" | b"<<=" | b">>=" => 2,
        b"?" | b":" => 3,
        b"||" => 4,
        b"&&" => 5,
        b"|" => 6,
        b"^" => 7,
        b"&" => 8,
        b"==" | b"!=" => 9,
        b"<" | b">" | b"<=" | b">=" => 10,
        b"<<" | b">>" => 11,
        b"+" | b"-" => 12,
        b"*" | b"/" | b"%" => 13,
        _ => return None,
    })
}

const UNARY: u8 = 14;
const POSTFIX: u8 = 15;

/// How loosely the expression of `atoms` holds together: the precedence of
/// its loosest operator outside parentheses (`UNARY` when it starts with a
/// prefix operator or a cast, `POSTFIX` for a primary or postfix expression).
fn loosest(atoms: &[Atom]) -> u8 {
    let mut depth = 0i32;
    let mut level = POSTFIX;
    for (i, a) in atoms.iter().enumerate() {
        match a.text.as_slice() {
            b"(" | b"[" | b"{" => depth += 1,
            b")" | b"]" | b"}" => depth -= 1,
            t if depth == 0 => {
                let binary = match t {
                    b"-" | b"+" | b"&" | b"*" => i > 0 && ends_operand(&atoms[i - 1]),
                    _ => binary_precedence(t).is_some(),
                };
                if binary {
                    level = level.min(binary_precedence(t).unwrap_or(POSTFIX));
                } else if i == 0
                    && matches!(
                        t,
                        b"-" | b"+" | b"&" | b"*" | b"!" | b"~" | b"++" | b"--" | b"sizeof"
                    )
                {
                    level = level.min(UNARY);
                }
            }
            _ => {}
        }
    }
    if level == POSTFIX && atoms.first().is_some_and(|a| a.text == b"(") {
        // `(T)x` or `(a)(b)`: a cast binds like a prefix operator.
        let close = matching_close(atoms, 0);
        if close.is_some_and(|c| {
            c + 1 < atoms.len() && atoms[c + 1].text != b"(" && atoms[c + 1].text != b"["
        }) {
            level = UNARY;
        }
    }
    level
}

fn matching_close(atoms: &[Atom], open: usize) -> Option<usize> {
    let mut depth = 0i32;
    for (k, a) in atoms.iter().enumerate().skip(open) {
        match a.text.as_slice() {
            b"(" | b"[" => depth += 1,
            b")" | b"]" => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether the expression atoms `group` of `line` (code a metavariable
/// bound) need parentheses where they stand: spatch adds them where C would
/// otherwise read the code differently (`E * 2` with `x - y` for `E` is
/// `(x - y) * 2`).
pub fn needs_parens(line: &[Atom], group: std::ops::Range<usize>) -> bool {
    if group.is_empty() {
        return false;
    }
    let level = loosest(&line[group.clone()]);
    if level == POSTFIX {
        return false;
    }
    let left = group.start.checked_sub(1).map(|k| &line[k]);
    let right = line.get(group.end);
    let left_needs = left.is_some_and(|l| {
        let t = l.text.as_slice();
        match binary_at(line, group.start - 1) {
            // `!*p` reads as it should; `!x - y` does not.
            Some(false) => level < UNARY,
            Some(true) => binary_precedence(t).is_some_and(|p| level < p || (level == p && p != 2)),
            None => match t {
                // A call's argument or an element: only a comma expression.
                b"(" | b"," | b"[" => level == 1 && t != b"[",
                b"++" | b"--" => true,
                b"*" | b"&" | b"-" | b"+" => false,
                _ => false,
            },
        }
    });
    let right_needs = right.is_some_and(|r| {
        let t = r.text.as_slice();
        match t {
            b"[" | b"." | b"->" | b"++" | b"--" | b"(" => true,
            b"," => level == 1,
            _ => binary_precedence(t).is_some_and(|p| level < p || (level == p && p == 2)),
        }
    });
    left_needs || right_needs
}

/// Whether added code `body`, put in place of source code between `before`
/// and `after` (the rest of their lines), needs parentheses to be read as one
/// expression there: `2 * foo(x)` with `foo(E)` replaced by `E + 1` must be
/// `2 * (x + 1)`. (spatch 1.1.1 leaves them out and changes what the code
/// computes.) Only a body that is a whole expression is considered.
pub fn wrap_replacement(before: &[u8], body: &[u8], after: &[u8]) -> bool {
    if [before, body, after]
        .iter()
        .any(|t| has_comment(t) || t.contains(&b'#'))
        || body.iter().any(|b| matches!(b, b';' | b'{' | b'}'))
    {
        return false;
    }
    let mut line = plain_atoms(before);
    let start = line.len();
    let mut mid = plain_atoms(body);
    let (Some(first), Some(last)) = (mid.first(), mid.last()) else {
        return false;
    };
    let whole = binary_precedence(&first.text)
        .is_none_or(|_| matches!(first.text.as_slice(), b"-" | b"+" | b"&" | b"*"))
        && (ends_operand(last) || matches!(last.text.as_slice(), b"++" | b"--"));
    if !whole {
        return false;
    }
    for a in &mut mid {
        a.in_expression = true;
    }
    line.extend(mid);
    let end = line.len();
    line.extend(plain_atoms(after));
    needs_parens(&line, start..end)
}

/// The atoms of one line joined with spatch's spacing.
pub fn join(atoms: &[Atom]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, a) in atoms.iter().enumerate() {
        if i > 0 && space_between(atoms, i) {
            out.push(b' ');
        }
        out.extend_from_slice(&a.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> Vec<Atom> {
        expression_atoms(s.as_bytes(), false)
            .unwrap()
            .into_iter()
            .map(|mut a| {
                a.in_expression = false;
                a
            })
            .collect()
    }

    fn spaced(s: &str) -> String {
        String::from_utf8(join(&code(s))).unwrap()
    }

    #[test]
    fn commas_and_binary_operators_get_spaces() {
        assert_eq!(spaced("f(1,2,3)"), "f(1, 2, 3)");
        assert_eq!(spaced("a=12"), "a = 12");
        assert_eq!(spaced("x-y"), "x - y");
        assert_eq!(spaced("x== 0"), "x == 0");
        assert_eq!(spaced("if(a&&b)"), "if (a && b)");
    }

    #[test]
    fn unary_operators_and_calls_stay_tight() {
        assert_eq!(spaced("!! bar"), "!!bar");
        assert_eq!(spaced("foo (x, -1)"), "foo(x, -1)");
        assert_eq!(spaced("f(&x, *p)"), "f(&x, *p)");
        assert_eq!(spaced("i ++"), "i++");
        assert_eq!(spaced("a[i].b->c"), "a[i].b->c");
    }

    #[test]
    fn junctions_between_source_and_added_code() {
        assert_eq!(lead_space(b"return x", b"== 0"), Some(true));
        assert_eq!(lead_space(b"f(a,", b"c"), None);
        assert_eq!(lead_space(b"x", b"y"), None);
        assert_eq!(trail_space(b"!!", b"bar;"), Some(false));
        assert_eq!(trail_space(b"i.newfoo", b"+j.foo"), None);
        assert_eq!(trail_space(b"f(", b"x)"), Some(false));
        assert_eq!(trail_space(b"12,", b"e,1);"), Some(true));
    }

    #[test]
    fn bound_expressions_get_the_parentheses_precedence_needs() {
        let line = |s: &str| expression_atoms(s.as_bytes(), false).unwrap();
        // `E * 2` and `!!E` with `x - y` for E.
        assert!(needs_parens(&line("x - y * 2"), 0..3));
        assert!(needs_parens(&line("! ! x - y"), 2..5));
        // `f(E, 1)`, `E + 1` with E = `x - y`, `a * b`, `p->f`.
        assert!(!needs_parens(&line("f ( x - y , 1 )"), 2..5));
        assert!(!needs_parens(&line("x - y + 1"), 0..3));
        assert!(!needs_parens(&line("a * b + 1"), 0..3));
        assert!(!needs_parens(&line("p -> f * 2"), 0..3));
        // `E->f` with `*p` for E; `!E` with `*p` needs none.
        assert!(needs_parens(&line("* p -> f"), 0..2));
        assert!(!needs_parens(&line("! * p"), 1..3));
    }

    #[test]
    fn replacements_inside_expressions_keep_their_meaning() {
        assert!(wrap_replacement(b"\treturn 2 * ", b"x + 1", b" - y;"));
        assert!(!wrap_replacement(b"\treturn ", b"x + 1", b";"));
        assert!(!wrap_replacement(b"\tf(", b"x + 1", b", 2);"));
        assert!(!wrap_replacement(b"\tx = a ", b"== 0", b";"));
    }

    #[test]
    fn a_star_after_a_name_keeps_the_written_spacing() {
        assert_eq!(spaced("struct foo *p"), "struct foo *p");
        assert_eq!(spaced("a * b"), "a * b");
        let mut e = expression_atoms(b"a*b", false).unwrap();
        e[0].in_expression = true;
        assert_eq!(join(&e), b"a * b");
    }
}
