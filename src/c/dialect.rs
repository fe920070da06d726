//! The kernel dialect layer: rewrites kernel idioms into plain C that
//! tree-sitter-c parses, in a shadow copy of the text with the same length and
//! the same byte offsets (and therefore the same lines and columns).
//!
//! Consumers index the original bytes with the offsets of the shadow's tree, so
//! every rewrite keeps each byte where it was: annotations become spaces, an
//! iterator head `list_for_each_entry(a, b, c)` becomes `for (;;a, b, c)` padded
//! to the same width, a type argument `struct foo *` becomes the identifier
//! `foo` padded with spaces, and so on. Newlines are never touched.
//!
//! One pass: a small lexer (comments, strings and preprocessor lines aware),
//! then a walk over the tokens that keeps a stack of open brackets (to know
//! whether we are at top level, in a function body, in an initializer or in
//! an argument list) and looks every identifier up in the [`Hints`].

use super::hints::{Hint, Hints};
use std::borrow::Cow;
use std::ops::Range;

/// A shadow text and what it left out.
#[derive(Clone, Debug)]
pub struct Shadow<'a> {
    /// The text to parse: same length as the original, same newlines.
    pub text: Cow<'a, [u8]>,
    /// Conditional branches blanked out because they could not be parsed
    /// together with the branch before them (original byte ranges).
    pub skipped: Vec<Range<usize>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum D {
    If,
    Elif,
    Else,
    Endif,
    Define,
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum K {
    Ident,
    Num,
    Str,
    Punct,
    Dir(D),
    /// A token the shadow has blanked (or otherwise consumed).
    Blank,
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    s: u32,
    e: u32,
    k: K,
}

const NONE: u32 = u32::MAX;

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | 0x0b | 0x0c)
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b'$'
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

/// Splits `t` into tokens; a preprocessor directive (with its continuation
/// lines) is one token. Also links each conditional directive to the next one
/// of the same `#if` (`partner`), `NONE` for `#endif` and unmatched ones.
fn lex(t: &[u8], toks: &mut Vec<Tok>, partner: &mut Vec<u32>) {
    let n = t.len();
    let mut i = 0;
    let mut line_start = true;
    let mut open: Vec<u32> = Vec::new();
    while i < n {
        let b = t[i];
        if b == b'\n' {
            line_start = true;
            i += 1;
            continue;
        }
        if is_space(b) {
            i += 1;
            continue;
        }
        if b == b'\\' && (t.get(i + 1) == Some(&b'\n') || t.get(i + 1) == Some(&b'\r')) {
            i += 1;
            continue;
        }
        if b == b'/' && i + 1 < n {
            if t[i + 1] == b'/' {
                i = line_comment_end(t, i);
                continue;
            }
            if t[i + 1] == b'*' {
                i = block_comment_end(t, i);
                continue;
            }
        }
        let start = i;
        let kind;
        if b == b'#' && line_start {
            let (end, d) = directive(t, i);
            i = end;
            kind = K::Dir(d);
            let idx = toks.len() as u32;
            match d {
                D::If => open.push(idx),
                D::Elif | D::Else => {
                    if let Some(top) = open.last_mut() {
                        partner[*top as usize] = idx;
                        *top = idx;
                    }
                }
                D::Endif => {
                    if let Some(top) = open.pop() {
                        partner[top as usize] = idx;
                    }
                }
                _ => {}
            }
        } else if is_ident_start(b) {
            i += 1;
            while i < n && is_ident_byte(t[i]) {
                i += 1;
            }
            kind = K::Ident;
        } else if b.is_ascii_digit() || (b == b'.' && t.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            i += 1;
            while i < n {
                let c = t[i];
                if is_ident_byte(c)
                    || c == b'.'
                    || ((c == b'+' || c == b'-') && matches!(t[i - 1], b'e' | b'E' | b'p' | b'P'))
                {
                    i += 1;
                } else {
                    break;
                }
            }
            kind = K::Num;
        } else if b == b'"' || b == b'\'' {
            i = quoted_end(t, i, b);
            kind = K::Str;
        } else {
            i += punct_len(&t[i..]);
            kind = K::Punct;
        }
        line_start = false;
        toks.push(Tok {
            s: start as u32,
            e: i as u32,
            k: kind,
        });
        partner.push(NONE);
    }
}

fn line_comment_end(t: &[u8], i: usize) -> usize {
    let mut j = i + 2;
    while j < t.len() && t[j] != b'\n' {
        // A backslash-newline continues a line comment.
        if t[j] == b'\\' && t.get(j + 1) == Some(&b'\n') {
            j += 2;
            continue;
        }
        j += 1;
    }
    j
}

fn block_comment_end(t: &[u8], i: usize) -> usize {
    match memchr_star_slash(&t[i + 2..]) {
        Some(k) => i + 2 + k + 2,
        None => t.len(),
    }
}

fn memchr_star_slash(s: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(k) = s[from..].iter().position(|&b| b == b'*') {
        let at = from + k;
        if s.get(at + 1) == Some(&b'/') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn quoted_end(t: &[u8], i: usize, q: u8) -> usize {
    let mut j = i + 1;
    while j < t.len() && t[j] != q && t[j] != b'\n' {
        if t[j] == b'\\' {
            j += 1;
        }
        j += 1;
    }
    (j + 1).min(t.len())
}

fn punct_len(s: &[u8]) -> usize {
    const P3: &[&[u8]] = &[b"<<=", b">>=", b"..."];
    const P2: &[&[u8]] = &[
        b"->", b"++", b"--", b"<<", b">>", b"<=", b">=", b"==", b"!=", b"&&", b"||", b"*=", b"/=",
        b"%=", b"+=", b"-=", b"&=", b"^=", b"|=", b"##",
    ];
    if P3.iter().any(|p| s.starts_with(p)) {
        3
    } else if P2.iter().any(|p| s.starts_with(p)) {
        2
    } else {
        let mut l = 1;
        while l < s.len() && (s[l] & 0xC0) == 0x80 {
            l += 1;
        }
        l
    }
}

/// The end of the directive starting at `i` (before its final newline) and its kind.
fn directive(t: &[u8], i: usize) -> (usize, D) {
    let n = t.len();
    let mut j = i + 1;
    while j < n && is_space(t[j]) {
        j += 1;
    }
    let ws = j;
    while j < n && t[j].is_ascii_alphabetic() {
        j += 1;
    }
    let d = match &t[ws..j] {
        b"if" | b"ifdef" | b"ifndef" => D::If,
        b"elif" | b"elifdef" | b"elifndef" => D::Elif,
        b"else" => D::Else,
        b"endif" => D::Endif,
        b"define" => D::Define,
        _ => D::Other,
    };
    while j < n {
        match t[j] {
            b'\n' => break,
            b'\\' if t.get(j + 1) == Some(&b'\n') => j += 2,
            b'\\' if t.get(j + 1) == Some(&b'\r') && t.get(j + 2) == Some(&b'\n') => j += 3,
            b'/' if t.get(j + 1) == Some(&b'*') => j = block_comment_end(t, j),
            b'/' if t.get(j + 1) == Some(&b'/') => j = line_comment_end(t, j),
            b'"' => j = quoted_end(t, j, b'"'),
            _ => j += 1,
        }
    }
    (j.min(n), d)
}

/// What an open bracket is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Frame {
    /// `(`: `call` when its arguments may be types to rewrite; `arg` is the
    /// token index where the current argument starts.
    Paren {
        call: bool,
        arg: u32,
    },
    Bracket,
    Brace(Bk),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bk {
    /// A function body.
    Func,
    /// A block of statements inside a function (or a statement expression).
    Block,
    /// A struct, union or enum body.
    Aggr,
    /// An initializer list.
    Init,
}

/// How a conditional (`#if … #endif`) is handled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cond {
    /// Left to tree-sitter: every branch is complete on its own.
    Keep,
    /// Directive lines blanked, every branch kept (they read well in sequence).
    Flatten,
    /// Directive lines blanked, only the first branch kept.
    FirstOnly,
}

const KEYWORDS_NOT_CALLS: &[&[u8]] = &[
    b"if",
    b"while",
    b"for",
    b"switch",
    b"return",
    b"sizeof",
    b"typeof",
    b"__typeof__",
    b"__typeof",
    b"typeof_unqual",
    b"_Alignof",
    b"__alignof__",
    b"__alignof",
    b"alignof",
    b"_Alignas",
    b"alignas",
    b"offsetof",
    b"__builtin_offsetof",
    b"__builtin_va_arg",
    b"__builtin_types_compatible_p",
    b"_Generic",
    b"defined",
    b"asm",
    b"__asm__",
    b"__asm",
    b"case",
    b"do",
    b"else",
    b"_Static_assert",
    b"__extension__",
];

/// Words that may come before a call's name without making it a declarator.
const NOT_TYPE_WORDS: &[&[u8]] = &[
    b"return", b"case", b"else", b"do", b"static", b"extern", b"goto", b"sizeof",
];

const TYPE_WORDS: &[&[u8]] = &[
    b"unsigned",
    b"signed",
    b"short",
    b"long",
    b"int",
    b"char",
    b"void",
    b"float",
    b"double",
    b"bool",
    b"_Bool",
    b"_Complex",
];

const QUALIFIERS: &[&[u8]] = &[
    b"const",
    b"volatile",
    b"restrict",
    b"__restrict",
    b"__restrict__",
    b"_Atomic",
];

const STORAGE: &[&[u8]] = &[b"static", b"extern", b"const", b"inline", b"__inline"];

/// Words tree-sitter-c will not take as an identifier in an expression.
const KEYWORDS: &[&[u8]] = &[
    b"unsigned",
    b"signed",
    b"short",
    b"long",
    b"const",
    b"volatile",
    b"struct",
    b"union",
    b"enum",
    b"static",
    b"extern",
    b"register",
    b"inline",
    b"auto",
    b"restrict",
    b"_Atomic",
];

fn is_iterator_name(name: &[u8]) -> bool {
    name.len() >= 8
        && name.windows(8).any(|w| {
            w == b"for_each" || w == b"FOR_EACH" || w[..7] == *b"foreach" || w[..7] == *b"FOREACH"
        })
}

fn is_upper_macro(name: &[u8]) -> bool {
    name.len() >= 3
        && name[0].is_ascii_uppercase()
        && name
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_')
}

struct Pass<'a, 'h> {
    hints: &'h Hints,
    text: &'a [u8],
    toks: Vec<Tok>,
    partner: Vec<u32>,
    out: Option<Vec<u8>>,
    skipped: Vec<Range<usize>>,
    stack: Vec<Frame>,
    conds: Vec<Cond>,
    /// The last three significant tokens, most recent first.
    prev: [u32; 3],
    /// The `(` of a function-defining macro: its contents are parameters.
    params_at: u32,
}

/// Builds the shadow of `text` under `hints`.
pub fn shadow<'a>(hints: &Hints, text: &'a [u8]) -> Shadow<'a> {
    let mut toks = Vec::with_capacity(text.len() / 5);
    let mut partner = Vec::with_capacity(text.len() / 5);
    lex(text, &mut toks, &mut partner);
    let mut p = Pass {
        hints,
        text,
        toks,
        partner,
        out: None,
        skipped: Vec::new(),
        stack: Vec::new(),
        conds: Vec::new(),
        prev: [NONE; 3],
        params_at: NONE,
    };
    p.run();
    Shadow {
        text: match p.out {
            Some(v) => Cow::Owned(v),
            None => Cow::Borrowed(text),
        },
        skipped: p.skipped,
    }
}

impl<'a> Pass<'a, '_> {
    fn out(&mut self) -> &mut Vec<u8> {
        let text = self.text;
        self.out.get_or_insert_with(|| text.to_vec())
    }

    /// Spaces over `r`, newlines (and the backslashes that continue lines) kept.
    fn blank(&mut self, r: Range<usize>) {
        let text = self.text;
        let out = self.out();
        for k in r {
            let b = text[k];
            if b != b'\n' && b != b'\r' && !(b == b'\\' && text.get(k + 1) == Some(&b'\n')) {
                out[k] = b' ';
            }
        }
    }

    fn blank_tok(&mut self, i: usize) {
        let t = self.toks[i];
        self.blank(t.s as usize..t.e as usize);
        self.toks[i].k = K::Blank;
    }

    fn write(&mut self, at: usize, bytes: &[u8]) {
        self.out()[at..at + bytes.len()].copy_from_slice(bytes);
    }

    fn tok_text(&self, i: u32) -> &'a [u8] {
        if i == NONE {
            return b"";
        }
        let t = self.toks[i as usize];
        &self.text[t.s as usize..t.e as usize]
    }

    fn is_punct(&self, i: usize, p: &[u8]) -> bool {
        i < self.toks.len() && self.toks[i].k == K::Punct && self.tok_text(i as u32) == p
    }

    /// The next token at or after `i` that is not blank.
    fn next_live(&self, mut i: usize) -> usize {
        while i < self.toks.len() && self.toks[i].k == K::Blank {
            i += 1;
        }
        i
    }

    /// The `)` matching the `(` at `open` (blank tokens skipped); `None` at a
    /// directive or the end of the file.
    fn matching(&self, open: usize) -> Option<usize> {
        let mut depth = 0usize;
        for j in open..self.toks.len() {
            let t = self.toks[j];
            match t.k {
                K::Punct => match self.text[t.s as usize] {
                    b'(' => depth += 1,
                    b')' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return Some(j);
                        }
                    }
                    _ => {}
                },
                K::Dir(_) => return None,
                _ => {}
            }
        }
        None
    }

    fn push_prev(&mut self, i: usize) {
        self.prev = [i as u32, self.prev[0], self.prev[1]];
    }

    fn top_brace(&self) -> Option<Bk> {
        self.stack.iter().rev().find_map(|f| match f {
            Frame::Brace(b) => Some(*b),
            _ => None,
        })
    }

    fn in_statements(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Brace(Bk::Func | Bk::Block)))
    }

    fn at_top_level(&self) -> bool {
        self.stack.is_empty()
    }

    fn run(&mut self) {
        let mut i = 0;
        while i < self.toks.len() {
            let t = self.toks[i];
            match t.k {
                K::Dir(d) => {
                    i = self.directive(i, d);
                    continue;
                }
                K::Blank => {
                    i += 1;
                    continue;
                }
                K::Ident => {
                    if let Some(next) = self.ident(i) {
                        i = next;
                        continue;
                    }
                }
                K::Punct => self.punct(i),
                _ => {}
            }
            self.push_prev(i);
            i += 1;
        }
    }

    /// Handles an identifier; `Some(next)` when it consumed tokens itself.
    fn ident(&mut self, i: usize) -> Option<usize> {
        let name = self.tok_text(i as u32);
        match self.hints.get(name) {
            Some(Hint::Annotation) => {
                self.blank_tok(i);
                Some(i + 1)
            }
            Some(Hint::AnnotationArgs) => {
                self.blank_tok(i);
                let n = self.next_live(i + 1);
                if self.is_punct(n, b"(") {
                    if let Some(j) = self.matching(n) {
                        let (s, e) = (self.toks[n].s, self.toks[j].e);
                        self.blank(s as usize..e as usize);
                        for t in &mut self.toks[n..=j] {
                            t.k = K::Blank;
                        }
                        return Some(j + 1);
                    }
                }
                Some(i + 1)
            }
            Some(Hint::Replace(r)) => {
                let with = self.hints.replacements[r as usize].clone();
                let s = self.toks[i].s as usize;
                self.blank(s..self.toks[i].e as usize);
                self.write(s, &with);
                None
            }
            Some(Hint::Iterator) => {
                self.iterator(i, true);
                None
            }
            Some(Hint::Defun) => {
                if self.at_top_level() {
                    self.defun(i);
                }
                None
            }
            Some(Hint::Declarer) => {
                self.declarer(i);
                None
            }
            None => {
                if is_iterator_name(name) {
                    self.iterator(i, false);
                } else if self.at_top_level()
                    && is_upper_macro(name)
                    && STORAGE.contains(&self.tok_text(self.prev[0]))
                {
                    self.declarer(i);
                }
                None
            }
        }
    }

    /// `NAME(args) statement` in a function body → `for (;;args) statement`.
    fn iterator(&mut self, i: usize, hinted: bool) {
        if !self.in_statements() {
            return;
        }
        let open = i + 1;
        if !self.is_punct(open, b"(") {
            return;
        }
        let prev = self.tok_text(self.prev[0]);
        let prev_ok = self.prev[0] == NONE
            || matches!(prev, b";" | b"{" | b"}" | b")" | b":" | b"else" | b"do");
        if !prev_ok {
            return;
        }
        let Some(close) = self.matching(open) else {
            return;
        };
        let after = self.next_live(close + 1);
        let after_ok = match self.toks.get(after) {
            None => false,
            Some(t) => match t.k {
                K::Ident | K::Dir(_) => true,
                K::Punct => {
                    let p = self.tok_text(after as u32);
                    matches!(p, b"{" | b"(" | b"*" | b"++" | b"--") || (hinted && p == b";")
                }
                _ => false,
            },
        };
        if !after_ok {
            return;
        }
        let s = self.toks[i].s as usize;
        let e = self.toks[open].e as usize;
        if e - s < 6 || self.text[s..e].contains(&b'\n') {
            return;
        }
        self.blank(s..e);
        self.write(s, b"for");
        self.write(e - 3, b"(;;");
    }

    /// `SYSCALL_DEFINE2(name, T1, a1, T2, a2)` → `long name(T1 a1, T2 a2)`.
    fn defun(&mut self, i: usize) {
        let open = i + 1;
        if !self.is_punct(open, b"(") {
            return;
        }
        let Some(close) = self.matching(open) else {
            return;
        };
        let mut commas = Vec::new();
        let mut depth = 0i32;
        for j in open + 1..close {
            if self.toks[j].k != K::Punct {
                continue;
            }
            match self.text[self.toks[j].s as usize] {
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth -= 1,
                b',' if depth == 0 => commas.push(j),
                _ => {}
            }
        }
        let s = self.toks[i].s as usize;
        let name_end = self.toks[i].e as usize;
        let e = self.toks[open].e as usize;
        if self.text[s..e].contains(&b'\n') {
            return;
        }
        if commas.is_empty() {
            // No parameters: the function name becomes a placeholder and the
            // macro argument a parameter; c::function_name reads the real name.
            if name_end - s < 6 {
                return;
            }
            self.blank(s..name_end);
            self.write(s, b"long");
            let fill = vec![b'_'; name_end - s - 5];
            self.write(s + 5, &fill);
        } else {
            self.blank(s..e);
            self.write(s, b"long");
            for (k, &c) in commas.iter().enumerate() {
                let at = self.toks[c].s as usize;
                if k == 0 {
                    self.write(at, b"(");
                } else if k % 2 == 1 {
                    self.write(at, b" ");
                }
            }
        }
        self.params_at = open as u32;
    }

    /// A declaring macro: `static DEFINE_MUTEX(m);` → `       DEFINE_MUTEX(m);` at top
    /// level; `module_init(f)` with no `;` → `module_init f;`.
    fn declarer(&mut self, i: usize) {
        let open = i + 1;
        if !self.is_punct(open, b"(") {
            return;
        }
        if self.at_top_level() {
            for k in 0..2 {
                let p = self.prev[k];
                if p != NONE && STORAGE.contains(&self.tok_text(p)) {
                    self.blank_tok(p as usize);
                } else {
                    break;
                }
            }
            self.prev = [NONE; 3];
        } else if !matches!(self.stack.last(), Some(Frame::Brace(Bk::Aggr))) {
            return;
        }
        let Some(close) = self.matching(open) else {
            return;
        };
        let after = self.next_live(close + 1);
        let terminated = self.toks.get(after).is_some_and(|t| {
            t.k == K::Punct && matches!(self.tok_text(after as u32), b";" | b"=" | b"," | b"{")
        });
        let in_struct = !self.at_top_level();
        if terminated && !in_struct {
            return;
        }
        // `NAME(a, b)` → `NAME a, b;` (a declaration) when every argument is a
        // plain identifier; in a struct, `NAME(a, N);` → `NAME a[N];`.
        let args: Vec<usize> = (open + 1..close)
            .filter(|&j| self.toks[j].k != K::Blank)
            .collect();
        if args.is_empty() {
            return;
        }
        let close_s = self.toks[close].s as usize;
        let open_s = self.toks[open].s as usize;
        if in_struct {
            if !terminated || self.tok_text(after as u32) != b";" {
                return;
            }
            let commas: Vec<usize> = args
                .iter()
                .copied()
                .filter(|&j| self.is_punct(j, b","))
                .collect();
            if self.toks[args[0]].k != K::Ident || commas.len() > 1 {
                return;
            }
            let nested = args
                .iter()
                .any(|&j| self.is_punct(j, b"(") || self.is_punct(j, b"["));
            if commas.len() == 1 && (commas[0] != args[1] || nested) {
                return;
            }
            self.write(open_s, b" ");
            if let Some(&c) = commas.first() {
                self.write(self.toks[c].s as usize, b"[");
                self.write(close_s, b"]");
            } else {
                self.write(close_s, b" ");
            }
            return;
        }
        let plain = args.iter().enumerate().all(|(k, &j)| {
            if k % 2 == 0 {
                self.toks[j].k == K::Ident && !KEYWORDS.contains(&self.tok_text(j as u32))
            } else {
                self.is_punct(j, b",")
            }
        }) && args.len() % 2 == 1;
        if plain {
            self.write(open_s, b" ");
            self.write(close_s, b";");
        }
    }

    fn punct(&mut self, i: usize) {
        let t = self.toks[i];
        let b = self.text[t.s as usize];
        if t.e - t.s != 1 {
            return;
        }
        match b {
            b'(' => {
                let call = self.params_at != i as u32 && self.is_call_paren();
                if self.params_at == i as u32 {
                    self.params_at = NONE;
                }
                self.stack.push(Frame::Paren {
                    call,
                    arg: i as u32 + 1,
                });
            }
            b',' => {
                if let Some(Frame::Paren { call: true, arg }) = self.stack.last().copied() {
                    self.type_arg(arg as usize, i);
                    if let Some(Frame::Paren { arg, .. }) = self.stack.last_mut() {
                        *arg = i as u32 + 1;
                    }
                }
            }
            b')' => {
                if let Some(Frame::Paren { call, arg }) = self.stack.last().copied() {
                    if call {
                        self.type_arg(arg as usize, i);
                    }
                    self.stack.pop();
                }
            }
            b'[' => self.stack.push(Frame::Bracket),
            b']' => {
                if self.stack.last() == Some(&Frame::Bracket) {
                    self.stack.pop();
                }
            }
            b'{' => {
                let bk = self.brace_kind();
                self.stack.push(Frame::Brace(bk));
            }
            b'}' => {
                while let Some(f) = self.stack.pop() {
                    if matches!(f, Frame::Brace(_)) {
                        break;
                    }
                }
            }
            _ => {}
        }
    }

    /// Whether the `(` just seen opens the arguments of a call (or of a macro
    /// used like one), rather than a declarator's parameters or a grouping.
    fn is_call_paren(&self) -> bool {
        let p = self.prev[0];
        if p == NONE || self.toks[p as usize].k != K::Ident {
            return false;
        }
        let name = self.tok_text(p);
        if KEYWORDS_NOT_CALLS.contains(&name) || KEYWORDS.contains(&name) {
            return false;
        }
        if TYPE_WORDS.contains(&name) {
            return false;
        }
        let p2 = self.prev[1];
        if p2 == NONE {
            return true;
        }
        let t2 = self.tok_text(p2);
        match self.toks[p2 as usize].k {
            K::Ident => NOT_TYPE_WORDS.contains(&t2) || is_upper_macro(name),
            K::Punct => t2 != b"*" || is_upper_macro(name),
            _ => true,
        }
    }

    fn brace_kind(&self) -> Bk {
        let p = self.prev[0];
        let pt = self.tok_text(p);
        if let Some(Frame::Paren { .. }) = self.stack.last() {
            return if pt == b"(" { Bk::Block } else { Bk::Init };
        }
        let top = self.top_brace();
        if top == Some(Bk::Init) || matches!(pt, b"=" | b"," | b"[" | b"return") {
            return Bk::Init;
        }
        let code = matches!(top, Some(Bk::Func | Bk::Block));
        if p == NONE || matches!(pt, b")" | b";" | b"{" | b"}" | b":" | b"else" | b"do") {
            if code {
                return Bk::Block;
            }
            return if top.is_none() { Bk::Func } else { Bk::Aggr };
        }
        if self.toks[p as usize].k == K::Ident && self.tok_text(self.prev[1]) == b")" {
            // `) MACRO {`: an unknown annotation between a declarator and its body.
            return if top.is_none() {
                Bk::Func
            } else if code {
                Bk::Block
            } else {
                Bk::Aggr
            };
        }
        if self.toks[p as usize].k == K::Ident {
            return Bk::Aggr;
        }
        Bk::Init
    }

    /// Rewrites the argument in tokens `a..b` when it is a type name
    /// (`struct foo *` → `       foo  `, `unsigned long` → `unsigned_long`).
    fn type_arg(&mut self, a: usize, b: usize) {
        let live: Vec<usize> = (a..b).filter(|&j| self.toks[j].k != K::Blank).collect();
        if live.len() < 2 {
            if let [j] = live[..] {
                self.lone_keyword(j);
            }
            return;
        }
        if self.toks[live[0]].k != K::Ident {
            return;
        }
        let mut words = Vec::new();
        let mut stars = Vec::new();
        let mut tag = false;
        let mut others = 0;
        for &j in &live {
            let t = self.toks[j];
            let w = self.tok_text(j as u32);
            match t.k {
                K::Ident if stars.is_empty() || QUALIFIERS.contains(&w) => {
                    if matches!(w, b"struct" | b"union" | b"enum") {
                        tag = true;
                    } else if !TYPE_WORDS.contains(&w) && !QUALIFIERS.contains(&w) {
                        others += 1;
                    }
                    words.push(j);
                }
                K::Punct if w == b"*" => stars.push(j),
                _ => return,
            }
        }
        if others > 1 || (others == 1 && words.len() > 1 && !tag && stars.is_empty()) {
            return;
        }
        if !(tag || !stars.is_empty() || words.len() >= 2) {
            return;
        }
        let mut kept = Vec::new();
        for &j in &words {
            let w = self.tok_text(j as u32);
            if QUALIFIERS.contains(&w) || matches!(w, b"struct" | b"union" | b"enum") {
                self.blank_tok(j);
            } else {
                kept.push(j);
            }
        }
        for &j in &stars {
            self.blank_tok(j);
        }
        match kept[..] {
            [] => {}
            [j] => {
                self.toks[j].k = K::Ident;
                self.lone_keyword(j);
            }
            _ => {
                let s = self.toks[kept[0]].s as usize;
                let e = self.toks[*kept.last().expect("non-empty")].e as usize;
                if self.text[s..e].contains(&b'\n') {
                    return;
                }
                let text = self.text;
                let out = self.out();
                for k in s..e {
                    if !is_ident_byte(text[k]) {
                        out[k] = b'_';
                    }
                }
            }
        }
    }

    /// A lone `long` or `unsigned` argument: make it an identifier (`_ong`).
    fn lone_keyword(&mut self, j: usize) {
        let w = self.tok_text(j as u32);
        if self.toks[j].k == K::Ident && KEYWORDS.contains(&w) {
            let s = self.toks[j].s as usize;
            self.write(s, b"_");
        }
    }

    /// Handles a directive token; returns the next token index.
    fn directive(&mut self, i: usize, d: D) -> usize {
        match d {
            D::Define => {
                self.named_variadic(i);
                i + 1
            }
            D::Other => i + 1,
            D::If => {
                let mode = self.cond_mode(i);
                self.conds.push(mode);
                if mode != Cond::Keep {
                    self.blank_tok(i);
                }
                i + 1
            }
            D::Elif | D::Else => {
                let Some(&mode) = self.conds.last() else {
                    return i + 1;
                };
                match mode {
                    Cond::Keep => i + 1,
                    Cond::Flatten => {
                        self.blank_tok(i);
                        i + 1
                    }
                    Cond::FirstOnly => {
                        // Blank through the matching #endif.
                        let mut j = i;
                        while self.partner[j] != NONE {
                            j = self.partner[j] as usize;
                        }
                        let (s, e) = (self.toks[i].s as usize, self.toks[j].e as usize);
                        if self.toks[j].k != K::Dir(D::Endif) {
                            // Unterminated: keep it as it is.
                            return i + 1;
                        }
                        self.skipped
                            .push(self.toks[i].e as usize..self.toks[j].s as usize);
                        self.blank(s..e);
                        self.conds.pop();
                        j + 1
                    }
                }
            }
            D::Endif => {
                if let Some(mode) = self.conds.pop() {
                    if mode != Cond::Keep {
                        self.blank_tok(i);
                    }
                }
                i + 1
            }
        }
    }

    /// Decides how to treat the conditional starting at directive `i`.
    fn cond_mode(&self, i: usize) -> Cond {
        let exprish = matches!(
            self.stack.last(),
            Some(Frame::Paren { .. } | Frame::Bracket | Frame::Brace(Bk::Init))
        );
        let mut all_complete = true;
        let mut first_ok = true;
        let mut branches = 0;
        let mut d = i;
        loop {
            let next = self.partner[d];
            if next == NONE {
                // Unterminated: leave it to tree-sitter.
                return Cond::Keep;
            }
            let (net, min, last) = self.branch_shape(d + 1, next as usize);
            let lt = self.tok_text(last);
            let complete = net == 0
                && min >= 0
                && (exprish || last == NONE || matches!(lt, b";" | b"}" | b":"));
            if branches == 0 {
                first_ok = net == 0 && min >= 0;
            }
            all_complete &= complete;
            branches += 1;
            d = next as usize;
            if self.toks[d].k == K::Dir(D::Endif) {
                break;
            }
        }
        if all_complete {
            if exprish {
                Cond::Flatten
            } else {
                Cond::Keep
            }
        } else if branches > 1 && !(first_ok && self.all_balanced(i)) {
            Cond::FirstOnly
        } else {
            Cond::Flatten
        }
    }

    fn all_balanced(&self, i: usize) -> bool {
        let mut d = i;
        while self.partner[d] != NONE {
            let next = self.partner[d] as usize;
            let (net, min, _) = self.branch_shape(d + 1, next);
            if net != 0 || min < 0 {
                return false;
            }
            d = next;
        }
        true
    }

    /// Bracket balance of tokens `a..b` (nested conditionals counted by their
    /// first branch), its lowest point, and the last significant token.
    fn branch_shape(&self, a: usize, b: usize) -> (i32, i32, u32) {
        let mut net = 0i32;
        let mut min = 0i32;
        let mut last = NONE;
        let mut j = a;
        while j < b {
            let t = self.toks[j];
            match t.k {
                K::Dir(D::Elif | D::Else) => {
                    // Skip the other branches of a nested conditional.
                    let mut k = j;
                    while self.partner[k] != NONE && (self.partner[k] as usize) < b {
                        k = self.partner[k] as usize;
                        if self.toks[k].k == K::Dir(D::Endif) {
                            break;
                        }
                    }
                    j = k + 1;
                    continue;
                }
                K::Dir(_) | K::Blank => {}
                K::Punct => {
                    match self.text[t.s as usize] {
                        b'(' | b'[' | b'{' => net += 1,
                        b')' | b']' | b'}' => {
                            net -= 1;
                            min = min.min(net);
                        }
                        _ => {}
                    }
                    last = j as u32;
                }
                K::Ident => {
                    // Annotations do not end anything.
                    if !matches!(
                        self.hints.get(self.tok_text(j as u32)),
                        Some(Hint::Annotation | Hint::AnnotationArgs)
                    ) {
                        last = j as u32;
                    }
                }
                _ => last = j as u32,
            }
            j += 1;
        }
        (net, min, last)
    }

    /// `#define f(fmt, args...)` → `#define f(fmt,     ...)`: tree-sitter-c does
    /// not know GNU named variadic parameters.
    fn named_variadic(&mut self, i: usize) {
        let t = self.toks[i];
        let (s, e) = (t.s as usize, t.e as usize);
        let line = &self.text[s..e];
        let Some(dots) = find(line, b"...)") else {
            return;
        };
        let mut k = dots;
        while k > 0 && is_ident_byte(line[k - 1]) {
            k -= 1;
        }
        if k < dots && line[..k].contains(&b'(') {
            self.blank(s + k..s + dots);
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sh(src: &str) -> String {
        let h = Hints::kernel();
        let s = shadow(&h, src.as_bytes());
        assert_eq!(s.text.len(), src.len());
        String::from_utf8(s.text.into_owned()).unwrap()
    }

    #[test]
    fn annotations_are_blanked() {
        assert_eq!(
            sh("static int __init f(char __user *p) __acquires(x)\n{"),
            "static int        f(char        *p)              \n{"
        );
    }

    #[test]
    fn iterator_heads_become_for() {
        assert_eq!(
            sh("void f(void) {\n\tlist_for_each_entry(p, &h, node) {\n"),
            "void f(void) {\n\tfor              (;;p, &h, node) {\n"
        );
        // A call with a for_each name stays a call.
        assert_eq!(
            sh("void f(void) {\n\tidr_for_each(&idr, fn, NULL);\n"),
            "void f(void) {\n\tidr_for_each(&idr, fn, NULL);\n"
        );
    }

    #[test]
    fn type_arguments_become_identifiers() {
        assert_eq!(
            sh("void f(void) { x = container_of(p, struct foo, m) + min_t(unsigned long, a, b); }"),
            "void f(void) { x = container_of(p,        foo, m) + min_t(unsigned_long, a, b); }"
        );
        // Prototypes keep their parameter types.
        assert_eq!(sh("int f(struct foo *);"), "int f(struct foo *);");
    }

    #[test]
    fn syscall_definitions() {
        assert_eq!(
            sh("SYSCALL_DEFINE2(kill, pid_t, pid, int, sig)\n{"),
            "long            kill( pid_t  pid, int  sig)\n{"
        );
        assert_eq!(
            sh("SYSCALL_DEFINE0(getpid)\n{"),
            "long __________(getpid)\n{"
        );
    }

    #[test]
    fn declarers() {
        assert_eq!(sh("static DEFINE_MUTEX(m);"), "       DEFINE_MUTEX(m);");
        assert_eq!(
            sh("module_init(f)\nmodule_exit(g)\n"),
            "module_init f;\nmodule_exit g;\n"
        );
        assert_eq!(
            sh("struct s {\n\tDECLARE_BITMAP(b, N);\n};"),
            "struct s {\n\tDECLARE_BITMAP b[ N];\n};"
        );
    }

    #[test]
    fn conditionals_that_cut_statements() {
        let src =
            "void f(void) {\n#ifdef A\n\tif (a) {\n#else\n\tif (b) {\n#endif\n\t\tg();\n\t}\n}\n";
        let h = Hints::kernel();
        let s = shadow(&h, src.as_bytes());
        let out = String::from_utf8(s.text.to_vec()).unwrap();
        assert_eq!(
            out,
            "void f(void) {\n        \n\tif (a) {\n     \n         \n      \n\t\tg();\n\t}\n}\n"
        );
        assert_eq!(s.skipped.len(), 1);
        assert_eq!(&src[s.skipped[0].clone()], "\n\tif (b) {\n");
        // Complete branches are left to tree-sitter.
        let src = "void f(void) {\n#ifdef A\n\ta();\n#else\n\tb();\n#endif\n}\n";
        assert_eq!(sh(src), src);
        // In an initializer, directive lines go and both branches stay.
        assert_eq!(
            sh("int a[] = {\n#ifdef A\n\t1,\n#endif\n\t2,\n};"),
            "int a[] = {\n        \n\t1,\n      \n\t2,\n};"
        );
    }
}
