//! Breaking the lines added code made too long, as spatch does it (the
//! `add_newlines` pass of its unparser), over the whole rewritten file:
//!
//! - only the commas directly inside the outermost open parenthesis (or
//!   brace) of a line count, and only once added code was seen since the
//!   line began;
//! - at each such comma, and at the parenthesis that closes that outermost
//!   list, when the line has gone past 78 columns (tabs count 8), the line
//!   is broken after the previous comma of the list: the white space after
//!   it (one space, or none) becomes a newline;
//! - the new line is indented to the column after the open parenthesis, or
//!   as the list's earlier continuation lines are, in tabs then spaces when
//!   the file indents with tabs, else in spaces;
//! - a continuation line of the source after added code in the same list,
//!   indented less than that column, is indented to it.
//!
//! Everything else is left as it is: lines without added code, and code
//! outside parentheses, are never touched.

use std::ops::Range;

/// spatch breaks a line when a comma or closing parenthesis of the
/// outermost list ends past this column.
const MAX_WIDTH: usize = 78;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A line end and the indentation after it.
    Newline,
    /// White space within a line (a backslash-newline too).
    Space,
    /// A comment or a preprocessor directive line: counted, never broken.
    Opaque,
    /// A C token.
    Code,
}

struct Tok {
    kind: Kind,
    range: Range<usize>,
    /// Part of code this pass is to lay out (added by the rule).
    added: bool,
}

fn tokens(text: &[u8], added: &[Range<usize>]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut line_start = true;
    while i < text.len() {
        let b = text[i];
        let start = i;
        let kind = if b == b'\n' {
            i += 1;
            while i < text.len() && matches!(text[i], b' ' | b'\t') {
                i += 1;
            }
            Kind::Newline
        } else if matches!(b, b' ' | b'\t' | b'\r' | 0x0b | 0x0c)
            || (b == b'\\' && text.get(i + 1) == Some(&b'\n'))
        {
            while i < text.len()
                && (matches!(text[i], b' ' | b'\t' | b'\r' | 0x0b | 0x0c)
                    || (text[i] == b'\\' && text.get(i + 1) == Some(&b'\n')))
            {
                i += if text[i] == b'\\' { 2 } else { 1 };
            }
            Kind::Space
        } else if let Some(e) = crate::c::lex::comment_end(text, i) {
            i = e;
            Kind::Opaque
        } else if b == b'#' && line_start {
            // The directive with its continuation lines.
            while i < text.len() && text[i] != b'\n' {
                if text[i] == b'\\' && text.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                i += 1;
            }
            Kind::Opaque
        } else {
            i = code_end(text, i);
            Kind::Code
        };
        line_start = kind == Kind::Newline || (line_start && kind == Kind::Space);
        let range = start..i;
        let is_added = matches!(kind, Kind::Code | Kind::Opaque)
            && added
                .iter()
                .any(|a| a.start < range.end && range.start < a.end);
        out.push(Tok {
            kind,
            range,
            added: is_added,
        });
    }
    out
}

/// The end of the C token starting at `i` (a stray byte is one token).
fn code_end(s: &[u8], i: usize) -> usize {
    let lexed = crate::c::lex::tokenize(&s[i..s.len().min(i + 4096)]);
    match lexed.first() {
        Some(t) if t.start == 0 && t.end > 0 => i + t.end,
        _ => i + 1,
    }
}

fn width(s: &[u8], mut count: usize) -> usize {
    for &b in s {
        match b {
            b'\t' => count += 8,
            b'\n' => count = 0,
            _ => count += 1,
        }
    }
    count
}

/// One open list: the column its continuation lines go to and, once known,
/// the indentation they have.
struct Frame {
    indent: usize,
    indent_text: Option<Vec<u8>>,
}

/// The white space after a comma of the outermost list, where the line
/// may be broken: its range in the text (empty after a comma with no
/// space), and the column the next token starts at.
#[derive(Clone)]
struct Cell {
    range: Range<usize>,
    start: usize,
}

struct Pass<'t> {
    text: &'t [u8],
    tabs: bool,
    /// Replacements decided so far, by range start.
    changes: Vec<(Range<usize>, Vec<u8>)>,
}

impl Pass<'_> {
    fn create_indent(&self, n: usize) -> Vec<u8> {
        if self.tabs {
            let mut v = vec![b'\t'; n / 8];
            v.extend(std::iter::repeat_n(b' ', n % 8));
            v
        } else {
            vec![b' '; n]
        }
    }

    /// spatch's `update_previous_space`: after `s` the line is at `count`;
    /// past the limit, the last cell of the outermost list becomes a line
    /// break.
    fn update_previous_space(
        &mut self,
        stack: &[Frame],
        cell: &Option<Cell>,
        count: usize,
        s: usize,
    ) -> usize {
        let count = count + s;
        match (stack, cell) {
            ([frame], Some(c)) if count > MAX_WIDTH => {
                let mut text = b"\n".to_vec();
                match &frame.indent_text {
                    Some(t) => text.extend_from_slice(t),
                    None => text.extend(self.create_indent(frame.indent)),
                }
                self.changes.retain(|(r, _)| *r != c.range);
                self.changes.push((c.range.clone(), text));
                count - c.start + frame.indent
            }
            _ => count,
        }
    }

    /// spatch's `get_indent`, at the line end `nl` inside a list.
    fn get_indent(
        &mut self,
        stack: &mut [Frame],
        nl: &Tok,
        seen: bool,
        next: Option<&Tok>,
    ) -> (usize, bool) {
        let top = stack.last_mut().expect("called inside a list");
        let s = &self.text[nl.range.clone()];
        let new_indent = &s[s.iter().rposition(|&b| b == b'\n').map_or(0, |k| k + 1)..];
        let new_count = width(new_indent, 0);
        if new_count == 0 {
            return (top.indent, false);
        }
        let ender = next.is_some_and(|t| matches!(&self.text[t.range.clone()], b")" | b"}"));
        if seen && !ender {
            match &top.indent_text {
                Some(t) => {
                    let mut text = b"\n".to_vec();
                    text.extend_from_slice(t);
                    let changed = new_count != top.indent;
                    if text != s {
                        self.changes.push((nl.range.clone(), text));
                    }
                    (top.indent, changed)
                }
                None if new_count >= top.indent => {
                    top.indent = new_count;
                    top.indent_text = Some(new_indent.to_vec());
                    (new_count, false)
                }
                None => {
                    let ind = self.create_indent(top.indent);
                    let mut text = b"\n".to_vec();
                    text.extend_from_slice(&ind);
                    self.changes.push((nl.range.clone(), text));
                    top.indent_text = Some(ind);
                    (top.indent, true)
                }
            }
        } else {
            top.indent = new_count;
            top.indent_text = Some(new_indent.to_vec());
            (new_count, false)
        }
    }
}

/// The replacements that break the lines of `text` that the `added` code
/// made too long (see the module's comment), in order.
pub fn breaks(text: &[u8], added: &[Range<usize>], tabs: bool) -> Vec<(Range<usize>, Vec<u8>)> {
    if added.is_empty() {
        return Vec::new();
    }
    let toks = tokens(text, added);
    let mut pass = Pass {
        text,
        tabs,
        changes: Vec::new(),
    };
    let mut stack: Vec<Frame> = Vec::new();
    let mut cell: Option<Cell> = None;
    let mut count = 0usize;
    let mut seen = false;
    let mut seeneq = false;
    let str_of = |t: &Tok| &text[t.range.clone()];
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let s = str_of(t);
        let next = toks.get(i + 1);
        let is_comma = t.kind == Kind::Code && s == b",";
        if is_comma && next.is_some_and(|n| n.kind == Kind::Newline) {
            let nl = &toks[i + 1];
            if !stack.is_empty() {
                seen = seen || t.added;
                let (newcount, newseen) = pass.get_indent(&mut stack, nl, seen, toks.get(i + 2));
                if stack.len() == 1 && seen {
                    pass.update_previous_space(&stack, &cell, count, 1);
                }
                count = newcount;
                seen = newseen;
            } else {
                count = width(str_of(nl), 0);
                seen = false;
            }
            cell = None;
            seeneq = false;
            i += 2;
            continue;
        }
        if is_comma && !stack.is_empty() {
            seen = seen || t.added;
            let single_space = next.is_some_and(|n| n.kind == Kind::Space && str_of(n) == b" ");
            if stack.len() == 1 {
                count = if seen {
                    pass.update_previous_space(&stack, &cell, count, 1)
                } else {
                    count + 1
                };
                if single_space {
                    let sp = &toks[i + 1];
                    count += 1;
                    cell = Some(Cell {
                        range: sp.range.clone(),
                        start: count,
                    });
                    i += 2;
                } else {
                    cell = Some(Cell {
                        range: t.range.end..t.range.end,
                        start: count,
                    });
                    i += 1;
                }
            } else {
                count += 1;
                i += 1;
            }
            seeneq = false;
            continue;
        }
        if t.kind == Kind::Newline && !stack.is_empty() {
            seen = seen || t.added;
            let (newcount, newseen) = pass.get_indent(&mut stack, t, seen, next);
            if stack.len() == 1 && seen {
                pass.update_previous_space(&stack, &cell, count, 0);
            }
            cell = None;
            count = newcount;
            seen = newseen;
            seeneq = false;
            i += 1;
            continue;
        }
        let code = t.kind == Kind::Code;
        match s {
            b"=" if code => {
                count += 1;
                seeneq = true;
            }
            b"(" if code => {
                count += 1;
                stack.push(Frame {
                    indent: count,
                    indent_text: None,
                });
                seen = seen || t.added;
                seeneq = false;
            }
            b"{" if code && (seeneq || !stack.is_empty()) => {
                // (An initializer's brace on a line of its own is not
                // counted.)
                let nl_after = seeneq
                    && toks[i + 1..]
                        .iter()
                        .take_while(|n| matches!(n.kind, Kind::Space | Kind::Newline))
                        .any(|n| n.kind == Kind::Newline);
                if !nl_after {
                    count += 1;
                }
                stack.push(Frame {
                    indent: 0,
                    indent_text: None,
                });
                seeneq = false;
            }
            b")" | b"}" if code && (s == b")" || !stack.is_empty()) => {
                match stack.len() {
                    1 => {
                        count = if seen {
                            pass.update_previous_space(&stack, &cell, count, 1)
                        } else {
                            count + 1
                        };
                        stack.clear();
                        cell = None;
                        seen = false;
                    }
                    0 => {
                        count += 1;
                        cell = None;
                        seen = false;
                    }
                    _ => {
                        count += 1;
                        stack.pop();
                    }
                }
                seeneq = false;
            }
            _ => {
                count = width(s, count);
                seeneq = seeneq && matches!(t.kind, Kind::Space | Kind::Newline);
                seen = seen || (t.added && !stack.is_empty());
            }
        }
        i += 1;
    }
    pass.changes.sort_by_key(|(r, _)| (r.start, r.end));
    pass.changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, added: &str) -> String {
        let at = text.find(added).unwrap();
        let added: Vec<Range<usize>> = std::iter::once(at..at + added.len()).collect();
        let changes = breaks(text.as_bytes(), &added, true);
        let mut out = Vec::new();
        let mut pos = 0;
        for (r, t) in changes {
            out.extend_from_slice(&text.as_bytes()[pos..r.start]);
            out.extend(t);
            pos = r.end;
        }
        out.extend_from_slice(&text.as_bytes()[pos..]);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn breaks_after_the_last_comma_that_fits() {
        let text = "\tdev_info(ice_hw_to_dev(hw), \"%s: rss_table_entry_width = %d\\n\", prefix, caps->rss_table_entry_width);\n";
        assert_eq!(
            run(text, "dev_info(ice_hw_to_dev(hw)"),
            "\tdev_info(ice_hw_to_dev(hw), \"%s: rss_table_entry_width = %d\\n\",\n\t\t prefix, caps->rss_table_entry_width);\n"
        );
    }

    #[test]
    fn lines_without_added_code_stay() {
        let text = "\tf(aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb);\n\tg(x);\n";
        assert_eq!(run(text, "g(x)"), text);
    }
}
