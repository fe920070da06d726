//! Cutting a C text into runs of whole top-level items without parsing it,
//! so that only the items a semantic patch can touch need to be parsed.
//!
//! A cut is made only at the end of a line that closes a top-level item in
//! kernel style: a line ending in `;` outside any braces, parentheses and
//! preprocessor conditional, a line that is a `}` in column 0 closing the
//! outermost brace, or a preprocessor directive outside any conditional.
//! A cut is taken back when the next code could continue the item (`;`, `,`,
//! `=`, `)` after a `}` line; `{` after a `;` line, as in old-style parameter
//! declarations). Where the text is unusual (braces that do not balance
//! inside `#if` branches) fewer cuts are made, never wrong ones: the caller
//! still parses the result and falls back to a whole parse on any error.
//!
//! One conditional around all the code, as a header's include guard is, is
//! looked into: its opening and closing lines become ranges of their own,
//! parsed with whatever items are kept, so that those read as inside it.
//! No cut follows a directive whose line ends in white space or is spliced
//! onto an empty line: tree-sitter's end of such a line is not the line's.

use std::ops::Range;

/// A text cut into runs of whole top-level items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Items {
    /// Consecutive ranges covering the text.
    pub ranges: Vec<Range<usize>>,
    /// The first and last ranges are the opening and closing lines of one
    /// conditional around all the rest (an include guard): a parse of any
    /// other range needs them too, so that it reads as in the whole text.
    pub framed: bool,
}

/// Cuts `text` into runs of whole top-level items. A conditional around the
/// whole text (a header's include guard) is looked into, its first and last
/// lines apart.
pub fn top_level(text: &[u8]) -> Items {
    let n = text.len();
    let outer = scan(text, 0);
    if let Some(frame) = outer.frame() {
        let inner = scan(&text[..frame.end], frame.start);
        let mut ranges = vec![Range {
            start: 0,
            end: frame.start,
        }];
        ranges.extend(inner.finish(frame.start, frame.end));
        ranges.push(frame.end..n);
        return Items {
            ranges,
            framed: true,
        };
    }
    Items {
        ranges: outer.finish(0, n),
        framed: false,
    }
}

/// Runs the cutter over `text` from `from`, a line start.
fn scan(text: &[u8], from: usize) -> Cutter {
    let mut cuts = Cutter::default();
    let n = text.len();
    let mut i = from;
    // Only white space seen on this line so far.
    let mut line_start = true;
    while i < n {
        let b = text[i];
        match b {
            b'\n' => {
                cuts.end_of_line(i + 1);
                line_start = true;
                i += 1;
                continue;
            }
            _ if super::lex::is_space(b) => {
                i += 1;
                continue;
            }
            b'\\' if text.get(i + 1) == Some(&b'\n') => {
                // A spliced line continues the one before.
                i += 2;
                continue;
            }
            _ => {}
        }
        if b == b'/' && matches!(text.get(i + 1), Some(b'*') | Some(b'/')) {
            i = super::lex::comment_end(text, i).unwrap_or(n);
            continue;
        }
        if b == b'#' && line_start {
            cuts.code(b'#', i);
            i = cuts.directive(text, i);
            line_start = true;
            continue;
        }
        line_start = false;
        match b {
            b'"' | b'\'' => {
                cuts.code(b, i);
                i = quoted_end(text, i);
                continue;
            }
            b'{' => cuts.braces += 1,
            b'}' => cuts.braces -= 1,
            b'(' | b'[' => cuts.parens += 1,
            b')' | b']' => cuts.parens -= 1,
            _ => {}
        }
        if cuts.pending.is_some() && super::lex::is_ident_byte(b) {
            cuts.glued = attribute_like(text, i);
        }
        cuts.code(b, i);
        if b == b';' && cuts.outside() {
            cuts.ends_item = true;
        }
        if b == b'}' && cuts.outside() && (i == 0 || text[i - 1] == b'\n') {
            cuts.ends_item = true;
            cuts.after_brace = true;
        }
        i += 1;
    }
    cuts
}

#[derive(Default)]
struct Cutter {
    braces: i64,
    parens: i64,
    /// Open `#if`/`#ifdef`/`#ifndef` directives.
    conds: i64,
    /// Braces or parentheses closed more than they were opened: no more cuts.
    lost: bool,
    /// The code since the last cut ends a top-level item.
    ends_item: bool,
    /// That item ended with a `}` line (rather than a `;`).
    after_brace: bool,
    /// A cut waiting for the next code to confirm it.
    pending: Option<(usize, bool)>,
    /// The code after a pending cut is a word that belongs to the item before.
    glued: bool,
    /// Old-style parameter declarations were seen: the cuts made are void.
    kr: bool,
    starts: Vec<usize>,
    /// Where the first code is.
    first_code: Option<usize>,
    /// The first code is a conditional; the line after its directive.
    opened: Option<usize>,
    /// Where the line of the `#endif` closing that conditional starts.
    closed: Option<usize>,
    /// The text is not one conditional around everything else: code after
    /// its `#endif`, or an `#else` of it.
    not_framed: bool,
}

impl Cutter {
    fn outside(&self) -> bool {
        self.braces == 0 && self.parens == 0 && self.conds == 0 && !self.lost
    }

    /// Code byte `b` at `at`: settles a pending cut, and any code after an
    /// item's end means the line does not end there.
    fn code(&mut self, b: u8, at: usize) {
        if self.braces < 0 || self.parens < 0 || self.conds < 0 {
            self.lost = true;
        }
        if self.closed.is_some() {
            self.not_framed = true;
        }
        self.first_code.get_or_insert(at);
        if let Some((cut, after_brace)) = self.pending.take() {
            let continues = if after_brace {
                matches!(b, b';' | b',' | b'=' | b')') || self.glued
            } else {
                // Old-style parameter declarations: `int f(a, b) int a; int b; {`
                // was cut after each of them; only a whole parse reads it right.
                if b == b'{' {
                    self.lost = true;
                    self.kr = true;
                }
                b == b'{'
            };
            if !continues && cut <= at {
                self.starts.push(cut);
            }
        }
        self.ends_item = false;
        self.after_brace = false;
        self.glued = false;
    }

    fn end_of_line(&mut self, next: usize) {
        if self.ends_item && self.outside() {
            self.pending = Some((next, self.after_brace));
        }
        self.ends_item = false;
        self.after_brace = false;
    }

    /// Reads the directive starting at `at` (through spliced lines and
    /// comments); returns where the next line starts.
    fn directive(&mut self, text: &[u8], at: usize) -> usize {
        let n = text.len();
        let mut i = at + 1;
        while i < n && matches!(text[i], b' ' | b'\t') {
            i += 1;
        }
        let name_start = i;
        while i < n && text[i].is_ascii_alphabetic() {
            i += 1;
        }
        let name = &text[name_start..i];
        match name {
            b"if" | b"ifdef" | b"ifndef" => self.conds += 1,
            b"endif" => self.conds -= 1,
            b"else" | b"elif" | b"elifdef" | b"elifndef" if self.conds == 1 => {
                self.not_framed = true
            }
            _ => {}
        }
        if name == b"endif" && self.conds == 0 {
            match self.closed {
                None if self.opened.is_some() => {
                    let line = text[..at]
                        .iter()
                        .rposition(|&b| b == b'\n')
                        .map_or(0, |p| p + 1);
                    self.closed = Some(line);
                }
                _ => self.not_framed = true,
            }
        }
        if self.conds < 0 {
            self.lost = true;
        }
        while i < n && text[i] != b'\n' {
            if text[i] == b'\\' && text.get(i + 1) == Some(&b'\n') {
                i += 2;
                continue;
            }
            if text[i] == b'/' && text.get(i + 1) == Some(&b'*') {
                i = super::lex::comment_end(text, i).unwrap_or(n);
                continue;
            }
            i += 1;
        }
        let next = (i + 1).min(n);
        // A directive spliced onto an empty line, or whose line ends in white
        // space, ends where tree-sitter says, which may not be this line's
        // end (its newline token runs on into the next range parsed): no cut
        // after it.
        let spliced_to_empty = text[at..next].windows(3).any(|w| w == b"\\\n\n");
        let trailing_space = text[at..i].last().is_some_and(|&b| super::lex::is_space(b));
        let ends_clean = !spliced_to_empty && !trailing_space;
        if self.first_code == Some(at) && self.conds == 1 && ends_clean {
            self.opened = Some(next);
        }
        if self.outside() && ends_clean {
            self.pending = Some((next, false));
        }
        self.ends_item = false;
        self.after_brace = false;
        next
    }

    /// The text between the first and last lines of one conditional around
    /// all the code, when there is one.
    fn frame(&self) -> Option<Range<usize>> {
        let (open, close) = (self.opened?, self.closed?);
        (!self.not_framed && !self.lost && self.conds == 0 && open < close).then_some(open..close)
    }

    /// The ranges from `from` to `n`, cut where the scan found item ends.
    fn finish(mut self, from: usize, n: usize) -> Vec<Range<usize>> {
        if self.lost && self.kr {
            return vec![Range {
                start: from,
                end: n,
            }];
        }
        if let Some((cut, _)) = self.pending.take() {
            if cut < n {
                self.starts.push(cut);
            }
        }
        let mut out = Vec::with_capacity(self.starts.len() + 1);
        let mut start = from;
        for &s in &self.starts {
            if s > start && s < n {
                out.push(start..s);
                start = s;
            }
        }
        out.push(start..n);
        out
    }
}

/// Whether the word at `at` reads as the tail of a declaration rather than
/// the start of an item: an attribute (`__packed`, `__aligned(8)`) or a
/// name followed by `;` or `,` (`} foo;` split over two lines).
fn attribute_like(text: &[u8], at: usize) -> bool {
    let end = at
        + text[at..]
            .iter()
            .position(|&b| !super::lex::is_ident_byte(b))
            .unwrap_or(text.len() - at);
    let next = text[end..]
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t'))
        .copied();
    text[at..].starts_with(b"__") || matches!(next, Some(b';') | Some(b','))
}

/// The end of the string or character literal opening at `at` (at the
/// closing quote's successor, or at the end of the line if it is unclosed).
fn quoted_end(text: &[u8], at: usize) -> usize {
    let q = text[at];
    let mut i = at + 1;
    while i < text.len() {
        match text[i] {
            b'\\' => i += 2,
            b'\n' => return i,
            c if c == q => return i + 1,
            _ => i += 1,
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(src: &str) -> Vec<&str> {
        top_level(src.as_bytes())
            .ranges
            .into_iter()
            .map(|r| &src[r])
            .collect()
    }

    #[test]
    fn functions_and_declarations_are_cut_apart() {
        let src = "#include <a.h>\nstatic int x;\n\nint f(void)\n{\n\treturn 0;\n}\n\nEXPORT_SYMBOL(f);\n";
        assert_eq!(
            pieces(src),
            [
                "#include <a.h>\n",
                "static int x;\n",
                "\nint f(void)\n{\n\treturn 0;\n}\n",
                "\nEXPORT_SYMBOL(f);\n"
            ]
        );
    }

    #[test]
    fn conditionals_stay_whole() {
        let src = "#ifdef A\nint a;\nint b;\n#endif\nint c;\n";
        assert_eq!(
            pieces(src),
            ["#ifdef A\nint a;\nint b;\n#endif\n", "int c;\n"]
        );
    }

    #[test]
    fn an_include_guard_is_looked_into() {
        let src =
            "/* x */\n#ifndef _A_H\n#define _A_H\nint a;\nint f(void)\n{\n}\n#endif /* _A_H */\n";
        let items = top_level(src.as_bytes());
        assert!(items.framed);
        assert_eq!(
            pieces(src),
            [
                "/* x */\n#ifndef _A_H\n",
                "#define _A_H\n",
                "int a;\n",
                "int f(void)\n{\n}\n",
                "#endif /* _A_H */\n"
            ]
        );
    }

    #[test]
    fn a_conditional_that_is_not_around_everything_is_no_frame() {
        for src in [
            "#ifndef _A_H\nint a;\n#endif\nint b;\n",
            "#ifndef _A_H\nint a;\n#else\nint b;\n#endif\n",
            "int b;\n#ifndef _A_H\nint a;\n#endif\n",
            "#ifndef _A_H\nint a;\n#endif\n#ifndef _B_H\nint b;\n#endif\n",
        ] {
            assert!(!top_level(src.as_bytes()).framed, "{src}");
        }
    }

    #[test]
    fn a_closing_brace_followed_by_more_of_the_item_is_not_a_cut() {
        let src = "struct s {\n\tint a;\n}\n__packed;\nstruct t {\n\tint b;\n}\n;\n";
        assert_eq!(
            pieces(src),
            [
                "struct s {\n\tint a;\n}\n__packed;\n",
                "struct t {\n\tint b;\n}\n;\n"
            ]
        );
    }

    #[test]
    fn old_style_parameters_stay_with_their_function() {
        let src = "int x;\nint f(a, b)\nint a;\nint b;\n{\n\treturn a;\n}\nint y;\n";
        assert_eq!(pieces(src), [src]);
    }

    #[test]
    fn a_directive_spliced_onto_an_empty_line_is_not_cut_after() {
        let src = "#define T(a) \\\n\nint main(void)\n{\n}\n";
        assert_eq!(pieces(src), [src]);
    }

    #[test]
    fn a_directive_ending_in_white_space_is_not_cut_after() {
        let src = "#define A \nint a;\n#define B /* b */ \t\nint b;\n";
        assert_eq!(
            pieces(src),
            ["#define A \nint a;\n", "#define B /* b */ \t\nint b;\n"]
        );
        let guard = "#ifndef A_H \n#define A_H\nint a;\n#endif\n";
        assert!(!top_level(guard.as_bytes()).framed);
    }

    #[test]
    fn braces_in_strings_comments_and_unbalanced_branches() {
        let src = "char *s = \"{\";\n/* } */\nint a;\n#if X\nint f(int a) {\n#else\nint f(void) {\n#endif\n\treturn 0;\n}\nint b;\n";
        assert_eq!(
            pieces(src),
            [
                "char *s = \"{\";\n",
                "/* } */\nint a;\n",
                &src[src.find("#if").unwrap()..]
            ]
        );
    }

    #[test]
    fn pieces_cover_the_text() {
        for src in [
            "",
            "x",
            "}\n}\n;;\n",
            "#if\n",
            "a;\n#endif\nb;\n",
            "'\\",
            "#ifndef A\n#endif",
            "#ifndef A\n#define A\nint a;\n#endif\n",
            "#if X\n\n#endif\n/* */\n",
        ] {
            let rs = top_level(src.as_bytes()).ranges;
            assert_eq!(rs.first().map(|r| r.start), Some(0));
            assert_eq!(rs.last().map(|r| r.end), Some(src.len()));
            assert!(rs
                .windows(2)
                .all(|w| w[0].end == w[1].start && w[0].start < w[0].end));
        }
    }
}
