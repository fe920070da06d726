//! Property tests that fuzz the tool within `cargo test`: the SmPL parser on
//! generated and mutated semantic patches, the engine on generated and
//! mutated C, and the JSON and colour output on arbitrary texts. Nothing may
//! panic; a rule that cannot match leaves the bytes as they are; the change
//! objects rebuild the new text.
//!
//! Each property runs a bounded number of cases (a few seconds in all); set
//! `PROPTEST_CASES` for a longer campaign, e.g.
//! `PROPTEST_CASES=200000 cargo test --release --test fuzz`.

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use sempatch::engine;
use sempatch::scan::Prefilter;
use sempatch::smpl::SemanticPatch;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

fn config(default_cases: u32) -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default_cases),
        // Failing inputs are kept in tests/fuzz.proptest-regressions and tried
        // first on every later run.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        max_shrink_iters: 4096,
        ..Config::default()
    }
}

/// Every `.cocci` file of the repository: seeds for mutation.
fn cocci_seeds() -> &'static [String] {
    static SEEDS: OnceLock<Vec<String>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut v = files_under(&root.join("transforms"), "cocci");
        v.extend(files_under(&root.join("testdata/cases"), "cocci"));
        v.into_iter()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .collect()
    })
}

/// Every C input of the repository (cases and the demo tree): seeds for mutation.
fn c_seeds() -> &'static [Vec<u8>] {
    static SEEDS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut v = files_under(&root.join("testdata/cases"), "c");
        v.extend(files_under(&root.join("testdata/demo"), "c"));
        v
    })
}

/// The shipped transforms and the case rules that parse: patches to run.
fn patches() -> &'static [(String, SemanticPatch)] {
    static P: OnceLock<Vec<(String, SemanticPatch)>> = OnceLock::new();
    P.get_or_init(|| {
        cocci_seeds()
            .iter()
            .filter_map(|s| Some((s.clone(), SemanticPatch::parse("seed.cocci", s).ok()?)))
            .collect()
    })
}

/// With `SEMPATCH_FUZZ_LOG=DIR`, the case about to run is written to
/// `DIR/case.cocci` and `DIR/case.c` first: a case that aborts the process (a
/// stack overflow, running out of memory) cannot be shrunk, but can be read.
fn log_case(src: &str, text: &[u8]) {
    if let Some(dir) = std::env::var_os("SEMPATCH_FUZZ_LOG") {
        let dir = Path::new(&dir);
        let _ = std::fs::write(dir.join("case.cocci"), src);
        let _ = std::fs::write(dir.join("case.c"), text);
    }
}

fn files_under(dir: &Path, ext: &str) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == ext) {
                out.push(std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

// ---- generators ----------------------------------------------------------

const C_WORDS: &[&str] = &[
    "int",
    "void",
    "struct",
    "page",
    "*",
    "**",
    "p",
    "pages",
    "n",
    "i",
    "E",
    "f",
    "x",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    ";",
    ",",
    "=",
    "==",
    "!=",
    "<",
    ">",
    "+",
    "-",
    "++",
    "--",
    "&",
    "&&",
    "||",
    "!",
    "?",
    ":",
    "->",
    ".",
    "if",
    "else",
    "for",
    "while",
    "do",
    "return",
    "goto",
    "out",
    "sizeof",
    "NULL",
    "0",
    "1",
    "0x10",
    "'a'",
    "\"s\"",
    "\"\\\"\"",
    "/* c */",
    "// c\n",
    "\n",
    "\t",
    " ",
    "#define X(a) a\n",
    "#if 0\n",
    "#endif\n",
    "\\\n",
    "put_page",
    "put_user_page",
    "put_user_pages",
    "get_user_pages",
    "get_user_pages_fast",
    "pin_user_pages",
    "set_page_dirty_lock",
    "release_pages",
    "PageReserved",
    "SetPageDirty",
    "FOLL_WRITE",
    "EXPORT_SYMBOL",
    "static",
    "const",
    "unsigned",
    "long",
    "switch",
    "case",
    "default",
    "break",
    "__user",
    "__init",
    "list_for_each_entry",
    "do {",
    "} while (0)",
    "...",
    "@",
    "$",
    "`",
    "\u{e9}",
    "\r\n",
    "\0",
];

/// C-like text: a mix of real tokens, names the transforms look for, and junk.
fn c_text() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            8 => prop::sample::select(C_WORDS).prop_map(|w| w.as_bytes().to_vec()),
            1 => prop::collection::vec(any::<u8>(), 0..4),
        ],
        0..200,
    )
    .prop_map(|parts| {
        let mut out = Vec::new();
        for p in parts {
            out.extend_from_slice(&p);
            out.push(b' ');
        }
        out
    })
}

/// A change to a byte text: position and size are fractions, so one strategy
/// serves texts of any length.
#[derive(Clone, Debug)]
enum Mutation {
    Delete(f64, usize),
    Insert(f64, Vec<u8>),
    Duplicate(f64, usize),
    Flip(f64, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let word = prop::sample::select(C_WORDS).prop_map(|w| w.as_bytes().to_vec());
    prop_oneof![
        (0.0..1.0f64, 1..40usize).prop_map(|(a, n)| Mutation::Delete(a, n)),
        (0.0..1.0f64, word).prop_map(|(a, w)| Mutation::Insert(a, w)),
        (0.0..1.0f64, 1..80usize).prop_map(|(a, n)| Mutation::Duplicate(a, n)),
        (0.0..1.0f64, any::<u8>()).prop_map(|(a, b)| Mutation::Flip(a, b)),
    ]
}

fn mutate(text: &mut Vec<u8>, ms: &[Mutation]) {
    for m in ms {
        let at = |f: f64, len: usize| ((f * len as f64) as usize).min(len);
        match m {
            Mutation::Delete(f, n) => {
                let a = at(*f, text.len());
                let b = (a + n).min(text.len());
                text.drain(a..b);
            }
            Mutation::Insert(f, w) => {
                let a = at(*f, text.len());
                text.splice(a..a, w.iter().copied());
            }
            Mutation::Duplicate(f, n) => {
                let a = at(*f, text.len());
                let b = (a + n).min(text.len());
                let copy = text[a..b].to_vec();
                text.splice(b..b, copy);
            }
            Mutation::Flip(f, byte) => {
                if !text.is_empty() {
                    let a = at(*f, text.len() - 1);
                    text[a] = *byte;
                }
            }
        }
    }
}

const HEADERS: &[&str] = &[
    "@@",
    "@r@",
    "@s@",
    "@t depends on r@",
    "@u depends on !r && (s || t)@",
    "@depends on r@",
    "@comments c@",
    "@comments d depends on r@",
    "@r depends on@",
    "@",
    "@@@",
    "@ r @",
    "@r exists@",
    "@s depends on r forall@",
    "@script:python@",
    "@r depends on r@",
    "@x depends on (r@",
    "@y depends on r &&@",
];

const DECLS: &[&str] = &[
    "expression E;",
    "expression E1, E2;",
    "expression list es;",
    "identifier f;",
    "identifier f =~ \"^get\";",
    "identifier g !~ \"(\";",
    "identifier h = {a, b};",
    "identifier r.f;",
    "expression r.E;",
    "identifier s.x;",
    "type T;",
    "statement S;",
    "constant C;",
    "identifier list il;",
    "expression E",
    "fresh identifier z = \"a\" ## f;",
    "identifier f, f;",
    "position p;",
    "expression;",
    "identifier r.;",
];

const BODY_WORDS: &[&str] = &[
    "E",
    "E1",
    "E2",
    "es",
    "f",
    "g",
    "h",
    "T",
    "S",
    "C",
    "il",
    "x",
    "p",
    "foo",
    "bar",
    "put_page",
    "put_user_page",
    "get_user_pages",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    ";",
    ",",
    "=",
    "*",
    "&",
    "->",
    "+",
    "==",
    "!",
    "if",
    "else",
    "for",
    "while",
    "return",
    "int",
    "struct",
    "...",
    "<...",
    "...>",
    "<+...",
    "...+>",
    "when",
    "!=",
    "any",
    "strict",
    "\\(",
    "\\|",
    "\\)",
    "\"s\"",
    "0",
    "1",
    "/* c */",
    "NULL",
];

/// Lines of C as rule bodies have them, most of which parse.
const BODY_CODE: &[&str] = &[
    "foo(E);",
    "foo(E)",
    "bar(E1, E2);",
    "x = foo(E);",
    "f(...)",
    "f(..., E, ...);",
    "put_page(E);",
    "put_user_page(E)",
    "if (E)",
    "if (E) {",
    "}",
    "{",
    "S",
    "return E;",
    "for (i = 0; i < E; i++)",
    "for (i = 0; i < E; i++) {",
    "while (E)",
    "...",
    "<... foo(E) ...>",
    "<+... f(E) ...+>",
    "... when != E",
    "... when any",
    "... when strict",
    "T *p;",
    "T x = E;",
    "\\( foo \\| bar \\)(E);",
    "\\( foo(E) \\| bar(E) \\)",
    "f",
    "g",
    "E",
    "E->x = NULL;",
    "int f(void) {",
    "static void g(T *p)",
    "EXPORT_SYMBOL(f);",
    "f(es);",
    "return;",
    "goto out;",
    "out:",
    "E1 = E2;",
    "!E",
    "E == NULL",
    "sizeof(T)",
    "(T *)E",
    "C",
    "x[E]",
];

fn body_line() -> impl Strategy<Value = String> {
    let words =
        prop::collection::vec(prop::sample::select(BODY_WORDS), 0..10).prop_map(|w| w.join(" "));
    let marks = &["- ", "+ ", "  ", "-\t", "+\t", "", "-", "+"][..];
    prop_oneof![
        6 => (prop::sample::select(marks), prop::sample::select(BODY_CODE))
            .prop_map(|(m, w)| format!("{m}{w}")),
        2 => (prop::sample::select(marks), words).prop_map(|(m, w)| format!("{m}{w}")),
        1 => prop::sample::select(&["(", "|", ")", "( x", "* foo();", "# cpp", "// c"][..])
            .prop_map(str::to_string),
    ]
}

fn rule() -> impl Strategy<Value = String> {
    (
        // Mostly well-formed headers and declarations, so that bodies get parsed.
        prop_oneof![
            3 => prop::sample::select(&HEADERS[..6]),
            1 => prop::sample::select(HEADERS),
        ],
        prop::collection::vec(
            prop_oneof![
                4 => prop::sample::select(&DECLS[..14]),
                1 => prop::sample::select(DECLS),
            ],
            0..4,
        ),
        prop::bool::weighted(0.9),
        prop::collection::vec(body_line(), 0..10),
    )
        .prop_map(|(h, decls, close, body)| {
            let mut s = format!("{h}\n");
            for d in decls {
                s.push_str(d);
                s.push('\n');
            }
            if close {
                s.push_str("@@\n");
            }
            for b in body {
                s.push_str(&b);
                s.push('\n');
            }
            s
        })
}

/// Semantic-patch-like text: description lines and a few rules.
fn smpl_text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(
            prop::sample::select(&["/// why", "virtual patch", "// c", "", "#include", "x"][..]),
            0..3,
        ),
        prop::collection::vec(rule(), 0..4),
    )
        .prop_map(|(pre, rules)| {
            let mut s = pre.join("\n");
            if !s.is_empty() {
                s.push('\n');
            }
            s.push_str(&rules.concat());
            s
        })
}

/// Function names in generated rule bodies (`f` is an identifier metavariable).
const FUNCS: &[&str] = &[
    "foo",
    "f",
    "put_page",
    "put_user_page",
    "get_user_pages",
    "set_page_dirty_lock",
    "kfree",
    "release_pages",
    "mutex_lock",
    "pin_user_pages",
];

/// C expressions over the declared metavariables, up to a few levels deep.
fn expr() -> impl Strategy<Value = String> {
    let leaf = prop::sample::select(
        &[
            "E", "E1", "E2", "x", "p", "i", "n", "NULL", "0", "C", "pages[i]", "...", "es",
        ][..],
    )
    .prop_map(str::to_string);
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            3 => (prop::sample::select(FUNCS), prop::collection::vec(inner.clone(), 0..3))
                .prop_map(|(f, a)| format!("{f}({})", a.join(", "))),
            1 => (inner.clone(), prop::sample::select(&["+", "-", "==", "!=", "&&", "<", "="][..]), inner.clone())
                .prop_map(|(a, o, b)| format!("{a} {o} {b}")),
            1 => inner.clone().prop_map(|a| format!("!{a}")),
            1 => inner.clone().prop_map(|a| format!("({a})")),
            1 => (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a}[{b}]")),
            1 => inner.clone().prop_map(|a| format!("{a}->next")),
            1 => inner.clone().prop_map(|a| format!("(T *){a}")),
            1 => inner.clone().prop_map(|a| format!("\\( {a} \\| NULL \\)")),
        ]
    })
}

/// One C statement (or `...`, or a statement metavariable) as body lines.
fn stmt() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        4 => expr().prop_map(|e| vec![format!("{e};")]),
        1 => (expr(), expr()).prop_map(|(a, b)| vec![format!("{a} = {b};")]),
        1 => expr().prop_map(|e| vec![format!("return {e};")]),
        1 => Just(vec!["...".to_string()]),
        1 => expr().prop_map(|e| vec![format!("... when != {e}")]),
        1 => Just(vec!["S".to_string()]),
        1 => (expr(), expr()).prop_map(|(a, b)| vec![format!("if ({a})"), format!("\t{b};")]),
        1 => (expr(), expr()).prop_map(|(a, b)| vec![
            format!("for (i = 0; i < {a}; i++) {{"), format!("\t{b};"), "}".to_string(),
        ]),
        1 => (expr(), expr()).prop_map(|(a, b)| vec![format!("<... {a} ...>"), format!("{b};")]),
    ]
}

/// A one-rule semantic patch that usually parses: declared metavariables,
/// then statements each kept, removed or added (or an expression replaced).
fn rule_text() -> impl Strategy<Value = String> {
    let head = "@@\nexpression E, E1, E2, x, p, n;\nidentifier f;\ntype T;\nstatement S;\nexpression list es;\nconstant C;\n@@\n";
    let marked = prop::collection::vec(
        (prop::sample::select(&["  ", "- ", "+ "][..]), stmt()),
        1..5,
    );
    prop_oneof![
        3 => marked.prop_map(move |ss| {
            let mut s = head.to_string();
            for (m, lines) in ss {
                for l in lines {
                    s.push_str(m);
                    s.push_str(&l);
                    s.push('\n');
                }
            }
            s
        }),
        1 => (expr(), expr()).prop_map(move |(a, b)| format!("{head}- {a}\n+ {b}\n")),
    ]
}

// ---- properties ----------------------------------------------------------

/// Parses; on error, the diagnostic must print, point into the file, and
/// carry a caret when it has a line.
fn parse_checked(src: &str) -> Option<SemanticPatch> {
    match SemanticPatch::parse("x.cocci", src) {
        Ok(sp) => Some(sp),
        Err(d) => {
            let text = d.to_string();
            assert!(text.starts_with("x.cocci:"), "{text}");
            let lines = src.split('\n').count();
            assert!(d.line <= lines, "line {} of {lines}: {text}", d.line);
            if d.source_line.is_some() {
                assert!(text.ends_with('^'), "{text}");
            }
            None
        }
    }
}

/// Runs a patch on a text with a time limit (a pathological input may be
/// slow, which `--timeout` handles; it must not panic); `new` is set only for
/// a real change.
fn transform_checked(src: &str, sp: &SemanticPatch, text: &[u8]) {
    log_case(src, text);
    let (out, _expired) =
        engine::with_deadline(Some(Duration::from_secs(5)), || engine::transform(sp, text));
    if let Some(new) = &out.new {
        assert_ne!(
            new.as_slice(),
            text,
            "`new` is set only when the text changed"
        );
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn smpl_parser_never_panics_on_generated_patches(src in smpl_text()) {
        parse_checked(&src);
    }

    #[test]
    fn smpl_parser_never_panics_on_arbitrary_text(src in ".{0,300}") {
        parse_checked(&src);
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn smpl_parser_never_panics_on_mutated_real_patches(
        k in any::<prop::sample::Index>(),
        ms in prop::collection::vec(mutation(), 1..6),
    ) {
        let seeds = cocci_seeds();
        let mut b = seeds[k.index(seeds.len())].clone().into_bytes();
        mutate(&mut b, &ms);
        parse_checked(&String::from_utf8_lossy(&b));
    }

    #[test]
    fn json_changes_rebuild_the_new_text(old in c_text(), ms in prop::collection::vec(mutation(), 0..6)) {
        let mut new = old.clone();
        mutate(&mut new, &ms);
        let ch = engine::FileChange {
            path: "a.c".into(),
            old: old.clone(),
            new: new.clone(),
            sites: vec![engine::Site { rule: "r".into(), line: 3, function: None }],
        };
        let changes = sempatch::json::changes(&ch);
        let lines: Vec<&[u8]> = old.split_inclusive(|&b| b == b'\n').collect();
        let mut rebuilt = Vec::new();
        let mut next = 0;
        for c in &changes {
            let start = c.old_start - 1;
            prop_assert!(start >= next && start + c.old_lines <= lines.len());
            for l in &lines[next..start] {
                rebuilt.extend_from_slice(l);
            }
            let exact = |s: &String, b64: &Option<String>| -> Vec<u8> {
                use base64::Engine as _;
                match b64 {
                    Some(b) => base64::engine::general_purpose::STANDARD.decode(b).unwrap(),
                    None => s.clone().into_bytes(),
                }
            };
            prop_assert_eq!(lines[start..start + c.old_lines].concat(), exact(&c.old, &c.old_base64));
            rebuilt.extend(exact(&c.new, &c.new_base64));
            prop_assert_eq!(c.rules.len(), 1, "every change is attributed to the one site");
            next = start + c.old_lines;
        }
        for l in &lines[next..] {
            rebuilt.extend_from_slice(l);
        }
        prop_assert_eq!(rebuilt, new);
    }

    #[test]
    fn unified_diff_hunks_say_where_their_lines_are(old in c_text(), ms in prop::collection::vec(mutation(), 0..6)) {
        let mut new = old.clone();
        mutate(&mut new, &ms);
        let d = sempatch::diff::unified(&old, &new, "a.c", sempatch::diff::Header::Plain, None);
        let (ol, nl) = (sempatch::diff::lines(&old), sempatch::diff::lines(&new));
        let strip = |l: &[u8]| l.strip_suffix(b"\n").unwrap_or(l).to_vec();
        let body: Vec<&[u8]> = d.split(|&b| b == b'\n').skip(3).collect();
        let range = |s: &str| -> (usize, usize) {
            let (a, b) = s.split_once(',').unwrap_or((s, "1"));
            (a.parse().unwrap(), b.parse().unwrap())
        };
        let (mut o, mut n) = (0usize, 0usize);
        for l in body {
            if let Some(h) = l.strip_prefix(b"@@ -") {
                let h = String::from_utf8_lossy(h);
                let mut parts = h.split(' ');
                let (a, b) = range(parts.next().unwrap());
                let (c, e) = range(parts.next().unwrap().trim_start_matches('+'));
                // An empty range names the line before it.
                o = if b == 0 { a } else { a - 1 };
                n = if e == 0 { c } else { c - 1 };
                continue;
            }
            match l.first() {
                Some(b' ') => {
                    prop_assert_eq!(strip(ol[o]), &l[1..]);
                    prop_assert_eq!(strip(nl[n]), &l[1..]);
                    o += 1;
                    n += 1;
                }
                Some(b'-') => {
                    prop_assert_eq!(strip(ol[o]), &l[1..]);
                    o += 1;
                }
                Some(b'+') => {
                    prop_assert_eq!(strip(nl[n]), &l[1..]);
                    n += 1;
                }
                _ => {}
            }
        }
    }

    #[test]
    fn reparsing_a_changed_text_gives_the_fresh_tree(j in any::<prop::sample::Index>(), ms in prop::collection::vec(mutation(), 1..6)) {
        let seeds = c_seeds();
        let old = seeds[j.index(seeds.len())].clone();
        let mut new = old.clone();
        mutate(&mut new, &ms);
        let shape = |p: &sempatch::c::Parsed| {
            let mut out = Vec::new();
            let mut stack = vec![p.tree.root_node()];
            while let Some(n) = stack.pop() {
                out.push((n.kind_id(), n.start_byte(), n.end_byte()));
                let mut c = n.walk();
                stack.extend(n.children(&mut c));
            }
            out
        };
        let fresh = sempatch::c::Parsed::new(&new);
        let again = sempatch::c::Parsed::new(&old).reparse(&old, &new);
        prop_assert_eq!(shape(&again), shape(&fresh));
        prop_assert_eq!(&again.skipped, &fresh.skipped);
    }

    #[test]
    fn colouring_a_diff_only_adds_escapes(old in c_text(), ms in prop::collection::vec(mutation(), 0..4)) {
        let mut new = old.clone();
        mutate(&mut new, &ms);
        let d = sempatch::diff::unified(&old, &new, "a.c", sempatch::diff::Header::Plain, None);
        let c = sempatch::color::diff(&d);
        let re = regex::bytes::Regex::new("\x1b\\[[0-9;]*m").unwrap();
        prop_assert_eq!(re.replace_all(&c, &b""[..]).into_owned(), d);
    }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn a_rule_that_cannot_match_leaves_any_bytes_unchanged(text in prop::collection::vec(any::<u8>(), 0..2000), c in c_text()) {
        let sp = SemanticPatch::parse(
            "none.cocci",
            "@@\nexpression E;\n@@\n- zz_absent_qq(E)\n+ other(E)\n\n@@\n@@\n- zz_absent_qq\n+ other\n",
        )
        .unwrap();
        for t in [&text, &c] {
            // Bytes from the generators never spell the name (no `z` in C_WORDS;
            // random bytes almost never do, and then it may match).
            if t.windows(12).any(|w| w == b"zz_absent_qq") {
                continue;
            }
            log_case("no-match rule", t);
            let (out, _) = engine::with_deadline(Some(Duration::from_secs(5)), || engine::transform(&sp, t));
            prop_assert!(out.new.is_none());
            prop_assert!(out.sites.is_empty());
        }
    }

    #[test]
    fn shipped_and_case_patches_never_panic_on_generated_c(k in any::<prop::sample::Index>(), text in c_text()) {
        let ps = patches();
        let (src, sp) = &ps[k.index(ps.len())];
        let pre = Prefilter::new(sp);
        let _ = pre.may_match(&text);
        transform_checked(src, sp, &text);
    }

    #[test]
    fn shipped_and_case_patches_never_panic_on_mutated_real_c(
        k in any::<prop::sample::Index>(),
        j in any::<prop::sample::Index>(),
        ms in prop::collection::vec(mutation(), 0..8),
    ) {
        let ps = patches();
        let (src, sp) = &ps[k.index(ps.len())];
        let seeds = c_seeds();
        let mut text = seeds[j.index(seeds.len())].clone();
        mutate(&mut text, &ms);
        transform_checked(src, sp, &text);
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn generated_patches_that_parse_never_panic_on_real_c(
        src in rule_text(),
        j in any::<prop::sample::Index>(),
        ms in prop::collection::vec(mutation(), 0..3),
    ) {
        if let Some(sp) = parse_checked(&src) {
            let seeds = c_seeds();
            let mut text = seeds[j.index(seeds.len())].clone();
            mutate(&mut text, &ms);
            transform_checked(&src, &sp, &text);
        }
    }
}
