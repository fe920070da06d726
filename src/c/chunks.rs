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

use std::ops::Range;

/// Consecutive ranges covering `text`, each made of whole top-level items.
pub fn top_level(text: &[u8]) -> Vec<Range<usize>> {
    let mut cuts = Cutter::default();
    let n = text.len();
    let mut i = 0;
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
            b' ' | b'\t' | b'\r' | b'\x0c' | b'\x0b' => {
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
    cuts.finish(n)
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
        match &text[name_start..i] {
            b"if" | b"ifdef" | b"ifndef" => self.conds += 1,
            b"endif" => self.conds -= 1,
            _ => {}
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
        // A directive spliced onto an empty line ends where tree-sitter says,
        // which may not be this line's end: no cut after it.
        let spliced_to_empty = text[at..next].windows(3).any(|w| w == b"\\\n\n");
        if self.outside() && !spliced_to_empty {
            self.pending = Some((next, false));
        }
        self.ends_item = false;
        self.after_brace = false;
        next
    }

    fn finish(mut self, n: usize) -> Vec<Range<usize>> {
        if self.lost && self.kr {
            return vec![Range { start: 0, end: n }];
        }
        if let Some((cut, _)) = self.pending.take() {
            if cut < n {
                self.starts.push(cut);
            }
        }
        let mut out = Vec::with_capacity(self.starts.len() + 1);
        let mut start = 0;
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
        for src in ["", "x", "}\n}\n;;\n", "#if\n", "a;\n#endif\nb;\n", "'\\"] {
            let rs = top_level(src.as_bytes());
            assert_eq!(rs.first().map(|r| r.start), Some(0));
            assert_eq!(rs.last().map(|r| r.end), Some(src.len()));
            assert!(rs
                .windows(2)
                .all(|w| w[0].end == w[1].start && w[0].start < w[0].end));
        }
    }
}
