//! Laying out added (`+`) code: metavariables replaced by the code they bound,
//! whole added lines indented like the code they replace or follow.

use super::edit::Edit;
use super::fundef;
use super::matcher::State;
use super::spacing::{self, Atom};
use crate::smpl::body::BTok;
use crate::smpl::pattern::{Pattern, PlusChunk};
use crate::smpl::MetaKind;
use crate::smpl::Rule;
use std::ops::Range;

pub(crate) fn line_start(src: &[u8], p: usize) -> usize {
    src[..p]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1)
}

pub(crate) fn line_end(src: &[u8], p: usize) -> usize {
    src[p..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(src.len(), |i| p + i)
}

fn is_blank(s: &[u8]) -> bool {
    s.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r'))
}

/// The indentation of the line holding `p`.
pub(crate) fn indent_of(src: &[u8], p: usize) -> Vec<u8> {
    let s = line_start(src, p);
    src[s..]
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .copied()
        .collect()
}

/// A rest of line that is only white space or a comment: new lines go after it.
fn rest_is_trailing(rest: &[u8]) -> bool {
    let t: &[u8] = rest.trim_ascii();
    t.is_empty() || t.starts_with(b"//") || (t.starts_with(b"/*") && t.ends_with(b"*/"))
}

/// The source indentation that the SmPL line of token `k` stands for: that
/// of the source line where the first token of that SmPL line matched (for
/// `for (...) S` with `+ foo();` after it, the `for` line's, not that of the
/// body `S` ends in), else that of `pos`.
fn anchor_base(pat: &Pattern, st: &State, src: &[u8], k: usize, pos: usize) -> Vec<u8> {
    let line = pat.toks[k].line;
    let first = (0..=k)
        .rev()
        .take_while(|&j| pat.toks[j].line == line)
        .filter_map(|j| st.ranges[j].as_ref())
        .last();
    indent_of(src, first.map_or(pos, |r| r.start))
}

fn whole_lines(chunk: &PlusChunk) -> bool {
    chunk.toks.first().is_some_and(|t| t.first_on_line)
        && chunk.toks.last().is_some_and(|t| t.last_on_line)
}

/// A token's text in added code: a metavariable's binding, else as written.
pub(crate) fn token_text(rule: &Rule, st: &State, t: &BTok) -> Vec<u8> {
    // `"%@d@"`: a format metavariable in a string.
    if let Some(text) = super::format::substitute(rule, &t.text, |m| {
        st.binds[m].as_ref().map(|b| b.text.clone())
    }) {
        return text;
    }
    if t.is_ident {
        if let Some(m) = rule.metavar(&t.text) {
            if let Some(b) = &st.binds[m] {
                return b.text.clone();
            }
        }
    }
    t.text.clone().into_bytes()
}

/// Whether `t` is a type metavariable bound to a type that ends in `*`.
fn ends_in_star(rule: &Rule, st: &State, t: &BTok) -> bool {
    t.is_ident
        && rule.metavar(&t.text).is_some_and(|m| {
            rule.metavars[m].kind == crate::smpl::MetaKind::Type
                && st.binds[m].as_ref().is_some_and(|b| b.text.ends_with(b"*"))
        })
}

/// Indentation for an added line `width` wide, relative to the SmPL anchor line.
/// `widths` (sorted) are the indentation widths in play; widths one column
/// apart are one level, since a marker takes a column: `+foo();` lines up
/// with a context line `foo();` written from column 0, `+ foo();` with
/// ` foo();`.
fn indentation(base: &[u8], anchor: usize, width: usize, widths: &[usize], unit: &[u8]) -> Vec<u8> {
    let rank = |w: usize| {
        let mut level = 0isize;
        let mut prev: Option<usize> = None;
        for &x in widths.iter().filter(|&&x| x <= w) {
            if prev.is_some_and(|p| x > p + 1) {
                level += 1;
            }
            prev = Some(x);
        }
        level
    };
    let level = rank(width) - rank(anchor);
    let mut ind = base.to_vec();
    if level > 0 {
        for _ in 0..level {
            ind.extend_from_slice(unit);
        }
    } else {
        for _ in 0..(-level) {
            if ind.last() == Some(&b'\t') {
                ind.pop();
            } else {
                let n = ind
                    .len()
                    .saturating_sub(if unit == b"\t" { 8 } else { unit.len() });
                ind.truncate(n);
            }
        }
    }
    ind
}

/// One level of indentation for code added at `pos`, as spatch picks it:
/// spatch prints each top-level declaration or function on its own and
/// learns the step from the first block of that one (the one holding
/// `pos`, or ending or starting there) whose `{` ends a line: the step from
/// the indentation of the line it opens on to that of the first line of
/// code inside it (the file's first line counts as unindented: no line
/// break before it says how deep it is).
/// With no such block there, a tab, spatch's default, whatever the rest of
/// the file does.
pub(crate) fn indent_unit_at(src: &[u8], pos: usize) -> Vec<u8> {
    let Some(top) = top_level_at(src, pos) else {
        return b"\t".to_vec();
    };
    let first_line = line_start(src, top.start);
    let lines = line_ranges(src, first_line, top.end);
    for (n, l) in lines.iter().enumerate() {
        if !code_of_line(&src[l.clone()]).ends_with(b"{") {
            continue;
        }
        let outer = if n == 0 && first_line == 0 {
            &[][..]
        } else {
            leading_ws(&src[l.clone()])
        };
        let inner = lines[n + 1..]
            .iter()
            .map(|r| &src[r.clone()])
            .find(|t| !is_blank(t) && !t.trim_ascii_start().starts_with(b"#"));
        let Some(inner) = inner.map(leading_ws) else {
            break;
        };
        if visual_width(inner) > visual_width(outer) {
            return match inner.strip_prefix(outer) {
                Some(step) => step.to_vec(),
                None => inner.to_vec(),
            };
        }
    }
    b"\t".to_vec()
}

/// The byte span of the top-level declaration or function holding `pos`
/// (or ending or starting there).
fn top_level_at(src: &[u8], pos: usize) -> Option<Range<usize>> {
    let items = top_level_items(src);
    let k = items.partition_point(|r| r.end < pos);
    items.get(k).cloned()
}

/// A text's top-level items, with the text's length and hash.
type ItemsOf = (usize, u64, std::rc::Rc<Vec<Range<usize>>>);

thread_local! {
    /// The top-level items of the last text asked about (every insertion
    /// of a rule asks about the same text).
    static ITEMS: std::cell::RefCell<Option<ItemsOf>> = const { std::cell::RefCell::new(None) };
}

/// [`top_level_spans`] of `src`, computed once for each text.
fn top_level_items(src: &[u8]) -> std::rc::Rc<Vec<Range<usize>>> {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    src.hash(&mut h);
    let key = (src.len(), h.finish());
    ITEMS.with(|c| {
        let mut c = c.borrow_mut();
        match c.as_ref() {
            Some((len, hash, items)) if (*len, *hash) == key => items.clone(),
            _ => {
                let items = std::rc::Rc::new(top_level_spans(src));
                *c = Some((key.0, key.1, items.clone()));
                items
            }
        }
    })
}

/// The byte spans of the top-level declarations and functions of `src`,
/// in order: an item ends at a `;` outside braces, or at the `}` that
/// closes a function's body.
fn top_level_spans(src: &[u8]) -> Vec<Range<usize>> {
    let toks = crate::c::lex::tokenize(src);
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start: Option<usize> = None;
    // Whether the outermost open brace is a function's body (after `)`).
    let mut body = false;
    for (i, t) in toks.iter().enumerate() {
        let text = &src[t.start..t.end];
        if text.starts_with(b"#") {
            continue;
        }
        start.get_or_insert(t.start);
        let ends = match text {
            b"{" => {
                if depth == 0 {
                    body = i > 0 && &src[toks[i - 1].start..toks[i - 1].end] == b")";
                }
                depth += 1;
                false
            }
            b"}" => {
                depth = depth.saturating_sub(1);
                depth == 0 && body
            }
            b";" => depth == 0,
            _ => false,
        };
        if ends {
            out.push(start.take().unwrap_or(t.start)..t.end);
        }
    }
    out
}

/// The lines between `from` (a line start) and `to`, without their newlines.
fn line_ranges(src: &[u8], from: usize, to: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = from;
    while start <= to && start < src.len() {
        let end = line_end(src, start);
        out.push(start..end);
        start = end + 1;
    }
    out
}

/// A line's code: without its indentation, a trailing `//` or `/* */`
/// comment and trailing white space.
fn code_of_line(l: &[u8]) -> &[u8] {
    let mut end = l.len();
    if let Some(i) = l.windows(2).position(|w| w == b"//") {
        end = i;
    }
    let mut t = l[..end].trim_ascii();
    if t.ends_with(b"*/") {
        if let Some(i) = t.windows(2).rposition(|w| w == b"/*") {
            t = t[..i].trim_ascii();
        }
    }
    t
}

fn leading_ws(l: &[u8]) -> &[u8] {
    let n = l.iter().take_while(|b| matches!(b, b' ' | b'\t')).count();
    &l[..n]
}

/// The added lines of `chunks`, each with its indentation.
fn render_lines(
    rule: &Rule,
    st: &State,
    chunks: &[&PlusChunk],
    anchor: usize,
    base: &[u8],
    unit: &[u8],
    depth0: usize,
) -> Vec<Vec<u8>> {
    let toks: Vec<&BTok> = chunks.iter().flat_map(|c| c.toks.iter()).collect();
    let mut widths: Vec<usize> = toks
        .iter()
        .filter(|t| !t.is_comment())
        .map(|t| t.indent)
        .chain([anchor])
        .collect();
    widths.sort_unstable();
    widths.dedup();
    let mut lines: Vec<Vec<u8>> = Vec::new();
    let mut atoms: Vec<Atom> = Vec::new();
    // The runs of atoms that metavariables' expressions became.
    let mut groups: Vec<Range<usize>> = Vec::new();
    let mut directive = false;
    // Whether the line so far holds only comments: code after them on
    // the SmPL line goes on a line of its own, as spatch writes it.
    let mut only_comments = false;
    // Parentheses and brackets open here: spatch prints an expression or
    // a list on one line, whatever lines the SmPL spreads it over.
    let mut depth = depth0;
    for (i, t) in toks.iter().enumerate() {
        let after_comments = only_comments && !t.is_comment();
        only_comments = t.is_comment() && (only_comments || i == 0 || t.first_on_line);
        let joined = i > 0
            && depth > 0
            && t.line != toks[i - 1].line
            && !t.is_comment()
            && !toks[i - 1].is_comment()
            && !directive
            && !lines.is_empty();
        match t.text.as_str() {
            "(" | "[" => depth += 1,
            ")" | "]" => depth = depth.saturating_sub(1),
            _ => {}
        }
        if joined {
            let first = atoms.len();
            let (new, expression) = token_atoms(rule, st, t, directive);
            atoms.extend(new);
            if expression {
                groups.push(first..atoms.len());
            }
            if let Some(a) = atoms.get_mut(first) {
                a.space = true;
            }
            continue;
        }
        if i == 0 || t.line != toks[i - 1].line || after_comments {
            if let Some(line) = lines.last_mut() {
                line.extend(spacing::join(&parenthesized(&atoms, &groups)));
            }
            atoms.clear();
            groups.clear();
            // A preprocessor directive starts in column 0, at any depth,
            // and is copied as written.
            directive = t.text.starts_with('#');
            if directive {
                lines.push(Vec::new());
            } else {
                // A comment line is indented as the code it comes before.
                let indent = if t.is_comment() {
                    toks[i..]
                        .iter()
                        .find(|n| !n.is_comment())
                        .map_or(t.indent, |n| n.indent)
                } else {
                    t.indent
                };
                lines.push(indentation(base, anchor, indent, &widths, unit));
            }
        }
        let first = atoms.len();
        let (new, expression) = token_atoms(rule, st, t, directive);
        atoms.extend(new);
        if expression {
            groups.push(first..atoms.len());
        }
        // (A type that ends in `*` is written against the name after it:
        // `int *x`, as spatch prints it.)
        if i > 0 && t.is_ident && ends_in_star(rule, st, toks[i - 1]) {
            if let Some(a) = atoms.get_mut(first) {
                a.space = false;
            }
        }
        if first == 0 {
            if let Some(a) = atoms.first_mut() {
                a.space = false;
            }
        }
    }
    if let Some(line) = lines.last_mut() {
        line.extend(spacing::join(&parenthesized(&atoms, &groups)));
    }
    // (An empty added line has no indentation either.)
    let lines = lines
        .into_iter()
        .map(|l| if is_blank(&l) { Vec::new() } else { l })
        .collect();
    let lines = nest_blocks(lines, unit)
        .into_iter()
        .flat_map(|l| brace_list_lines(&l, unit).unwrap_or_else(|| vec![l]))
        .map(|l| case_bodies_below(&l, unit))
        .collect();
    fundef::lay_out(lines, unit)
}

/// `text` (added lines, a statement a metavariable brings among them) with
/// the code after each `case ...:` or `default:` label moved to a line of
/// its own one level deeper than the label, as spatch prints a switch.
fn case_bodies_below(text: &[u8], unit: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for (i, line) in text.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        match label_end(line) {
            Some(end) => {
                let indent = leading_ws(line);
                out.extend(&line[..end]);
                out.push(b'\n');
                out.extend(indent);
                out.extend(unit);
                out.extend(line[end..].trim_ascii());
            }
            None => out.extend(line),
        }
    }
    out
}

/// Where the `case ...:` or `default:` label that starts `line` ends, when
/// code follows it on the line.
fn label_end(line: &[u8]) -> Option<usize> {
    let toks = crate::c::lex::tokenize(line);
    let text = |k: usize| &line[toks[k].start..toks[k].end];
    if toks.is_empty() || !matches!(text(0), b"case" | b"default") {
        return None;
    }
    // The label's `:` is the first one no `?` before it claims.
    let mut pending = 0usize;
    for k in 1..toks.len() {
        match text(k) {
            b"?" => pending += 1,
            b":" if pending > 0 => pending -= 1,
            b":" => {
                let rest = line[toks[k].end..].trim_ascii();
                let comment = rest.starts_with(b"/*") || rest.starts_with(b"//");
                return (!rest.is_empty() && !comment).then_some(toks[k].end);
            }
            _ => {}
        }
    }
    None
}

/// Whether the last top-level element of a line of initializer elements
/// is designated (`.f = E`, `[i] = E`).
fn last_is_designated(elems: &[u8]) -> bool {
    let code = elems.trim_ascii();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, &b) in code.iter().enumerate() {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            b',' if depth == 0 => start = i + 1,
            _ => {}
        }
    }
    let last = code[start..].trim_ascii_start();
    last.starts_with(b".") || last.starts_with(b"[")
}

/// An added line that is an element of an initializer (it ends in `},` or
/// `}`), laid out as spatch prints a braced list there: each non-empty
/// `{ ... }` opens a line, its elements go on the next one level deeper,
/// and its `}` on a line of its own at the `{`'s level (`.dev = { .name =
/// E, },` is three lines). `None` when the line is no such element.
fn brace_list_lines(line: &[u8], unit: &[u8]) -> Option<Vec<Vec<u8>>> {
    let indent = leading_ws(line);
    let code = line[indent.len()..].trim_ascii_end();
    if !(code.ends_with(b"},") || code.ends_with(b"}")) {
        return None;
    }
    let toks = crate::c::lex::tokenize(code);
    let text = |k: usize| &code[toks[k].start..toks[k].end];
    // Every brace opens an initializer: after `=`, `,`, `{` or first.
    let lists = (0..toks.len()).filter(|&k| text(k) == b"{").count();
    let initializers = (0..toks.len())
        .all(|k| text(k) != b"{" || k == 0 || matches!(text(k - 1), b"=" | b"," | b"{"));
    if lists == 0 || !initializers || (0..toks.len()).any(|k| text(k) == b";") {
        return None;
    }
    let mut out = Vec::new();
    let mut cur = indent.to_vec();
    // Whether `cur` holds only its indentation.
    let mut fresh = true;
    // Open lists: whether each is broken (it is not empty).
    let mut open: Vec<bool> = Vec::new();
    let mut prev_end = 0;
    for k in 0..toks.len() {
        let t = text(k);
        let closes_list = t == b"}" && open.last() == Some(&true);
        if t == b"}" && open.pop().is_none() {
            return None;
        }
        if closes_list {
            let elems = std::mem::take(&mut cur).trim_ascii_end().to_vec();
            // spatch's printer leaves a last designated element without a
            // comma open: its `}` goes one level deeper.
            let open_end = !elems.ends_with(b",") && last_is_designated(&elems);
            out.push(elems);
            cur = indent.to_vec();
            cur.extend(unit.repeat(open.len() + usize::from(open_end)));
            fresh = true;
        }
        if !fresh {
            cur.extend(&code[prev_end..toks[k].start]);
        }
        cur.extend(t);
        fresh = false;
        prev_end = toks[k].end;
        if t == b"{" {
            let empty = toks.get(k + 1).is_some_and(|_| text(k + 1) == b"}");
            open.push(!empty);
            if !empty {
                out.push(std::mem::take(&mut cur));
                cur = indent.to_vec();
                cur.extend(unit.repeat(open.len()));
                fresh = true;
            }
        }
    }
    if !open.is_empty() {
        return None;
    }
    cur.extend(&code[prev_end..]);
    out.push(cur);
    Some(out)
}

/// `lines` with the inside of each block the added code opens one level
/// deeper than the line of its `{`, and its `}` at that line's level:
/// spatch prints an added block so, however the SmPL indents it.
fn nest_blocks(mut lines: Vec<Vec<u8>>, unit: &[u8]) -> Vec<Vec<u8>> {
    let mut open: Vec<Vec<u8>> = Vec::new();
    for line in &mut lines {
        if line.first() == Some(&b'#') || is_blank(line) {
            continue;
        }
        let width = line
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        let code = line[width..].to_vec();
        let indent = &line[..width];
        let wanted = if code.starts_with(b"}") {
            open.pop()
        } else {
            open.last()
                .filter(|o| visual_width(indent) <= visual_width(o))
                .map(|o| [o.as_slice(), unit].concat())
        };
        if let Some(w) = wanted {
            *line = [w.as_slice(), &code].concat();
        }
        if code.trim_ascii_end().ends_with(b"{") {
            let width = line.len() - code.len();
            open.push(line[..width].to_vec());
        }
    }
    lines
}

/// `atoms` with parentheses around each metavariable's expression that
/// needs them where it stands.
fn parenthesized(atoms: &[Atom], groups: &[Range<usize>]) -> Vec<Atom> {
    let wrap: Vec<&Range<usize>> = groups
        .iter()
        .filter(|g| spacing::needs_parens(atoms, (*g).clone()))
        .collect();
    if wrap.is_empty() {
        return atoms.to_vec();
    }
    let paren = |text: &[u8], space: bool| Atom {
        text: text.to_vec(),
        space,
        in_expression: true,
        verbatim: false,
    };
    let mut out = Vec::with_capacity(atoms.len() + 2 * wrap.len());
    for (k, a) in atoms.iter().enumerate() {
        if wrap.iter().any(|g| g.start == k) {
            out.push(paren(b"(", a.space));
            let mut a = a.clone();
            a.space = false;
            out.push(a);
        } else {
            out.push(a.clone());
        }
        if wrap.iter().any(|g| g.end == k + 1) {
            out.push(paren(b")", false));
        }
    }
    out
}

/// The atoms an added token prints as: the C tokens of the expression a
/// metavariable bound (spaced anew, as spatch reprints them), else the
/// token or binding as written.
fn token_atoms(rule: &Rule, st: &State, t: &BTok, directive: bool) -> (Vec<Atom>, bool) {
    let text = token_text(rule, st, t);
    let meta = t.is_ident.then(|| rule.metavar(&t.text)).flatten();
    let expression = meta.is_some_and(|m| {
        matches!(
            rule.metavars[m].kind,
            MetaKind::Expression
                | MetaKind::Constant
                | MetaKind::ExpressionList
                | MetaKind::Identifier
                | MetaKind::Fresh
        )
    });
    if expression && !directive {
        if let Some(atoms) = spacing::expression_atoms(&text, t.space_before) {
            if !atoms.is_empty() {
                // (A list's elements are not one expression to parenthesise.)
                let one = meta.is_some_and(|m| rule.metavars[m].kind != MetaKind::ExpressionList);
                return (atoms, one);
            }
        }
    }
    let verbatim = directive || meta.is_some() || !is_c_token(&text);
    // A line comment after code keeps the white space written before it.
    if !t.gap.is_empty() {
        let mut with_gap = t.gap.clone().into_bytes();
        with_gap.extend(text);
        let atom = Atom {
            text: with_gap,
            space: false,
            in_expression: false,
            verbatim: true,
        };
        return (vec![atom], false);
    }
    let atom = Atom {
        text,
        space: t.space_before,
        in_expression: false,
        verbatim,
    };
    (vec![atom], false)
}

/// Whether `text` is one C token (a comment or anything else is kept as is).
fn is_c_token(text: &[u8]) -> bool {
    let toks = crate::c::lex::tokenize(text);
    toks.len() == 1 && toks[0].start == 0 && toks[0].end == text.len()
}

fn visual_width(s: &[u8]) -> usize {
    s.iter()
        .fold(0, |w, &b| if b == b'\t' { (w / 8 + 1) * 8 } else { w + 1 })
}

/// For lines added before the `}` (token `k`) of a block whose line starts at
/// `ls`: the indentation of the block's last line of code, when it is
/// deeper than the brace's.
fn body_indent_before(src: &[u8], pat: &Pattern, k: usize, ls: usize) -> Option<Vec<u8>> {
    // A `}` in the source where the pattern has none: an implicit return
    // (see `implicit`) placed there.
    if pat.toks[k].text != "}" && !src[ls..].trim_ascii_start().starts_with(b"}") {
        return None;
    }
    let brace = indent_of(src, ls);
    let mut end = ls.checked_sub(1)?;
    loop {
        let start = line_start(src, end);
        let line = &src[start..end];
        if !is_blank(line) {
            let ind = indent_of(src, start);
            let deeper = visual_width(&ind) > visual_width(&brace) && ind.starts_with(&brace);
            let opens = line.trim_ascii_end().ends_with(b"{");
            // An empty block (`{` then `}`): one level deeper than its
            // braces, in the file's unit, as spatch indents it.
            if opens && ind == brace {
                let mut inner = brace;
                inner.extend(indent_unit_at(src, ls));
                return Some(inner);
            }
            return (deeper && !opens).then_some(ind);
        }
        end = start.checked_sub(1)?;
    }
}

/// Whether the chunk is the start of a statement the code after it ends
/// (`+ return` before `bar();`): spatch prints them as one statement, on
/// one line.
fn opens_onto_next(chunk: &PlusChunk) -> bool {
    let one_line = chunk.toks.iter().all(|t| t.line == chunk.toks[0].line);
    one_line
        && chunk
            .toks
            .last()
            .is_some_and(|t| t.text == "return" || t.text == "=")
}

/// Whether the chunk is only words that begin a declaration (`const`,
/// `unsigned`, `static`): spatch writes them on the line of the declaration
/// they come before, even from a line of their own.
fn only_specifiers(chunk: &PlusChunk) -> bool {
    chunk.toks.iter().all(|t| {
        matches!(
            t.text.as_str(),
            "const"
                | "volatile"
                | "signed"
                | "unsigned"
                | "static"
                | "extern"
                | "inline"
                | "register"
                | "short"
                | "long"
        )
    })
}

/// Added lines laid out within a line (line breaks of the SmPL kept, indented).
fn inline(lines: Vec<Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if i == 0 {
            out.extend(l.trim_ascii_start());
        } else {
            out.push(b'\n');
            out.extend(l);
        }
    }
    out
}

/// The added lines of one chunk, indented from `base` as the file indents.
fn chunk_lines(
    rule: &Rule,
    pat: &Pattern,
    st: &State,
    chunk: &PlusChunk,
    anchor: usize,
    base: &[u8],
    unit: &[u8],
) -> Vec<Vec<u8>> {
    let lines = render_lines(
        rule,
        st,
        &[chunk],
        anchor,
        base,
        unit,
        open_before(pat, chunk),
    );
    if !whole_lines(chunk) {
        return lines;
    }
    lines
        .into_iter()
        .flat_map(|l| braced_initializer_laid_out(l, unit))
        .collect()
}

/// An added line holding a whole braced initialiser after `=` (`struct s x
/// = { .a = 1, .b = 2, };`, `.dev = { .name = E, },`), laid out on lines
/// as spatch prints it: in a declaration, one element a line, one level
/// deeper, and the `}` as deep as the line; as an element of another
/// initialiser, the elements together on one line one level deeper, then
/// the `}` (one level deeper after a last designated element without a
/// comma, else as deep as the line). Other lines are left as they are.
fn braced_initializer_laid_out(line: Vec<u8>, unit: &[u8]) -> Vec<Vec<u8>> {
    let toks = crate::c::lex::tokenize(&line);
    let text = |i: usize| &line[toks[i].start..toks[i].end];
    let Some(open) = (1..toks.len()).find(|&i| text(i) == b"{" && text(i - 1) == b"=") else {
        return vec![line];
    };
    // The matching `}`, and the elements between (split at top-level commas).
    let mut depth = 0usize;
    let mut close = None;
    let mut cuts = vec![open];
    for i in open..toks.len() {
        match text(i) {
            b"{" | b"(" | b"[" => depth += 1,
            b"}" | b")" | b"]" => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            b"," if depth == 1 => cuts.push(i),
            _ => {}
        }
    }
    let Some(close) = close else {
        return vec![line];
    };
    cuts.push(close);
    let elems: Vec<&[u8]> = cuts
        .windows(2)
        .map(|w| line[toks[w[0]].end..toks[w[1]].start].trim_ascii())
        .filter(|e| !e.is_empty())
        .collect();
    if elems.is_empty() {
        return vec![line];
    }
    let trailing = text(close - 1) == b",";
    let indent: Vec<u8> = line
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .copied()
        .collect();
    let inner = [indent.as_slice(), unit].concat();
    let head = line[..toks[open].end].to_vec();
    let tail = &line[toks[close].start..];
    let declaration = tail.trim_ascii_end().ends_with(b";");
    let mut out = vec![head];
    if declaration {
        for (i, e) in elems.iter().enumerate() {
            let comma = i + 1 < elems.len() || trailing;
            let comma: &[u8] = if comma { b"," } else { b"" };
            out.push([inner.as_slice(), e, comma].concat());
        }
        out.push([indent.as_slice(), tail].concat());
    } else {
        let mut one = inner.clone();
        one.extend(elems.join(&b", "[..]));
        // (spatch's printer leaves a last designated element without a
        // comma open: its `}` goes one level deeper.)
        let designated = elems
            .last()
            .is_some_and(|e| e.starts_with(b".") || e.starts_with(b"["));
        if trailing {
            one.push(b',');
        }
        out.push(one);
        let close = if designated && !trailing {
            &inner
        } else {
            &indent
        };
        out.push([close.as_slice(), tail].concat());
    }
    out
}

/// The start of the comment lines over the line starting at `ls` (blank
/// lines among them), `ls` when there are none.
fn comments_above(src: &[u8], ls: usize) -> usize {
    let mut at = ls;
    let mut first_comment = ls;
    while at > 0 {
        let start = line_start(src, at - 1);
        let line = src[start..at - 1].trim_ascii();
        let comment = line.starts_with(b"//") || line.starts_with(b"/*") || line.starts_with(b"*");
        if comment {
            first_comment = start;
        } else if !line.is_empty() {
            break;
        }
        at = start;
    }
    first_comment
}

/// How many parentheses and brackets of the pattern are open where `chunk`
/// goes.
fn open_before(pat: &Pattern, chunk: &PlusChunk) -> usize {
    let Some(k) = chunk.after else { return 0 };
    let mut depth = 0usize;
    for t in &pat.toks[..=k] {
        match t.text.as_str() {
            "(" | "[" => depth += 1,
            ")" | "]" => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth
}

/// A removal within a line takes one side's white space with it, so that
/// `page + 1;` less `+ 1` is `page;` and not `page ;`.
fn tidy_removal(src: &[u8], range: Range<usize>) -> Range<usize> {
    let ws = |b: u8| b == b' ' || b == b'\t';
    let ls = line_start(src, range.start);
    let before_ws = range.start > ls && ws(src[range.start - 1]);
    let after = src.get(range.end).copied();
    // Code follows on the line after white space: the removal takes the
    // white space after it and the source's spacing before it stays, as
    // spatch does (`a ||  3 == i` less `3 ==` is `a ||  i`).
    let mut e = range.end;
    while e < src.len() && ws(src[e]) {
        e += 1;
    }
    if before_ws && e > range.end && src.get(e).is_some_and(|&b| b != b'\n' && b != b'\r') {
        return range.start..e;
    }
    if before_ws && after.is_some_and(|b| matches!(b, b';' | b')' | b',' | b']' | b' ' | b'\t')) {
        let mut s = range.start;
        while s > ls && ws(src[s - 1]) {
            s -= 1;
        }
        // White space that is the line's indentation stays.
        if s > ls {
            return s..range.end;
        }
        let mut e = range.end;
        while e < src.len() && ws(src[e]) {
            e += 1;
        }
        return range.start..e;
    }
    if !before_ws
        && after.is_some_and(ws)
        && range.start > ls
        && matches!(src[range.start - 1], b'(' | b'[')
    {
        let mut e = range.end;
        while e < src.len() && ws(src[e]) {
            e += 1;
        }
        return range.start..e;
    }
    range
}

/// The edit for a removed run of tokens, with the chunks that replace it.
pub fn replace_run(
    rule: &Rule,
    pat: &Pattern,
    chunk_ids: &[usize],
    st: &State,
    src: &[u8],
    range: Range<usize>,
    first_tok: usize,
) -> Edit {
    if chunk_ids.is_empty() {
        return Edit {
            range: tidy_removal(src, range),
            text: Vec::new(),
        };
    }
    let chunks: Vec<&PlusChunk> = chunk_ids.iter().map(|&c| &pat.chunks[c]).collect();
    let anchor = pat.toks[first_tok].indent;
    let base = anchor_base(pat, st, src, first_tok, range.start);
    let ls = line_start(src, range.start);
    let run_is_lines = is_blank(&src[ls..range.start])
        && rest_is_trailing(&src[range.end..line_end(src, range.end)]);
    let unit = indent_unit_at(src, range.start);
    let lines = render_lines(
        rule,
        st,
        &chunks,
        anchor,
        &base,
        &unit,
        open_before(pat, chunks[0]),
    );
    if run_is_lines && chunks.iter().all(|c| whole_lines(c)) {
        return Edit {
            range: ls..range.end,
            text: lines.join(&b'\n'),
        };
    }
    // Within a line, the added code brings the spacing the SmPL gives it.
    let mut range = range;
    let mut text = Vec::new();
    let first = &chunks[0].toks[0];
    let last = chunks
        .last()
        .and_then(|c| c.toks.last())
        .expect("chunks are not empty");
    let ws = |b: u8| b == b' ' || b == b'\t';
    // The SmPL's spacing applies only where the source token before the run is
    // the pattern's own previous token (not, say, a parenthesis an isomorphism skipped).
    let follows_pattern = first_tok
        .checked_sub(1)
        .and_then(|k| st.ranges[k].as_ref())
        .is_some_and(|r| {
            r.end <= range.start
                && src[r.end..range.start]
                    .iter()
                    .all(|b| b.is_ascii_whitespace())
        });
    let body = inline(lines);
    let lead = (range.start > ls && !ws(src[range.start - 1]))
        .then(|| spacing::lead_space(&src[ls..range.start], &body))
        .flatten();
    // A type that ends in `*`, removed and added back (kept), is written
    // against the name after it (`char *y`, as spatch prints a
    // declaration); a context type keeps the source's spacing.
    let after_star = first.is_ident
        && first_tok
            .checked_sub(1)
            .is_some_and(|k| pat.toks[k].kept && ends_in_star(rule, st, &pat.toks[k]));
    if !follows_pattern {
        // Keep the source's spacing as it is.
    } else if lead == Some(true) {
        text.push(b' ');
    } else if lead == Some(false) {
    } else if (!first.space_before && !first.first_on_line) || after_star {
        while range.start > ls && ws(src[range.start - 1]) {
            range.start -= 1;
        }
    } else if first.space_before
        && range.start > ls
        && !ws(src[range.start - 1])
        && !first_tok
            .checked_sub(1)
            .is_some_and(|k| ends_in_star(rule, st, &pat.toks[k]))
    {
        text.push(b' ');
    }
    if spacing::wrap_replacement(
        &src[ls..range.start],
        &body,
        &src[range.end..line_end(src, range.end)],
    ) {
        text.push(b'(');
        text.extend(body);
        text.push(b')');
    } else {
        text.extend(body);
    }
    let word = |b: Option<&u8>| b.is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_');
    let glued_after = src
        .get(range.end)
        .is_some_and(|&b| !b.is_ascii_whitespace());
    let trail = glued_after
        .then(|| spacing::trail_space(&text, &src[range.end..line_end(src, range.end)]))
        .flatten();
    if trail == Some(true)
        || (trail.is_none() && last.space_after && glued_after)
        // Never glue two words into one (`float` for `int *` before `x`).
        || (word(text.last()) && word(src.get(range.end)))
    {
        text.push(b' ');
    }
    Edit { range, text }
}

/// Where and what to insert for a chunk that follows context token `k` ending at `pos`.
pub fn insert_after(
    rule: &Rule,
    pat: &Pattern,
    chunk: &PlusChunk,
    st: &State,
    src: &[u8],
    k: usize,
    pos: usize,
) -> Option<(usize, Vec<u8>)> {
    let anchor = pat.toks[k].indent;
    let mut base = anchor_base(pat, st, src, k, pos);
    let le = line_end(src, pos);
    if whole_lines(chunk) && pat.toks[k].last_on_line && rest_is_trailing(&src[pos..le]) {
        let after_head = matches!(pat.toks[k].text.as_str(), ")" | "else");
        if let Some(text) = after_head
            .then(|| block_opened_after_head(rule, chunk, st, src, pos, &base))
            .flatten()
        {
            return Some((pos, text));
        }
        // A `}` closing a block added code opened goes as deep as the line
        // that block opened on.
        if let Some(opened) = opening_line(pat, chunk, st, src) {
            base = opened;
        } else if let Some((next, blank)) = next_statement_indent(src, le) {
            // spatch indents lines added after a statement as the line
            // of code after them is (`  \t` for `\t` when the file
            // mixes them), when that is at the same depth and directly
            // follows, or when code is added before the statement too.
            let same = visual_width(&next) == visual_width(&base);
            if same && (!blank || added_before_statement(pat, k)) {
                base = next;
            }
        }
        // Lines added right after a `{` go inside the block, as deep as
        // the code there: the least indented of them there, the others as
        // much deeper as the SmPL has them.
        let brace = pat.toks[k].text == "{";
        let anchor = match chunk.toks.iter().map(|t| t.indent).min() {
            Some(least) if brace => least.max(anchor),
            _ => anchor,
        };
        let deeper = if brace {
            let next = src
                .get(le + 1..)
                .map(|rest| indent_of(rest, 0))
                .unwrap_or_default();
            if next.len() > base.len() && next.starts_with(&base) {
                next[base.len()..].to_vec()
            } else {
                indent_unit_at(src, pos)
            }
        } else {
            Vec::new()
        };
        let unit = indent_unit_at(src, pos);
        let lines = chunk_lines(rule, pat, st, chunk, anchor, &base, &unit);
        let mut text = Vec::new();
        // spatch sets a function it adds after top-level code apart by a
        // blank line.
        if base.is_empty() && !brace && fundef::starts_with_function(&lines) {
            text.push(b'\n');
        }
        for l in lines {
            text.push(b'\n');
            if !l.is_empty() {
                text.extend_from_slice(&deeper);
            }
            text.extend(l);
        }
        return Some((le, text));
    }
    if let Some(text) = comments_within_line(chunk, &base, src.get(pos)) {
        return Some((pos, text));
    }
    // Statements added after a statement that more code follows on its line
    // (`{ foo(); break; }`) start a line of their own, one level deeper than
    // that line, and the code after them follows on it (as spatch does).
    let ends_statement = chunk
        .toks
        .last()
        .is_some_and(|t| t.text == ";" || t.text == "}");
    if whole_lines(chunk)
        && ends_statement
        && pat.toks[k].last_on_line
        && matches!(pat.toks[k].text.as_str(), ";" | "}")
        && !rest_is_trailing(&src[pos..le])
    {
        let unit = indent_unit_at(src, pos);
        let mut inner = base.clone();
        inner.extend_from_slice(&unit);
        let mut text = Vec::new();
        for l in render_lines(
            rule,
            st,
            &[chunk],
            anchor,
            &inner,
            &unit,
            open_before(pat, chunk),
        ) {
            text.push(b'\n');
            text.extend(l);
        }
        return Some((pos, text));
    }
    let unit = indent_unit_at(src, pos);
    let body = inline(chunk_lines(rule, pat, st, chunk, anchor, &base, &unit));
    // Code that opens onto what follows (`checked(` before `E`) goes
    // against it, after the white space the source has there.
    let last = chunk.toks.last().expect("chunks are not empty");
    if !last.space_after && !last.last_on_line {
        let skip = src[pos..]
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        if skip > 0 && src.get(pos + skip).is_some_and(|&b| b != b'\n') {
            let at = pos + skip;
            return Some((at, spaced(chunk, body, src, at)));
        }
    }
    Some((pos, spaced(chunk, body, src, pos)))
}

/// Whether the pattern adds code before the statement that ends at its
/// token `k`.
fn added_before_statement(pat: &Pattern, k: usize) -> bool {
    let start = (0..k)
        .rev()
        .find(|&j| matches!(pat.toks[j].text.as_str(), ";" | "{" | "}"))
        .map_or(0, |j| j + 1);
    pat.chunks.iter().any(|c| c.before == Some(start))
}

/// The indentation of the first line of code after the line ending at
/// `le`, when it starts a statement (not a `}`, a directive, a comment or
/// a label), and whether blank lines come before it.
fn next_statement_indent(src: &[u8], le: usize) -> Option<(Vec<u8>, bool)> {
    let mut ls = le + 1;
    let mut blank = false;
    while ls < src.len() {
        let end = line_end(src, ls);
        let line = &src[ls..end];
        if is_blank(line) {
            blank = true;
            ls = end + 1;
            continue;
        }
        let code = line.trim_ascii();
        let label = code.ends_with(b":")
            && code[..code.len() - 1]
                .iter()
                .all(|&b| b.is_ascii_alphanumeric() || b == b'_');
        let other = code.starts_with(b"}")
            || code.starts_with(b"#")
            || code.starts_with(b"/")
            || code.starts_with(b"*")
            || label;
        return (!other).then(|| (leading_ws(line).to_vec(), blank));
    }
    None
}

/// A block that added code opens right after the head of an `if`, `else`
/// or loop (`if (...)` then `+ {` and more lines): spatch prints its `{`
/// at the end of the head's line, and the lines after it one level deeper
/// than the head (as deep as the body when that is on the next line).
/// `pos`: the end of the head; `head`: the indentation of its first line.
fn block_opened_after_head(
    rule: &Rule,
    chunk: &PlusChunk,
    st: &State,
    src: &[u8],
    pos: usize,
    head: &[u8],
) -> Option<Vec<u8>> {
    if chunk.toks[0].text != "{" {
        return None;
    }
    let le = line_end(src, pos);
    let next = src
        .get(le + 1..)
        .map(|r| indent_of(r, 0))
        .unwrap_or_default();
    let inner = if next.len() > head.len() && next.starts_with(head) {
        next
    } else {
        [head, &indent_unit_at(src, pos)].concat()
    };
    let mut text = b" {".to_vec();
    let mut rest = PlusChunk {
        after: chunk.after,
        before: chunk.before,
        toks: chunk.toks[1..].to_vec(),
    };
    if let Some(first) = rest.toks.first_mut() {
        first.first_on_line = true;
        let least = rest.toks.iter().map(|t| t.indent).min().unwrap_or(0);
        for l in render_lines(
            rule,
            st,
            &[&rest],
            least,
            &inner,
            &indent_unit_at(src, pos),
            0,
        ) {
            text.push(b'\n');
            text.extend(l);
        }
    }
    Some(text)
}

/// For a chunk that starts by closing a block that earlier added code
/// opened: the indentation of the line that code went on.
fn opening_line(pat: &Pattern, chunk: &PlusChunk, st: &State, src: &[u8]) -> Option<Vec<u8>> {
    if chunk.toks[0].text != "}" {
        return None;
    }
    let me = pat.chunks.iter().position(|c| std::ptr::eq(c, chunk))?;
    let mut open = 0i32;
    for c in pat.chunks[..me].iter().rev() {
        for t in c.toks.iter().rev() {
            match t.text.as_str() {
                "{" => open += 1,
                "}" => open -= 1,
                _ => {}
            }
        }
        if open > 0 {
            let k = c.after?;
            let r = st.ranges[k].as_ref()?;
            return Some(anchor_base(pat, st, src, k, r.start));
        }
    }
    None
}

/// Comments written on `+` lines of their own, added inside a line of the
/// source (`foo()` then `+ // why` before the `;`): each on a line of its
/// own, indented twice the line's indentation, as spatch places them; after
/// a `//` comment the source goes on, so it goes on the next line. `None`
/// when the chunk holds more than comments on lines of their own.
fn comments_within_line(chunk: &PlusChunk, base: &[u8], next: Option<&u8>) -> Option<Vec<u8>> {
    if !whole_lines(chunk) || !chunk.toks.iter().all(|t| t.is_comment()) {
        return None;
    }
    let indent = [base, base].concat();
    let mut text = Vec::new();
    for (i, t) in chunk.toks.iter().enumerate() {
        if i == 0 || t.line != chunk.toks[i - 1].line {
            text.push(b'\n');
            text.extend(&indent);
        }
        text.extend(t.text.as_bytes());
    }
    let line_comment = chunk.toks.last().is_some_and(|t| t.text.starts_with("//"));
    if line_comment && next.is_some_and(|&b| b != b'\n') {
        text.push(b'\n');
        text.extend(&indent);
    }
    Some(text)
}

/// Inline added code with the spaces the SmPL put around it, unless the source
/// already has white space there.
fn spaced(chunk: &PlusChunk, body: Vec<u8>, src: &[u8], pos: usize) -> Vec<u8> {
    let ws = |b: Option<&u8>| b.is_none_or(|b| b.is_ascii_whitespace());
    let mut text = Vec::new();
    let glued_before = !ws(pos.checked_sub(1).and_then(|p| src.get(p)));
    let lead = glued_before
        .then(|| spacing::lead_space(&src[line_start(src, pos)..pos], &body))
        .flatten();
    // Code added between a comma and the white space after it gets a space
    // of its own (the comma's goes after it), as spatch prints a comma.
    let after_comma = pos > 0 && src[pos - 1] == b',' && ws(src.get(pos));
    if lead == Some(true)
        || (lead.is_none()
            && ((chunk.toks[0].space_before && !chunk.toks[0].first_on_line) || after_comma)
            && glued_before)
    {
        text.push(b' ');
    }
    // Never glue two words into one (`+int` before `i` is `int i`).
    let word = |b: Option<&u8>| b.is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_');
    if text.is_empty() && word(body.first()) && word(pos.checked_sub(1).and_then(|p| src.get(p))) {
        text.push(b' ');
    }
    let glued_after = !ws(src.get(pos));
    let trail = glued_after
        .then(|| spacing::trail_space(&body, &src[pos..line_end(src, pos)]))
        .flatten();
    text.extend(body);
    let last = chunk.toks.last().expect("chunks are not empty");
    if trail == Some(true)
        || (trail.is_none() && last.space_after && !last.last_on_line && glued_after)
        || (word(text.last()) && word(src.get(pos)))
    {
        text.push(b' ');
    }
    text
}

/// Where and what to insert for a chunk that precedes context token `k` starting at `pos`.
pub fn insert_before(
    rule: &Rule,
    pat: &Pattern,
    chunk: &PlusChunk,
    st: &State,
    src: &[u8],
    k: usize,
    pos: usize,
) -> Option<(usize, Vec<u8>)> {
    let anchor = pat.toks[k].indent;
    let base = anchor_base(pat, st, src, k, pos);
    let ls = line_start(src, pos);
    if whole_lines(chunk)
        && pat.toks[k].first_on_line
        && is_blank(&src[ls..pos])
        && !only_specifiers(chunk)
        && !opens_onto_next(chunk)
    {
        // Lines added before a block's `}` go as deep as the block's code:
        // the least indented of them there, the others as much deeper as
        // the SmPL has them.
        let (anchor, base) = match body_indent_before(src, pat, k, ls) {
            Some(inner) => (
                chunk
                    .toks
                    .iter()
                    .map(|t| t.indent)
                    .min()
                    .unwrap_or(anchor)
                    .max(anchor),
                inner,
            ),
            None => (anchor, base),
        };
        let unit = indent_unit_at(src, pos);
        let lines = chunk_lines(rule, pat, st, chunk, anchor, &base, &unit);
        let mut text = Vec::new();
        // A function added before a top-level item goes above the comments
        // over that item, a blank line apart from them (as spatch does).
        let function = ls == pos && fundef::ends_with_function(&lines);
        for l in lines {
            text.extend(l);
            text.push(b'\n');
        }
        if function {
            text.push(b'\n');
            return Some((comments_above(src, ls), text));
        }
        return Some((ls, text));
    }
    if let Some(text) = comments_within_line(chunk, &base, src.get(pos)) {
        return Some((pos, text));
    }
    // Statements added before a statement that other code precedes on its
    // line (`{ foo(); return; }`) follow that code, and the statement goes
    // to a line of its own, one level deeper than the line (as spatch
    // does; the mirror of `insert_after`).
    let ends_statement = chunk
        .toks
        .last()
        .is_some_and(|t| t.text == ";" || t.text == "}");
    let after_statement = src[ls..pos]
        .trim_ascii_end()
        .last()
        .is_some_and(|b| matches!(b, b';' | b'{' | b'}'));
    if whole_lines(chunk) && ends_statement && pat.toks[k].first_on_line && after_statement {
        let unit = indent_unit_at(src, pos);
        let mut inner = base.clone();
        inner.extend_from_slice(&unit);
        let mut text = Vec::new();
        for (i, l) in render_lines(
            rule,
            st,
            &[chunk],
            anchor,
            &base,
            &unit,
            open_before(pat, chunk),
        )
        .iter()
        .enumerate()
        {
            if i > 0 {
                text.push(b'\n');
                text.extend(&inner);
            }
            text.extend(l.trim_ascii_start());
        }
        text.push(b'\n');
        text.extend(inner);
        return Some((pos, text));
    }
    let unit = indent_unit_at(src, pos);
    let body = inline(chunk_lines(rule, pat, st, chunk, anchor, &base, &unit));
    let mut text = spaced(chunk, body, src, pos);
    // Code written on lines of its own, placed inside a line: a space
    // apart from the code around it, but none before `;`, `,` or `)`.
    if chunk
        .toks
        .last()
        .is_some_and(|t| t.line != pat.toks[k].line)
        && !text.ends_with(b" ")
        && !matches!(src.get(pos), Some(b';' | b',' | b')'))
        && spacing::trail_space(&text, &src[pos..line_end(src, pos)]) != Some(false)
    {
        text.push(b' ');
    }
    let before = pos.checked_sub(1).and_then(|p| src.get(p));
    if chunk.toks[0].first_on_line
        && !text.starts_with(b" ")
        && before.is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'(' | b'['))
        && spacing::lead_space(&src[ls..pos], &text) != Some(false)
    {
        text.insert(0, b' ');
    }
    Some((pos, text))
}
