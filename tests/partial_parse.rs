//! Parsing only some top-level items of a file gives, for each of them, the
//! subtree a whole parse gives: checked on real kernel files, keeping every
//! other run of items (and, in a second pass, every third), so that each
//! item is read both after its real predecessor and after a gap. And the
//! engine gives the same results parsing only the items a patch can touch
//! as parsing whole files: on every test case and on kernel files.

mod common;

use sempatch::c::Parsed;
use sempatch::engine::{self, parts, parts::Partial};
use sempatch::smpl::SemanticPatch;
use std::path::Path;

/// The outcome of `sp` on `text` parsing whole files, and parsing only the
/// items the patch can touch whatever their share of the text.
fn both_ways(sp: &SemanticPatch, text: &[u8]) -> (String, String) {
    let whole = engine::transform_with(sp, text, Partial::Never);
    let part = engine::transform_with(sp, text, Partial::Always);
    (format!("{whole:?}"), format!("{part:?}"))
}

#[test]
fn every_case_gives_the_same_from_a_partial_parse() {
    let (mut n, mut partial) = (0, 0);
    for (case, sp, input) in common::cases() {
        let (whole, part) = both_ways(&sp, &input);
        assert_eq!(part, whole, "{}", case.display());
        n += 1;
        partial += usize::from(parts::coverable(&sp.rules[0]));
    }
    eprintln!("{n} cases, {partial} of them start with a partial parse");
    assert!(n > 100 && partial > 50, "{n} cases, {partial} partial");
}

#[test]
fn the_shipped_transforms_give_the_same_on_kernel_files_from_a_partial_parse() {
    let Some(tree) = common::kernel_tree(
        "the_shipped_transforms_give_the_same_on_kernel_files_from_a_partial_parse",
    ) else {
        return;
    };
    let load =
        |t: &str| SemanticPatch::from_path(&common::transform(&format!("{t}.cocci"))).unwrap();
    let sps = [
        load("put_user_pages_dirty_lock"),
        load("pin_user_pages"),
        load("unpin_user_page"),
    ];
    let mut files = Vec::new();
    c_files(&tree, &mut files);
    let mut n = 0;
    for f in &files {
        let Ok(text) = std::fs::read(f) else { continue };
        // As in 2019, before the release family was renamed.
        let text = String::from_utf8_lossy(&text).replace("unpin_user_page", "put_user_page");
        if !["get_user_pages", "put_user_page"]
            .iter()
            .any(|w| text.contains(w))
        {
            continue;
        }
        for sp in &sps {
            let (whole, part) = both_ways(sp, text.as_bytes());
            assert_eq!(part, whole, "{} with {}", f.display(), sp.file);
        }
        n += 1;
    }
    eprintln!("{n} kernel files gave the same outcome both ways");
    assert!(n > 100, "too few kernel files: {n}");
}

/// Top-level nodes as (start, end, S-expression); with `guarded` (the whole
/// text is one conditional), the named nodes inside it, of which a partial
/// parse keeps fewer (its newline token after the condition may run on over
/// the lines left out).
fn items(p: &Parsed, guarded: bool) -> Vec<(usize, usize, String)> {
    let root = p.tree.root_node();
    let mut top: Vec<_> = root.children(&mut root.walk()).collect();
    if guarded {
        if let Some(guard) = top.iter().find(|n| n.kind() != "comment").copied() {
            top = guard.named_children(&mut guard.walk()).collect();
        }
    }
    top.iter()
        .map(|n| (n.start_byte(), n.end_byte(), n.to_sexp()))
        .collect()
}

/// Whether the whole text is one conditional (an include guard), comments aside.
fn guarded(whole: &Parsed) -> bool {
    let root = whole.tree.root_node();
    let code: Vec<_> = root
        .children(&mut root.walk())
        .filter(|n| n.kind() != "comment")
        .collect();
    matches!(&code[..], [g] if matches!(g.kind(), "preproc_if" | "preproc_ifdef"))
}

/// What came of parsing some items of a file alone.
enum Compared {
    /// The items that read otherwise than in the whole parse.
    Items(Vec<String>),
    /// The partial parse had errors and fell back to a whole parse.
    FellBack,
    /// The whole parse has errors: it is no reference (error recovery from a
    /// neighbour can spill into an item that reads fine alone).
    WholeHasErrors,
    Unreadable,
}

fn compare(file: &Path, every: usize) -> Compared {
    let Ok(text) = std::fs::read(file) else {
        return Compared::Unreadable;
    };
    let whole = Parsed::new(&text);
    let guarded = guarded(&whole);
    let full = items(&whole, guarded);
    let n = std::cell::Cell::new(0usize);
    let keep = |_: &[u8]| {
        n.set(n.get() + 1);
        n.get().is_multiple_of(every)
    };
    let part = Parsed::part(sempatch::c::kernel_hints(), &text, keep, usize::MAX);
    if part.parts.is_none() {
        return Compared::FellBack;
    }
    assert_eq!(part.skipped, whole.skipped, "{}", file.display());
    if whole.tree.root_node().has_error() {
        return Compared::WholeHasErrors;
    }
    let mut bad = Vec::new();
    for item in items(&part, guarded) {
        if !full.contains(&item) {
            let line = text[..item.0].iter().filter(|&&b| b == b'\n').count() + 1;
            bad.push(format!("{}:{line}: {}", file.display(), item.2));
        }
    }
    Compared::Items(bad)
}

fn c_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut es: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    es.sort();
    for p in es {
        if p.is_dir() {
            c_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "c" || e == "h") {
            out.push(p);
        }
    }
}

#[test]
fn kernel_items_parse_alone_as_in_the_whole_file() {
    let Some(tree) = common::kernel_tree("kernel_items_parse_alone_as_in_the_whole_file") else {
        return;
    };
    let mut files = Vec::new();
    // The whole tree with SEMPATCH_PARTIAL_ALL=1; by default the core
    // directories the shipped transforms touch, plus a sample of drivers.
    if std::env::var_os("SEMPATCH_PARTIAL_ALL").is_some() {
        c_files(&tree, &mut files);
    } else {
        for d in [
            "mm",
            "kernel",
            "fs/fuse",
            "virt",
            "drivers/vhost",
            "drivers/misc",
            "include/linux",
        ] {
            c_files(&tree.join(d), &mut files);
        }
    }
    let (mut compared, mut fell_back, mut no_reference, mut bad) = (0, 0, 0, Vec::new());
    for f in &files {
        for every in [2, 3] {
            match compare(f, every) {
                Compared::Items(b) => {
                    compared += 1;
                    bad.extend(b);
                }
                Compared::FellBack => fell_back += 1,
                Compared::WholeHasErrors => no_reference += 1,
                Compared::Unreadable => {}
            }
        }
    }
    eprintln!(
        "partial parse: {compared} parses compared, {fell_back} fell back to a whole parse, \
         {no_reference} not compared (the whole parse has errors), {} items differ",
        bad.len()
    );
    for b in bad.iter().take(20) {
        eprintln!("  {}", b.chars().take(300).collect::<String>());
    }
    assert!(compared > 1000, "too few files compared: {compared}");
    assert!(bad.is_empty(), "{} items read otherwise alone", bad.len());
}
