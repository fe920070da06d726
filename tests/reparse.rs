//! Parsing a changed text from the previous tree gives the tree a fresh parse
//! gives: on every test case (input → the transform's output), on mutated
//! texts, and where a change alters how the dialect layer reads later lines.

mod common;

use sempatch::c::Parsed;
use sempatch::engine;

/// Every node's kind and byte range, in document order.
fn shape(text: &[u8], p: &Parsed) -> Vec<(String, usize, usize)> {
    let _ = text;
    let mut out = Vec::new();
    let mut cur = p.tree.walk();
    'walk: loop {
        let n = cur.node();
        out.push((n.kind().to_string(), n.start_byte(), n.end_byte()));
        if cur.goto_first_child() {
            continue;
        }
        while !cur.goto_next_sibling() {
            if !cur.goto_parent() {
                break 'walk;
            }
        }
    }
    out
}

fn check(old: &[u8], new: &[u8], what: &str) {
    let fresh = Parsed::new(new);
    let again = Parsed::new(old).reparse(old, new);
    assert_eq!(
        shape(new, &again),
        shape(new, &fresh),
        "{what}: the reparsed tree differs from a fresh parse"
    );
    assert_eq!(
        again.skipped, fresh.skipped,
        "{what}: left-out code differs"
    );
}

#[test]
fn every_case_output_reparses_like_a_fresh_parse() {
    let mut n = 0;
    for (case, sp, input) in common::cases() {
        if let Some(out) = engine::transform(&sp, &input).new {
            check(&input, &out, &case.display().to_string());
            n += 1;
        }
    }
    assert!(n > 100, "only {n} cases changed their input");
}

#[test]
fn a_renamed_iterator_changes_how_later_lines_are_read() {
    let old = b"void f(struct list_head *h)\n{\n\tstruct x *p;\n\n\tlist_for_each_entry(p, h, node)\n\t\tgo(p);\n\tdone();\n}\n";
    let new = b"void f(struct list_head *h)\n{\n\tstruct x *p;\n\n\tlist_walk(p, h, node)\n\t\tgo(p);\n\tdone();\n}\n";
    check(old, new, "iterator renamed away");
    check(new, old, "iterator renamed back");
}

#[test]
fn edits_at_both_ends_and_in_between() {
    let old: &[u8] = b"int a;\nstatic int f(int x)\n{\n\treturn x + 1;\n}\n\nint g(void)\n{\n\treturn f(2);\n}\n";
    let cases: &[&[u8]] = &[
        b"long a;\nstatic int f(int x)\n{\n\treturn x + 1;\n}\n\nint g(void)\n{\n\treturn f(2);\n}\n",
        b"int a;\nstatic int f(int x)\n{\n\treturn x + 1;\n}\n\nint g(void)\n{\n\treturn f(2) * 3;\n}\n/* end */\n",
        b"int a;\nstatic int f(int x, int y)\n{\n\tif (y)\n\t\treturn x;\n\treturn x + 1;\n}\n\nint g(void)\n{\n\treturn f(2, 0);\n}\n",
        b"",
        b"int a;\n",
        b"}}} int a;\n",
    ];
    for (i, new) in cases.iter().enumerate() {
        check(old, new, &format!("edit {i}"));
        check(new, old, &format!("edit {i} undone"));
    }
}
