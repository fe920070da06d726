//! The kernel dialect layer on hand-written inputs (`testdata/dialect/`): each
//! class of idiom parses without error nodes (where stock tree-sitter-c fails),
//! the shadow text keeps every offset, semantic patches match inside iterator
//! loops and functions with `__user` parameters, code that does not parse is
//! reported, and `--macro-file` extends the shipped hints.

mod common;

use sempatch::c;
use sempatch::engine;
use sempatch::smpl::SemanticPatch;
use std::path::{Path, PathBuf};
use std::process::Command;

fn dialect_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/dialect")
}

fn idiom_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dialect_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .collect();
    v.sort();
    assert!(v.len() >= 6, "idiom files: {v:?}");
    v
}

/// The value after `key:` in the file's header comment (`/* expect: 9 functions */`).
fn header<'a>(src: &'a str, key: &str) -> Option<&'a str> {
    src.lines().take(5).find_map(|l| {
        let rest = l.split_once(&format!("{key}:"))?.1;
        Some(rest.trim().trim_end_matches("*/").trim())
    })
}

#[test]
fn each_idiom_class_parses_without_errors() {
    for path in idiom_files() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read(&path).unwrap();
        let src = String::from_utf8(text.clone()).unwrap();
        let (tree, left_out) = c::parse_explained(&c::kernel_hints(), &text);
        let root = tree.root_node();
        assert!(
            !root.has_error(),
            "{name}: error at {:?}\n{}",
            c::stats::first_error(root).map(|e| e.start_position()),
            root.to_sexp()
        );
        assert!(
            c::parse_plain(&text).root_node().has_error(),
            "{name}: stock tree-sitter-c parses it too, so it tests nothing"
        );
        let st = c::stats::tree_stats(&tree, &text, &left_out, &c::kernel_hints());
        let want: usize = header(&src, "expect")
            .and_then(|v| v.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{name}: no `expect: N functions` header"));
        assert_eq!(st.functions, want, "{name}: {st:?}");
        assert_eq!(st.other, 0, "{name}: {:?}", st.unclean);
        // Only functions with a conditional branch or macro argument left out
        // (and reported) may count as unclean; they are listed in the header.
        let mut unclean: Vec<&str> = st.unclean.iter().map(|i| i.name.as_str()).collect();
        unclean.sort_unstable();
        let mut listed: Vec<&str> = header(&src, "left out")
            .map(|v| v.split_whitespace().collect())
            .unwrap_or_default();
        listed.sort_unstable();
        assert_eq!(unclean, listed, "{name}: {:?}", st.unclean);
        assert!(st
            .unclean
            .iter()
            .all(|i| i.error.starts_with("code left out")));
    }
}

#[test]
fn shadow_keeps_length_lines_and_columns() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let disc = sempatch::scan::discover(&[root]).unwrap();
    let hints = c::kernel_hints();
    assert!(disc.files.len() > 50);
    for path in &disc.files {
        let text = std::fs::read(path).unwrap();
        let sh = c::dialect::shadow(&hints, &text);
        assert_eq!(sh.text.len(), text.len(), "{}", path.display());
        for (k, (a, b)) in text.iter().zip(sh.text.iter()).enumerate() {
            assert_eq!(
                *a == b'\n',
                *b == b'\n',
                "{}: newline moved at byte {k}",
                path.display()
            );
        }
        for r in &sh.skipped {
            assert!(r.start <= r.end && r.end <= text.len());
        }
    }
}

fn transform(rule: &str, input: &str) -> (String, Vec<engine::Note>) {
    let sp = SemanticPatch::parse("test.cocci", rule).unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read(dialect_dir().join("match").join(input)).unwrap();
    let out = engine::transform(&sp, &text);
    let new = out.new.unwrap_or(text);
    (String::from_utf8(new).unwrap(), out.notes)
}

#[test]
fn matches_inside_iterator_bodies_and_user_functions() {
    let rule = "@@\nexpression E;\n@@\n- kfree(E);\n+ kfree_sensitive(E);\n";
    let (out, notes) = transform(rule, "loops.c");
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(out.matches("kfree_sensitive(").count(), 6, "{out}");
    assert!(!out.contains("\tkfree("), "{out}");
    // The function with `__user` parameters is matched, its header untouched.
    assert!(out.contains("const char __user *ubuf"));
    assert!(out.contains("\t\tkfree_sensitive(buf);\n\t\treturn -EFAULT;"));
}

#[test]
fn iterator_pattern_matches_only_its_own_loops() {
    // Context on the loop head, a change in its body.
    let rule = "@@\nexpression x, h, E;\nidentifier m;\n@@\n  list_for_each_entry(x, h, m) {\n  ...\n- kfree(E);\n+ kfree_sensitive(E);\n  ...\n  }\n";
    let (out, _) = transform(rule, "loops.c");
    assert_eq!(out.matches("kfree_sensitive(").count(), 1, "{out}");
    assert!(out.contains("\t\titem->count = 0;\n\t\tkfree_sensitive(item->buf);"));
    // A whole loop removed: list_for_each_entry only, not _safe, hlist_ or for.
    let rule = "@@\nexpression x, h;\nidentifier m;\nstatement S;\n@@\n- list_for_each_entry(x, h, m)\n-\tS\n";
    let (out, _) = transform(rule, "loops.c");
    assert!(!out.contains("\tlist_for_each_entry(item"), "{out}");
    assert!(out.contains("list_for_each_entry_safe(item"));
    assert!(out.contains("hlist_for_each_entry(item"));
    assert!(out.contains("for (item = dev->first"));
}

#[test]
fn code_that_did_not_parse_is_reported() {
    let rule = "@@\nexpression E;\n@@\n- kfree(E);\n+ kfree_sensitive(E);\n";
    let (out, notes) = transform(rule, "unparsed.c");
    assert!(out.contains("kfree_sensitive(dev->other)"));
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].line, 3);
    assert!(
        notes[0].message.starts_with(engine::NOT_PARSED),
        "{:?}",
        notes[0]
    );
    // Through the command line: on stderr, as `file:line: message`.
    let dir = dialect_dir().join("match");
    let rule_file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(rule_file.path(), rule).unwrap();
    let o = Command::new(common::sempatch())
        .current_dir(&dir)
        .args(["apply", rule_file.path().to_str().unwrap(), "unparsed.c"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(
        stderr.contains("unparsed.c:3: not parsed; rule "),
        "{stderr}"
    );
    assert!(stderr.contains("may have missed a match"), "{stderr}");
}

/// `apply --macro-file` reads the semantic patch and the C with the same
/// hints: the pattern names a local iterator, the file a local annotation.
#[test]
fn macro_file_applies_to_the_patterns_and_the_code() {
    let dir = dialect_dir().join("match");
    let run = |extra: &[&str]| {
        let o = Command::new(common::sempatch())
            .current_dir(&dir)
            .arg("apply")
            .args(extra)
            .args(["custom-iterator.cocci", "custom.c"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        (
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (out, _) = run(&["--macro-file", "custom.hints"]);
    assert!(out.contains("-\t\tn += p->count;"), "{out}");
    assert!(out.contains("foo_count("), "{out}");
    // Without the hints the function does not parse, and the run says so.
    let (out, err) = run(&[]);
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("custom.c:7: not parsed"), "{err}");
}

fn parse_stats(args: &[&str], dir: &Path) -> (String, String, i32) {
    let o = Command::new(common::sempatch())
        .current_dir(dir)
        .arg("parse-stats")
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
        o.status.code().unwrap_or(-1),
    )
}

#[test]
fn macro_file_extends_the_hints() {
    let dir = dialect_dir().join("match");
    let (out, _, code) = parse_stats(&["--verbose", "custom.c"], &dir);
    assert_eq!(code, 0);
    assert!(out.contains("custom.c:2: foo_walk"), "{out}");
    assert!(
        out.ends_with("parse-stats: 1 files, 1 functions, 0 clean (0.00%)\n"),
        "{out}"
    );
    let (out, _, code) = parse_stats(&["--macro-file", "custom.hints", "custom.c"], &dir);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "parse-stats: 1 files, 1 functions, 1 clean (100.00%)\n"
    );
}

#[test]
fn bad_macro_file_is_bad_input() {
    let dir = dialect_dir().join("match");
    let (out, err, code) = parse_stats(&["--macro-file", "bad.hints", "custom.c"], &dir);
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.is_empty());
    assert!(
        err.starts_with("bad.hints:3:1: unknown hint kind `looper`"),
        "{err}"
    );
    assert!(err.contains("\nlooper foo_walk_items\n^"), "{err}");
    let (_, err, code) = parse_stats(&["--macro-file", "missing.hints", "custom.c"], &dir);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("missing.hints: cannot read macro file"),
        "{err}"
    );
}

#[test]
fn parse_stats_lists_unclean_items_and_counts_c_files() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("a.c"),
        "int ok(void)\n{\n\treturn 0;\n}\n\nint broken(void)\n{\n\treturn 1 +;\n}\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("b.h"),
        "static inline int h(void) { return 0; }\n",
    )
    .unwrap();
    let (out, _, code) = parse_stats(&["--verbose", "."], tmp.path());
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "a.c:6: broken\nparse-stats: 1 files, 2 functions, 1 clean (50.00%)\n"
    );
    let (out, _, _) = parse_stats(&["--headers", "."], tmp.path());
    assert_eq!(out, "parse-stats: 2 files, 3 functions, 2 clean (66.67%)\n");
    // A header named on the command line counts without --headers.
    let (out, _, _) = parse_stats(&["b.h"], tmp.path());
    assert_eq!(
        out,
        "parse-stats: 1 files, 1 functions, 1 clean (100.00%)\n"
    );
    let (_, err, code) = parse_stats(&["nowhere"], tmp.path());
    assert_eq!(code, 2, "{err}");
}

#[test]
fn causes_rank_what_broke_functions() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("a.c"),
        "int f(void)\n{\n\tWEIRD_MACRO a b;\n}\nint g(void)\n{\n\tWEIRD_MACRO c d;\n}\n",
    )
    .unwrap();
    let (out, _, _) = parse_stats(&["--causes", "5", "a.c"], tmp.path());
    let first = out.lines().next().unwrap();
    assert!(first.trim_start().starts_with("2  "), "{out}");
    assert!(
        first.contains("WEIRD_MACRO") && first.contains("(e.g. a.c:3)"),
        "{out}"
    );
}

#[test]
fn functions_defined_by_macros_are_named() {
    let src = b"SYSCALL_DEFINE0(getpid)\n{\n\treturn 0;\n}\n\
SYSCALL_DEFINE2(kill, pid_t, pid, int, sig)\n{\n\treturn 0;\n}\n\
static TEST_CASE(foo, 1)\n{\n\treturn 0;\n}\n";
    let tree = c::parse(src);
    let root = tree.root_node();
    assert!(!root.has_error(), "{}", root.to_sexp());
    let mut cur = root.walk();
    let names: Vec<String> = root
        .children(&mut cur)
        .filter(|n| n.kind() == "function_definition")
        .map(|n| c::function_name(n, src, &c::kernel_hints()).unwrap())
        .collect();
    assert_eq!(names, ["getpid", "kill", "TEST_CASE(foo, 1)"]);
}
