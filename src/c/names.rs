//! What a name in a file stands for, as far as the file itself tells: a type
//! (a `typedef` of the file, a type every kernel file knows, or a name ending
//! in `_t`, as spatch reads one) or a variable
//! (a parameter, a local or a file-scope declaration). The C front end parses
//! `sizeof(x)` and `(x)` alike whatever `x` is; a `type` metavariable must not
//! bind a variable there, and must not guess when the file does not say.

use super::FastKind;
use std::collections::{HashMap, HashSet};
use tree_sitter::Node;

/// Type names known without a declaration (see the file for the list).
const KERNEL_TYPES: &str = include_str!("kernel.types");

/// What one name is at one place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    Type,
    Variable,
    /// Neither declared in the file nor a known type name.
    Unknown,
}

/// The names a file declares: its typedefs, and its file-scope variables.
#[derive(Debug, Default)]
pub struct FileNames {
    typedefs: HashSet<Vec<u8>>,
    globals: HashSet<Vec<u8>>,
    /// What each typedef name that is a plain name (`typedef struct tag
    /// { … } foo;`, `typedef int count_t;`) stands for, as type words.
    expansions: HashMap<Vec<u8>, Vec<Vec<u8>>>,
}

fn kernel_types() -> &'static HashSet<&'static [u8]> {
    static SET: std::sync::OnceLock<HashSet<&'static [u8]>> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        KERNEL_TYPES
            .lines()
            .map(|l| l.split('#').next().unwrap_or(""))
            .flat_map(str::split_whitespace)
            .map(str::as_bytes)
            .collect()
    })
}

/// The identifier a declarator declares (`*p`, `a[4]`, `x = 1`, `(*fn)(void)`).
pub(crate) fn declared_name<'t>(mut d: Node<'t>) -> Option<Node<'t>> {
    loop {
        match d.kind_fast() {
            "identifier" | "type_identifier" | "field_identifier" => return Some(d),
            "init_declarator"
            | "pointer_declarator"
            | "array_declarator"
            | "function_declarator"
            | "attributed_declarator" => d = d.child_by_field_name("declarator")?,
            "parenthesized_declarator" => d = d.named_child(0)?,
            _ => return None,
        }
    }
}

/// The names declared by the `declarator` children of `n`.
fn declarators<'t>(n: Node<'t>, out: &mut Vec<Node<'t>>) {
    let mut cur = n.walk();
    for d in n.children_by_field_name("declarator", &mut cur) {
        out.extend(declared_name(d));
    }
}

/// The words of `value`, a macro's body, when it is a base type written
/// with keywords alone (`int`, `unsigned long`, `struct foo`): what a
/// macro standing for a type stands for. `None` for anything else.
fn type_words_of(value: &[u8]) -> Option<Vec<Vec<u8>>> {
    let words: Vec<&[u8]> = value
        .split(|b| b.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let keyword = |w: &[u8]| {
        matches!(
            w,
            b"void"
                | b"char"
                | b"short"
                | b"int"
                | b"long"
                | b"float"
                | b"double"
                | b"signed"
                | b"unsigned"
                | b"_Bool"
        )
    };
    let tagged = |w: &[&[u8]]| match w {
        [kw, tag] => {
            matches!(*kw, b"struct" | b"union" | b"enum")
                && tag.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
                && !tag.first().is_some_and(u8::is_ascii_digit)
        }
        _ => false,
    };
    (!words.is_empty() && (words.iter().all(|w| keyword(w)) || tagged(&words)))
        .then(|| words.iter().map(|w| w.to_vec()).collect())
}

impl FileNames {
    /// Collects the typedef names and file-scope variables of a parsed file.
    pub fn new(root: Node, text: &[u8]) -> FileNames {
        let mut f = FileNames::default();
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            match n.kind_fast() {
                "type_definition" => {
                    if let Some(ty) = n.child_by_field_name("type") {
                        let words = super::types::spec_words(ty, text);
                        let mut cur = n.walk();
                        // An anonymous struct has no other name.
                        let tagless = matches!(
                            ty.kind_fast(),
                            "struct_specifier" | "union_specifier" | "enum_specifier"
                        ) && words.len() < 2;
                        for d in n.children_by_field_name("declarator", &mut cur) {
                            // `*name` (pointers to the type) or `name`.
                            let mut d = d;
                            let mut levels = words.clone();
                            while d.kind_fast() == "pointer_declarator" {
                                levels.push(b"*".to_vec());
                                match d.child_by_field_name("declarator") {
                                    Some(inner) => d = inner,
                                    None => break,
                                }
                            }
                            if d.kind_fast() == "type_identifier" && !tagless {
                                f.expansions.insert(text[d.byte_range()].to_vec(), levels);
                            }
                        }
                    }
                    let mut names = Vec::new();
                    declarators(n, &mut names);
                    f.typedefs
                        .extend(names.iter().map(|d| text[d.byte_range()].to_vec()));
                }
                "declaration" => {
                    let mut names = Vec::new();
                    declarators(n, &mut names);
                    f.globals
                        .extend(names.iter().map(|d| text[d.byte_range()].to_vec()));
                }
                // `#define INT16 int`: spatch reads the name as that type.
                "preproc_def" => {
                    if let (Some(name), Some(words)) = (
                        n.child_by_field_name("name"),
                        n.child_by_field_name("value")
                            .and_then(|v| type_words_of(&text[v.byte_range()])),
                    ) {
                        let name = text[name.byte_range()].to_vec();
                        f.expansions.insert(name.clone(), words);
                        f.typedefs.insert(name);
                    }
                }
                // Function bodies hold locals, not file-scope names.
                "function_definition" => {}
                _ => {
                    let mut cur = n.walk();
                    stack.extend(n.named_children(&mut cur));
                }
            }
        }
        f
    }

    /// Type words with the file's typedef names replaced by what they stand
    /// for, through typedefs of typedefs (a name after `struct`, `union`
    /// or `enum` is a tag, not a typedef name).
    pub fn expand(&self, ty: &[Vec<u8>]) -> Vec<Vec<u8>> {
        let mut cur: Vec<Vec<u8>> = ty.to_vec();
        // A typedef chain is short; a cycle (not C) must not hang.
        for _ in 0..8 {
            let mut out = Vec::with_capacity(cur.len());
            let mut changed = false;
            for (i, w) in cur.iter().enumerate() {
                let tag = i > 0 && matches!(cur[i - 1].as_slice(), b"struct" | b"union" | b"enum");
                match self.expansions.get(w).filter(|_| !tag) {
                    Some(e) => {
                        out.extend(e.iter().cloned());
                        changed = true;
                    }
                    None => out.push(w.clone()),
                }
            }
            cur = out;
            if !changed {
                break;
            }
        }
        cur
    }

    /// What the identifier node `name` stands for where it is.
    pub fn kind_of(&self, name: Node, text: &[u8]) -> NameKind {
        let word = &text[name.byte_range()];
        if in_function_scope(name, word, text) || self.globals.contains(word) {
            return NameKind::Variable;
        }
        // Like spatch, a name ending in `_t` is taken for a typedef.
        if self.typedefs.contains(word) || kernel_types().contains(word) || word.ends_with(b"_t") {
            return NameKind::Type;
        }
        NameKind::Unknown
    }
}

/// Whether `word` is a parameter or a local variable of the function around `at`.
fn in_function_scope(at: Node, word: &[u8], text: &[u8]) -> bool {
    let mut f = at;
    while f.kind_fast() != "function_definition" {
        match f.parent() {
            Some(p) => f = p,
            None => return false,
        }
    }
    let mut names = Vec::new();
    let mut stack = vec![f];
    while let Some(n) = stack.pop() {
        match n.kind_fast() {
            "parameter_declaration" | "declaration" => declarators(n, &mut names),
            _ => {}
        }
        if n.kind_fast() != "declaration" {
            let mut cur = n.walk();
            stack.extend(n.named_children(&mut cur));
        }
    }
    names.iter().any(|d| &text[d.byte_range()] == word)
}
