//! Splitting a `.cocci` file into its preamble and rules, by tokens.
//!
//! A rule starts with `@` in column 0. Its header runs to the next `@`
//! token, its declarations to the next `@@`, wherever those fall: on one
//! line (`@@ expression E; @@`, `@@ @@`), over several (`@ r\ndisable x\n@`),
//! with comments between. Its body is the lines after the `@@` up to the
//! next line that starts with `@`; a body is not lexed here (a script
//! rule's body is Python, not C).

use super::Diagnostic;
use crate::c::lex::{self, TokKind};

/// A token of a header or of declarations, with its 1-based position.
#[derive(Clone, Debug)]
pub(super) struct HTok {
    pub text: String,
    pub kind: TokKind,
    pub line: usize,
    pub col: usize,
}

/// One rule as written: header tokens, declaration tokens, body lines.
pub(super) struct Chunk<'s> {
    /// Line of the `@` that opens the header.
    pub line: usize,
    pub header: Vec<HTok>,
    pub decls: Vec<HTok>,
    pub body: Vec<(usize, &'s str)>,
}

/// A file named in the preamble (`#include "x.cocci"`, `using "x.iso"`):
/// the name as written and where the string starts.
#[derive(Clone, Debug)]
pub(super) struct Named {
    pub path: String,
    pub line: usize,
    pub col: usize,
}

/// A whole file: the `///` description, the `virtual` names, the files it
/// includes and the isomorphism files it uses, the rules.
pub(super) struct Split<'s> {
    pub description: Vec<String>,
    pub virtuals: Vec<HTok>,
    pub includes: Vec<Named>,
    pub isos: Vec<Named>,
    pub chunks: Vec<Chunk<'s>>,
}

/// The byte offset of each line's start.
struct Lines<'s> {
    src: &'s str,
    starts: Vec<usize>,
}

impl<'s> Lines<'s> {
    fn new(src: &'s str) -> Self {
        let mut starts = vec![0];
        starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        Lines { src, starts }
    }

    /// The 1-based line and column of byte `at`.
    fn pos(&self, at: usize) -> (usize, usize) {
        let l = self.starts.partition_point(|&s| s <= at) - 1;
        (l + 1, at - self.starts[l] + 1)
    }

    fn count(&self) -> usize {
        self.starts.len()
    }

    /// Line `i` (0-based) without its line break.
    fn line(&self, i: usize) -> &'s str {
        let end = self.starts.get(i + 1).map_or(self.src.len(), |e| e - 1);
        let l = &self.src[self.starts[i]..end.max(self.starts[i])];
        l.strip_suffix('\r').unwrap_or(l)
    }
}

fn err(file: &str, src: &str, line: usize, col: usize, msg: impl Into<String>) -> Diagnostic {
    Diagnostic::at(file, src, line, col, msg)
}

/// Splits `src` (named `file` in diagnostics).
pub(super) fn split<'s>(file: &str, src: &'s str) -> Result<Split<'s>, Diagnostic> {
    let lines = Lines::new(src);
    let mut description = Vec::new();
    let mut virtuals = Vec::new();
    let mut includes = Vec::new();
    let mut isos = Vec::new();
    let mut i = 0;
    // The preamble: description, `virtual` lines, comments (a `/* … */` may
    // span lines), `#` lines.
    let mut in_comment = false;
    while i < lines.count() && (in_comment || !lines.line(i).starts_with('@')) {
        let l = lines.line(i);
        i += 1;
        if in_comment {
            in_comment = !l.contains("*/");
            continue;
        }
        let t = l.trim();
        if let Some(d) = l.strip_prefix("///") {
            description.push(d.strip_prefix(' ').unwrap_or(d).trim_end().to_string());
        } else if let Some(rest) = t.strip_prefix("/*") {
            in_comment = !rest.contains("*/");
        } else if t
            .strip_prefix("virtual")
            .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
        {
            let toks = tokens(
                &lines,
                lines.starts[i - 1],
                lines.starts[i - 1] + l.len(),
                false,
            );
            if toks.len() < 2
                || toks[1..]
                    .iter()
                    .any(|t| t.kind != TokKind::Ident && t.text != ",")
            {
                return Err(err(
                    file,
                    src,
                    i,
                    1,
                    "a virtual line names identifiers: `virtual patch, report`",
                ));
            }
            virtuals.extend(
                toks.into_iter()
                    .skip(1)
                    .filter(|t| t.kind == TokKind::Ident),
            );
        } else if let Some(rest) = l
            .strip_prefix('#')
            .map(str::trim_start)
            .and_then(|r| r.strip_prefix("include"))
            .filter(|r| r.trim_start().starts_with('"'))
        {
            let at = l.len() - rest.trim_start().len();
            let names = strings(file, src, i, at, &l[at..], "#include")?;
            if names.len() != 1 {
                return Err(err(
                    file,
                    src,
                    i,
                    names[1].col,
                    "`#include` names one file: one `#include` line per file",
                ));
            }
            includes.extend(names);
        } else if let Some(rest) = t
            .strip_prefix("using")
            .filter(|r| r.trim_start().starts_with('"'))
        {
            let at = l.len() - rest.trim_start().len();
            isos.extend(strings(file, src, i, at, &l[at..], "using")?);
        } else if !(t.is_empty() || t.starts_with("//") || l.starts_with('#')) {
            let col = l.len() - l.trim_start().len() + 1;
            return Err(err(
                file,
                src,
                i,
                col,
                "expected a rule header `@@` or `@name@` before any code",
            ));
        }
    }
    while description.last().is_some_and(|d: &String| d.is_empty()) {
        description.pop();
    }
    let mut chunks = Vec::new();
    while i < lines.count() {
        let open = lines.starts[i];
        // The header may span lines that start with `@` (`@ r\ndisable x\n@`),
        // so lex on to the closing `@@`: the lexer reads left to right, so
        // what follows (a body, maybe Python) cannot change those tokens.
        let toks = tokens(&lines, open, src.len(), true);
        // toks[0] is the opening `@`.
        let Some(close) = toks
            .iter()
            .skip(1)
            .position(|t| t.text == "@")
            .map(|p| p + 1)
        else {
            return Err(err(
                file,
                src,
                i + 1,
                1,
                "rule header is not closed with `@`",
            ));
        };
        let header: Vec<HTok> = toks[1..close].to_vec();
        let after = &toks[close + 1..];
        let Some(end) = after.windows(2).position(|w| {
            w[0].text == "@"
                && w[1].text == "@"
                && w[1].line == w[0].line
                && w[1].col == w[0].col + 1
        }) else {
            // `@r` then `@@`: the header took the `@@`'s first `@`.
            let header_open = toks.get(close + 1).is_some_and(|n| {
                n.text == "@" && n.line == toks[close].line && n.col == toks[close].col + 1
            });
            return Err(err(
                file,
                src,
                i + 1,
                1,
                if header_open {
                    "rule header is not closed with `@`"
                } else {
                    "this rule's metavariable declarations are not closed with a `@@`"
                },
            ));
        };
        if let Some(t) = after[..end].iter().find(|t| t.text == "@") {
            return Err(err(
                file,
                src,
                t.line,
                t.col,
                "unexpected `@` in metavariable declarations (a rule header opens in column 0, declarations close with `@@`)",
            ));
        }
        let decls: Vec<HTok> = after[..end]
            .iter()
            .filter(|t| !lines.line(t.line - 1).starts_with('#'))
            .cloned()
            .collect();
        let close_line = after[end].line;
        let close_col = after[end + 1].col + 1;
        let rest = lines
            .line(close_line - 1)
            .get(close_col - 1..)
            .unwrap_or("");
        let rest_t = rest.trim();
        if !(rest_t.is_empty() || rest_t.starts_with("//") || rest_t.starts_with("/*")) {
            let col = close_col + (rest.len() - rest.trim_start().len());
            return Err(err(
                file,
                src,
                close_line,
                col,
                "code on the line of the closing `@@`: the rule's code starts on the next line",
            ));
        }
        i = close_line;
        let body_start = i;
        // A code rule's body is C: an `@` line inside a block comment
        // does not end it (a script's body is not C).
        let code = !matches!(
            header.first().map(|t| t.text.as_str()),
            Some("script" | "initialize" | "finalize")
        );
        let mut comment = false;
        while i < lines.count() && (comment || !opens_rule(lines.line(i))) {
            if code {
                comment = super::body::comment_open_after(lines.line(i), comment);
            }
            i += 1;
        }
        let body = (body_start..i).map(|k| (k + 1, lines.line(k))).collect();
        chunks.push(Chunk {
            line: toks[0].line,
            header,
            decls,

            body,
        });
    }
    Ok(Split {
        description,
        virtuals,
        includes,
        isos,
        chunks,
    })
}

/// The quoted file names of `text` (a line's rest from byte `at`, 0-based,
/// of line `line`): `"a"` or `"a", "b"`, then at most a comment.
pub(super) fn strings(
    file: &str,
    src: &str,
    line: usize,
    at: usize,
    text: &str,
    what: &str,
) -> Result<Vec<Named>, Diagnostic> {
    let mut out = Vec::new();
    let mut k = 0;
    loop {
        let col = at + k + 1;
        let Some(body) = text[k..].strip_prefix('"') else {
            return Err(err(
                file,
                src,
                line,
                col,
                format!("expected a file name in double quotes after `{what}`"),
            ));
        };
        let Some(end) = body.find('"') else {
            return Err(err(
                file,
                src,
                line,
                col,
                "file name without its closing `\"`",
            ));
        };
        if end == 0 {
            return Err(err(file, src, line, col, "empty file name"));
        }
        out.push(Named {
            path: body[..end].to_string(),
            line,
            col,
        });
        k += end + 2;
        let rest = &text[k..];
        let t = rest.trim_start();
        k += rest.len() - t.len();
        if let Some(next) = t.strip_prefix(',') {
            k += 1 + next.len() - next.trim_start().len();
            continue;
        }
        if !(t.is_empty() || t.starts_with("//") || t.starts_with("/*")) {
            return Err(err(
                file,
                src,
                line,
                at + k + 1,
                format!("unexpected text after `{what}`'s file name"),
            ));
        }
        return Ok(out);
    }
}

/// A line that opens a rule header (or closes declarations): `@` in column 0.
fn opens_rule(line: &str) -> bool {
    line.starts_with('@')
}

/// The tokens of `from..to`. With `upto_close`, only as far as the `@@`
/// that closes a rule's declarations (the fourth `@`: open, close of the
/// header, then two adjacent ones).
fn tokens(lines: &Lines, from: usize, to: usize, upto_close: bool) -> Vec<HTok> {
    let text = &lines.src[from..to];
    let mut out: Vec<HTok> = Vec::new();
    let mut ats = 0;
    for t in lex::tokenize(text.as_bytes()) {
        let (line, col) = lines.pos(from + t.start);
        let tok = HTok {
            text: text[t.start..t.end].to_string(),
            kind: t.kind,
            line,
            col,
        };
        if tok.text == "@" {
            ats += 1;
        }
        let closes = upto_close
            && ats >= 4
            && tok.text == "@"
            && out
                .last()
                .is_some_and(|p| p.text == "@" && p.line == line && p.col + 1 == col);
        out.push(tok);
        if closes {
            break;
        }
    }
    out
}
