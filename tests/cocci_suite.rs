//! Coccinelle's own test cases (a fixed sample, read at test time from
//! `../shared/cocci-tests` beside the project, or `SEMPATCH_COCCI_TESTS`):
//! `NAME.cocci` applied to `NAME.c` must give `NAME.res`. Prints how many
//! cases give it token for token (comments and white space aside) and byte
//! for byte, and compares with the committed lists of passing cases
//! (`testdata/cocci-suite/token.txt`, `byte.txt`): a case that passed and
//! now fails fails the test (a ratchet). Newly passing cases are listed, to
//! be added with `SEMPATCH_RATCHET=write`.

mod common;

use rayon::prelude::*;
use regex::Regex;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn suite_dir(test: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("SEMPATCH_COCCI_TESTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/cocci-tests"));
    if dir.join("README.md").is_file() {
        return Some(dir);
    }
    let msg = format!(
        "\n\n!!! {test}: NOT RUN: no conformance sample at {} (set SEMPATCH_COCCI_TESTS) !!!\n",
        dir.display()
    );
    assert!(std::env::var_os("CI").is_none(), "{msg}");
    eprintln!("{msg}");
    None
}

/// C tokens, comments dropped, as Coccinelle's harness compares them.
fn tokens(s: &str) -> Vec<String> {
    static RE: std::sync::OnceLock<(Regex, Regex, Regex)> = std::sync::OnceLock::new();
    let (block, line, tok) = RE.get_or_init(|| {
        (
            Regex::new(r"(?s)/\*.*?\*/").unwrap(),
            Regex::new(r"//[^\n]*").unwrap(),
            Regex::new(
                r#"[A-Za-z_]\w*|\d[\w.]*|"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|->|\+\+|--|<<=|>>=|<=|>=|==|!=|&&|\|\||[-+*/%&|^]=|<<|>>|\S"#,
            )
            .unwrap(),
        )
    });
    let s = block.replace_all(s, " ");
    let s = line.replace_all(&s, " ");
    tok.find_iter(&s).map(|m| m.as_str().to_string()).collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Byte,
    Token,
    Differs,
    Error,
}

fn run_case(dir: &Path, name: &str) -> Outcome {
    let base = Regex::new(r"_ver\d+$")
        .unwrap()
        .replace(name, "")
        .into_owned();
    let cocci = [name, base.as_str()]
        .iter()
        .map(|n| dir.join(format!("{n}.cocci")))
        .find(|p| p.is_file());
    let Some(cocci) = cocci else {
        return Outcome::Error;
    };
    let (Ok(input), Ok(expected)) = (
        std::fs::read(dir.join(format!("{name}.c"))),
        std::fs::read(dir.join(format!("{name}.res"))),
    ) else {
        return Outcome::Error;
    };
    // As a user runs it (script rules, initialize and finalize included):
    // the binary, on a copy of the file, in a scratch folder.
    let Ok(scratch) = tempfile::tempdir() else {
        return Outcome::Error;
    };
    let file = scratch.path().join(format!("{name}.c"));
    if std::fs::write(&file, &input).is_err() {
        return Outcome::Error;
    }
    let ran = std::process::Command::new(common::sempatch())
        .current_dir(scratch.path())
        .args(["apply", "-q", "--timeout", "10", "--in-place"])
        .arg(&cocci)
        .arg(&file)
        .output();
    if !ran.is_ok_and(|o| o.status.success()) {
        return Outcome::Error;
    }
    let Ok(out) = std::fs::read(&file) else {
        return Outcome::Error;
    };
    if out == expected {
        return Outcome::Byte;
    }
    let (o, e) = (
        String::from_utf8_lossy(&out),
        String::from_utf8_lossy(&expected),
    );
    if tokens(&o) == tokens(&e) {
        Outcome::Token
    } else {
        Outcome::Differs
    }
}

fn read_list(p: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(p)
        .unwrap_or_default()
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

fn write_list(p: &Path, what: &str, names: &BTreeSet<String>) {
    let mut text = format!("# Conformance cases that give Coccinelle's expected output {what} (tests/cocci_suite.rs).\n");
    for n in names {
        text.push_str(n);
        text.push('\n');
    }
    std::fs::write(p, text).unwrap();
}

#[test]
fn conformance_sample_does_not_regress() {
    let Some(dir) = suite_dir("conformance_sample_does_not_regress") else {
        return;
    };
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let f = e.file_name().to_string_lossy().into_owned();
            let n = f.strip_suffix(".res")?.to_string();
            dir.join(format!("{n}.c")).is_file().then_some(n)
        })
        .collect();
    names.sort();
    // Matching recurses over the syntax tree: big stacks, as the binary's.
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(256 << 20)
        .build()
        .unwrap();
    let results: Vec<(String, Outcome)> = pool.install(|| {
        names
            .par_iter()
            .map(|n| (n.clone(), run_case(&dir, n)))
            .collect()
    });
    let byte: BTreeSet<String> = results
        .iter()
        .filter(|(_, o)| *o == Outcome::Byte)
        .map(|(n, _)| n.clone())
        .collect();
    let token: BTreeSet<String> = results
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Byte | Outcome::Token))
        .map(|(n, _)| n.clone())
        .collect();
    let errors = results.iter().filter(|(_, o)| *o == Outcome::Error).count();
    eprintln!(
        "cocci-suite: {}/{} token-equal ({} byte-exact), {} not run or rejected",
        token.len(),
        results.len(),
        byte.len(),
        errors
    );
    let lists = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/cocci-suite");
    if std::env::var("SEMPATCH_RATCHET").as_deref() == Ok("write") {
        std::fs::create_dir_all(&lists).unwrap();
        write_list(&lists.join("token.txt"), "token for token", &token);
        write_list(&lists.join("byte.txt"), "byte for byte", &byte);
        return;
    }
    let (was_token, was_byte) = (
        read_list(&lists.join("token.txt")),
        read_list(&lists.join("byte.txt")),
    );
    let lost_token: Vec<&String> = was_token.difference(&token).collect();
    let lost_byte: Vec<&String> = was_byte.difference(&byte).collect();
    let new_token: Vec<&String> = token.difference(&was_token).collect();
    if !new_token.is_empty() {
        eprintln!("newly token-equal (add with SEMPATCH_RATCHET=write): {new_token:?}");
    }
    assert!(
        lost_token.is_empty() && lost_byte.is_empty(),
        "cases that passed and now fail: token {lost_token:?}, byte {lost_byte:?}"
    );
    assert!(!was_token.is_empty(), "the committed lists are missing");
}
