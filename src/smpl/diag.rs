//! Diagnostics for bad input: `file:line:col: message`, the offending line and a caret.

use std::fmt;

/// An error in user input, located in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based line; 0 when the problem is with the file as a whole.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    pub message: String,
    /// The text of the offending line, when there is one.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A diagnostic pointing at `line:col` of `src` (the whole file's text).
    pub fn at(file: &str, src: &str, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_string(),
            line,
            col,
            message: message.into(),
            source_line: src.lines().nth(line.saturating_sub(1)).map(str::to_string),
        }
    }
}

/// `s` with control characters other than tabs shown as U+FFFD: a NUL or an
/// escape sequence from a bad input file must not reach the terminal raw. One
/// character stays one character, so the caret still lines up.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = printable(&self.message);
        if self.line == 0 {
            return write!(f, "{}: {}", self.file, message);
        }
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.col, message)?;
        if let Some(l) = &self.source_line {
            let l = &printable(l);
            let pad: String = l
                .chars()
                .take(self.col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n{}\n{}^", l, pad)?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}
