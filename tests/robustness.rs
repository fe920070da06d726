//! Inputs that must not break the tool: malformed semantic patches and
//! manifests (exit 2, `file:line:col`, the line and a caret), odd files in the
//! tree (non-UTF-8, CRLF, 20 MB, symbolic link loops, unreadable, empty, FIFOs),
//! each handled and reported, with the bytes outside the edits kept exactly.

mod common;

use common::{run_in as run, stderr_of as stderr, write_file as write};

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const RENAME: &str = "@@\n@@\n- put_user_page\n+ unpin_user_page\n";

/// Each malformed semantic patch: the `.cocci` text and the whole of stderr.
const BAD_PATCHES: &[(&str, &str, &str)] = &[
    (
        "unterminated-disjunction",
        "@r@\nexpression E;\n@@\n(\n- foo(E)\n|\n- bar(E)\n",
        "x.cocci:4:1: unterminated disjunction: no closing `)`\n(\n^\n",
    ),
    (
        "unterminated-inline-disjunction",
        "@@\nexpression E;\n@@\n- \\( foo(E) \\| bar(E)\n",
        "x.cocci:4:3: unterminated disjunction: no closing `)`\n- \\( foo(E) \\| bar(E)\n  ^\n",
    ),
    (
        "undeclared-inherited-metavariable",
        "@r@\nexpression E;\n@@\n- foo(E)\n\n@s@\nexpression r.x;\n@@\n- bar(x)\n",
        "x.cocci:7:14: rule `r` declares no metavariable `x`\nexpression r.x;\n             ^\n",
    ),
    (
        "inherit-from-unknown-rule",
        "@s@\nexpression q.x;\n@@\n- bar(x)\n",
        "x.cocci:2:12: unknown rule `q` (rules must be defined before they are named)\nexpression q.x;\n           ^\n",
    ),
    (
        "unknown-rule-in-depends-on",
        "@r depends on nosuch@\n@@\n- foo()\n",
        "x.cocci:1:15: unknown rule `nosuch` in depends on (rules must be defined before they are named)\n@r depends on nosuch@\n              ^\n",
    ),
    (
        "dependency-cycle",
        "@a depends on b@\n@@\n- foo()\n\n@b depends on a@\n@@\n- bar()\n",
        "x.cocci:1:15: rule `b` is defined later, at line 5: rules can only name the rules above them, so dependencies cannot form a cycle\n@a depends on b@\n              ^\n",
    ),
    (
        "depends-on-itself",
        "@a depends on !a@\n@@\n- foo()\n",
        "x.cocci:1:16: rule `a` cannot depend on itself (rules can only name the rules above them)\n@a depends on !a@\n               ^\n",
    ),
    (
        "inherits-from-a-later-rule",
        "@a@\nexpression b.x;\n@@\n- foo(x)\n\n@b@\nexpression x;\n@@\n- bar(x)\n",
        "x.cocci:2:12: rule `b` is defined later, at line 6: rules can only name the rules above them, so dependencies cannot form a cycle\nexpression b.x;\n           ^\n",
    ),
    (
        "added-code-not-c",
        "@@\n@@\n- foo();\n+ bar(;\n",
        "x.cocci:4:6: added code: does not parse as C near `(` (the context and `+` lines together must parse as C)\n+ bar(;\n     ^\n",
    ),
    (
        "added-expression-not-c",
        "@@\nexpression E;\n@@\n- foo(E)\n+ bar(E,, )\n",
        "x.cocci:5:8: added code: does not parse as C near `,` (the context and `+` lines together must parse as C)\n+ bar(E,, )\n       ^\n",
    ),
    (
        "added-statement-unbalanced",
        "@@\nexpression E;\n@@\n  foo(E);\n+ if (E {\n+   bar();\n",
        "x.cocci:5:3: added code: does not parse as C (the context and `+` lines together must parse as C)\n+ if (E {\n  ^\n",
    ),
    (
        "removed-code-not-c",
        "@@\n@@\n- foo(;\n",
        "x.cocci:3:6: does not parse as C near `(` (as an expression, statements or top-level declarations)\n- foo(;\n     ^\n",
    ),
    (
        "caret-under-tabs",
        "@@\nexpression E;\n@@\n-\tfoo(E,\t;\n",
        "x.cocci:4:6: does not parse as C near `( E ,` (as an expression, statements or top-level declarations)\n-\tfoo(E,\t;\n \t   ^\n",
    ),
    (
        "empty-branch-leaves-no-code",
        "@@\n@@\n(\n- foo();\n|\n)\n",
        "x.cocci:1:1: an empty disjunction branch leaves rule `rule@1` with no code to match\n@@\n^\n",
    ),
    (
        "unknown-metavariable-kind",
        "@@\nfrobnicate E;\n@@\n- foo(E)\n",
        "x.cocci:2:1: unknown metavariable kind `frobnicate`\nfrobnicate E;\n^\n",
    ),
    (
        "header-not-closed",
        "@r\n@@\n- foo()\n",
        "x.cocci:1:1: rule header is not closed with `@`\n@r\n^\n",
    ),
    (
        "no-closing-at-at",
        "@r@\nexpression E;\n- foo(E)\n",
        "x.cocci:1:1: this rule's metavariable declarations are not closed with a `@@`\n@r@\n^\n",
    ),
    (
        "bad-regex",
        "@@\nidentifier f =~ \"(\";\n@@\n- f()\n",
        "x.cocci:2:18: bad regular expression: unclosed group\nidentifier f =~ \"(\";\n                 ^\n",
    ),
    (
        // Found by tests/fuzz.rs: the string's last character is two bytes long.
        "unterminated-regex-ending-in-multibyte-char",
        "@@\nidentifier f =~ \"^get\u{4c5};\n@@\n- f()\n",
        "x.cocci:2:17: unterminated string: no closing `\"`\nidentifier f =~ \"^get\u{4c5};\n                ^\n",
    ),
    (
        "nul-byte-shown-not-printed",
        "@@\n@@\n- foo\0();\n",
        "x.cocci:3:6: does not parse as C near `\u{fffd}` (as an expression, statements or top-level declarations)\n- foo\u{fffd}();\n     ^\n",
    ),
    (
        "no-rules",
        "/// just a description\n",
        "x.cocci: no rules: a semantic patch needs at least one `@@ … @@` rule\n",
    ),
];

#[test]
fn malformed_semantic_patches_exit_2_with_location_and_caret() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "a.c", b"int foo(void);\n");
    let mut failures = Vec::new();
    for (name, cocci, want) in BAD_PATCHES {
        write(d, "x.cocci", cocci.as_bytes());
        let out = run(d, &["apply", "x.cocci", "a.c"]);
        let got = stderr(&out);
        if out.status.code() != Some(2) || got != *want || !out.stdout.is_empty() {
            failures.push(format!(
                "{name}: exit {:?}\n--- want\n{want}--- got\n{got}",
                out.status.code()
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn huge_depends_on_conditions_are_refused_not_a_stack_overflow() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "a.c", b"void f(void) { foo(); bar(); }\n");
    let deep_not = format!(
        "@a@\n@@\nfoo();\n\n@b depends on {}a@\n@@\n- bar();\n",
        "!".repeat(200_000)
    );
    let deep_paren = format!(
        "@a@\n@@\nfoo();\n\n@b depends on {}a{}@\n@@\n- bar();\n",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    for (cocci, why) in [
        (deep_not, "condition longer than 10000 tokens"),
        (deep_paren, "condition longer than 10000 tokens"),
    ] {
        write(d, "x.cocci", cocci.as_bytes());
        let out = run(d, &["apply", "x.cocci", "a.c"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains(why), "{}", &stderr(&out)[..200]);
    }
    // Within the limits: `!!a` is `a`, and 200 parentheses are fine.
    let ok = format!(
        "@a@\n@@\nfoo();\n\n@b depends on !!{}a{}@\n@@\n- bar();\n",
        "(".repeat(200),
        ")".repeat(200)
    );
    write(d, "x.cocci", ok.as_bytes());
    let out = run(d, &["apply", "x.cocci", "a.c"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("-void f(void) { foo(); bar(); }"));
}

#[test]
fn semantic_patch_that_is_not_utf8_points_at_the_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "a.c", b"int x;\n");
    write(d, "x.cocci", b"@@\n@@\n- foo(\xe9);\n");
    let out = run(d, &["apply", "x.cocci", "a.c"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "x.cocci:3:7: semantic patch is not valid UTF-8\n- foo(\u{fffd});\n      ^\n"
    );
}

#[test]
fn semantic_patch_with_crlf_line_ends_works() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "a.c", b"void f(void)\n{\n\tfoo(1);\n}\n");
    write(
        d,
        "x.cocci",
        b"@@\r\nexpression E;\r\n@@\r\n- foo(E)\r\n+ bar(E)\r\n",
    );
    let out = run(d, &["apply", "x.cocci", "a.c"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("-\tfoo(1);\n+\tbar(1);\n"));
}

fn git(dir: &Path, args: &[&str]) {
    common::git_in(dir, args)
}

/// A one-commit repository with `drivers/a/x.c` calling put_user_page.
fn small_repo(d: &Path) {
    git(d, &["init", "-q", "-b", "main"]);
    write(
        d,
        "drivers/a/x.c",
        b"void f(struct page *p)\n{\n\tput_user_page(p);\n}\n",
    );
    common::commit_all(d);
}

fn series_dry_run(d: &Path, manifest: &str) -> Output {
    Command::new(common::sempatch())
        .args([
            "series",
            "--dry-run",
            "--manifest",
            manifest,
            "--tree",
            "repo",
        ])
        .current_dir(d)
        .output()
        .unwrap()
}

#[test]
fn manifest_with_unknown_keys_or_missing_files_exits_2_naming_them() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir(d.join("repo")).unwrap();
    small_repo(&d.join("repo"));
    write(d, "r.cocci", RENAME.as_bytes());
    let good = "[series]\ntitle = \"t\"\ncover = \"c\"\n\n[[transform]]\nsmpl = \"r.cocci\"\nsubject = \"{prefix}: x\"\n";
    write(d, "m.toml", good.as_bytes());
    let ok = series_dry_run(d, "m.toml");
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));

    let cases: &[(&str, String, &str)] = &[
        (
            "unknown key in [series]",
            good.replace("cover = \"c\"", "cover = \"c\"\ncolour = 1"),
            "m.toml:4:1: unknown field `colour`, expected one of",
        ),
        (
            "unknown key in [[transform]]",
            good.replace("subject", "spilt = \"file\"\nsubject"),
            "m.toml:7:1: unknown field `spilt`, expected one of",
        ),
        (
            "missing semantic patch",
            good.replace("r.cocci", "nosuch.cocci"),
            "m.toml:6:8: no such semantic patch: nosuch.cocci\nsmpl = \"nosuch.cocci\"\n       ^\n",
        ),
        (
            "missing cover file",
            good.replace("cover = \"c\"", "cover = { file = \"nocover.txt\" }"),
            "m.toml:3:9: cannot read cover file ",
        ),
        (
            "missing required key",
            good.replace("cover = \"c\"\n", ""),
            "m.toml:1:1: missing field `cover`",
        ),
        (
            "not TOML",
            good.replace("[[transform]]", "[[transform"),
            "m.toml:5:",
        ),
    ];
    for (what, text, want) in cases {
        write(d, "m.toml", text.as_bytes());
        let out = series_dry_run(d, "m.toml");
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{what}: {err}");
        assert!(err.starts_with(want), "{what}: want {want:?}, got:\n{err}");
        assert!(
            err.contains("\n") && err.trim_end().ends_with('^'),
            "{what}: caret: {err}"
        );
    }
    let out = series_dry_run(d, "nosuch.toml");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("nosuch.toml: cannot read manifest"));
}

#[test]
fn non_utf8_bytes_survive_exactly_around_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "r.cocci", RENAME.as_bytes());
    // Latin-1 in a comment, a string and an identifier-looking place; a lone
    // continuation byte; an overlong sequence.
    let old: &[u8] =
        b"/* \xc0\xaf \xff */\nvoid f(void) { put_user_page(\"\xe9\"); } // \x80\nint \xfe;\n";
    let new: &[u8] =
        b"/* \xc0\xaf \xff */\nvoid f(void) { unpin_user_page(\"\xe9\"); } // \x80\nint \xfe;\n";
    write(d, "a.c", old);
    let out = run(d, &["apply", "r.cocci", "a.c"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The diff carries the raw bytes, so `git apply` reproduces them.
    let line: &[u8] = b"\n+void f(void) { unpin_user_page(\"\xe9\"); } // \x80\n";
    assert!(out.stdout.windows(line.len()).any(|w| w == line));
    let out = run(d, &["apply", "--in-place", "r.cocci", "a.c"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read(d.join("a.c")).unwrap(), new);
}

#[test]
fn crlf_line_ends_are_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "r.cocci", RENAME.as_bytes());
    write(
        d,
        "del.cocci",
        b"@@\nexpression E;\n@@\n- put_user_page(E);\n",
    );
    let text: &[u8] = b"void f(struct page *p)\r\n{\r\n\tput_user_page(p);\r\n\tx();\r\n}\r\n";
    write(d, "a.c", text);
    write(d, "b.c", text);
    let out = run(d, &["apply", "--in-place", "r.cocci", "a.c"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(d.join("a.c")).unwrap(),
        b"void f(struct page *p)\r\n{\r\n\tunpin_user_page(p);\r\n\tx();\r\n}\r\n"
    );
    let out = run(d, &["apply", "--in-place", "del.cocci", "b.c"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(d.join("b.c")).unwrap(),
        b"void f(struct page *p)\r\n{\r\n\tx();\r\n}\r\n"
    );
}

#[test]
fn crlf_line_ends_are_used_for_added_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(
        d,
        "s.cocci",
        b"@@\nexpression E1, E2;\n@@\n- foo(E1, E2);\n+ bar(E1);\n+ baz(E2);\n",
    );
    write(d, "a.c", b"void f(void)\r\n{\r\n\tfoo(1, 2);\r\n}\r\n");
    let out = run(d, &["apply", "--in-place", "s.cocci", "a.c"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(d.join("a.c")).unwrap(),
        b"void f(void)\r\n{\r\n\tbar(1);\r\n\tbaz(2);\r\n}\r\n"
    );
}

#[test]
fn a_20_mb_file_is_processed_and_untouched_bytes_stay() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "r.cocci", RENAME.as_bytes());
    write(
        d,
        "none.cocci",
        b"@@\n@@\n- no_such_function_anywhere\n+ other\n",
    );
    let mut old = Vec::with_capacity(21 << 20);
    let mut i = 0;
    while old.len() < 20 << 20 {
        if i % 5000 == 0 {
            old.extend(
                format!("void g{i}(struct page *p)\n{{\n\tput_user_page(p);\n}}\n\n").bytes(),
            );
        } else {
            old.extend(
                format!("static int f{i}(int n)\n{{\n\tint x = n * {i}; /* \u{e9}t\u{e9} */\n\treturn x > 3 ? x : n + 1;\n}}\n\n")
                    .bytes(),
            );
        }
        i += 1;
    }
    let sites = old
        .windows(b"put_user_page(".len())
        .filter(|w| w == b"put_user_page(")
        .count();
    write(d, "big.c", &old);
    // A generous limit: a 20 MB parse takes seconds, more on a loaded debug build.
    let out = run(
        d,
        &["apply", "--timeout", "600", "--stat", "none.cocci", "big.c"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        out.stdout.is_empty(),
        "a rule that cannot match changes nothing"
    );
    let out = run(
        d,
        &[
            "apply",
            "--timeout",
            "600",
            "--in-place",
            "r.cocci",
            "big.c",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("1 changed ({sites} sites)")),
        "{}",
        stderr(&out)
    );
    let want = String::from_utf8(old)
        .unwrap()
        .replace("put_user_page(", "unpin_user_page(");
    let got = std::fs::read(d.join("big.c")).unwrap();
    assert!(got == want.as_bytes(), "bytes outside the edits changed");
}

#[test]
fn symbolic_link_loops_and_broken_links_are_reported_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "r.cocci", RENAME.as_bytes());
    write(d, "t/a.c", b"put_user_page(x);\n");
    std::os::unix::fs::symlink("loop2.c", d.join("t/loop1.c")).unwrap();
    std::os::unix::fs::symlink("loop1.c", d.join("t/loop2.c")).unwrap();
    std::os::unix::fs::symlink("gone.c", d.join("t/broken.c")).unwrap();
    std::os::unix::fs::symlink("a.c", d.join("t/alias.c")).unwrap();
    // A directory loop: the walk does not follow it.
    std::os::unix::fs::symlink(".", d.join("t/self")).unwrap();
    let out = run(d, &["apply", "r.cocci", "t"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(
            "t/loop1.c: skipped: cannot follow symbolic link: Too many levels of symbolic links"
        ),
        "{err}"
    );
    assert!(
        err.contains("t/loop2.c: skipped: cannot follow symbolic link"),
        "{err}"
    );
    assert!(
        err.contains("t/broken.c: skipped: broken symbolic link"),
        "{err}"
    );
    // The link to a file in the tree is processed once, as its target.
    assert!(!err.contains("alias.c"), "{err}");
    let diff = String::from_utf8_lossy(&out.stdout);
    assert_eq!(diff.matches("+++ ").count(), 1, "{diff}");
    assert!(err.contains("1 file scanned"), "{err}");
    // A loop named on the command line is bad input.
    let out = run(d, &["apply", "r.cocci", "t/loop1.c"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("t/loop1.c: Too many levels of symbolic links"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn in_place_through_a_symbolic_link_keeps_the_link() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "r.cocci", RENAME.as_bytes());
    write(d, "real/a.c", b"put_user_page(x);\n");
    std::os::unix::fs::symlink("real/a.c", d.join("link.c")).unwrap();
    let out = run(d, &["apply", "--in-place", "r.cocci", "link.c"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(d
        .join("link.c")
        .symlink_metadata()
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        std::fs::read(d.join("real/a.c")).unwrap(),
        b"unpin_user_page(x);\n"
    );
}

#[test]
fn fifos_are_reported_never_opened() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "r.cocci", RENAME.as_bytes());
    write(d, "t/a.c", b"put_user_page(x);\n");
    let st = Command::new("mkfifo")
        .arg(d.join("t/pipe.c"))
        .status()
        .unwrap();
    assert!(st.success());
    // Opening a FIFO for reading would hang: the test would time out.
    let out = run(d, &["apply", "r.cocci", "t"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("t/pipe.c: skipped: not a regular file"),
        "{}",
        stderr(&out)
    );
    let out = run(d, &["apply", "r.cocci", "t/pipe.c"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("t/pipe.c: not a regular file or directory"));
}

#[test]
fn empty_files_are_scanned_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "r.cocci", RENAME.as_bytes());
    write(d, "ctx.cocci", b"@@\n@@\n  foo();\n+ bar();\n");
    write(d, "t/empty.c", b"");
    write(d, "t/blank.h", b"\n\n\t \n");
    write(d, "t/a.c", b"put_user_page(x);\n");
    for patch in ["r.cocci", "ctx.cocci"] {
        let out = run(d, &["apply", "--in-place", patch, "t"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("3 files scanned"), "{err}");
        assert!(!err.contains("skipped"), "{err}");
    }
    assert_eq!(std::fs::read(d.join("t/empty.c")).unwrap(), b"");
    assert_eq!(std::fs::read(d.join("t/blank.h")).unwrap(), b"\n\n\t \n");
}

/// Runs sempatch so that a chmod 000 file really cannot be read: as ourselves
/// when we are not privileged, else as `nobody` through `setpriv` (root reads
/// anything: CI runs as root). None when neither is possible.
fn unprivileged(dir: &Path, probe: &Path) -> Option<Command> {
    if std::fs::read(probe).is_err() {
        let mut c = Command::new(common::sempatch());
        c.current_dir(dir);
        return Some(c);
    }
    // `nobody` may not be able to reach the build directory: run a copy.
    let bin = dir.join("sempatch-copy");
    std::fs::copy(common::sempatch(), &bin).unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut c = Command::new("setpriv");
    c.args([
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        "--inh-caps=-all",
    ])
    .arg(&bin)
    .current_dir(dir);
    let works = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(&bin)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    works.then_some(c)
}

#[test]
fn unreadable_file_is_reported_and_the_others_processed() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
    write(d, "r.cocci", RENAME.as_bytes());
    write(d, "t/a.c", b"put_user_page(x);\n");
    write(d, "t/b.c", b"put_user_page(y);\n");
    for p in ["r.cocci", "t/a.c", "t/b.c"] {
        std::fs::set_permissions(d.join(p), std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    std::fs::set_permissions(d.join("t"), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(d.join("t/a.c"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let Some(mut cmd) = unprivileged(d, &d.join("t/a.c")) else {
        let msg = "unreadable_file_is_reported_and_the_others_processed: NOT RUN: running privileged and `setpriv` cannot drop to nobody";
        assert!(std::env::var_os("CI").is_none(), "{msg}");
        eprintln!("\n!!! {msg} !!!\n");
        return;
    };
    let out = cmd.args(["apply", "r.cocci", "t"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("t/a.c: skipped: cannot read: Permission denied"),
        "{err}"
    );
    assert!(err.contains("1 skipped"), "{err}");
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(diff.contains("+unpin_user_page(y);"), "{diff}");
}

#[test]
fn a_file_edited_since_it_was_read_is_not_overwritten() {
    // The check itself (the engine cannot be paused from outside): the file on
    // disk no longer holds what was read.
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("a.c");
    std::fs::write(&p, b"edited by someone else\n").unwrap();
    let e =
        sempatch::write::write_if_unchanged(&p, b"what we read\n", b"our rewrite\n").unwrap_err();
    assert!(e.to_string().contains("changed since it was read"), "{e}");
    assert_eq!(std::fs::read(&p).unwrap(), b"edited by someone else\n");
    sempatch::write::write_if_unchanged(&p, b"edited by someone else\n", b"ours\n").unwrap();
    assert_eq!(std::fs::read(&p).unwrap(), b"ours\n");
    let names: Vec<PathBuf> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(names, [p]);
}

#[test]
fn an_oversized_file_is_skipped_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "r.cocci", RENAME.as_bytes());
    // Sparse: no disk space or time spent, but the size says 257 MB.
    let f = std::fs::File::create(d.join("huge.c")).unwrap();
    f.set_len(sempatch::scan::MAX_FILE_BYTES + (1 << 20))
        .unwrap();
    write(d, "a.c", b"put_user_page(x);\n");
    // Without the prefilter's identifier the huge file would only be filtered;
    // name it so it has to be read.
    let out = run(d, &["apply", "r.cocci", "huge.c", "a.c"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("huge.c: skipped: too large (257 MB; the limit is 256 MB)"),
        "{}",
        stderr(&out)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("+unpin_user_page(x);"));
}

#[test]
fn a_lone_carriage_return_does_not_break_the_diff() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "r.cocci", RENAME.as_bytes());
    let old: &[u8] = b"int a; /* x\r y */\nvoid f(void) { put_user_page(x); }\n";
    write(d, "a.c", old);
    let out = run(d, &["apply", "--stat", "r.cocci", "a.c"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(" a.c | 2 +-"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = run(d, &["apply", "r.cocci", "a.c"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("No newline"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    write(d, "x.diff", &out.stdout);
    let st = Command::new("git")
        .args(["apply", "--unsafe-paths", "x.diff"])
        .current_dir(d)
        .output()
        .unwrap();
    assert!(st.status.success(), "git apply: {}", stderr(&st));
    assert_eq!(
        std::fs::read(d.join("a.c")).unwrap(),
        b"int a; /* x\r y */\nvoid f(void) { unpin_user_page(x); }\n"
    );
}

#[test]
fn a_file_name_that_is_not_utf8_gets_a_diff_git_applies() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "r.cocci", RENAME.as_bytes());
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9 \"x\".c");
    std::fs::write(d.join(name), b"put_user_page(x);\n").unwrap();
    let out = run(d, &["apply", "r.cocci", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let diff = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        diff.starts_with("diff -u -p \"a/caf\\351 \\\"x\\\".c\" \"b/caf\\351 \\\"x\\\".c\"\n--- \"a/caf\\351 \\\"x\\\".c\"\n"),
        "{diff}"
    );
    write(d, "x.diff", &out.stdout);
    let st = Command::new("git")
        .args(["apply", "x.diff"])
        .current_dir(d)
        .output()
        .unwrap();
    assert!(st.status.success(), "git apply: {}", stderr(&st));
    assert_eq!(
        std::fs::read(d.join(name)).unwrap(),
        b"unpin_user_page(x);\n"
    );
    // Tracked by git, the name is found too (git stores names as bytes).
    git(d, &["init", "-q"]);
    git(d, &["add", "."]);
    std::fs::write(d.join(name), b"put_user_page(x);\n").unwrap();
    let out = run(d, &["apply", "--in-place", "r.cocci"]);
    assert!(stderr(&out).contains("1 changed"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(d.join(name)).unwrap(),
        b"unpin_user_page(x);\n"
    );
}

#[test]
fn deeply_nested_code_does_not_overflow_the_stack() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "r.cocci", RENAME.as_bytes());
    write(
        d,
        "s.cocci",
        b"@@\nexpression E1, E2;\n@@\n- foo(E1, E2);\n+ bar(E1);\n",
    );
    let n = 20_000;
    // 20 000 nested `if`s overflow an 8 MB stack in the tree walks.
    let ifs = format!(
        "void f(void)\n{{ {}put_user_page(p); foo(1, 2);\n}}\n",
        "if (a) ".repeat(n)
    );
    let calls = format!(
        "void g(void)\n{{\n\tx = {}1{};\n\tput_user_page(p);\n}}\n",
        "foo(".repeat(n),
        ", 2)".repeat(n)
    );
    write(d, "ifs.c", ifs.as_bytes());
    write(d, "calls.c", calls.as_bytes());
    for patch in ["r.cocci", "s.cocci"] {
        for file in ["ifs.c", "calls.c"] {
            let out = run(d, &["apply", "--stat", "--timeout", "600", patch, file]);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{patch} on {file}: {}",
                stderr(&out)
            );
        }
    }
}

#[test]
fn a_stray_latin1_byte_after_a_call_does_not_exhaust_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // Found by tests/fuzz.rs; a Latin-1 no-break space (0xa0) does it too.
    write(
        d,
        "a.c",
        b"void f(void)\n{\n\tif (s(x)\xa0if (y))\n\t\tz();\n}\n",
    );
    // Capped, so that the bug fails this test instead of the machine.
    let cmd = format!(
        "ulimit -v 2000000; exec timeout 60 {} parse-stats a.c",
        common::sempatch().display()
    );
    let out = Command::new("sh")
        .args(["-c", &cmd])
        .current_dir(d)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn hunk_headers_count_new_lines_from_the_right_place() {
    // Found by tests/fuzz.rs: `similar` put the deletion of line 1 at new
    // index 1, and the header said `+2,4` (five lines from line 1 are right).
    let old: &[u8] = b" const n @ for \n \n struct int  // c\n \r\n put_user_page put_page int ";
    let new = &old[14..];
    let d = sempatch::diff::unified(old, new, "x.c", sempatch::diff::Header::Plain, None);
    let d = String::from_utf8(d).unwrap();
    assert!(d.contains("\n@@ -1,5 +1,5 @@\n"), "{d}");
    let hs = sempatch::json::hunks(old, new);
    assert_eq!(
        hs.iter().map(|h| (h.old, h.new)).collect::<Vec<_>>(),
        [((0, 1), (0, 0)), ((2, 2), (1, 2))]
    );
}
