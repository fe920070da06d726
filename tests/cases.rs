//! Runs every case under `testdata/cases/`: `rule.cocci` applied to `input.c`.
//! Each case gets two insta snapshots in `snapshots/`: the diff and the output
//! file. A case whose rule must be rejected has an `expect-error` file and gets a
//! snapshot of the diagnostic instead. Unless a case has a `not-idempotent` file,
//! running the rule again on its own output must change nothing.

use sempatch::diff::{self, Header};
use sempatch::engine;
use sempatch::smpl::SemanticPatch;
use std::path::{Path, PathBuf};

fn case_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/cases");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("testdata/cases exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots"));
    s.set_prepend_module_to_snapshot(false);
    s.set_omit_expression(true);
    s
}

fn run_case(dir: &Path) {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let rule_path = dir.join("rule.cocci");
    let shown = format!("testdata/cases/{name}/rule.cocci");
    let src = std::fs::read_to_string(&rule_path).expect("rule.cocci");
    let parsed = SemanticPatch::parse(&shown, &src);
    if dir.join("expect-error").exists() {
        let Err(err) = parsed else {
            panic!("{name}: this rule must be rejected, but it was accepted");
        };
        settings().bind(|| insta::assert_snapshot!(format!("{name}.error"), err.to_string()));
        return;
    }
    let sp = parsed.unwrap_or_else(|e| panic!("{e}"));
    let input = std::fs::read(dir.join("input.c")).expect("input.c");
    // Script rules run as the command line runs them: `@initialize@`
    // first, in hosts of the case's own.
    let hosts = sempatch::script::Hosts::new(&shown);
    let run_plain = |when: sempatch::smpl::ScriptWhen, printed: &mut String| {
        let out = sempatch::scan::run_plain_rules(&sp, Some(&hosts), when)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        printed.push_str(&String::from_utf8_lossy(&out));
    };
    let mut printed = String::new();
    run_plain(sempatch::smpl::ScriptWhen::Initialize, &mut printed);
    let cx = engine::Context {
        file: "input.c",
        scripts: Some(&hosts),
        local_headers: false,
    };
    let out = engine::transform_in(&sp, &input, engine::parts::Partial::default(), cx);
    if let Some(why) = &out.failed {
        panic!("{name}: script rule {why}");
    }
    printed.push_str(&String::from_utf8_lossy(&out.printed));
    run_plain(sempatch::smpl::ScriptWhen::Finalize, &mut printed);
    let new = out.new.clone().unwrap_or_else(|| input.clone());
    let d = diff::unified(&input, &new, "input.c", Header::Plain, None);
    let mut diff_text = String::from_utf8(d).expect("test inputs are UTF-8");
    if diff_text.is_empty() {
        diff_text = "(no change)\n".into();
    }
    if let Some(shown) = &out.context {
        let d = diff::unified(&input, shown, "input.c", Header::Plain, None);
        diff_text.push_str("shown by `*` rules (never written):\n");
        diff_text.push_str(&String::from_utf8(d).expect("test inputs are UTF-8"));
    }
    for n in &out.notes {
        diff_text.push_str(&format!("note: {}: {}\n", n.line, n.message));
    }
    for line in printed.lines() {
        diff_text.push_str(&format!("printed: {line}\n"));
    }
    settings().bind(|| {
        insta::assert_snapshot!(format!("{name}.diff"), diff_text);
        insta::assert_snapshot!(format!("{name}.output"), String::from_utf8_lossy(&new));
    });
    if !dir.join("not-idempotent").exists() {
        let again = engine::transform_in(&sp, &new, engine::parts::Partial::default(), cx);
        assert!(
            again.new.is_none(),
            "{name}: running the rule on its own output changed it again"
        );
    }
}

#[test]
fn testdata_cases() {
    let dirs = case_dirs();
    let mut failed = Vec::new();
    for dir in &dirs {
        if std::panic::catch_unwind(|| run_case(dir)).is_err() {
            failed.push(dir.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    assert!(failed.is_empty(), "failing cases: {failed:?}");
    assert!(
        dirs.len() >= 40,
        "expected at least 40 cases, found {}",
        dirs.len()
    );
}
