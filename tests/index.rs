//! The word index (`sempatch index`): `apply` gives the same output with it
//! as without, reads what changed since it was built, and refuses a damaged
//! one loudly.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{git_in as git, run_in as run, stderr_of as stderr};

/// A work tree with a rule and twenty files, two of which it changes: one by
/// name, one through a regular expression (a fragment the index cannot tell).
fn tree() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("t");
    let w = |name: &str, text: &str| {
        let p = d.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    w(
        "r.cocci",
        "@@\nexpression E;\n@@\n- put_user_page(E)\n+ unpin_user_page(E)\n\n\
         @@\nidentifier g =~ \"^get_user_pages\";\nexpression A;\n@@\n- g(A, FOLL_WRITE)\n+ pin_user_pages(A, FOLL_WRITE)\n",
    );
    w(
        "mm/a.c",
        "void f(struct page *p)\n{\n\tput_user_page(p);\n}\n",
    );
    w(
        "mm/b.c",
        "void g(void)\n{\n\tget_user_pages_fast(x, FOLL_WRITE);\n}\n",
    );
    for i in 0..18 {
        w(
            &format!("drivers/d{i}.c"),
            &format!("int f{i}(void)\n{{\n\treturn {i}; /* a comment of some length */\n}}\n"),
        );
    }
    git(&d, &["init", "-q"]);
    git(&d, &["add", "."]);
    (tmp, d)
}

#[test]
fn the_index_changes_what_is_read_not_what_is_found() {
    let (_tmp, d) = tree();
    // A binary file is not indexed: it is read, and reported, as without one.
    std::fs::write(d.join("drivers/bin.c"), b"put_user_page(x);\0").unwrap();
    git(&d, &["add", "drivers/bin.c"]);
    let without = run(&d, &["apply", "r.cocci"]);
    assert_eq!(without.status.code(), Some(0), "{}", stderr(&without));
    assert!(!stderr(&without).contains("word index"));
    assert!(stderr(&without).contains("bin.c: skipped: binary file"));
    let built = run(&d, &["index"]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    assert!(
        stderr(&built).contains("indexed 20 files"),
        "{}",
        stderr(&built)
    );
    let with = run(&d, &["apply", "r.cocci"]);
    assert_eq!(with.stdout, without.stdout);
    assert!(stderr(&with).contains("bin.c: skipped: binary file"));
    assert!(
        stderr(&with).contains("word index: 18 of 21 files answered without reading them"),
        "{}",
        stderr(&with)
    );
    // --no-index reads everything.
    let all = run(&d, &["apply", "--no-index", "r.cocci"]);
    assert_eq!(all.stdout, without.stdout);
    assert!(!stderr(&all).contains("word index"));
}

#[test]
fn files_changed_since_the_index_are_read() {
    let (_tmp, d) = tree();
    assert_eq!(run(&d, &["index"]).status.code(), Some(0));
    // An edit that keeps the size and the modification time: only the
    // change time tells (the index recorded it).
    let touch = |args: &[&str]| {
        let st = Command::new("touch")
            .args(args)
            .current_dir(&d)
            .status()
            .unwrap();
        assert!(st.success());
    };
    touch(&["-r", "drivers/d1.c", "../times"]);
    let p = d.join("drivers/d1.c");
    let old = std::fs::read_to_string(&p).unwrap();
    let (from, to) = (
        "return 1; /* a comment of some length */",
        "put_user_page(p);",
    );
    let new = old.replace(from, &format!("{to:<width$}", width = from.len()));
    assert_eq!(new.len(), old.len());
    assert!(new.contains("put_user_page(p);"));
    std::fs::write(&p, new).unwrap();
    touch(&["-r", "../times", "drivers/d1.c"]);
    // A file added since.
    std::fs::write(
        d.join("drivers/new.c"),
        "void h(void)\n{\n\tput_user_page(q);\n}\n",
    )
    .unwrap();
    git(&d, &["add", "drivers/new.c"]);
    let out = run(&d, &["apply", "r.cocci"]);
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(diff.contains("+++ b/drivers/new.c"), "{diff}");
    assert!(
        diff.contains("+++ b/mm/a.c") && diff.contains("+++ b/mm/b.c"),
        "{diff}"
    );
    assert!(diff.contains("+++ b/drivers/d1.c"), "{diff}");
}

#[test]
fn a_damaged_index_is_reported_and_not_used() {
    let (_tmp, d) = tree();
    let without = run(&d, &["apply", "r.cocci"]);
    assert_eq!(run(&d, &["index"]).status.code(), Some(0));
    let idx = d.join(".git/sempatch-words.idx");
    let mut bytes = std::fs::read(&idx).unwrap();
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&idx, &bytes).unwrap();
    let out = run(&d, &["apply", "r.cocci"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(out.stdout, without.stdout);
    assert!(
        stderr(&out).contains("word index not used:") && stderr(&out).contains("sempatch index"),
        "{}",
        stderr(&out)
    );
    std::fs::write(&idx, b"garbage").unwrap();
    let out = run(&d, &["apply", "r.cocci"]);
    assert_eq!(out.stdout, without.stdout);
    assert!(stderr(&out).contains("word index not used:"));
}

#[test]
fn index_outside_a_work_tree_is_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run(tmp.path(), &["index"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not inside a git work tree"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn files_are_listed_as_git_lists_them() {
    let (_tmp, d) = tree();
    assert_eq!(run(&d, &["index"]).status.code(), Some(0));
    // Git's index unchanged: the word index lists the files, a directory
    // still means the files under it.
    let out = run(&d, &["apply", "r.cocci", "mm"]);
    assert!(stderr(&out).contains("2 files scanned"), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("+++ b/mm/a.c"));
    // A file removed from git since: not listed, not reported missing.
    git(&d, &["rm", "-q", "-f", "drivers/d3.c"]);
    let out = run(&d, &["apply", "r.cocci"]);
    assert!(
        stderr(&out).contains("19 files scanned"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("d3.c"), "{}", stderr(&out));
}

#[test]
fn damaged_bytes_anywhere_never_panic() {
    // Flip bytes all over a real index: opening it either fails with a
    // message or gives an index whose every answer is safe to ask for.
    let (_tmp, d) = tree();
    assert_eq!(run(&d, &["index"]).status.code(), Some(0));
    let idx = d.join(".git/sempatch-words.idx");
    let good = std::fs::read(&idx).unwrap();
    let sp = sempatch::smpl::SemanticPatch::from_path(&d.join("r.cocci")).unwrap();
    let pre = sempatch::scan::Prefilter::new(&sp);
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..300 {
        let mut bytes = good.clone();
        for _ in 0..1 + round % 4 {
            let at = (next() % bytes.len() as u64) as usize;
            bytes[at] = next() as u8;
        }
        if round % 7 == 0 {
            bytes.truncate((next() % bytes.len() as u64) as usize);
        }
        std::fs::write(&idx, &bytes).unwrap();
        if let Ok(Some(i)) = sempatch::index::WordIndex::open_for(&d) {
            let _ = i.passes(&pre);
            let _ = i.listing();
            let _ = i.current(&d.join("mm/a.c"), b"mm/a.c");
        }
    }
}
