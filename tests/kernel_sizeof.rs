//! `sizeof (type-name) OP …` reads as C reads it on all of Linux 6.1.
//!
//! C's `sizeof` takes a unary expression, never a cast, so a parse with a
//! cast directly under `sizeof` disagrees with the C grammar: stock
//! tree-sitter-c makes one of `sizeof(struct s)-1` (its lexer takes `-1` for
//! one signed number where a cast could follow), which the dialect layer
//! prevents. Such a parse needs a sign right before a digit somewhere after
//! a `)`, so only files with one are parsed (every `sizeof` in them counted).

mod common;

use rayon::prelude::*;
use regex::bytes::Regex;
use sempatch::c::FastKind;

fn disagreements(text: &[u8]) -> (usize, Vec<usize>) {
    let tree = sempatch::c::parse(text);
    let mut sizeofs = 0;
    let mut bad = Vec::new();
    let mut cur = tree.walk();
    'walk: loop {
        let n = cur.node();
        if n.kind_fast() == "sizeof_expression" {
            sizeofs += 1;
            if n.child_by_field_name("value")
                .is_some_and(|v| v.kind_fast() == "cast_expression")
            {
                bad.push(sempatch::c::line_of(text, n.start_byte()));
            }
        }
        if cur.goto_first_child() {
            continue;
        }
        while !cur.goto_next_sibling() {
            if !cur.goto_parent() {
                break 'walk;
            }
        }
    }
    (sizeofs, bad)
}

#[test]
fn dialect_reads_sizeof_type_then_signed_number_as_c() {
    let text = b"int f(int len) { return sizeof(struct resp)+2+len - sizeof(int)-1; }";
    assert_eq!(disagreements(text).1, Vec::<usize>::new());
    // Stock tree-sitter-c gets it wrong: what the test below would catch.
    let plain = sempatch::c::parse_plain(text);
    assert!(plain
        .root_node()
        .to_sexp()
        .contains("(sizeof_expression value: (cast_expression"));
}

#[test]
fn no_sizeof_misread_in_linux_6_1() {
    let Some(tree) = common::kernel_tree("no_sizeof_misread_in_linux_6_1") else {
        return;
    };
    let signed_after_paren = Regex::new(r"\)\s*[-+][0-9.]").unwrap();
    let mut files = Vec::new();
    let mut stack = vec![tree.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let ft = e.file_type().unwrap();
            if ft.is_dir() {
                stack.push(p);
            } else if ft.is_file() && p.extension().is_some_and(|x| x == "c" || x == "h") {
                files.push(p);
            }
        }
    }
    let results: Vec<(usize, usize, Vec<String>)> = files
        .par_iter()
        .filter_map(|p| {
            let text = std::fs::read(p).ok()?;
            if memchr::memmem::find(&text, b"sizeof").is_none()
                || !signed_after_paren.is_match(&text)
            {
                return None;
            }
            let (n, bad) = disagreements(&text);
            let shown = p.strip_prefix(&tree).unwrap_or(p).display().to_string();
            Some((1, n, bad.iter().map(|l| format!("{shown}:{l}")).collect()))
        })
        .collect();
    let parsed: usize = results.iter().map(|r| r.0).sum();
    let sizeofs: usize = results.iter().map(|r| r.1).sum();
    let bad: Vec<&String> = results.iter().flat_map(|r| &r.2).collect();
    eprintln!(
        "sizeof: {} files of {} parsed, {sizeofs} sizeof expressions, {} read against the C grammar",
        parsed,
        files.len(),
        bad.len()
    );
    assert!(
        parsed > 500,
        "only {parsed} files parsed: is the tree complete?"
    );
    assert!(
        bad.is_empty(),
        "sizeof misread at:\n{}",
        bad.iter()
            .take(50)
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}
