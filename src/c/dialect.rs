//! The kernel dialect layer: rewrites kernel idioms into plain C that
//! tree-sitter-c parses, in a shadow copy of the text with the same length and
//! the same byte offsets (and therefore the same lines and columns).
//!
//! Consumers index the original bytes with the offsets of the shadow's tree, so
//! every rewrite keeps each byte where it was: annotations become spaces, an
//! iterator head `list_for_each_entry(a, b, c)` becomes `for(;;a, b, c)` padded
//! to the same width, a type argument `struct foo *` becomes the identifier
//! `foo` padded with spaces, and so on. Newlines are never touched.
//!
//! One pass: a small lexer (comments, strings and preprocessor lines aware),
//! then a walk over the tokens that keeps a stack of open brackets (to know
//! whether we are at top level, in a function body, in an initializer or in
//! an argument list) and looks every identifier up in the [`Hints`].

use super::hints::{Hint, Hints};
use super::lex::is_space;
use std::borrow::Cow;
use std::ops::Range;

/// A shadow text and what it left out.
#[derive(Clone, Debug)]
pub struct Shadow<'a> {
    /// The text to parse: same length as the original, same newlines.
    pub text: Cow<'a, [u8]>,
    /// Code left out of the parse (original byte ranges, in the order met):
    /// conditional branches that could not be parsed with the one before
    /// them, blocks of statements passed to macros, directives inside
    /// expressions.
    pub skipped: Vec<Range<usize>>,
    /// Why each range of `skipped` was left out.
    pub why: Vec<&'static str>,
}

/// Why code was left out: an `#else`/`#elif` branch.
pub const LEFT_OUT_BRANCH: &str = "an #else branch left out";
/// Why code was left out: statements passed to a macro.
pub const LEFT_OUT_MACRO_ARG: &str = "statements in a macro argument left out";
/// Why code was left out: a directive inside an expression or initializer.
pub const LEFT_OUT_DIRECTIVE: &str = "a directive inside an expression left out";

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
    } else if s[0] < 0xC0 {
        // ASCII, or a stray byte that does not start a UTF-8 sequence: one byte,
        // so that a Latin-1 byte never glues itself to a `)` before it.
        1
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
        open: u32,
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

/// Where a directive stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// In an argument list, a subscript or an initializer.
    Expr,
    /// In the middle of a statement or declaration.
    Middle,
    /// Where a statement must follow: after `if (…)`, `else`, `do`.
    AfterControl,
    /// After a label or `case …:`.
    AfterLabel,
    /// Between items or statements.
    Boundary,
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

pub(crate) fn is_iterator_name(name: &[u8]) -> bool {
    name.len() >= 7
        && name.windows(7).enumerate().any(|(k, w)| {
            w == b"foreach"
                || w == b"FOREACH"
                || (w == b"for_eac" && name.get(k + 7) == Some(&b'h'))
                || (w == b"FOR_EAC" && name.get(k + 7) == Some(&b'H'))
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
    why: Vec<&'static str>,
    stack: Vec<Frame>,
    conds: Vec<Cond>,
    /// The last three significant tokens, most recent first.
    prev: [u32; 3],
    /// The `(` of a function-defining macro: its contents are parameters.
    params_at: u32,
    /// Between `case` and its `:`.
    in_case: bool,
    /// An `=` was seen in the current statement (so `a * f(` is a product).
    stmt_assign: bool,
    /// The `(` of the last `asm` statement.
    asm_open: u32,
    /// The `)` that closed the last `if`/`for`/`while`/`switch` header.
    ctrl_close: u32,
    /// The last `)` the shadow turned into a `;`.
    fake_semi: u32,
    /// Stack depths of the open `do { … }` bodies.
    do_bodies: Vec<u32>,
    /// The `}` that closed the last `do { … }` body.
    do_close: u32,
    /// Object-like macros this file defines as nothing but annotations.
    local: std::collections::HashSet<&'a [u8], std::hash::BuildHasherDefault<super::hints::Fnv>>,
    /// Function-like macros this file defines as a loop head.
    local_iterators:
        std::collections::HashSet<&'a [u8], std::hash::BuildHasherDefault<super::hints::Fnv>>,
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
        why: Vec::new(),
        stack: Vec::new(),
        conds: Vec::new(),
        prev: [NONE; 3],
        params_at: NONE,
        in_case: false,
        stmt_assign: false,
        asm_open: NONE,
        ctrl_close: NONE,
        fake_semi: NONE,
        do_bodies: Vec::new(),
        do_close: NONE,
        local: Default::default(),
        local_iterators: Default::default(),
    };
    p.local_annotations();
    p.run();
    p.gcc_min_max();
    Shadow {
        text: match p.out {
            Some(v) => Cow::Owned(v),
            None => Cow::Borrowed(text),
        },
        skipped: p.skipped,
        why: p.why,
    }
}

impl<'a> Pass<'a, '_> {
    /// GCC's old minimum and maximum operators (`a <? b`, `a >?= b`),
    /// which tree-sitter does not know, read as the shift operators of the
    /// same length: the tree has a binary (or compound assignment)
    /// expression there, and what reads the original text sees `<?`.
    fn gcc_min_max(&mut self) {
        for i in 1..self.toks.len() {
            let (a, b) = (self.toks[i - 1], self.toks[i]);
            let op = self.tok_text((i - 1) as u32);
            if a.e == b.s && matches!(op, b"<" | b">") && self.tok_text(i as u32) == b"?" {
                self.write(b.s as usize, op);
            }
        }
    }

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

    fn left_out(&mut self, r: Range<usize>, why: &'static str) {
        self.skipped.push(r);
        self.why.push(why);
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

    /// The first live token from `i` on that is no annotation (`__attr` in
    /// `DECLARER(a, b) __attr;`, which is blanked when the walk gets there).
    fn past_annotations(&self, i: usize) -> usize {
        let mut i = self.next_live(i);
        while i < self.toks.len() && self.toks[i].k == K::Ident {
            let name = self.tok_text(i as u32);
            if !(self.hints.get(name) == Some(Hint::Annotation) || self.local.contains(name)) {
                break;
            }
            i = self.next_live(i + 1);
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

    /// Whether the innermost bracket is a call's `(` whose `)` exists (text
    /// that does not close its parentheses is left for the parser to report).
    fn closed_call(&self) -> bool {
        match self.stack.last() {
            Some(Frame::Paren {
                call: true, open, ..
            }) => self.matching(*open as usize).is_some(),
            _ => false,
        }
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
                        // Never go back: text a rule misreads must not loop.
                        i = next.max(i + 1);
                        continue;
                    }
                }
                // A token pasted by a macro (`tg3_flag(tp, 5705_PLUS)`): a name.
                K::Num
                    if matches!(self.stack.last(), Some(Frame::Paren { call: true, .. }))
                        && !valid_number(self.tok_text(i as u32)) =>
                {
                    self.write(t.s as usize, b"_");
                }
                K::Punct => {
                    self.punct(i);
                    if self.toks[i].k == K::Blank {
                        i += 1;
                        continue;
                    }
                }
                _ => {}
            }
            self.push_prev(i);
            i += 1;
        }
    }

    /// Handles an identifier; `Some(next)` when it consumed tokens itself.
    fn ident(&mut self, i: usize) -> Option<usize> {
        let name = self.tok_text(i as u32);
        let hint = self.hints.get(name);
        if name == b"case" {
            self.in_case = true;
        }
        if !matches!(hint, Some(Hint::Annotation | Hint::AnnotationArgs)) {
            if let Some(next) = self.string_macro(i) {
                return Some(next);
            }
        }
        if matches!(
            name,
            b"if" | b"for" | b"while" | b"do" | b"switch" | b"else"
        ) && self.closed_call()
        {
            // A block of code passed to a macro: left out, and reported.
            return self.blank_arg();
        }
        if matches!(name, b"asm" | b"__asm__" | b"__asm") && self.asm_label(i) {
            return Some(i + 1);
        }
        if matches!(name, b"return" | b"break" | b"continue" | b"goto") && self.closed_call() {
            // Statements passed to a macro (`ASSERT(x, return -EINVAL)`): the
            // keyword goes, or becomes a name when nothing follows it.
            let n = self.next_live(i + 1);
            if self.is_punct(n, b",") || self.is_punct(n, b")") || self.is_punct(n, b";") {
                self.write(self.toks[i].s as usize, b"_");
                return None;
            }
            self.blank_tok(i);
            return Some(i + 1);
        }
        if self.prev[0] == self.do_close && self.prev[0] != NONE && name != b"while" {
            self.do_while(i);
        }
        if matches!(
            name,
            b"typeof" | b"__typeof__" | b"__typeof" | b"typeof_unqual"
        ) {
            self.typeof_arg(i);
        } else if matches!(name, b"offsetof" | b"__builtin_offsetof") {
            self.offsetof_member(i);
        } else if name == b"sizeof" {
            self.sizeof_signed_operand(i);
        }
        match hint {
            Some(Hint::Annotation) => {
                self.blank_tok(i);
                Some(i + 1)
            }
            Some(Hint::AnnotationArgs) => {
                self.blank_tok(i);
                let n = self.next_live(i + 1);
                // `__attr (*fp)(int)`: the parentheses hold a declarator,
                // not the attribute's arguments.
                let declarator = self.is_punct(self.next_live(n + 1), b"*");
                if self.is_punct(n, b"(") && !declarator {
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
                self.iterator(i, true, true);
                None
            }
            Some(Hint::Defun) => {
                if self.at_top_level() {
                    self.defun(i);
                }
                None
            }
            Some(Hint::Declarer) => {
                if !self.declarer(i) && self.at_top_level() {
                    return self.top_level_macro(i);
                }
                None
            }
            None if self.local.contains(name) => {
                self.blank_tok(i);
                Some(i + 1)
            }
            None if self.local_iterators.contains(name) => {
                self.iterator(i, true, true);
                None
            }
            None => {
                if self.in_statements() {
                    if !KEYWORDS_NOT_CALLS.contains(&name) {
                        self.iterator(i, false, is_iterator_name(name));
                    }
                    if self.is_storage(self.prev[0]) && is_upper_macro(name) {
                        self.declarer(i);
                    }
                } else if self.at_top_level() {
                    let done =
                        is_upper_macro(name) && self.is_storage(self.prev[0]) && self.declarer(i);
                    if !done {
                        return self.annotation_like(i).or_else(|| self.top_level_macro(i));
                    }
                }
                None
            }
        }
    }

    /// Strings built by macros: `KERN_ERR PFX "text"` (the first name becomes a
    /// string literal, so the rest reads as a concatenation), and a macro call
    /// next to a string literal, `"v" __stringify(X) "\n"` (the call becomes one).
    fn string_macro(&mut self, i: usize) -> Option<usize> {
        let p = self.prev[0];
        // The template of an `asm` statement is a string too.
        let prev_is_str = p != NONE && (self.toks[p as usize].k == K::Str || p == self.asm_open);
        let n = self.next_live(i + 1);
        if self.is_punct(n, b"(") {
            let close = self.matching(n)?;
            let after = self.next_live(close + 1);
            let next_is_str = self.toks.get(after).is_some_and(|t| t.k == K::Str);
            let (s, e) = (self.toks[i].s as usize, self.toks[close].e as usize);
            if !(prev_is_str || next_is_str) || self.text[s..e].contains(&b'\n') {
                return None;
            }
            self.blank(s..e);
            self.write(s, b"\"");
            self.write(e - 1, b"\"");
            for t in &mut self.toks[i + 1..=close] {
                t.k = K::Blank;
            }
            self.toks[i].k = K::Str;
            self.push_prev(i);
            return Some(close + 1);
        }
        if prev_is_str || (p != NONE && self.toks[p as usize].k == K::Ident) {
            return None;
        }
        // A run of two or more names right before a string literal.
        let mut j = n;
        let mut run = 1;
        while j < self.toks.len() && self.toks[j].k == K::Ident {
            if KEYWORDS.contains(&self.tok_text(j as u32)) {
                return None;
            }
            run += 1;
            j = self.next_live(j + 1);
        }
        let t = self.toks[i];
        if run < 2 || t.e - t.s < 2 || self.toks.get(j).is_none_or(|t| t.k != K::Str) {
            return None;
        }
        if KEYWORDS.contains(&self.tok_text(i as u32))
            || KEYWORDS_NOT_CALLS.contains(&self.tok_text(i as u32))
        {
            return None;
        }
        let (s, e) = (t.s as usize, t.e as usize);
        self.blank(s..e);
        self.write(s, b"\"");
        self.write(e - 1, b"\"");
        self.toks[i].k = K::Str;
        self.push_prev(i);
        Some(i + 1)
    }

    /// Whether the current macro argument reads as a declaration (`u32 v = …`).
    fn arg_is_declaration(&self) -> bool {
        let Some(Frame::Paren { arg, .. }) = self.stack.last().copied() else {
            return false;
        };
        let a = self.next_live(arg as usize);
        let mut b = self.next_live(a + 1);
        while self.is_punct(b, b"*") {
            b = self.next_live(b + 1);
        }
        a < self.toks.len()
            && b < self.toks.len()
            && self.toks[a].k == K::Ident
            && self.toks[b].k == K::Ident
            && !KEYWORDS_NOT_CALLS.contains(&self.tok_text(a as u32))
    }

    /// Blanks the current argument of the innermost call, up to its `,` or
    /// `)`, and records it as skipped; returns where to go on.
    fn blank_arg(&mut self) -> Option<usize> {
        let Some(Frame::Paren { arg, open, .. }) = self.stack.last().copied() else {
            return None;
        };
        let close = self.matching(open as usize)?;
        let mut depth = 0i32;
        let mut end = close;
        for j in arg as usize..close {
            if self.toks[j].k != K::Punct {
                continue;
            }
            match self.tok_text(j as u32) {
                b"(" | b"[" | b"{" => depth += 1,
                b")" | b"]" | b"}" => depth -= 1,
                b"," if depth == 0 => {
                    end = j;
                    break;
                }
                _ => {}
            }
        }
        let (s, e) = (
            self.toks[arg as usize].s as usize,
            self.toks[end].s as usize,
        );
        if s >= e {
            return None;
        }
        self.left_out(s..e, LEFT_OUT_MACRO_ARG);
        self.blank(s..e);
        for t in &mut self.toks[arg as usize..end] {
            t.k = K::Blank;
        }
        // Drop a comma with it, so the argument list stays well-formed.
        if end != close {
            self.blank_tok(end);
            return Some(end + 1);
        }
        let before = (open as usize + 1..arg as usize)
            .rev()
            .find(|&j| self.toks[j].k != K::Blank);
        if let Some(b) = before.filter(|&b| self.is_punct(b, b",")) {
            self.blank_tok(b);
        }
        Some(end)
    }

    /// `register long r0 asm("$0") = x;`, `int f(void) __asm__("g");`: an asm
    /// label after a declarator is blanked (an `asm` statement is not).
    fn asm_label(&mut self, i: usize) -> bool {
        let p = self.prev[0];
        if p == NONE || p == self.ctrl_close {
            return false;
        }
        let pt = self.tok_text(p);
        let declarator_end = (self.toks[p as usize].k == K::Ident
            && !KEYWORDS_NOT_CALLS.contains(&pt)
            && !matches!(pt, b"volatile" | b"__volatile__" | b"goto" | b"inline"))
            || matches!(pt, b")" | b"]");
        let open = self.next_live(i + 1);
        if !declarator_end || !self.is_punct(open, b"(") {
            return false;
        }
        let Some(close) = self.matching(open) else {
            return false;
        };
        let (s, e) = (self.toks[i].s as usize, self.toks[close].e as usize);
        self.blank(s..e);
        for t in &mut self.toks[i..=close] {
            t.k = K::Blank;
        }
        true
    }

    /// The `(` right after token `i` and its `)`.
    fn parens_after(&self, i: usize) -> Option<(usize, usize)> {
        let open = self.next_live(i + 1);
        if !self.is_punct(open, b"(") {
            return None;
        }
        Some((open, self.matching(open)?))
    }

    /// `typeof(*p)` → `typeof(_p)`: tree-sitter-c reads `NAME(T)` as a type
    /// only when `T` is a type, so an expression argument becomes one name.
    fn typeof_arg(&mut self, i: usize) {
        let Some((open, close)) = self.parens_after(i) else {
            return;
        };
        let live: Vec<usize> = (open + 1..close)
            .filter(|&j| self.toks[j].k != K::Blank)
            .collect();
        if live.len() < 2 {
            return;
        }
        let (s, e) = (self.toks[live[0]].s as usize, self.toks[close].s as usize);
        self.shape_ident(s, e, &live);
    }

    /// `sizeof(struct s)-1` → `sizeof(struct s)-_`: right after the `)` of
    /// `sizeof (type)` tree-sitter-c's lexer may still start a cast operand,
    /// and takes `-1` for one signed number, so the whole reads as
    /// `sizeof((struct s)-1)` where C reads `sizeof(struct s) - 1`. As a name
    /// the number can only be the right operand of the `-`, which then binds
    /// as C says; the matcher reads such a name, whose text is a number, as
    /// the number it is ([`crate::c::is_number_text`]).
    fn sizeof_signed_operand(&mut self, i: usize) {
        let Some((_, close)) = self.parens_after(i) else {
            return;
        };
        let sign = self.next_live(close + 1);
        if !(self.is_punct(sign, b"-") || self.is_punct(sign, b"+")) {
            return;
        }
        let num = sign + 1;
        match self.toks.get(num) {
            Some(t) if t.k == K::Num && t.s == self.toks[sign].e => {
                let (s, e) = (t.s as usize, t.e as usize);
                self.write(s, &vec![b'_'; e - s]);
            }
            _ => {}
        }
    }

    /// `offsetof(T, a.b[1])` → `offsetof(T, a_b_1_)`: the grammar takes a single
    /// field name as the member.
    fn offsetof_member(&mut self, i: usize) {
        let Some((open, close)) = self.parens_after(i) else {
            return;
        };
        let mut depth = 0;
        let mut comma = None;
        for j in open + 1..close {
            if self.toks[j].k != K::Punct {
                continue;
            }
            match self.tok_text(j as u32) {
                b"(" | b"[" => depth += 1,
                b")" | b"]" => depth -= 1,
                b"," if depth == 0 => comma = Some(j),
                _ => {}
            }
        }
        let Some(c) = comma else {
            return;
        };
        let live: Vec<usize> = (c + 1..close)
            .filter(|&j| self.toks[j].k != K::Blank)
            .collect();
        let path = live.iter().all(|&j| {
            matches!(self.toks[j].k, K::Ident | K::Num)
                || matches!(self.tok_text(j as u32), b"." | b"[" | b"]" | b"->")
        });
        if live.len() < 2 || !path || self.toks[live[0]].k != K::Ident {
            return;
        }
        let (s, e) = (
            self.toks[live[0]].s as usize,
            self.toks[*live.last().expect("non-empty")].e as usize,
        );
        self.shape_ident(s, e, &live);
    }

    /// Turns `text[s..e]` (tokens `live`) into one identifier of the same length.
    fn shape_ident(&mut self, s: usize, e: usize, live: &[usize]) {
        if self.text[s..e].contains(&b'\n') {
            return;
        }
        let text = self.text;
        let out = self.out();
        for k in s..e {
            if !is_ident_byte(text[k]) || (k == s && text[k].is_ascii_digit()) {
                out[k] = b'_';
            }
        }
        // Trailing white space inside the parentheses stays white space.
        let mut k = e;
        while k > s && is_space(text[k - 1]) {
            k -= 1;
            out[k] = b' ';
        }
        for &j in live {
            self.toks[j].k = K::Blank;
        }
    }

    /// An unknown upper-case name where only an annotation can stand: between a
    /// type and a declarator (`int INIT f(`), or right before a type keyword or
    /// a known annotation at the start of an item (`EXPORT_FOR_TESTS int f(`).
    fn annotation_like(&mut self, i: usize) -> Option<usize> {
        let name = self.tok_text(i as u32);
        if !is_upper_macro(name) {
            return None;
        }
        let n = self.next_live(i + 1);
        let nt = self.toks.get(n)?;
        if nt.k != K::Ident {
            return None;
        }
        let next = self.tok_text(n as u32);
        let p = self.prev[0];
        let pt = self.tok_text(p);
        let between = p != NONE
            && (self.toks[p as usize].k == K::Ident || pt == b"*")
            && !matches!(pt, b"struct" | b"union" | b"enum")
            && !KEYWORDS.contains(&next)
            && self.is_punct(self.next_live(n + 1), b"(");
        let before_type = (self.is_boundary(p) || self.is_storage(p))
            && (TYPE_WORDS.contains(&next)
                || KEYWORDS.contains(&next)
                || matches!(
                    self.hints.get(next),
                    Some(Hint::Annotation | Hint::AnnotationArgs | Hint::Replace(_))
                ));
        if !(between || before_type) {
            return None;
        }
        self.blank_tok(i);
        Some(i + 1)
    }

    /// A macro invocation at top level that is not a declaration:
    /// `[static] NAME(args) { … }` defines a function (the header becomes
    /// `long ____(    )`); `NAME(args)` alone on its line without a `;` becomes
    /// a directive line (`#AME(args)`), which tree-sitter takes as a whole.
    fn top_level_macro(&mut self, i: usize) -> Option<usize> {
        let open = i + 1;
        if !self.is_punct(open, b"(") {
            return None;
        }
        let p = self.prev[0];
        let pt = self.tok_text(p);
        let boundary = self.is_boundary(p);
        let storage = self.is_storage(p) && {
            let p2 = self.prev[1];
            self.is_boundary(p2) || self.is_storage(p2)
        };
        if !(boundary || storage || pt == b")") {
            return None;
        }
        let close = self.matching(open)?;
        let after = self.next_live(close + 1);
        let s = self.toks[i].s as usize;
        let e = self.toks[i].e as usize;
        if (boundary || storage) && self.is_punct(after, b"{") {
            if e - s < 6 {
                return None;
            }
            let a1 = self.next_live(after + 1);
            let init = self.is_punct(a1, b".")
                || (self.is_punct(a1, b"}") && self.is_punct(self.next_live(a1 + 1), b";"));
            if init {
                // `define_machine(x) { .f = 1, };` defines a variable: `long ___x= {`.
                if close != open + 2 || self.toks[open + 1].k != K::Ident {
                    return None;
                }
                self.blank(s..e);
                self.write(s, b"long");
                let fill = vec![b'_'; e - s - 5];
                self.write(s + 5, &fill);
                self.write(self.toks[open].s as usize, b"_");
                self.write(self.toks[close].s as usize, b"=");
                for t in &mut self.toks[open..=close] {
                    t.k = K::Blank;
                }
                return None;
            }
            self.blank(s..e);
            self.write(s, b"long");
            let fill = vec![b'_'; e - s - 5];
            self.write(s + 5, &fill);
            if close > open + 1 {
                let (a, b) = (self.toks[open + 1].s as usize, self.toks[close].s as usize);
                self.blank(a..b);
                for t in &mut self.toks[open + 1..close] {
                    t.k = K::Blank;
                }
            }
            return None;
        }
        if storage {
            return None;
        }
        let close_e = self.toks[close].e as usize;
        let line_start = self.text[..s]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |k| k + 1);
        let alone = self.text[line_start..s].iter().all(|&b| is_space(b))
            && !self.text[s..close_e].contains(&b'\n')
            && self
                .toks
                .get(close + 1)
                .is_none_or(|t| self.text[close_e..t.s as usize].contains(&b'\n'));
        let ends_item = self.toks.get(after).is_some_and(|t| {
            t.k == K::Punct
                && matches!(
                    self.tok_text(after as u32),
                    b";" | b"=" | b"," | b"{" | b"(" | b"["
                )
        });
        if alone && !ends_item && !self.text[s..close_e].contains(&b'\\') {
            // A directive name starts with a letter or digit.
            let second = if self.text[s + 1].is_ascii_alphanumeric() {
                self.text[s + 1]
            } else {
                b'x'
            };
            self.write(s, &[b'#', second]);
            for t in &mut self.toks[i..=close] {
                t.k = K::Blank;
            }
            return Some(close + 1);
        }
        None
    }

    /// `NAME(args) statement` in a function body → `for (;;args) statement`.
    /// `do { … } while_each_thread(g, t);`: a macro standing for the `while (…)`
    /// of a do loop becomes `while(` over its name.
    fn do_while(&mut self, i: usize) {
        let open = i + 1;
        let (s, e) = (self.toks[i].s as usize, self.toks[i].e as usize);
        if !self.is_punct(open, b"(") || e - s < 6 || self.toks[open].s as usize != e {
            return;
        }
        let Some(close) = self.matching(open) else {
            return;
        };
        if !self.is_punct(self.next_live(close + 1), b";") {
            return;
        }
        self.blank(s..e + 1);
        self.write(s, b"while(");
    }

    /// `hinted`: a hints-file iterator; `named`: its name says it is one.
    /// Any other `NAME(args) {` in a function body is a loop-like macro too (a
    /// call cannot be followed by a block).
    fn iterator(&mut self, i: usize, hinted: bool, named: bool) {
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
                K::Ident | K::Dir(_) => named,
                K::Punct => {
                    let p = self.tok_text(after as u32);
                    p == b"{"
                        || (named && matches!(p, b"(" | b"*" | b"++" | b"--"))
                        || (hinted && p == b";")
                }
                _ => false,
            },
        };
        if !after_ok {
            return;
        }
        let s = self.toks[i].s as usize;
        let name_end = self.toks[i].e as usize;
        let e = self.toks[open].e as usize;
        if self.text[s..e].contains(&b'\n') {
            return;
        }
        // `for(;;` goes over the name itself, so that its tokens read the same
        // original bytes wherever the same iterator is used (patterns included).
        if name_end - s >= 6 {
            self.blank(s..e);
            self.write(s, b"for(;;");
        } else if name_end - s == 5 && e == name_end + 1 {
            self.blank(s..e);
            self.write(s, b"for(;");
            self.write(name_end, b";");
        }
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
    fn declarer(&mut self, i: usize) -> bool {
        let open = i + 1;
        if !self.is_punct(open, b"(") {
            return false;
        }
        let stmt = self.in_statements();
        let in_struct = matches!(self.stack.last(), Some(Frame::Brace(Bk::Aggr)));
        let local = stmt && self.is_storage(self.prev[0]);
        let Some(close) = self.matching(open) else {
            return false;
        };
        let after = self.past_annotations(close + 1);
        let after_text = if after < self.toks.len() && self.toks[after].k == K::Punct {
            self.tok_text(after as u32)
        } else {
            b""
        };
        if after_text == b"{" && !in_struct {
            // `static NAME(x) { … }` defines a function: not a declarer.
            return false;
        }
        if (self.at_top_level() || local) && self.typed_declarer(i) {
            return true;
        }
        if self.at_top_level() || local {
            for k in 0..2 {
                let p = self.prev[k];
                if self.is_storage(p) {
                    self.blank_tok(p as usize);
                } else {
                    break;
                }
            }
            self.prev = [NONE; 3];
        } else if !(in_struct || stmt) {
            return false;
        }
        if stmt {
            // `DECLARE_BITMAP(m, N) = { 0 };` in a function: `DECLARE_BITMAP m[N] = …`.
            return after_text == b"=" && self.array_form(open, close);
        }
        if in_struct {
            // `DECLARE_BITMAP(m, N);` in a struct: `DECLARE_BITMAP m[N];`.
            return after_text == b";" && self.array_form(open, close);
        }
        if matches!(after_text, b";" | b"=" | b",") {
            return true;
        }
        // No `;`: `NAME(a, b)` → `NAME a, b;` (a declaration) when every argument
        // is a plain identifier.
        let args: Vec<usize> = (open + 1..close)
            .filter(|&j| self.toks[j].k != K::Blank)
            .collect();
        let plain = !args.is_empty()
            && args.len() % 2 == 1
            && args.iter().enumerate().all(|(k, &j)| {
                if k % 2 == 0 {
                    self.toks[j].k == K::Ident && !KEYWORDS.contains(&self.tok_text(j as u32))
                } else {
                    self.is_punct(j, b",")
                }
            });
        if plain {
            self.write(self.toks[open].s as usize, b" ");
            self.write(self.toks[close].s as usize, b";");
            self.fake_semi = close as u32;
        }
        plain
    }

    /// `DEFINE_PER_CPU(struct s, v) = { … };` → `struct s v = { … };` (the macro
    /// name blanked): a declarer of a typed variable with an initializer.
    fn typed_declarer(&mut self, i: usize) -> bool {
        let open = i + 1;
        let Some(close) = self.matching(open) else {
            return false;
        };
        if !self.is_punct(self.next_live(close + 1), b"=") {
            return false;
        }
        let commas = self.top_commas(open, close);
        let [c] = commas[..] else {
            return false;
        };
        let name = self.next_live(c + 1);
        if self.toks.get(name).is_none_or(|t| t.k != K::Ident) || self.next_live(name + 1) != close
        {
            return false;
        }
        let ty: Vec<usize> = (open + 1..c)
            .filter(|&j| self.toks[j].k != K::Blank)
            .collect();
        let typeish = !ty.is_empty()
            && ty
                .iter()
                .all(|&j| self.toks[j].k == K::Ident || self.is_punct(j, b"*"));
        if !typeish {
            return false;
        }
        self.blank_tok(i);
        for j in [open, c, close] {
            self.blank_tok(j);
        }
        true
    }

    /// `NAME(a, N)` → `NAME a[N]`, `NAME(a)` → `NAME a `: a declaration of `a`.
    fn array_form(&mut self, open: usize, close: usize) -> bool {
        let args: Vec<usize> = (open + 1..close)
            .filter(|&j| self.toks[j].k != K::Blank)
            .collect();
        let commas = self.top_commas(open, close);
        if args.is_empty() || self.toks[args[0]].k != K::Ident || commas.len() > 1 {
            return false;
        }
        if commas.len() == 1 && commas[0] != args[1] {
            return false;
        }
        let close_s = self.toks[close].s as usize;
        self.write(self.toks[open].s as usize, b" ");
        if let Some(&c) = commas.first() {
            self.write(self.toks[c].s as usize, b"[");
            self.write(close_s, b"]");
        } else {
            self.write(close_s, b" ");
        }
        true
    }

    /// The commas at depth 1 between the brackets `open` and `close`.
    fn top_commas(&self, open: usize, close: usize) -> Vec<usize> {
        let mut depth = 0i32;
        let mut out = Vec::new();
        for j in open + 1..close {
            if self.toks[j].k != K::Punct {
                continue;
            }
            match self.tok_text(j as u32) {
                b"(" | b"[" | b"{" => depth += 1,
                b")" | b"]" | b"}" => depth -= 1,
                b"," if depth == 0 => out.push(j),
                _ => {}
            }
        }
        out
    }

    /// Whether token `p` ends an item or statement (`None`: the file's start).
    fn is_boundary(&self, p: u32) -> bool {
        p == NONE || p == self.fake_semi || matches!(self.tok_text(p), b";" | b"}")
    }

    /// Whether token `p` is a storage class or `inline` (or a hint replaced by one).
    fn is_storage(&self, p: u32) -> bool {
        if p == NONE {
            return false;
        }
        let w = self.tok_text(p);
        STORAGE.contains(&w)
            || matches!(self.hints.get(w), Some(Hint::Replace(r))
                if STORAGE.contains(&self.hints.replacements[r as usize].as_slice()))
    }

    fn punct(&mut self, i: usize) {
        let t = self.toks[i];
        let b = self.text[t.s as usize];
        if t.e - t.s != 1 {
            if self.in_case && self.tok_text(i as u32) == b"..." {
                // GNU case range `case 1 ... 3:`, read as `case 1 - 3:`.
                self.write(t.s as usize, b" - ");
            }
            return;
        }
        match b {
            b':' => self.in_case = false,
            b';' => {
                if self.closed_call() {
                    // Statements passed to a macro (`DEBUG(a(); b();)`) read as
                    // comma-separated expressions; declarations do not, and the
                    // argument is left out.
                    if self.arg_is_declaration() {
                        self.blank_arg();
                    } else if self.is_punct(self.next_live(i + 1), b")") {
                        self.blank_tok(i);
                    } else {
                        self.write(t.s as usize, b",");
                    }
                } else {
                    self.stmt_assign = false;
                }
            }
            b'=' => self.stmt_assign = true,
            b'.' => {
                // A designator in a macro's arguments: `OPTS(o, .flags = 1)`.
                if let Some(Frame::Paren {
                    call: true, arg, ..
                }) = self.stack.last().copied()
                {
                    let first = self.next_live(arg as usize) == i;
                    let n = self.next_live(i + 1);
                    if first
                        && self.toks.get(n).is_some_and(|t| t.k == K::Ident)
                        && self.is_punct(self.next_live(n + 1), b"=")
                    {
                        self.blank_tok(i);
                    }
                }
            }
            b'(' => {
                const ASM: &[&[u8]] = &[b"asm", b"__asm__", b"__asm"];
                let p0 = self.tok_text(self.prev[0]);
                if ASM.contains(&p0)
                    || (matches!(p0, b"volatile" | b"__volatile__" | b"goto" | b"inline")
                        && ASM.contains(&self.tok_text(self.prev[1])))
                {
                    self.asm_open = i as u32;
                }
                let call = self.params_at != i as u32 && self.is_call_paren();
                if self.params_at == i as u32 {
                    self.params_at = NONE;
                }
                self.stack.push(Frame::Paren {
                    call,
                    arg: i as u32 + 1,
                    open: i as u32,
                });
            }
            b',' => {
                if let Some(Frame::Paren {
                    call: true, arg, ..
                }) = self.stack.last().copied()
                {
                    if self.is_punct(self.next_live(i + 1), b")")
                        || self.next_live(arg as usize) == i
                    {
                        // An empty or trailing argument of a macro: `F(a, , b)`.
                        self.blank_tok(i);
                        return;
                    }
                    self.type_arg(arg as usize, i);
                    if let Some(Frame::Paren { arg, .. }) = self.stack.last_mut() {
                        *arg = i as u32 + 1;
                    }
                }
            }
            b')' => {
                if let Some(Frame::Paren { call, arg, open }) = self.stack.last().copied() {
                    if call {
                        self.type_arg(arg as usize, i);
                    }
                    self.stack.pop();
                    let before = (open as usize)
                        .checked_sub(1)
                        .map(|k| self.tok_text(k as u32));
                    if matches!(before, Some(b"if" | b"for" | b"while" | b"switch")) {
                        self.ctrl_close = i as u32;
                    }
                }
            }
            b'[' => self.stack.push(Frame::Bracket),
            b']' if self.stack.last() == Some(&Frame::Bracket) => {
                self.stack.pop();
            }
            b'{' => {
                let bk = self.brace_kind();
                if self.tok_text(self.prev[0]) == b"do" {
                    self.do_bodies.push(self.stack.len() as u32);
                }
                self.stack.push(Frame::Brace(bk));
                self.stmt_assign = false;
            }
            b'}' => {
                self.stmt_assign = false;
                while let Some(f) = self.stack.pop() {
                    if matches!(f, Frame::Brace(_)) {
                        if self.do_bodies.last() == Some(&(self.stack.len() as u32)) {
                            self.do_bodies.pop();
                            self.do_close = i as u32;
                        }
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
            K::Punct => {
                t2 != b"*"
                    || is_upper_macro(name)
                    || self.stmt_assign
                    || matches!(
                        self.stack.last(),
                        Some(Frame::Paren { .. } | Frame::Bracket | Frame::Brace(Bk::Init))
                    )
            }
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
                if self.toks[j].k == K::Punct && is_operator(self.tok_text(j as u32)) {
                    // An operator passed to a macro (`WAIT_FOR(reg, ==, 0)`): a name.
                    let t = self.toks[j];
                    let fill = vec![b'_'; (t.e - t.s) as usize];
                    self.write(t.s as usize, &fill);
                }
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
            D::Define | D::Other => {
                if matches!(self.place(), Place::Expr | Place::Middle) {
                    // tree-sitter-c takes no directive inside an expression.
                    let t = self.toks[i];
                    self.left_out(t.s as usize..t.e as usize, LEFT_OUT_DIRECTIVE);
                    self.blank_tok(i);
                } else if d == D::Define {
                    self.named_variadic(i);
                    self.define_comments(i);
                }
                i + 1
            }
            D::If => {
                self.if_zero(i);
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
                        let r = self.toks[i].e as usize..self.toks[j].s as usize;
                        self.left_out(r, LEFT_OUT_BRANCH);
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

    /// Where a directive stands, for deciding what tree-sitter-c can take there.
    fn place(&self) -> Place {
        if matches!(
            self.stack.last(),
            Some(Frame::Paren { .. } | Frame::Bracket | Frame::Brace(Bk::Init))
        ) {
            return Place::Expr;
        }
        let p = self.prev[0];
        let pt = self.tok_text(p);
        let stmts = self.in_statements() && p != NONE;
        if stmts && (p == self.ctrl_close || matches!(pt, b"else" | b"do")) {
            Place::AfterControl
        } else if stmts && pt == b":" {
            Place::AfterLabel
        } else if self.is_boundary(p) || pt == b"{" {
            Place::Boundary
        } else {
            Place::Middle
        }
    }

    /// Decides how to treat the conditional starting at directive `i`.
    fn cond_mode(&self, i: usize) -> Cond {
        let place = self.place();
        let mut all_complete = true;
        let mut all_commas = true;
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
            let first = self.next_live(d + 1);
            // A branch that starts with `else` continues an `if` outside it.
            let dangling = first < next as usize && self.tok_text(first as u32) == b"else";
            let balanced = net == 0 && min >= 0;
            all_complete &= balanced && !dangling && (last == NONE || matches!(lt, b";" | b"}"));
            all_commas &= balanced && (last == NONE || lt == b",");
            branches += 1;
            d = next as usize;
            if self.toks[d].k == K::Dir(D::Endif) {
                break;
            }
        }
        match place {
            _ if branches == 1 && (place != Place::Boundary || !all_complete) => Cond::Flatten,
            // Alternative list elements (`{ a,\n#ifdef X\n b,\n#endif }`) read in sequence.
            Place::Expr if all_commas => Cond::Flatten,
            Place::Expr | Place::Middle | Place::AfterControl => Cond::FirstOnly,
            Place::AfterLabel if all_complete => Cond::Flatten,
            Place::Boundary if all_complete => Cond::Keep,
            _ => Cond::FirstOnly,
        }
    }

    /// `#if 0`: its first branch is dead code, often not even C; blanked. It is
    /// not recorded as skipped: the compiler never sees it either.
    fn if_zero(&mut self, i: usize) {
        let t = self.toks[i];
        let line = &self.text[t.s as usize..t.e as usize];
        let mut k = 1;
        while k < line.len() && is_space(line[k]) {
            k += 1;
        }
        if !line[k..].starts_with(b"if") {
            return;
        }
        k += 2;
        let ws = k;
        while k < line.len() && is_space(line[k]) {
            k += 1;
        }
        let zero = k > ws
            && line.get(k) == Some(&b'0')
            && line.get(k + 1).is_none_or(|b| is_space(*b) || *b == b'/');
        let next = self.partner[i];
        if !zero || next == NONE {
            return;
        }
        let (s, e) = (t.e as usize, self.toks[next as usize].s as usize);
        if s < e {
            self.blank(s..e);
            for tk in &mut self.toks[i + 1..next as usize] {
                tk.k = K::Blank;
            }
        }
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

    /// Collects the object-like macros the file defines as nothing but
    /// annotations, storage classes or `inline` (`#define INIT __init`,
    /// `#define ATTRIBUTE_UNUSED`): the preprocessor would make them vanish or
    /// become attributes, so the shadow blanks them like annotations.
    ///
    /// Also collects the function-like macros whose body is a loop head
    /// (`#define for_each_dev(d) for (d = first; d; d = d->next)`, or
    /// another iterator's head): used as `name(args) statement` they are
    /// loops, as spatch reads them with the file's macros.
    fn local_annotations(&mut self) {
        let mut bad = Vec::new();
        for i in 0..self.toks.len() {
            if self.toks[i].k != K::Dir(D::Define) {
                continue;
            }
            let t = self.toks[i];
            let line = &self.text[t.s as usize..t.e as usize];
            let Some(k) = find(line, b"define") else {
                continue;
            };
            let mut j = k + 6;
            while j < line.len() && is_space(line[j]) {
                j += 1;
            }
            let ns = j;
            while j < line.len() && is_ident_byte(line[j]) {
                j += 1;
            }
            if j == ns {
                continue;
            }
            let name = &line[ns..j];
            if line.get(j) == Some(&b'(') {
                if self.body_is_loop_head(&line[j..]) {
                    self.local_iterators.insert(name);
                }
                continue;
            }
            if self.body_is_annotation(&line[j..]) {
                self.local.insert(name);
            } else {
                bad.push(name);
            }
        }
        for b in bad {
            self.local.remove(b);
        }
    }

    /// Whether `rest`, a function-like macro's parameters and body, has
    /// for body the head of a loop: `for (…)` or an iterator's `name(…)`,
    /// and nothing after it (the statement is the caller's).
    fn body_is_loop_head(&self, rest: &[u8]) -> bool {
        let toks = super::lex::tokenize(rest);
        let text = |k: usize| toks.get(k).map(|t| &rest[t.start..t.end]);
        let close = |open: usize| {
            let mut depth = 0;
            for k in open..toks.len() {
                match text(k) {
                    Some(b"(") => depth += 1,
                    Some(b")") => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(k);
                        }
                    }
                    _ => {}
                }
            }
            None
        };
        let Some(params_end) = close(0) else {
            return false;
        };
        let head = params_end + 1;
        let loop_word = text(head).is_some_and(|w| {
            w == b"for" || self.hints.get(w) == Some(Hint::Iterator) || is_iterator_name(w)
        });
        // Continuation backslashes are no tokens of the body.
        let last = toks.iter().rposition(|t| &rest[t.start..t.end] != b"\\");
        loop_word
            && text(head + 1) == Some(b"(")
            && close(head + 1).is_some_and(|c| Some(c) == last)
    }

    fn body_is_annotation(&self, body: &[u8]) -> bool {
        let toks = super::lex::tokenize(body);
        let mut k = 0;
        while k < toks.len() {
            let w = &body[toks[k].start..toks[k].end];
            if toks[k].kind != super::lex::TokKind::Ident {
                return false;
            }
            match self.hints.get(w) {
                Some(Hint::Annotation | Hint::Replace(_)) => {}
                // spatch's mark for an attribute (`#define __attr MACROANNOTATION`).
                _ if w == b"MACROANNOTATION" => {}
                Some(Hint::AnnotationArgs) => {
                    if toks
                        .get(k + 1)
                        .is_some_and(|t| &body[t.start..t.end] == b"(")
                    {
                        let mut depth = 0;
                        k += 1;
                        while k < toks.len() {
                            match &body[toks[k].start..toks[k].end] {
                                b"(" => depth += 1,
                                b")" => {
                                    depth -= 1;
                                    if depth == 0 {
                                        break;
                                    }
                                }
                                _ => {}
                            }
                            k += 1;
                        }
                    }
                }
                _ => {
                    if !matches!(
                        w,
                        b"static"
                            | b"inline"
                            | b"__inline"
                            | b"__inline__"
                            | b"extern"
                            | b"const"
                            | b"volatile"
                    ) {
                        return false;
                    }
                }
            }
            k += 1;
        }
        true
    }

    /// Comments inside a macro body that goes on over continuation lines:
    /// tree-sitter-c ends the body at `/*` and reads the lines after the
    /// comment as code. One-line comments are blanked (as the preprocessor
    /// does; a comment spanning lines has to stay, to keep the lines).
    fn define_comments(&mut self, i: usize) {
        let t = self.toks[i];
        let (s, e) = (t.s as usize, t.e as usize);
        if !self.text[s..e].contains(&b'\n') {
            return;
        }
        let mut k = s;
        while k + 1 < e {
            match (self.text[k], self.text[k + 1]) {
                (b'"', _) => k = quoted_end(self.text, k, b'"'),
                (b'\'', _) => k = quoted_end(self.text, k, b'\''),
                (b'/', b'*') => {
                    let end = block_comment_end(self.text, k).min(e);
                    if !self.text[k..end].contains(&b'\n') {
                        self.blank(k..end);
                    }
                    k = end;
                }
                _ => k += 1,
            }
        }
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

fn is_operator(p: &[u8]) -> bool {
    matches!(
        p,
        b"=="
            | b"!="
            | b"<"
            | b">"
            | b"<="
            | b">="
            | b"+"
            | b"-"
            | b"*"
            | b"/"
            | b"%"
            | b"&"
            | b"|"
            | b"^"
            | b"&&"
            | b"||"
            | b"<<"
            | b">>"
            | b"="
            | b"+="
            | b"-="
            | b"|="
            | b"&="
    )
}

/// Whether a number token is a C literal (else it only makes sense pasted by a macro).
fn valid_number(t: &[u8]) -> bool {
    let suffix = |rest: &[u8], allowed: &[u8]| rest.iter().all(|b| allowed.contains(b));
    if t.len() > 2 && t[0] == b'0' && matches!(t[1], b'x' | b'X' | b'b' | b'B') {
        let body = &t[2..];
        let n = body
            .iter()
            .take_while(|b| b.is_ascii_hexdigit() || matches!(b, b'\'' | b'.'))
            .count();
        return n > 0 && suffix(exponent(&body[n..], b"pP"), b"uUlLfF");
    }
    let n = t
        .iter()
        .take_while(|b| b.is_ascii_digit() || matches!(b, b'\'' | b'.'))
        .count();
    suffix(exponent(&t[n..], b"eE"), b"uUlLfF")
}

/// `rest` past an exponent (a letter of `marks`, a sign, digits), if it starts with one.
fn exponent<'t>(rest: &'t [u8], marks: &[u8]) -> &'t [u8] {
    match rest.split_first() {
        Some((m, r)) if marks.contains(m) => {
            let r = r.strip_prefix(b"+").or(r.strip_prefix(b"-")).unwrap_or(r);
            &r[r.iter().take_while(|b| b.is_ascii_digit()).count()..]
        }
        _ => rest,
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
            "void f(void) {\n\tfor(;;              p, &h, node) {\n"
        );
        // A call with a for_each name stays a call.
        assert_eq!(
            sh("void f(void) {\n\tidr_for_each(&idr, fn, NULL);\n"),
            "void f(void) {\n\tidr_for_each(&idr, fn, NULL);\n"
        );
    }

    #[test]
    fn macros_the_file_defines_as_loop_heads_are_iterators() {
        let head = "#define for_one(x) for (i = 0; i < 1; i++)\n";
        assert_eq!(
            sh(&format!(
                "{head}void f(void) {{\n\tfor_one(1)\n\t\t*p = 0;\n}}\n"
            )),
            format!("{head}void f(void) {{\n\tfor(;;  1)\n\t\t*p = 0;\n}}\n")
        );
        // A body that does more than open a loop is no loop head.
        let src = "#define once(x) for (;;) break\nvoid f(void) {\n\tonce(1)\n\t\t*p = 0;\n}\n";
        assert_eq!(sh(src), src);
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

    #[test]
    fn local_annotation_defines() {
        assert_eq!(
            sh("#define MY_ATTR\n#define INIT __init\nstatic int MY_ATTR INIT f(void);"),
            "#define MY_ATTR\n#define INIT __init\nstatic int              f(void);"
        );
        // A name also defined as something else is left alone.
        let src = "#define X\n#define X 1\nint X f(void);";
        assert_eq!(sh(src), src);
    }

    #[test]
    fn top_level_macro_calls() {
        // A function defined by a macro, and a macro call alone on its line.
        assert_eq!(
            sh("static TEST_CASE(foo, 1)\n{\n}\nDO_IT(x)\nDO_IT(y)\n"),
            "static long ____(      )\n{\n}\n#O_IT(x)\n#O_IT(y)\n"
        );
        assert_eq!(sh("__nop(8)\n__nop(9)\n"), "#xnop(8)\n#xnop(9)\n");
        assert_eq!(
            sh("static DEFINE_PER_CPU(struct s, v) = { 0 };"),
            "static                struct s  v  = { 0 };"
        );
    }

    #[test]
    fn expressions_macros_pass_around() {
        assert_eq!(
            sh("void f(void) { x = typeof(*p) + offsetof(struct s, a.b[1]); }"),
            "void f(void) { x = typeof(_p) + offsetof(struct s, a_b_1_); }"
        );
        assert_eq!(
            sh("void f(void) { printk(KERN_ERR PFX \"x\"); s = \"a\" __stringify(B) \"c\"; }"),
            "void f(void) { printk(\"      \" PFX \"x\"); s = \"a\" \"            \" \"c\"; }"
        );
        assert_eq!(
            sh("void f(void) { switch (x) { case 1 ... 3: WAIT(r, ==, 5705_PLUS); } }"),
            "void f(void) { switch (x) { case 1  -  3: WAIT(r, __, _705_PLUS); } }"
        );
        assert_eq!(
            sh("void f(void) { ASSERT(x, return -EIO); DBG(a(); b();); }"),
            "void f(void) { ASSERT(x,        -EIO); DBG(a(), b() ); }"
        );
    }

    #[test]
    fn if_zero_is_dead_code() {
        let src = "#if 0\nnot C {\n#else\nint x;\n#endif\n";
        let h = Hints::kernel();
        let s = shadow(&h, src.as_bytes());
        assert_eq!(s.text.as_ref(), b"#if 0\n       \n#else\nint x;\n#endif\n");
        assert!(s.skipped.is_empty());
    }
}
