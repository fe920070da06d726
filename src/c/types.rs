//! The types of expressions, as far as the file itself tells.
//!
//! A type is its words with the pointer and array levels after them
//! (`struct page *` is `["struct", "page", "*"]`; `char buf[8]` gives
//! `["char", "[]"]`), qualifiers and storage classes left out. A variable's
//! type is read off its declaration: a local of an enclosing block declared
//! before the use, a parameter of the function, or a declaration at file
//! scope before the function. From there: `&e`, `*e`, `e[i]`, `e->f` and
//! `e.f` (with the struct's definition in the file, or in a header the
//! file includes with `#include "…"` from its own directory), casts, literals,
//! `NULL`, `sizeof`, operators (as Coccinelle types them: arithmetic from
//! both operands' types, comparisons `int`), and calls of functions the
//! file declares or defines. Anything else (headers' functions and
//! variables, arithmetic with an operand of unknown type) is unknown:
//! `None`, never a guess.

use super::FastKind;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use tree_sitter::Node;

/// What the file scope of one tree declares, found in one walk: the
/// lookups of [`type_of`] go through it instead of walking the file at
/// every name (a rule with a typed metavariable asks at every candidate).
pub struct FileTypes<'t> {
    /// Each function's return type, from its first prototype or definition.
    functions: HashMap<Vec<u8>, Ty>,
    /// The names declared at file scope, as a block's are.
    globals: Declared,
    /// The bodies of the struct and union definitions, by kind and name, in
    /// the order they are searched.
    records: HashMap<(&'static str, Vec<u8>), Vec<Node<'t>>>,
    /// The declarations of each block asked about, by the block's node id
    /// (found on first use: most blocks are never asked about).
    blocks: RefCell<HashMap<usize, Rc<Declared>>>,
    /// The headers the file includes with `#include "…"`, found next to
    /// it, and the fields of the structs and unions they define (read on
    /// the first field the file's own definitions do not give).
    headers: Vec<std::path::PathBuf>,
    header_fields: std::cell::OnceCell<Vec<std::sync::Arc<HeaderFields>>>,
    /// Where the headers' fields are kept for the run (read once each).
    cache: Option<&'t HeaderCache>,
}

/// The fields of each local header read so far in a run: a header many
/// files include (a driver's own `x.h`) is read and parsed once.
#[derive(Debug, Default)]
pub struct HeaderCache(std::sync::Mutex<HashMap<std::path::PathBuf, std::sync::Arc<HeaderFields>>>);

impl HeaderCache {
    fn fields_of(&self, h: &std::path::Path) -> std::sync::Arc<HeaderFields> {
        if let Some(f) = self.0.lock().ok().and_then(|m| m.get(h).cloned()) {
            return f;
        }
        // (Two threads may read one header at once: both get the same.)
        let f = std::sync::Arc::new(header_fields(&[h.to_path_buf()]));
        if let Ok(mut m) = self.0.lock() {
            m.insert(h.to_path_buf(), f.clone());
        }
        f
    }
}

/// The fields of the structs and unions some headers define, by kind and
/// name: each field's name and type.
type HeaderFields = HashMap<(&'static str, Vec<u8>), Vec<(Vec<u8>, Ty)>>;

/// How many headers of a file are read, and how large one may be: kernel
/// headers are many and some are large, and a type they do not give is
/// unknown, not guessed.
const MAX_HEADERS: usize = 16;
const MAX_HEADER_BYTES: u64 = 1 << 20;

/// The names a block declares: for each, its declarations in order, as
/// (start of the declaration, type, where the name is, whether `static`
/// or `extern`).
type Declared = HashMap<Vec<u8>, Vec<(usize, Ty, usize, bool)>>;

impl<'t> FileTypes<'t> {
    pub fn new(root: Node<'t>, text: &[u8]) -> FileTypes<'t> {
        let mut functions = HashMap::new();
        let mut cur = root.walk();
        for item in root.named_children(&mut cur) {
            for (name, ty) in returned(item, text) {
                functions.entry(name).or_insert(ty);
            }
        }
        FileTypes {
            functions,
            globals: block_declarations(root, text),
            records: records(root, text),
            blocks: RefCell::default(),
            headers: Vec::new(),
            header_fields: Default::default(),
            cache: None,
        }
    }

    /// The same, with the local headers of the file at `path` (those its
    /// `#include "…"` lines name, found in its directory) as a source of
    /// struct and union fields, as spatch reads a file's local includes.
    pub fn with_local_headers(
        mut self,
        path: &std::path::Path,
        root: Node,
        text: &[u8],
        cache: &'t HeaderCache,
    ) -> Self {
        self.cache = Some(cache);
        let dir = path.parent().unwrap_or(std::path::Path::new(""));
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            match n.kind_fast() {
                "preproc_include" => {
                    let Some(p) = n.child_by_field_name("path") else {
                        continue;
                    };
                    if p.kind_fast() != "string_literal" {
                        continue;
                    }
                    let name = String::from_utf8_lossy(&text[p.byte_range()]);
                    let h = dir.join(name.trim_matches('"'));
                    if h.is_file() && !self.headers.contains(&h) && self.headers.len() < MAX_HEADERS
                    {
                        self.headers.push(h);
                    }
                }
                "translation_unit" | "preproc_ifdef" | "preproc_if" | "preproc_else"
                | "preproc_elif" => {
                    let mut cur = n.walk();
                    let kids: Vec<Node> = n.named_children(&mut cur).collect();
                    stack.extend(kids.into_iter().rev());
                }
                _ => {}
            }
        }
        self
    }

    /// The type of field `field` of the record `kind` `name` some local
    /// header defines.
    fn header_field(&self, kind: &'static str, name: &[u8], field: &[u8]) -> Option<Ty> {
        let cache = self.cache?;
        let headers = self
            .header_fields
            .get_or_init(|| self.headers.iter().map(|h| cache.fields_of(h)).collect());
        headers.iter().find_map(|fields| {
            fields
                .get(&(kind, name.to_vec()))?
                .iter()
                .find(|(f, _)| f == field)
                .map(|(_, t)| t.clone())
        })
    }

    /// The last declaration of `name` in `block` that starts before `at`:
    /// its type, where the name is, and whether it is `static` or `extern`.
    fn local(&self, block: Node, name: &[u8], at: usize, text: &[u8]) -> Option<(Ty, usize, bool)> {
        let decls = {
            let mut blocks = self.blocks.borrow_mut();
            blocks
                .entry(block.id())
                .or_insert_with(|| Rc::new(block_declarations(block, text)))
                .clone()
        };
        last_before(&decls, name, at).map(|(_, t, d, lasting)| (t.clone(), *d, *lasting))
    }

    /// The last file-scope declaration of `name` that starts before `at`:
    /// its type and where the name is.
    fn global(&self, name: &[u8], at: usize) -> Option<(Ty, usize)> {
        last_before(&self.globals, name, at).map(|(_, t, d, _)| (t.clone(), *d))
    }
}

/// The last of `decls`' declarations of `name` that starts before `at`.
fn last_before<'d>(
    decls: &'d Declared,
    name: &[u8],
    at: usize,
) -> Option<&'d (usize, Ty, usize, bool)> {
    decls
        .get(name)?
        .iter()
        .take_while(|(start, ..)| *start < at)
        .last()
}

/// The names a declaration (or field declaration) `decl` with type
/// `base` declares, each with its whole type.
fn declarators<'t>(decl: Node<'t>, base: Node, text: &[u8]) -> Vec<(Node<'t>, Ty)> {
    let mut cur = decl.walk();
    let ds: Vec<Node<'t>> = decl
        .children_by_field_name("declarator", &mut cur)
        .collect();
    ds.into_iter()
        .filter_map(|d| {
            let (levels, n) = declarator_levels(d, text)?;
            let mut ty = spec_words(base, text);
            ty.extend(levels);
            Some((n?, ty))
        })
        .collect()
}

/// What the declarations among the children of `block` (a block, or the
/// translation unit) declare.
fn block_declarations(block: Node, text: &[u8]) -> Declared {
    let mut out: Declared = HashMap::new();
    let mut cur = block.walk();
    for c in block.named_children(&mut cur) {
        if c.kind_fast() != "declaration" {
            continue;
        }
        let Some(base) = c.child_by_field_name("type") else {
            continue;
        };
        let lasting = {
            let mut dc = c.walk();
            let words: Vec<&[u8]> = c
                .children(&mut dc)
                .filter(|k| k.kind_fast() == "storage_class_specifier")
                .map(|k| &text[k.byte_range()])
                .collect();
            words.iter().any(|w| matches!(*w, b"static" | b"extern"))
        };
        let mut seen: Vec<&[u8]> = Vec::new();
        for (n, ty) in declarators(c, base, text) {
            let name = &text[n.byte_range()];
            // The first declarator of a name is the one a use finds.
            if seen.contains(&name) {
                continue;
            }
            seen.push(name);
            out.entry(name.to_vec()).or_default().push((
                c.start_byte(),
                ty,
                n.start_byte(),
                lasting,
            ));
        }
    }
    out
}

/// The struct and union bodies of the file, found as [`field_type`] once
/// searched for them: from the root, through what can hold a definition,
/// later siblings first.
fn records<'t>(root: Node<'t>, text: &[u8]) -> HashMap<(&'static str, Vec<u8>), Vec<Node<'t>>> {
    let mut out: HashMap<(&'static str, Vec<u8>), Vec<Node<'t>>> = HashMap::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        let kind = match n.kind_fast() {
            "struct_specifier" => Some("struct_specifier"),
            "union_specifier" => Some("union_specifier"),
            _ => None,
        };
        if let Some(kind) = kind {
            if let (Some(name), Some(body)) =
                (n.child_by_field_name("name"), n.child_by_field_name("body"))
            {
                out.entry((kind, text[name.byte_range()].to_vec()))
                    .or_default()
                    .push(body);
            }
        }
        // Struct definitions sit at file scope or inside declarations.
        if matches!(
            n.kind_fast(),
            "translation_unit"
                | "declaration"
                | "type_definition"
                | "struct_specifier"
                | "union_specifier"
                | "field_declaration_list"
                | "field_declaration"
                | "preproc_ifdef"
                | "preproc_if"
                | "preproc_else"
        ) {
            let mut cur = n.walk();
            stack.extend(n.named_children(&mut cur));
        }
    }
    out
}

/// A type as words and levels.
pub type Ty = Vec<Vec<u8>>;

/// Words that qualify a type without changing what it is for matching.
fn is_qualifier(w: &[u8]) -> bool {
    matches!(
        w,
        b"const"
            | b"volatile"
            | b"static"
            | b"extern"
            | b"register"
            | b"auto"
            | b"inline"
            | b"restrict"
            | b"__restrict"
    )
}

/// The words of a type specifier node (`struct foo`, `unsigned long`),
/// a struct's body left out.
pub(crate) fn spec_words(n: Node, text: &[u8]) -> Ty {
    let mut out = Vec::new();
    match n.kind_fast() {
        "struct_specifier" | "union_specifier" | "enum_specifier" => {
            let kw = n
                .kind_fast()
                .trim_end_matches("_specifier")
                .as_bytes()
                .to_vec();
            out.push(kw);
            if let Some(name) = n.child_by_field_name("name") {
                out.push(text[name.byte_range()].to_vec());
            }
        }
        _ => {
            for t in super::node_tokens(n, text) {
                if !is_qualifier(&t) {
                    out.push(t);
                }
            }
        }
    }
    out
}

/// The levels a declarator adds to its base type, outermost last as C
/// writes them (`*x` gives `*`, `**x` gives `* *`, `x[4]` gives `[]`), and
/// the name it declares. `None` for function declarators.
fn declarator_levels<'t>(d: Node<'t>, text: &[u8]) -> Option<(Ty, Option<Node<'t>>)> {
    let mut levels: Ty = Vec::new();
    let mut cur = Some(d);
    let mut name = None;
    while let Some(n) = cur {
        match n.kind_fast() {
            "identifier" | "field_identifier" | "type_identifier" => {
                name = Some(n);
                break;
            }
            "init_declarator" | "attributed_declarator" => {
                cur = n.child_by_field_name("declarator");
            }
            "pointer_declarator" | "abstract_pointer_declarator" => {
                levels.push(b"*".to_vec());
                cur = n.child_by_field_name("declarator");
            }
            "array_declarator" | "abstract_array_declarator" => {
                levels.push(b"[]".to_vec());
                cur = n.child_by_field_name("declarator");
            }
            "parenthesized_declarator" => cur = n.named_child(0),
            "type_qualifier" => cur = None,
            _ => return None,
        }
    }
    let _ = text;
    // The declarator is read from the outside in, and its innermost level
    // (the one next to the name) is the type's outermost: `*a[4]`, a
    // pointer declarator around an array one, is an array of pointers
    // (`char *[]`, the last word the outermost level), `(*p)[4]` a
    // pointer to an array (`char [] *`).
    Some((levels, name))
}

/// The type a declaration-like node (`declaration`, `parameter_declaration`,
/// `field_declaration`) gives `name`, if it declares it.
fn declared_type(decl: Node, name: &[u8], text: &[u8]) -> Option<Ty> {
    declared(decl, name, text).map(|(t, _)| t)
}

/// [`declared_type`], with where the declared name is.
fn declared(decl: Node, name: &[u8], text: &[u8]) -> Option<(Ty, usize)> {
    let base = decl.child_by_field_name("type")?;
    let mut cur = decl.walk();
    for d in decl.children_by_field_name("declarator", &mut cur) {
        let Some((levels, Some(n))) = declarator_levels(d, text) else {
            continue;
        };
        if &text[n.byte_range()] == name {
            let mut ty = spec_words(base, text);
            ty.extend(levels);
            return Some((ty, n.start_byte()));
        }
    }
    None
}

/// Where the variable `id` (an identifier node) is declared, and its type:
/// the nearest declaration before it in an enclosing block, a parameter,
/// or a file-scope declaration before its function.
fn variable_type(id: Node, text: &[u8], ft: &FileTypes) -> Option<(Ty, Scope)> {
    variable(id, text, ft).map(|(t, s, _)| (t, s))
}

/// Where the variable `id` names is declared: the start of the declared
/// name, `None` when the file does not declare it (a global of a header,
/// a macro). Two uses of one name with different declarations are
/// different variables (one shadows the other).
pub fn declaration_of(id: Node, text: &[u8], ft: &FileTypes) -> Option<usize> {
    variable(id, text, ft).map(|(_, _, at)| at)
}

/// [`variable_type`] with where the declared name is.
fn variable(id: Node, text: &[u8], ft: &FileTypes) -> Option<(Ty, Scope, usize)> {
    let name = &text[id.byte_range()];
    let at = id.start_byte();
    let mut n = id;
    while let Some(p) = n.parent() {
        match p.kind_fast() {
            "translation_unit" => {
                return ft.global(name, at).map(|(t, d)| (t, Scope::Global, d));
            }
            "compound_statement" => {
                if let Some((t, at, lasting)) = ft.local(p, name, at, text) {
                    // A `static` (or `extern`) local lives as long as a
                    // global does: Coccinelle's `local` excludes it.
                    let scope = if lasting { Scope::Global } else { Scope::Local };
                    return Some((t, scope, at));
                }
            }
            "for_statement" => {
                if let Some(init) = p.child_by_field_name("initializer") {
                    if init.kind_fast() == "declaration" && init.end_byte() <= at {
                        if let Some((t, d)) = declared(init, name, text) {
                            return Some((t, Scope::Local, d));
                        }
                    }
                }
            }
            "function_definition" => {
                let mut d = p.child_by_field_name("declarator");
                while let Some(k) = d {
                    if k.kind_fast() == "function_declarator" {
                        break;
                    }
                    d = k.child_by_field_name("declarator");
                }
                if let Some(params) = d.and_then(|f| f.child_by_field_name("parameters")) {
                    let mut cur = params.walk();
                    for prm in params.named_children(&mut cur) {
                        if prm.kind_fast() == "parameter_declaration" {
                            if let Some((t, d)) = declared(prm, name, text) {
                                return Some((t, Scope::Local, d));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
        n = p;
    }
    None
}

/// Where a variable lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// A parameter or a local of the function.
    Local,
    /// Declared at file scope.
    Global,
}

/// Whether the identifier node `id` names a local variable (or parameter)
/// or a file-scope one; `None` when the file does not declare it.
pub fn scope_of(id: Node, text: &[u8], ft: &FileTypes) -> Option<Scope> {
    variable_type(id, text, ft).map(|(_, s)| s)
}

/// The type of a field `field` of `struct name` (or union), from its
/// definition in the file.
fn field_type(ft: &FileTypes, kw: &[u8], name: &[u8], field: &[u8], text: &[u8]) -> Option<Ty> {
    if let Some((_, t)) = field_declaration(ft, kw, name, field, text) {
        return Some(t);
    }
    // A record the file does not define may be a local header's.
    let kind = record_kind(kw)?;
    if ft.records.contains_key(&(kind, name.to_vec())) {
        return None;
    }
    ft.header_field(kind, name, field)
}

/// The node kind of a record keyword's definitions (`struct`, `union`).
fn record_kind(kw: &[u8]) -> Option<&'static str> {
    match kw {
        b"struct" => Some("struct_specifier"),
        b"union" => Some("union_specifier"),
        _ => None,
    }
}

/// The fields of the records `headers` define (each header read and
/// parsed once; one that cannot be read, or is too large, gives none).
fn header_fields(headers: &[std::path::PathBuf]) -> HeaderFields {
    let mut out = HeaderFields::new();
    for h in headers {
        if std::fs::metadata(h).map_or(true, |m| m.len() > MAX_HEADER_BYTES) {
            continue;
        }
        let Ok(text) = std::fs::read(h) else {
            continue;
        };
        let tree = super::parse(&text);
        for ((kind, name), bodies) in records(tree.root_node(), &text) {
            let fields = out.entry((kind, name)).or_default();
            for body in bodies {
                let mut cur = body.walk();
                for f in body.named_children(&mut cur) {
                    if f.kind_fast() != "field_declaration" {
                        continue;
                    }
                    let Some(base) = f.child_by_field_name("type") else {
                        continue;
                    };
                    for (n, ty) in declarators(f, base, &text) {
                        fields.push((text[n.byte_range()].to_vec(), ty));
                    }
                }
            }
        }
    }
    out
}

/// The record (`struct` or `union`, and its name) and the field a field
/// expression `e` (`p->f`, `s.f`) reads.
fn field_target<'s>(e: Node, text: &'s [u8], ft: &FileTypes) -> Option<(Ty, &'s [u8])> {
    let base = type_of(e.child_by_field_name("argument")?, text, ft)?;
    let mut cur = e.walk();
    let arrow = e.children(&mut cur).any(|k| &text[k.byte_range()] == b"->");
    let base = if arrow { deref(base)? } else { base };
    if base.len() != 2 {
        return None;
    }
    let field = e.child_by_field_name("field")?;
    Some((base, &text[field.byte_range()]))
}

/// The declaration of the field a field expression `e` reads, with the
/// field's type, from the struct's definition in the file.
fn field_of<'t>(e: Node, text: &[u8], ft: &FileTypes<'t>) -> Option<(Node<'t>, Ty)> {
    let (rec, field) = field_target(e, text, ft)?;
    field_declaration(ft, &rec[0], &rec[1], field, text)
}

/// The type of the field a field expression `e` reads: from the file's
/// definition of the record, or a local header's.
fn field_expr_type(e: Node, text: &[u8], ft: &FileTypes) -> Option<Ty> {
    let (rec, field) = field_target(e, text, ft)?;
    field_type(ft, &rec[0], &rec[1], field, text)
}

/// The width of the bit-field a field expression `e` reads (`4` for `p->f`
/// with `int f:4;`), as written; `None` for anything else.
pub fn bitfield_width<'s>(e: Node, text: &'s [u8], ft: &FileTypes) -> Option<&'s [u8]> {
    if e.kind_fast() != "field_expression" {
        return None;
    }
    let (decl, _) = field_of(e, text, ft)?;
    let mut cur = decl.walk();
    let clause = decl
        .named_children(&mut cur)
        .find(|k| k.kind_fast() == "bitfield_clause")?;
    Some(&text[clause.named_child(0)?.byte_range()])
}

/// The declaration of field `field` of `struct name` (`kw` `struct` or
/// `union`) in the file, with the field's type.
fn field_declaration<'t>(
    ft: &FileTypes<'t>,
    kw: &[u8],
    name: &[u8],
    field: &[u8],
    text: &[u8],
) -> Option<(Node<'t>, Ty)> {
    let kind = record_kind(kw)?;
    ft.records
        .get(&(kind, name.to_vec()))?
        .iter()
        .find_map(|body| {
            let mut cur = body.walk();
            let fields: Vec<Node> = body.named_children(&mut cur).collect();
            fields
                .into_iter()
                .filter(|f| f.kind_fast() == "field_declaration")
                .find_map(|f| declared_type(f, field, text).map(|t| (f, t)))
        })
}

/// The type of an integer literal as Coccinelle gives it: its suffix says
/// `long`, `unsigned` or both (`1ul`); without one it is `int`, whatever
/// its size. `None` for anything else (floating constants).
fn integer_literal_type(t: &[u8]) -> Option<Ty> {
    let digits_end = t
        .iter()
        .rposition(|b| !matches!(b, b'u' | b'U' | b'l' | b'L'))
        .map_or(0, |i| i + 1);
    let (num, suffix) = t.split_at(digits_end);
    let hex = num.len() > 2 && (num.starts_with(b"0x") || num.starts_with(b"0X"));
    let valid = if hex {
        num[2..].iter().all(u8::is_ascii_hexdigit)
    } else {
        !num.is_empty() && num.iter().all(u8::is_ascii_digit)
    };
    if !valid {
        return None;
    }
    let unsigned = suffix.iter().any(|b| matches!(b, b'u' | b'U'));
    let longs = suffix.iter().filter(|b| matches!(b, b'l' | b'L')).count();
    let mut ty: Ty = Vec::new();
    if unsigned {
        ty.push(b"unsigned".to_vec());
    }
    match longs {
        0 => ty.push(b"int".to_vec()),
        1 => ty.push(b"long".to_vec()),
        2 => ty.extend([b"long".to_vec(), b"long".to_vec()]),
        _ => return None,
    }
    Some(ty)
}

/// The type of expression `e`, when the file tells it.
pub fn type_of(e: Node, text: &[u8], ft: &FileTypes) -> Option<Ty> {
    let kids = || super::code_children(e);
    match e.kind_fast() {
        // `NULL`, unless the file declares a variable of that name.
        "null" => Some(vec![b"void".to_vec(), b"*".to_vec()]),
        "identifier" if &text[e.byte_range()] == b"NULL" => variable_type(e, text, ft)
            .map(|(t, _)| t)
            .or_else(|| Some(vec![b"void".to_vec(), b"*".to_vec()])),
        "identifier" => variable_type(e, text, ft).map(|(t, _)| t),
        "parenthesized_expression" => type_of(e.named_child(0)?, text, ft),
        "number_literal" => integer_literal_type(&text[e.byte_range()]),
        "char_literal" => Some(vec![b"char".to_vec()]),
        "string_literal" | "concatenated_string" => Some(vec![b"char".to_vec(), b"[]".to_vec()]),
        "cast_expression" => {
            let td = e.child_by_field_name("type")?;
            let mut ty = spec_words(td.child_by_field_name("type")?, text);
            if let Some(d) = td.child_by_field_name("declarator") {
                ty.extend(declarator_levels(d, text)?.0);
            }
            Some(ty)
        }
        "pointer_expression" => {
            let k = kids();
            let op = &text[k.first()?.byte_range()];
            let mut inner = type_of(e.child_by_field_name("argument")?, text, ft)?;
            match op {
                b"&" => {
                    inner.push(b"*".to_vec());
                    Some(inner)
                }
                b"*" => deref(inner),
                _ => None,
            }
        }
        "subscript_expression" => deref(type_of(e.child_by_field_name("argument")?, text, ft)?),
        "field_expression" => field_expr_type(e, text, ft),
        "sizeof_expression" | "alignof_expression" | "offsetof_expression" => {
            Some(vec![b"size_t".to_vec()])
        }
        "binary_expression" => {
            let op = &text[e.child_by_field_name("operator")?.byte_range()];
            if matches!(
                op,
                b"&&" | b"||" | b"==" | b"!=" | b"<" | b">" | b"<=" | b">="
            ) {
                return Some(vec![b"int".to_vec()]);
            }
            // Coccinelle takes the type of an arithmetic expression from
            // both operands' (Type_c.lub) and, where one is unknown, from
            // the other's alone; that one guesses where the file does not
            // tell, so both must be known here.
            let l = type_of(e.child_by_field_name("left")?, text, ft)?;
            let r = type_of(e.child_by_field_name("right")?, text, ft)?;
            Some(arith_lub(op, l, r))
        }
        // `!x` is an `int`; `-x`, `+x` and `~x` have `x`'s type (spatch
        // 1.1.1 types `-c` as `unsigned char` for an `unsigned char c`).
        "unary_expression" => {
            let op = &text[e.child_by_field_name("operator")?.byte_range()];
            if op == b"!" {
                Some(vec![b"int".to_vec()])
            } else {
                type_of(e.child_by_field_name("argument")?, text, ft)
            }
        }
        "update_expression" => type_of(e.child_by_field_name("argument")?, text, ft),
        // The value of `a ? b : c` has the type of `c`, as spatch says.
        "conditional_expression" => type_of(e.child_by_field_name("alternative")?, text, ft),
        "comma_expression" => type_of(e.child_by_field_name("right")?, text, ft),
        // An assignment has its left side's type, or its right side's
        // when the left one is not known.
        "assignment_expression" => type_of(e.child_by_field_name("left")?, text, ft)
            .or_else(|| type_of(e.child_by_field_name("right")?, text, ft)),
        "call_expression" => {
            let f = e.child_by_field_name("function")?;
            // A variable (a function pointer) is not a function of the file.
            if f.kind_fast() != "identifier" || variable(f, text, ft).is_some() {
                return None;
            }
            ft.functions.get(&text[f.byte_range()]).cloned()
        }
        _ => None,
    }
}

/// The functions a file-scope item (a prototype or a definition)
/// declares, with what each returns.
fn returned(item: Node, text: &[u8]) -> Vec<(Vec<u8>, Ty)> {
    let mut out = Vec::new();
    if !matches!(item.kind_fast(), "declaration" | "function_definition") {
        return out;
    }
    let Some(base) = item.child_by_field_name("type") else {
        return out;
    };
    let mut dc = item.walk();
    for d in item.children_by_field_name("declarator", &mut dc) {
        let mut levels: Ty = Vec::new();
        let mut n = Some(d);
        while let Some(k) = n {
            match k.kind_fast() {
                "pointer_declarator" => {
                    levels.push(b"*".to_vec());
                    n = k.child_by_field_name("declarator");
                }
                "function_declarator" => {
                    if let Some(id) = k
                        .child_by_field_name("declarator")
                        .filter(|id| id.kind_fast() == "identifier")
                    {
                        let mut ty = spec_words(base, text);
                        ty.extend(levels.iter().cloned());
                        out.push((text[id.byte_range()].to_vec(), ty));
                    }
                    n = None;
                }
                _ => n = None,
            }
        }
    }
    out
}

/// Whether `t` is an arithmetic type (C's integer and floating types,
/// `bool`, and the kernel's fixed-width integers): never a pointer.
pub fn is_arithmetic(t: &Ty) -> bool {
    let kernel_int = |w: &[u8]| {
        let w = w.strip_prefix(b"__").unwrap_or(w);
        matches!(w, b"bool" | b"_Bool")
            || (matches!(w.first(), Some(b'u' | b's'))
                && matches!(&w[1..], b"8" | b"16" | b"32" | b"64"))
    };
    base_rank(t).is_some_and(|r| r != 0) || matches!(t.as_slice(), [w] if kernel_int(w))
}

/// The basic types Coccinelle's `lub` tells apart, widest first; `None`
/// for a type that is none of C's basic ones (a struct, a typedef name, a
/// pointer or an array).
fn base_rank(t: &Ty) -> Option<u8> {
    let has = |w: &[u8]| t.iter().any(|x| x.as_slice() == w);
    let longs = t.iter().filter(|x| x.as_slice() == b"long").count();
    let known = t.iter().all(|x| {
        matches!(
            x.as_slice(),
            b"void"
                | b"char"
                | b"short"
                | b"int"
                | b"long"
                | b"signed"
                | b"unsigned"
                | b"float"
                | b"double"
                | b"size_t"
                | b"ssize_t"
                | b"ptrdiff_t"
        )
    });
    if t.is_empty()
        || !known
        || (t.len() > 1 && (has(b"size_t") || has(b"ssize_t") || has(b"ptrdiff_t")))
    {
        return None;
    }
    let unsigned = has(b"unsigned");
    Some(if has(b"void") {
        0
    } else if has(b"double") && longs > 0 {
        1
    } else if has(b"double") {
        2
    } else if has(b"float") {
        3
    } else if has(b"ptrdiff_t") {
        4
    } else if has(b"ssize_t") {
        5
    } else if has(b"size_t") {
        6
    } else if longs >= 2 {
        if unsigned {
            7
        } else {
            8
        }
    } else if longs == 1 {
        if unsigned {
            9
        } else {
            10
        }
    } else if unsigned && !has(b"char") && !has(b"short") {
        11
    } else {
        12
    })
}

/// The type Coccinelle gives `l op r` for an arithmetic operator
/// (parsing_c/type_c.ml, `lub`): of two basic types the wider (`int` for
/// the narrow ones, the other for `void`); a pointer plus or minus an
/// integer is the pointer; the difference of two pointers or arrays is
/// `ptrdiff_t`; anything else the left operand's type.
fn arith_lub(op: &[u8], l: Ty, r: Ty) -> Ty {
    let is_ptr = |t: &Ty| t.last().is_some_and(|w| w.as_slice() == b"*");
    let is_arr = |t: &Ty| t.last().is_some_and(|w| w.as_slice() == b"[]");
    // Coccinelle's IntType: `char` to `long long`, signed or not, but
    // not `size_t` and its kin (ranks 4 to 6).
    let is_int = |t: &Ty| base_rank(t).is_some_and(|k| k >= 7);
    match (base_rank(&l), base_rank(&r)) {
        (Some(0), Some(_)) => return r,
        (Some(_), Some(0)) => return l,
        (Some(a), Some(b)) if a < 12 || b < 12 => return if a <= b { l } else { r },
        (Some(_), Some(_)) => return vec![b"int".to_vec()],
        _ => {}
    }
    match op {
        b"+" | b"-" if is_ptr(&l) && is_int(&r) => l,
        b"+" | b"-" if is_int(&l) && is_ptr(&r) => r,
        b"-" if (is_ptr(&l) || is_arr(&l)) && (is_ptr(&r) || is_arr(&r)) => {
            vec![b"ptrdiff_t".to_vec()]
        }
        _ => l,
    }
}

/// The type `*e` has when `e` has type `t`.
fn deref(mut t: Ty) -> Option<Ty> {
    match t.last().map(Vec::as_slice) {
        Some(b"*") | Some(b"[]") => {
            t.pop();
            Some(t)
        }
        _ => None,
    }
}

/// The qualifiers (`const`, `volatile`, as written) of the base type of
/// expression `e`, which [`type_of`] leaves out: what a `type` metavariable
/// bound to that base stands for with them (spatch binds `T` of `T[] E` to
/// `const struct s` for `static const struct s tab[]`). Read off the
/// declaration of a variable, through parentheses, subscripts, `*` and
/// `&`, and off a cast; `None` where it is not known (fields, calls).
pub fn base_qualifiers(e: Node, text: &[u8], ft: &FileTypes) -> Option<Ty> {
    let quals_of = |n: Node| -> Ty {
        let mut cur = n.walk();
        n.children(&mut cur)
            .filter(|k| k.kind_fast() == "type_qualifier")
            .map(|k| text[k.byte_range()].to_vec())
            .collect()
    };
    match e.kind_fast() {
        "identifier" => {
            let at = declaration_of(e, text, ft)?;
            let mut root = e;
            while let Some(p) = root.parent() {
                root = p;
            }
            let mut n = root.descendant_for_byte_range(at, at)?;
            while !matches!(
                n.kind_fast(),
                "declaration" | "parameter_declaration" | "field_declaration"
            ) {
                n = n.parent()?;
            }
            Some(quals_of(n))
        }
        "parenthesized_expression" => base_qualifiers(e.named_child(0)?, text, ft),
        "subscript_expression" | "pointer_expression" => {
            base_qualifiers(e.child_by_field_name("argument")?, text, ft)
        }
        "number_literal" | "char_literal" | "string_literal" | "concatenated_string" => {
            Some(Vec::new())
        }
        "cast_expression" => Some(quals_of(e.child_by_field_name("type")?)),
        // A field's own qualifiers and, unless the field is a pointer (whose
        // target the object's qualifiers do not reach), the object's:
        // `&b->i` is `const int *` when `b` is `const struct bar *`.
        "field_expression" => {
            let obj = e.child_by_field_name("argument")?;
            let base = type_of(obj, text, ft)?;
            let arrow = super::code_children(e)
                .iter()
                .any(|k| &text[k.byte_range()] == b"->");
            let base = if arrow { deref(base)? } else { base };
            let [kw, name] = base.as_slice() else {
                return None;
            };
            let field = e.child_by_field_name("field")?;
            let (decl, ty) = field_declaration(ft, kw, name, &text[field.byte_range()], text)?;
            let mut q = quals_of(decl);
            if !ty.iter().any(|w| w.as_slice() == b"*") {
                for w in base_qualifiers(obj, text, ft)? {
                    if !q.contains(&w) {
                        q.push(w);
                    }
                }
            }
            Some(q)
        }
        _ => None,
    }
}

/// A type written in a semantic patch, as words (qualifiers dropped).
pub fn normalize(words: &[Vec<u8>]) -> Ty {
    words.iter().filter(|w| !is_qualifier(w)).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The type of the expression `e` where `e` followed by `after` last
    /// occurs.
    /// The smallest node covering `len` bytes at `at`.
    fn node_of(tree: &tree_sitter::Tree, at: usize, len: usize) -> Node<'_> {
        let mut n = tree
            .root_node()
            .descendant_for_byte_range(at, at + len)
            .unwrap();
        while n.end_byte() - n.start_byte() < len {
            n = n.parent().unwrap();
        }
        n
    }

    fn words(t: &Ty) -> String {
        t.iter()
            .map(|w| String::from_utf8_lossy(w).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn ty_at(src: &str, e: &str, after: &str) -> Option<String> {
        let tree = crate::c::parse(src.as_bytes());
        let n = node_of(&tree, src.rfind(&format!("{e}{after}")).unwrap(), e.len());
        let ft = FileTypes::new(tree.root_node(), src.as_bytes());
        type_of(n, src.as_bytes(), &ft).map(|t| words(&t))
    }

    #[test]
    fn fields_of_records_a_local_header_defines() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("nic.h"),
            "struct nic_priv {\n\tint id;\n\tstruct pci_dev *pdev, **peers;\n};\n",
        )
        .unwrap();
        let src = "#include \"nic.h\"\n#include <linux/pci.h>\n\
                   struct local { long pdev; };\n\
                   void f(struct nic_priv *p, struct local *l, struct other *o)\n\
                   { g(p->pdev); g(p->peers); g(l->pdev); g(o->pdev); }\n";
        let tree = crate::c::parse(src.as_bytes());
        let path = dir.path().join("nic.c");
        let cache = HeaderCache::default();
        let ft = FileTypes::new(tree.root_node(), src.as_bytes()).with_local_headers(
            &path,
            tree.root_node(),
            src.as_bytes(),
            &cache,
        );
        let of = |e: &str| {
            let n = node_of(&tree, src.find(e).unwrap(), e.len());
            type_of(n, src.as_bytes(), &ft).map(|t| words(&t))
        };
        assert_eq!(of("p->pdev").as_deref(), Some("struct pci_dev *"));
        assert_eq!(of("p->peers").as_deref(), Some("struct pci_dev * *"));
        // The file's own definition wins; a record no one defines is unknown.
        assert_eq!(of("l->pdev").as_deref(), Some("long"));
        assert_eq!(of("o->pdev"), None);
        // Without the file's place, no header is read.
        let bare = FileTypes::new(tree.root_node(), src.as_bytes());
        let n = node_of(&tree, src.find("p->pdev").unwrap(), 7);
        assert_eq!(type_of(n, src.as_bytes(), &bare), None);
    }

    #[test]
    fn variables_fields_and_operators() {
        let src = "struct page { int count; struct page *next; };\n\
                   static const char *name;\n\
                   int f(struct page *p, unsigned long n)\n{\n\tint i;\n\tchar buf[8];\n\
                   \tuse(p, n, i, name, buf, &i, *p, p->next, p->count, (void *)p, 3, \"s\", q, g());\n}\n";
        assert_eq!(ty_at(src, "p", ", n").as_deref(), Some("struct page *"));
        assert_eq!(ty_at(src, "n", ", i").as_deref(), Some("unsigned long"));
        assert_eq!(ty_at(src, "i", ", name").as_deref(), Some("int"));
        assert_eq!(ty_at(src, "name", ", buf").as_deref(), Some("char *"));
        assert_eq!(ty_at(src, "buf", ", &i").as_deref(), Some("char []"));
        assert_eq!(ty_at(src, "&i", ",").as_deref(), Some("int *"));
        assert_eq!(ty_at(src, "*p", ",").as_deref(), Some("struct page"));
        assert_eq!(ty_at(src, "p->next", ",").as_deref(), Some("struct page *"));
        assert_eq!(ty_at(src, "p->count", ",").as_deref(), Some("int"));
        assert_eq!(ty_at(src, "(void *)p", ",").as_deref(), Some("void *"));
        assert_eq!(ty_at(src, "3", ",").as_deref(), Some("int"));
        // Undeclared names and calls of undeclared functions are unknown,
        // not guessed.
        assert_eq!(ty_at(src, "q", ","), None);
        assert_eq!(ty_at(src, "g()", ");"), None);
    }

    #[test]
    fn calls_of_functions_the_file_declares() {
        let src = "unsigned int get_count(void *r);
struct page *first(void) { return 0; }
                   void f(int (*cb)(void))
{
	use(get_count(0), first(), cb());
}
";
        assert_eq!(
            ty_at(src, "get_count(0)", ",").as_deref(),
            Some("unsigned int")
        );
        assert_eq!(ty_at(src, "first()", ",").as_deref(), Some("struct page *"));
        assert_eq!(ty_at(src, "cb()", ")"), None);
    }

    #[test]
    fn a_later_or_inner_declaration_does_not_count() {
        let src = "void f(void)\n{\n\tuse(x);\n\t{ long x; }\n\tint x;\n\tuse(x);\n}\n";
        assert_eq!(ty_at(src, "x", ");\n\t{"), None);
        assert_eq!(ty_at(src, "x", ");\n}").as_deref(), Some("int"));
    }
}
