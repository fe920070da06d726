//! The shipped transforms on the demo tree: snapshots of their diffs, and
//! running each on its own output changes nothing.

mod common;

use sempatch::diff::{self, Header};
use sempatch::smpl::SemanticPatch;
use sempatch::{engine, scan};
use std::path::Path;

fn demo_diff(transform: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sp = SemanticPatch::from_path(&common::transform(transform)).unwrap();
    let disc = scan::discover(&[root.join("testdata/demo")]).unwrap();
    assert!(disc.files.len() >= 7, "demo tree files: {:?}", disc.files);
    let rep = scan::run(&sp, &disc, root);
    assert!(rep.skipped.is_empty(), "{:?}", rep.skipped);
    let mut out = String::new();
    for ch in &rep.changes {
        let again = engine::transform(&sp, &ch.new);
        assert!(
            again.new.is_none(),
            "{transform} changed its own output in {}",
            ch.path.display()
        );
        let shown = ch.path.display().to_string();
        out.push_str(
            &String::from_utf8(diff::unified(&ch.old, &ch.new, &shown, Header::Plain, None))
                .unwrap(),
        );
        for s in &ch.sites {
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
fn pin_user_pages_on_the_demo_tree() {
    let d = demo_diff("pin_user_pages.cocci");
    settings().bind(|| insta::assert_snapshot!("demo-pin_user_pages.diff", d));
}

#[test]
fn unpin_user_page_on_the_demo_tree() {
    let d = demo_diff("unpin_user_page.cocci");
    settings().bind(|| insta::assert_snapshot!("demo-unpin_user_page.diff", d));
}

#[test]
fn shipped_transforms_describe_themselves() {
    for t in ["pin_user_pages.cocci", "unpin_user_page.cocci"] {
        let sp = SemanticPatch::from_path(&common::transform(t)).unwrap();
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
