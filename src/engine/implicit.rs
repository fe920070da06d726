//! Coccinelle's implicit return: a `return;` pattern (one without a value)
//! also matches where control falls off the end of a function's body,
//! whatever the function's type. There it matches no code: its tokens span
//! nothing, just before the body's closing `}`, so code added before it
//! goes on a line of its own before that brace, and removing it removes
//! nothing (`- return;` `+ return -ENODEV;` adds the `return` there).

use super::matcher::{leaf_toks, Matcher, State};
use super::render;
use crate::c::FastKind as _;
use crate::smpl::body::{BTok, Mark};
use crate::smpl::pattern::{PNode, Pattern, PlusChunk, Role};
use crate::smpl::Rule;
use tree_sitter::Node;

/// Whether `p` is a `return;` pattern without a value.
pub(crate) fn is_bare_return(p: &PNode) -> bool {
    p.kind == "return_statement"
        && p.role == Role::Code
        && p.children.iter().all(|c| c.is_leaf() && !c.named)
        && p.children.iter().any(|c| c.kind == "return")
}

/// The position of the closing `}` of `body` when it is a function's body.
pub(crate) fn function_end(body: Node) -> Option<usize> {
    let parent = body.parent()?;
    (body.kind_fast() == "compound_statement" && parent.kind_fast() == "function_definition")
        .then(|| body.end_byte().saturating_sub(1))
}

impl Matcher<'_> {
    /// `st` with the bare return `p` matched at the end of a function's
    /// body, whose closing `}` is at `close`.
    pub(crate) fn at_function_end(&self, p: &PNode, close: usize, st: &State) -> State {
        let mut st = st.clone();
        let mut toks = Vec::new();
        leaf_toks(p, &mut toks);
        for &t in &toks {
            st.ranges[t] = Some(close..close);
        }
        st.implicit = toks
            .iter()
            .min()
            .zip(toks.iter().max())
            .map(|(a, b)| (*a, *b));
        st
    }
}

/// Code to insert, and where.
type Added = (usize, Vec<u8>);

/// The edits of an implicit return that the rule rewrites: where code is
/// added inside it (`- return;` `+ return -ENODEV;` keeps `return` and `;`
/// as context around the added `-ENODEV`) or it is removed, the statement
/// is written out whole before the `}`: its context tokens with the code
/// added before, inside and after it. Gives the state without its tokens
/// and the insertion, and adds the chunks it placed to `skip`; `None`
/// when nothing is to be written out.
pub(crate) fn materialize(
    rule: &Rule,
    pat: &Pattern,
    st: &State,
    src: &[u8],
    skip: &mut Vec<usize>,
) -> Option<(State, Option<Added>)> {
    let (a, b) = st.implicit?;
    let close = st.ranges[a].as_ref()?.start;
    let inside = |c: &PlusChunk| {
        c.after.is_some_and(|k| a <= k && k < b) || c.before.is_some_and(|k| a < k && k <= b)
    };
    let removes = (a..=b).any(|k| pat.toks[k].mark == Mark::Minus);
    if !removes && !pat.chunks.iter().any(inside) {
        return None;
    }
    let mine = |ci: usize, c: &PlusChunk| {
        !skip.contains(&ci) && (c.after.is_some_and(|k| a <= k && k <= b) || c.before == Some(a))
    };
    let mut toks: Vec<BTok> = Vec::new();
    let mut placed = Vec::new();
    for (ci, c) in pat.chunks.iter().enumerate() {
        if mine(ci, c) && c.after.is_none_or(|k| k < a) {
            toks.extend(c.toks.iter().cloned());
            placed.push(ci);
        }
    }
    for k in a..=b {
        if pat.toks[k].mark != Mark::Minus {
            toks.push(pat.toks[k].clone());
        }
        for (ci, c) in pat.chunks.iter().enumerate() {
            if mine(ci, c) && c.after == Some(k) {
                toks.extend(c.toks.iter().cloned());
                placed.push(ci);
            }
        }
    }
    // The context tokens come from the `-` line the added code was paired
    // with: they go on the lines of the added code around them.
    for i in 0..toks.len() {
        if toks[i].mark != Mark::Plus {
            let line = match i.checked_sub(1) {
                Some(j) => Some(toks[j].line),
                None => toks.iter().find(|t| t.mark == Mark::Plus).map(|t| t.line),
            };
            toks[i].line = line.unwrap_or(toks[i].line);
        }
    }
    for i in 0..toks.len() {
        let line = toks[i].line;
        toks[i].first_on_line = i == 0 || toks[i - 1].line != line;
        toks[i].last_on_line = toks.get(i + 1).is_none_or(|t| t.line != line);
    }
    skip.extend(placed);
    let mut rest = st.clone();
    for k in a..=b {
        rest.ranges[k] = None;
    }
    rest.implicit = None;
    let whole = PlusChunk {
        after: None,
        before: Some(a),
        toks,
    };
    let insert = if whole.toks.is_empty() {
        None
    } else {
        render::insert_before(rule, pat, &whole, st, src, a, close)
    };
    Some((rest, insert))
}
