//! `sempatch check`: a kernel-like tree's scripts/coccinelle run in one
//! mode over its files, as `make coccicheck` does; and three real kernel
//! scripts over mm/, compared with spatch.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// Reports `foo()` calls; turns them into `bar()` calls in patch mode.
const FOO: &str = "/// Use bar() instead of foo()
virtual patch
virtual report

@r depends on report@
position p;
@@
 foo@p(...)

@script:python depends on report@
p << r.p;
@@
coccilib.report.print_report(p[0], \"WARNING: use bar\")

@depends on patch@
expression E;
@@
- foo(E)
+ bar(E)
";

/// Context mode only: skipped in the others.
const CTX: &str = "virtual context

@depends on context@
@@
* qux();
";

/// Not SmPL sempatch reads: refused.
const BAD: &str = "virtual report

@r depends on report@
@@
- foo(
";

/// Reports `qux()` calls, and raises on drivers/b.c.
const RAISE: &str = "virtual report

@r depends on report@
position p;
@@
 qux@p()

@script:python depends on report@
p << r.p;
@@
if p[0].file.endswith(\"b.c\"):
    raise ValueError(\"boom in \" + p[0].file)
coccilib.report.print_report(p[0], \"qux called\")
";

/// A small tree: scripts/coccinelle with the four patches above, and
/// drivers/ with four C files.
fn tree() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    for (name, text) in [
        ("scripts/coccinelle/api/foo.cocci", FOO),
        ("scripts/coccinelle/misc/ctx.cocci", CTX),
        ("scripts/coccinelle/misc/bad.cocci", BAD),
        ("scripts/coccinelle/misc/raise.cocci", RAISE),
        ("drivers/a.c", "void f(void)\n{\n\tfoo(1);\n\tqux();\n}\n"),
        (
            "drivers/b.c",
            "int g(int x)\n{\n\tqux();\n\treturn foo(x) + 1;\n}\n",
        ),
        ("drivers/c.c", "int h;\n"),
        (
            "drivers/sub/d.c",
            "void k(void)\n{\n\tif (1)\n\t\tfoo(3);\n}\n",
        ),
        (
            "drivers/e.h",
            "static inline void e(void)\n{\n\tfoo(5);\n}\n",
        ),
    ] {
        common::write_file(d, name, text.as_bytes());
    }
    t
}

fn stdout_of(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What the report-mode run prints: foo.cocci's findings in file order,
/// then raise.cocci's (bad.cocci refused, ctx.cocci skipped).
const REPORT: &str = "\
drivers/a.c:3:1-4: WARNING: use bar
drivers/b.c:4:8-11: WARNING: use bar
drivers/sub/d.c:4:2-5: WARNING: use bar
drivers/a.c:4:1-4: qux called
";

#[test]
fn report_mode_prints_the_findings_per_patch_in_file_order_whatever_the_jobs() {
    let t = tree();
    for jobs in ["1", "4"] {
        let o = common::run_in(t.path(), &["check", "-j", jobs]);
        assert_eq!(stdout_of(&o), REPORT, "-j {jobs}");
    }
    // Run from below the root, the paths are still the root's.
    let o = common::run_in(&t.path().join("drivers"), &["check", "-j", "2"]);
    assert_eq!(stdout_of(&o), REPORT);
}

#[test]
fn a_patch_without_the_mode_is_skipped_and_said_once_in_the_summary() {
    let t = tree();
    let o = common::run_in(t.path(), &["check"]);
    let err = common::stderr_of(&o);
    assert!(err.contains("1 skipped (no `virtual report`)"), "{err}");
    assert!(
        err.contains("scripts/coccinelle/misc/ctx.cocci: skipped: no `virtual report`\n"),
        "{err}"
    );
    assert_eq!(err.matches("ctx.cocci").count(), 1, "{err}");
}

#[test]
fn verbose_says_how_long_each_patch_took_and_where_it_was_slowest() {
    let t = tree();
    let o = common::run_in(t.path(), &["check", "-v"]);
    let err = common::stderr_of(&o);
    let re = regex::Regex::new(
        r"scripts/coccinelle/api/foo.cocci: 3 findings\n    [0-9.]+ s over [0-9]+ files; slowest drivers/[a-z/]+\.c: [0-9.]+ s\n",
    )
    .unwrap();
    assert!(re.is_match(&err), "{err}");
    // Without -v the summary says nothing of time per patch.
    let o = common::run_in(t.path(), &["check"]);
    assert!(!common::stderr_of(&o).contains("slowest"));
    // The JSON summary has each patch's time.
    let o = common::run_in(t.path(), &["check", "--json"]);
    let last: serde_json::Value =
        serde_json::from_str(stdout_of(&o).lines().last().unwrap()).unwrap();
    assert!(last["patches"][0]["seconds"].is_number(), "{last}");
}

#[test]
fn a_refused_patch_is_reported_and_the_others_run() {
    let t = tree();
    let o = common::run_in(t.path(), &["check"]);
    let err = common::stderr_of(&o);
    assert!(
        err.contains(
            "scripts/coccinelle/misc/bad.cocci: refused: scripts/coccinelle/misc/bad.cocci:5:6: "
        ),
        "{err}"
    );
    assert!(stdout_of(&o).contains("WARNING: use bar"));
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_raising_script_is_reported_and_the_run_goes_on() {
    let t = tree();
    let o = common::run_in(
        t.path(),
        &["check", "--cocci", "scripts/coccinelle/misc/raise.cocci"],
    );
    assert_eq!(stdout_of(&o), "drivers/a.c:4:1-4: qux called\n");
    let err = common::stderr_of(&o);
    assert!(
        err.contains(
            "    script rule rule@8 failed on drivers/b.c: ValueError: boom in drivers/b.c\n"
        ),
        "{err}"
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_header_goes_only_to_patches_whose_options_include_headers_unless_named() {
    let t = tree();
    let d = t.path();
    let with_headers = format!("// Options: --no-includes --include-headers\n{FOO}");
    common::write_file(d, "extra/hdr.cocci", with_headers.as_bytes());
    let o = common::run_in(d, &["check", "--cocci", "extra", "drivers"]);
    assert!(stdout_of(&o).contains("drivers/e.h:3:1-4: WARNING: use bar\n"));
    let o = common::run_in(
        d,
        &["check", "--cocci", "scripts/coccinelle/api", "drivers"],
    );
    assert!(!stdout_of(&o).contains("e.h"));
    let o = common::run_in(
        d,
        &["check", "--cocci", "scripts/coccinelle/api", "drivers/e.h"],
    );
    assert_eq!(stdout_of(&o), "drivers/e.h:3:1-4: WARNING: use bar\n");
}

#[test]
fn a_clean_run_exits_0() {
    let t = tree();
    let o = common::run_in(t.path(), &["check", "--cocci", "scripts/coccinelle/api"]);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr_of(&o));
    assert_eq!(
        stdout_of(&o),
        REPORT
            .lines()
            .take(3)
            .map(|l| format!("{l}\n"))
            .collect::<String>()
    );
}

#[test]
fn patch_mode_prints_a_diff_that_git_applies() {
    let t = tree();
    let d = t.path();
    common::git_in(d, &["init", "-q"]);
    common::commit_all(d);
    let o = common::run_in(d, &["check", "--mode", "patch", "-j", "2"]);
    let diff = stdout_of(&o);
    assert_eq!(diff.matches("\n+++ b/").count(), 3, "{diff}");
    assert!(
        diff.contains("-\treturn foo(x) + 1;\n+\treturn bar(x) + 1;\n"),
        "{diff}"
    );
    common::write_file(d, "out.diff", diff.as_bytes());
    common::git_in(d, &["apply", "--check", "out.diff"]);
    let err = common::stderr_of(&o);
    assert!(err.contains("3 skipped (no `virtual patch`)"), "{err}");
}

#[test]
fn context_mode_prints_the_star_diffs() {
    let t = tree();
    let o = common::run_in(t.path(), &["check", "--mode", "context"]);
    let out = stdout_of(&o);
    assert!(
        out.starts_with("diff -u -p a/drivers/a.c b/drivers/a.c\n"),
        "{out}"
    );
    assert_eq!(out.matches("\n-\tqux();\n").count(), 2, "{out}");
}

#[test]
fn json_has_a_record_per_finding_and_a_summary() {
    let t = tree();
    let o = common::run_in(t.path(), &["check", "--json"]);
    let records: Vec<serde_json::Value> = stdout_of(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        records[0],
        serde_json::json!({"type": "finding", "cocci": "scripts/coccinelle/api/foo.cocci",
            "file": "drivers/a.c", "line": 3, "column": 1, "column_end": 4,
            "message": "WARNING: use bar"})
    );
    let failed = records
        .iter()
        .find(|r| r["type"] == "script_failed")
        .unwrap();
    assert_eq!(failed["file"], "drivers/b.c");
    let summary = records.last().unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(
        (
            &summary["findings"],
            &summary["ran"],
            &summary["skipped"],
            &summary["refused"]
        ),
        (
            &serde_json::json!(4),
            &serde_json::json!(2),
            &serde_json::json!(1),
            &serde_json::json!(1)
        )
    );
    assert!(common::stderr_of(&o).is_empty());
}

/// The report lines of some output: `file:line:col-col: message`.
fn findings(out: &str) -> BTreeSet<String> {
    let re = regex::Regex::new(r"^\S+:\d+:\d+-\d+: ").unwrap();
    out.lines()
        .filter(|l| re.is_match(l))
        .map(str::to_string)
        .collect()
}

/// Kernel scripts that find something in mm/, and find what spatch finds
/// (their findings over Linux 6.1's mm/ are stored in
/// testdata/check/mm-report.txt, checked with spatch 1.1.1).
const KERNEL_SCRIPTS: [&str; 4] = [
    "scripts/coccinelle/api/atomic_as_refcounter.cocci",
    "scripts/coccinelle/api/kfree_mismatch.cocci",
    "scripts/coccinelle/api/stream_open.cocci",
    "scripts/coccinelle/misc/do_div.cocci",
];

#[test]
fn kernel_scripts_over_mm_find_what_spatch_finds() {
    let Some(tree) = common::kernel_tree("kernel_scripts_over_mm_find_what_spatch_finds") else {
        return;
    };
    let mut args = vec!["check", "-q", "--json"];
    for s in KERNEL_SCRIPTS {
        args.extend(["--cocci", s]);
    }
    args.push("mm");
    let o = common::run_in(&tree, &args);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr_of(&o));
    let mut ours: std::collections::BTreeMap<String, BTreeSet<String>> = Default::default();
    for l in stdout_of(&o).lines() {
        let r: serde_json::Value = serde_json::from_str(l).unwrap();
        if r["type"] == "finding" {
            let line = format!(
                "{}:{}:{}-{}: {}",
                r["file"].as_str().unwrap(),
                r["line"],
                r["column"],
                r["column_end"],
                r["message"].as_str().unwrap()
            );
            ours.entry(r["cocci"].as_str().unwrap().to_string())
                .or_default()
                .insert(line);
        }
    }
    // Each script finds something there, so that the comparison means something.
    assert_eq!(ours.len(), KERNEL_SCRIPTS.len(), "{ours:?}");
    // What they found when this was last checked with spatch.
    let stored: BTreeSet<String> = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/check/mm-report.txt"),
    )
    .unwrap()
    .lines()
    .map(str::to_string)
    .collect();
    let all: BTreeSet<String> = ours.values().flatten().cloned().collect();
    assert_eq!(
        all, stored,
        "findings over mm/ differ from testdata/check/mm-report.txt"
    );
    if !common::have_spatch("kernel_scripts_over_mm_find_what_spatch_finds") {
        return;
    }
    let mut differ = Vec::new();
    for s in KERNEL_SCRIPTS {
        let theirs = spatch_report(&tree, s);
        let ours = ours.remove(s).unwrap_or_default();
        if ours != theirs {
            differ.push(format!(
                "{s}:\n  only ours: {:?}\n  only spatch's: {:?}",
                ours.difference(&theirs).collect::<Vec<_>>(),
                theirs.difference(&ours).collect::<Vec<_>>()
            ));
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

/// The words of a script's `// Options:` line, as coccicheck passes them.
fn options(script: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(script).unwrap();
    text.lines()
        .filter_map(|l| l.strip_prefix("//"))
        .filter_map(|l| l.trim_start().strip_prefix("Options:"))
        .flat_map(|o| o.split_whitespace().map(str::to_string))
        .collect()
}

/// spatch's findings for one script over mm/, run from the tree root as
/// coccicheck runs it (with the script's options).
fn spatch_report(tree: &Path, script: &str) -> BTreeSet<String> {
    let o = Command::new("spatch")
        .current_dir(tree)
        .args([
            "-D",
            "report",
            "--very-quiet",
            "--no-includes",
            "--no-show-diff",
        ])
        .args(["--sp-file", script, "--dir", "mm"])
        .args(options(&tree.join(script)))
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "spatch {script}: {}",
        common::stderr_of(&o)
    );
    findings(&stdout_of(&o))
}
