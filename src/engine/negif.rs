//! Coccinelle's `neg_if` isomorphism (with `ne_if`): `if (X) S1 else S2`
//! also matches `if (!X) S2 else S1`, the negation going into the test as
//! spatch distributes it: `a == b` and `a != b` trade places, `!a` becomes
//! `a`. Another test is not negated here (no match rather than a guess).
//! As for any isomorphism, the pattern as written is tried first, and the
//! negated form only where that does not match.

use crate::smpl::pattern::PNode;

/// The pattern `p`, an `if` with an `else`, with its test negated and its
/// branches swapped; `None` when `p` is no such `if` or its test is not one
/// negated here.
pub(crate) fn negated_if(p: &PNode) -> Option<PNode> {
    if p.kind != "if_statement" {
        return None;
    }
    let at = |f: &str| p.children.iter().position(|c| c.field == Some(f));
    let (ci, ti, ai) = (at("condition")?, at("consequence")?, at("alternative")?);
    let ei = p.children[ai]
        .children
        .iter()
        .position(|c| c.kind != "else")?;
    let mut q = p.clone();
    q.children[ci] = negated_test(&p.children[ci])?;
    let mut then = p.children[ti].clone();
    let mut other = p.children[ai].children[ei].clone();
    std::mem::swap(&mut then.field, &mut other.field);
    q.children[ti] = other;
    q.children[ai].children[ei] = then;
    Some(q)
}

/// The negation of the parenthesized test `c`.
fn negated_test(c: &PNode) -> Option<PNode> {
    let ii = c.children.iter().position(|k| k.named)?;
    let inner = &c.children[ii];
    let mut out = c.clone();
    match inner.kind {
        "binary_expression" => {
            let oi = inner
                .children
                .iter()
                .position(|k| matches!(k.kind, "==" | "!="))?;
            let flipped = if inner.children[oi].kind == "==" {
                "!="
            } else {
                "=="
            };
            let op = &mut out.children[ii].children[oi];
            op.kind = flipped;
            op.text = flipped.as_bytes().to_vec();
        }
        "unary_expression" if inner.children.first().is_some_and(|k| k.kind == "!") => {
            let operand = inner.children.iter().skip(1).find(|k| k.named)?;
            out.children[ii] = operand.clone();
        }
        _ => return None,
    }
    Some(out)
}
