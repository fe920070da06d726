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

    /// Reads a text input file, or says why not: `cannot read WHAT: …`, or
    /// `bad_utf8` at the first byte that is not UTF-8. Gives the name to show
    /// and the text.
    pub fn read_text(
        path: &std::path::Path,
        what: &str,
        bad_utf8: &str,
    ) -> Result<(String, String), Diagnostic> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| Diagnostic {
            file: name.clone(),
            line: 0,
            col: 0,
            message: format!("cannot read {what}: {e}"),
            source_line: None,
        })?;
        match String::from_utf8(bytes) {
            Ok(text) => Ok((name, text)),
            Err(e) => {
                let off = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let before = &e.as_bytes()[..off];
                let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
                let col = off
                    - before
                        .iter()
                        .rposition(|&b| b == b'\n')
                        .map_or(0, |p| p + 1)
                    + 1;
                Err(Diagnostic::at(&name, &text, line, col, bad_utf8))
            }
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
