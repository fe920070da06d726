//! The shipped transforms on the demo tree, in the order of
//! transforms/series.toml (each on what the ones before it left): snapshots
//! of their diffs, and running each on its own output changes nothing.

mod common;

use sempatch::diff::{self, Header};
use sempatch::engine;
use sempatch::scan;
use sempatch::smpl::SemanticPatch;
use std::path::Path;

fn load(transform: &str) -> SemanticPatch {
    SemanticPatch::from_path(&common::transform(transform)).unwrap()
}

/// The diff `transform` makes on the demo tree once the transforms `before`
/// it in the series have run, in order, on every file.
fn demo_diff(before: &[&str], transform: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let earlier: Vec<SemanticPatch> = before.iter().map(|t| load(t)).collect();
    let sp = load(transform);
    let disc = scan::discover(&[root.join("testdata/demo")]).unwrap();
    assert!(disc.files.len() >= 8, "demo tree files: {:?}", disc.files);
    assert!(disc.skipped.is_empty(), "{:?}", disc.skipped);
    let mut out = String::new();
    for path in &disc.files {
        let mut old = std::fs::read(path).unwrap();
        for e in &earlier {
            if let Some(new) = engine::transform(e, &old).new {
                old = new;
            }
        }
        let res = engine::transform(&sp, &old);
        let Some(new) = res.new else {
            continue;
        };
        let shown = path.strip_prefix(root).unwrap().display().to_string();
        assert!(
            engine::transform(&sp, &new).new.is_none(),
            "{transform} changed its own output in {shown}"
        );
        out.push_str(
            &String::from_utf8(diff::unified(&old, &new, &shown, Header::Plain, None)).unwrap(),
        );
        for s in &res.sites {
            out.push_str(&format!(
                "# site: {} line {} in {}\n",
                s.rule,
                s.line,
                s.function.as_deref().unwrap_or("(top level)")
            ));
        }
    }
    out
}

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots"));
    s.set_prepend_module_to_snapshot(false);
    s.set_omit_expression(true);
    s
}

#[test]
fn put_user_pages_dirty_lock_on_the_demo_tree() {
    let d = demo_diff(&[], "put_user_pages_dirty_lock.cocci");
    settings().bind(|| insta::assert_snapshot!("demo-put_user_pages_dirty_lock.diff", d));
}

#[test]
fn pin_user_pages_on_the_demo_tree() {
    let d = demo_diff(&["put_user_pages_dirty_lock.cocci"], "pin_user_pages.cocci");
    settings().bind(|| insta::assert_snapshot!("demo-pin_user_pages.diff", d));
}

#[test]
fn unpin_user_page_on_the_demo_tree() {
    let d = demo_diff(
        &["put_user_pages_dirty_lock.cocci", "pin_user_pages.cocci"],
        "unpin_user_page.cocci",
    );
    settings().bind(|| insta::assert_snapshot!("demo-unpin_user_page.diff", d));
}

#[test]
fn shipped_transforms_describe_themselves() {
    for t in [
        "put_user_pages_dirty_lock.cocci",
        "pin_user_pages.cocci",
        "unpin_user_page.cocci",
    ] {
        let sp = load(t);
        assert!(
            sp.description.len() >= 4,
            "{t}: the /// lines read as a changelog paragraph"
        );
        assert!(
            sp.description.iter().all(|l| l.len() <= 75),
            "{t}: wrapped at 75 columns"
        );
    }
}
