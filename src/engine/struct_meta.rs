//! `T { fields }` with `T` a `type` metavariable: a struct or union
//! definition whose type the metavariable binds, as spatch 1.1.1 reads it.
//! Alone (`T { ... };`) it matches `struct tag { … };` (T is `struct tag`)
//! and the struct of a typedef that names one type, `typedef struct { … }
//! name;` or `typedef struct tag { … } name;` (T is `name`); not a struct
//! that declares variables or is nested in another. Without its `;`, and
//! inside a typedef pattern (`typedef T { ... } U;`), it matches any
//! definition with a tag, T binding the struct's own `struct tag`.

use super::matcher::{Binding, Matcher, State, Then};
use crate::c::FastKind;
use crate::smpl::pattern::PNode;
use crate::smpl::pattern::{Role, STRUCT_META_DEF};
use tree_sitter::Node;

impl Matcher<'_> {
    /// Matches the [`crate::smpl::pattern::STRUCT_META`] (or `_DEF`) node `p`
    /// against `s`.
    pub(crate) fn struct_meta(&self, p: &PNode, s: Node, st: &mut State, k: Then) -> bool {
        let (Some(tp), Some(body_p)) = (p.children.first(), p.children.get(1)) else {
            return false;
        };
        let Role::Meta(m) = tp.role else {
            return false;
        };
        if !matches!(s.kind_fast(), "struct_specifier" | "union_specifier") {
            return false;
        }
        let Some(body) = s.child_by_field_name("body") else {
            return false;
        };
        let tag = || -> Option<(Vec<Vec<u8>>, std::ops::Range<usize>)> {
            let name = s.child_by_field_name("name")?;
            let kw = s.child(0)?;
            let tokens = vec![
                self.text[kw.byte_range()].to_vec(),
                self.text[name.byte_range()].to_vec(),
            ];
            Some((tokens, kw.start_byte()..name.end_byte()))
        };
        let standalone = p.kind == STRUCT_META_DEF;
        let parent = s.parent();
        // What T binds, where it is, and the `;` that ends the definition.
        let (tokens, range, semi, typedef_name) = if !standalone {
            match tag() {
                Some((t, r)) => (t, r, None, false),
                None => return false,
            }
        } else if let Some(td) = parent.filter(|q| {
            q.kind_fast() == "type_definition"
                && q.child_by_field_name("type")
                    .is_some_and(|t| t.id() == s.id())
        }) {
            let mut cur = td.walk();
            let decls: Vec<Node> = td.children_by_field_name("declarator", &mut cur).collect();
            let [d] = decls.as_slice() else {
                return false;
            };
            if d.kind_fast() != "type_identifier" {
                return false;
            }
            let semi = td
                .child(td.child_count().saturating_sub(1))
                .filter(|x| x.kind_fast() == ";");
            (
                vec![self.text[d.byte_range()].to_vec()],
                d.byte_range(),
                semi,
                true,
            )
        } else {
            // `struct tag { … };` on its own, at file scope or in a block.
            let Some(next) = s.next_sibling().filter(|x| x.kind_fast() == ";") else {
                return false;
            };
            if !parent
                .is_some_and(|q| matches!(q.kind_fast(), "translation_unit" | "compound_statement"))
            {
                return false;
            }
            match tag() {
                Some((t, r)) => (t, r, Some(next), false),
                None => return false,
            }
        };
        let text = tokens.join(&b' ');
        if self.rule.metavars[m]
            .constraint
            .as_ref()
            .is_some_and(|c| !c.accepts(&String::from_utf8_lossy(&text)))
        {
            return false;
        }
        let b = Binding {
            tokens,
            text,
            at: None,
            typedef_name,
        };
        if !self.bind(m, b, st) {
            return false;
        }
        self.record(tp, range, st);
        if let (Some(sp), Some(semi)) = (p.children.get(2), semi) {
            self.record(sp, semi.byte_range(), st);
        }
        self.node_k(body_p, body, st, k)
    }
}
