//! Macro knowledge as data: the hints file that tells the kernel dialect layer
//! which names are annotations, iterators, declarers and function-defining macros.
//!
//! The format is one directive per line: a kind, then names separated by white
//! space; `#` starts a comment. See README.md ("Macro hints") for the kinds.

use crate::diag::Diagnostic;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The hints shipped in the binary (Linux kernel idioms).
pub const KERNEL_HINTS: &str = include_str!("kernel.hints");

/// What the dialect layer does with a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hint {
    /// Blanked wherever it appears (`__user`, `__init`).
    Annotation,
    /// Blanked together with the parenthesised arguments that follow it (`__aligned(8)`).
    AnnotationArgs,
    /// Replaced by a keyword no longer than itself (index into [`Hints::replacements`]).
    Replace(u16),
    /// `NAME(args) statement` is a loop (`list_for_each_entry`).
    Iterator,
    /// `NAME(args);` at top level or in a struct declares something (`DEFINE_MUTEX`).
    Declarer,
    /// `NAME(fn, T1, a1, …) { … }` defines function `fn` (`SYSCALL_DEFINE3`).
    Defun,
}

/// A fast hasher for short identifiers (FNV-1a); the map is looked up once per identifier.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A set of macro hints: the shipped ones, possibly extended by a user's file.
#[derive(Clone, Debug, Default)]
pub struct Hints {
    names: HashMap<Vec<u8>, Hint, BuildHasherDefault<Fnv>>,
    /// Replacement keywords of [`Hint::Replace`] entries.
    pub replacements: Vec<Vec<u8>>,
}

const KINDS: &[&str] = &["annotation", "iterator", "declarer", "defun", "replace"];

impl Hints {
    /// The shipped kernel hints.
    pub fn kernel() -> Hints {
        let mut h = Hints::default();
        h.add_text("kernel.hints", KERNEL_HINTS)
            .expect("the shipped hints file is well-formed");
        h
    }

    /// What `name` is, if it is hinted.
    #[inline]
    pub fn get(&self, name: &[u8]) -> Option<Hint> {
        self.names.get(name).copied()
    }

    /// Number of hinted names.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when no name is hinted.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Reads a hints file and adds its entries (later entries override earlier ones).
    pub fn add_file(&mut self, path: &std::path::Path) -> Result<(), Diagnostic> {
        let (shown, text) = Diagnostic::read_text(path, "macro file", "macro file is not UTF-8")?;
        self.add_text(&shown, &text)
    }

    /// Adds the entries of hints text `src`; `file` names it in diagnostics.
    pub fn add_text(&mut self, file: &str, src: &str) -> Result<(), Diagnostic> {
        for (li, raw) in src.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("");
            let mut words = WordIter::new(line);
            let Some((kcol, kind)) = words.next() else {
                continue;
            };
            let at = |col: usize, msg: String| Diagnostic::at(file, src, li + 1, col + 1, msg);
            if !KINDS.contains(&kind) {
                return Err(at(
                    kcol,
                    format!(
                        "unknown hint kind `{kind}` (expected one of: {})",
                        KINDS.join(", ")
                    ),
                ));
            }
            let mut any = false;
            for (col, word) in words {
                any = true;
                let (name, hint) = match kind {
                    "replace" => {
                        let Some((name, with)) = word.split_once('=') else {
                            return Err(at(col, format!("expected NAME=KEYWORD, found `{word}`")));
                        };
                        if with.is_empty()
                            || with.len() > name.len()
                            || !with.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                        {
                            return Err(at(
                                col,
                                format!("`{with}` must be a word no longer than `{name}`"),
                            ));
                        }
                        let idx = self.replacements.len();
                        if idx > u16::MAX as usize {
                            return Err(at(col, "too many replacements".into()));
                        }
                        self.replacements.push(with.as_bytes().to_vec());
                        (name, Hint::Replace(idx as u16))
                    }
                    "annotation" => match word.strip_suffix("(...)") {
                        Some(name) => (name, Hint::AnnotationArgs),
                        None => (word, Hint::Annotation),
                    },
                    "iterator" => (word, Hint::Iterator),
                    "declarer" => (word, Hint::Declarer),
                    _ => (word, Hint::Defun),
                };
                if !is_identifier(name) {
                    return Err(at(col, format!("`{name}` is not a C identifier")));
                }
                if hint == Hint::Iterator && name.len() < 5 {
                    return Err(at(
                        col,
                        format!("iterator `{name}` is too short: iterator names need at least 5 characters"),
                    ));
                }
                if hint == Hint::Defun && name.len() < 4 {
                    return Err(at(
                        col,
                        format!("defun `{name}` is too short: names need at least 4 characters"),
                    ));
                }
                self.names.insert(name.as_bytes().to_vec(), hint);
            }
            if !any {
                return Err(at(kcol, format!("`{kind}` needs at least one name")));
            }
        }
        Ok(())
    }
}

fn is_identifier(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && super::lex::is_ident_start(b[0])
        && b.iter().all(|&c| super::lex::is_ident_byte(c))
}

/// White-space separated words with their 0-based byte columns.
struct WordIter<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> WordIter<'a> {
    fn new(s: &'a str) -> Self {
        WordIter { s, pos: 0 }
    }
}

impl<'a> Iterator for WordIter<'a> {
    type Item = (usize, &'a str);
    fn next(&mut self) -> Option<Self::Item> {
        let b = self.s.as_bytes();
        while self.pos < b.len() && b[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
        if self.pos >= b.len() {
            return None;
        }
        let start = self.pos;
        while self.pos < b.len() && !b[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
        Some((start, &self.s[start..self.pos]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_hints_parse() {
        let h = Hints::kernel();
        assert_eq!(h.get(b"__user"), Some(Hint::Annotation));
        assert_eq!(h.get(b"__aligned"), Some(Hint::AnnotationArgs));
        assert_eq!(h.get(b"DEFINE_MUTEX"), Some(Hint::Declarer));
        assert_eq!(h.get(b"SYSCALL_DEFINE3"), Some(Hint::Defun));
        assert_eq!(h.get(b"skb_queue_walk"), Some(Hint::Iterator));
        assert!(matches!(h.get(b"STATIC"), Some(Hint::Replace(_))));
    }

    #[test]
    fn bad_lines_are_located() {
        let mut h = Hints::default();
        let e = h
            .add_text("m.hints", "# ok\niterator foo_walk\nannotaton __x\n")
            .unwrap_err();
        assert_eq!((e.line, e.col), (3, 1));
        assert!(e.message.contains("unknown hint kind `annotaton`"));
        let e = h.add_text("m.hints", "replace  LONG=static\n").unwrap_err();
        assert_eq!((e.line, e.col), (1, 10));
        let e = h.add_text("m.hints", "iterator 9bad\n").unwrap_err();
        assert!(e.message.contains("not a C identifier"), "{e}");
        let e = h.add_text("m.hints", "iterator walk\n").unwrap_err();
        assert!(e.message.contains("too short"), "{e}");
        let e = h.add_text("m.hints", "declarer\n").unwrap_err();
        assert!(e.message.contains("at least one name"), "{e}");
    }
}
