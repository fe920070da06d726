//! Code inside `#define` bodies, and the bodies of `#define` patterns.
//!
//! To the grammar a macro's body is raw text. Where it is an expression,
//! statements or a type, it is read as C: the file is parsed again with the
//! directive turned into a function (`int NAME(int x, int y){` in the place
//! of `#define NAME(x, y)`, the body's line continuations blanked, `;}`
//! after it). The body keeps its byte offsets, so what is matched there is
//! matched at its place in the file, and the edits fall on the body's own
//! bytes. The macro's parameters are the function's, hence local. A body
//! with `#` or `##` (stringification, token pasting), or one that does not
//! parse, is not looked into (`--verbose` says so).

use super::matcher::{Match, Matcher, State, Then};
use crate::c::{self, lex};
use crate::smpl::pattern::{PNode, PatKind, Role, MACRO_TOKEN};
use crate::smpl::MetaKind;
use std::cell::OnceCell;
use std::ops::Range;
use tree_sitter::Node;

/// How a body is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum How {
    /// As an expression or as statements.
    Code,
    /// As a type (`#define chip_t T`, `T` a type metavariable).
    Type,
    /// As an initialiser (`{ .foo = (x), }`): the list of a compound
    /// literal. Tried where a braced body does not read as code.
    Init,
}

/// The tokens of a macro body (byte ranges in `text`), line continuations
/// left out.
fn body_tokens(text: &[u8], body: Range<usize>) -> Vec<Range<usize>> {
    lex::tokenize(&text[body.clone()])
        .into_iter()
        .filter(|t| &text[body.start + t.start..body.start + t.end] != b"\\")
        .map(|t| body.start + t.start..body.start + t.end)
        .collect()
}

/// The body of the directive `def` (without trailing blanks).
fn body_range(text: &[u8], def: Node) -> Option<Range<usize>> {
    let v = def.child_by_field_name("value")?;
    let mut end = v.end_byte();
    while end > v.start_byte() && text[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    Some(v.start_byte()..end)
}

/// The C that stands for `#define NAME(params)`: candidates, the shortest last.
fn wrappers(text: &[u8], def: Node, how: How) -> Vec<String> {
    let mut params = Vec::new();
    if let Some(ps) = def.child_by_field_name("parameters") {
        let mut cur = ps.walk();
        for p in ps.children(&mut cur) {
            match p.kind() {
                "identifier" => params.push(format!(
                    "int {}",
                    String::from_utf8_lossy(&text[p.byte_range()])
                )),
                "..." => params.push("...".to_string()),
                _ => {}
            }
        }
    }
    let params = params.join(",");
    let open = match how {
        How::Type => "(",
        How::Init => "(T)",
        How::Code => "",
    };
    let name = def
        .child_by_field_name("name")
        .map(|n| String::from_utf8_lossy(&text[n.byte_range()]).into_owned())
        .unwrap_or_else(|| "f".into());
    vec![
        format!("int {name}({params}){{{open}"),
        format!("int f({params}){{{open}"),
    ]
}

/// Why the body `body` of a macro is not read as C, if it is not.
fn unsure(text: &[u8], body: &Range<usize>) -> Option<String> {
    body_tokens(text, body.clone())
        .iter()
        .any(|t| text[t.clone()].starts_with(b"#"))
        .then(|| {
            "a macro body with `#` or `##` (stringification, token pasting) is not matched".into()
        })
}

/// Reads the body of the directive `def` as C and hands `f` a matcher of
/// that reading with the body's nodes: its statements (an expression
/// statement's expression, when the `;` is not the body's), its type, or
/// the initialiser list it is.
fn in_body<R>(
    m: &Matcher,
    def: Node,
    how: How,
    whole: bool,
    f: impl for<'b> FnOnce(&Matcher<'b>, &[Node<'b>]) -> R,
) -> Result<R, String> {
    let text = m.text;
    let body = body_range(text, def).ok_or("an empty macro body")?;
    if let Some(why) = unsure(text, &body) {
        return Err(why);
    }
    // Blank lines before the directive give room too (not the line
    // before them, which may be a directive of its own).
    let mut start = def.start_byte();
    while start > 0 && text[start - 1].is_ascii_whitespace() {
        start -= 1;
    }
    if let Some(nl) = text[start..def.start_byte()]
        .iter()
        .position(|&b| b == b'\n')
    {
        start += nl + 1;
    } else {
        start = def.start_byte();
    }
    // A braced body that is no block may be an initialiser.
    let read = |how| read_body(m, def, how, whole, start, &body);
    let (how, sub, tree) = match read(how) {
        Err(_) if how == How::Code && text[body.clone()].starts_with(b"{") => {
            let (sub, tree) = read(How::Init)?;
            (How::Init, sub, tree)
        }
        r => {
            let (sub, tree) = r?;
            (how, sub, tree)
        }
    };
    let mut fdef = tree
        .root_node()
        .descendant_for_byte_range(body.start, body.start);
    while let Some(n) = fdef.filter(|n| n.kind() != "function_definition") {
        fdef = n.parent();
    }
    let fdef = fdef.ok_or("this macro body does not parse as C")?;
    let cbody = fdef
        .child_by_field_name("body")
        .ok_or("this macro body does not parse as C")?;
    let mut nodes = Vec::new();
    let mut cur = cbody.walk();
    for s in cbody.named_children(&mut cur) {
        if s.start_byte() >= body.end || c::is_trivia(&s) {
            continue;
        }
        if how == How::Type {
            let cast = s.named_child(0).filter(|e| e.kind() == "cast_expression");
            nodes.extend(cast.and_then(|e| e.child_by_field_name("type")));
        } else if how == How::Init {
            let lit = s
                .named_child(0)
                .filter(|e| e.kind() == "compound_literal_expression");
            nodes.extend(lit.and_then(|e| e.child_by_field_name("value")));
        } else if s.end_byte() > body.end {
            // The `;` is the wrapper's: the body is the expression (or a
            // statement the macro's user ends, `do { … } while (0)`).
            match s.named_child(0) {
                Some(e) if s.kind() == "expression_statement" && e.end_byte() <= body.end => {
                    nodes.push(e)
                }
                _ if s.kind() != "expression_statement" => nodes.push(s),
                _ => return Err("this macro body does not parse as C".into()),
            }
        } else {
            nodes.push(s);
        }
    }
    let (idx, words, names, types, flows) = (
        OnceCell::new(),
        OnceCell::new(),
        OnceCell::new(),
        OnceCell::new(),
        Default::default(),
    );
    let _ = idx.set(c::NodeIndex::within(fdef));
    let inner = Matcher {
        rule: m.rule,
        pat: m.pat,
        siblings: m.siblings,
        text: &sub,
        idx: &idx,
        tree: &tree,
        headers_of: m.headers_of,
        words: &words,
        names: &names,
        types: &types,
        flows: &flows,
        hints: m.hints,
        scripts: m.scripts,
        undecided: Default::default(),
        refused: Default::default(),
        limits: m.limits.clone(),
    };
    let r = f(&inner, &nodes);
    m.undecided.borrow_mut().extend(inner.undecided.take());
    m.refused.borrow_mut().extend(inner.refused.take());
    Ok(r)
}

/// The text [`in_body`] reads for the body `body` of the directive `def`
/// read as `how` (the directive made a function starting at `start`), and
/// its tree; an error where that function does not parse.
fn read_body(
    m: &Matcher,
    def: Node,
    how: How,
    whole: bool,
    start: usize,
    body: &Range<usize>,
) -> Result<(Vec<u8>, tree_sitter::Tree), String> {
    let text = m.text;
    let room = body.start - start;
    let Some(wrap) = wrappers(text, def, how)
        .into_iter()
        .find(|w| w.len() <= room)
    else {
        return Err("no room to declare this macro's parameters".into());
    };
    // Without `whole`, only the body is read (the rest blanked): quick,
    // but the file's declarations do not tell what names are.
    let mut sub = if whole {
        text[..start].to_vec()
    } else {
        vec![b' '; start]
    };
    sub.extend_from_slice(wrap.as_bytes());
    sub.resize(body.start, b' ');
    let mut code = text[body.clone()].to_vec();
    for i in 0..code.len() {
        if code[i] == b'\\' && matches!(code[i + 1..], [b'\n', ..] | [b'\r', b'\n', ..]) {
            code[i] = b' ';
        }
    }
    sub.extend_from_slice(&code);
    sub.extend_from_slice(if how == How::Type {
        b")0;}\n"
    } else {
        b"\n;}\n"
    });
    if whole {
        sub.extend_from_slice(&text[def.end_byte().max(body.end)..]);
    }
    let tree = if whole {
        c::parse_with(m.hints, &sub)
    } else {
        c::parse_tail_with(m.hints, &sub, start).ok_or("this macro body does not parse as C")?
    };
    let mut fdef = tree
        .root_node()
        .descendant_for_byte_range(body.start, body.start);
    while let Some(n) = fdef.filter(|n| n.kind() != "function_definition") {
        fdef = n.parent();
    }
    if !fdef.is_some_and(|f| f.start_byte() == start && !f.has_error()) {
        return Err("this macro body does not parse as C".into());
    }
    Ok((sub, tree))
}

/// The matches of an expression or statement pattern inside the bodies of
/// the file's macros.
pub(crate) fn find_in_bodies(m: &Matcher, init: &State, out: &mut Vec<Match>) {
    if !matches!(m.pat.kind, PatKind::Expr | PatKind::Stmts) {
        return;
    }
    for def in m.idx().of_kinds(&["preproc_def", "preproc_function_def"]) {
        let Some(body) = body_range(m.text, def) else {
            continue;
        };
        let text = &m.text[body.clone()];
        let words = |w: &String| lex::whole_words(text, w.as_bytes()).next().is_some();
        if !m.pat.words.iter().all(words) {
            continue;
        }
        // A quick reading of the body alone first: the file is read again
        // whole (for what its names are) only where the pattern may match.
        let may = in_body(m, def, How::Code, false, |inner, _| {
            let found = inner
                .find_all(init)
                .iter()
                .any(|x| body.start <= x.range.start && x.range.end <= body.end);
            // What could not be told without the file's declarations (a
            // name's type) is a maybe.
            let unsure = !inner.undecided.take().is_empty();
            inner.refused.take();
            found || unsure
        });
        if may != Ok(true) {
            if let Err(why) = may {
                m.undecided.borrow_mut().push((body.start, why));
            }
            continue;
        }
        let found = in_body(m, def, How::Code, true, |inner, _| {
            let mut found = inner.find_all(init);
            found.retain(|x| body.start <= x.range.start && x.range.end <= body.end);
            found
        });
        match found {
            Ok(found) => out.extend(found),
            Err(why) => m.undecided.borrow_mut().push((body.start, why)),
        }
    }
}

/// Matches the body `p` of a `#define` pattern against the body `s` of a
/// directive: a metavariable binds the whole body (read as an expression,
/// or a type for a `type` metavariable), code is matched with the body
/// read as C, and raw tokens are compared one by one.
pub(crate) fn match_arg(m: &Matcher, p: &PNode, s: Node, st: &mut State, k: Then) -> bool {
    let Some(def) = s.parent().filter(|_| s.kind() == "preproc_arg") else {
        return false;
    };
    let Some(body) = body_range(m.text, def) else {
        return false;
    };
    if p.children.first().is_some_and(|c| c.kind == MACRO_TOKEN) {
        let toks = body_tokens(m.text, body);
        if toks.len() != p.children.len()
            || p.children
                .iter()
                .zip(&toks)
                .any(|(c, t)| c.text.as_slice() != &m.text[t.clone()])
        {
            return false;
        }
        for (c, t) in p.children.iter().zip(toks) {
            m.record(c, t, st);
        }
        return k(st);
    }
    let how = match p.role {
        Role::Meta(v) if m.rule.metavars[v].kind == MetaKind::Type => How::Type,
        _ => How::Code,
    };
    // A metavariable alone is matched as the name it was written as.
    let alone = PNode {
        kind: "identifier",
        ..p.clone()
    };
    let want = match p.children.as_slice() {
        [] => &alone,
        [one] => one,
        _ => return false,
    };
    let r = in_body(m, def, how, true, |inner, nodes| match nodes {
        // A lone name is a type only where the file says so: `#define x y`
        // may as well name a variable (as a type metavariable never binds).
        [one] if how == How::Type && !plain_type_known(inner, *one) => false,
        // `(E)` asks for the parentheses (no isomorphism here, as in spatch).
        [one] if want.kind != "parenthesized_expression" || one.kind() == want.kind => {
            inner.node_k(want, *one, st, k)
        }
        _ => false,
    });
    match r {
        Ok(r) => r,
        Err(why) => {
            m.undecided.borrow_mut().push((body.start, why));
            false
        }
    }
}

/// Whether a body read as a type (a cast's type) is one: a type word,
/// `struct x`, pointers, or a name the file declares as a type.
fn plain_type_known(inner: &Matcher, ty: Node) -> bool {
    let mut cur = ty.walk();
    let named: Vec<Node> = ty.named_children(&mut cur).collect();
    match named.as_slice() {
        [name] if name.kind() == "type_identifier" => inner.names_a_type(*name),
        _ => true,
    }
}
