//! Interactive review of the hunks a semantic patch produced: each hunk is
//! shown with its file, function and rule, and accepted, rejected or edited.
//! Decisions are kept in a review file, so a re-run asks only about new hunks.

use crate::engine::FileChange;
use similar::{DiffOp, TextDiff};
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// One changed region of a file, with what it needs for display and identity.
#[derive(Clone, Debug)]
pub struct Hunk {
    /// Stable identity: a hash of the path and the region's old and new lines.
    pub key: String,
    /// 0-based first line of the region in the old text, and its line counts.
    pub old_start: usize,
    pub old_len: usize,
    pub new_start: usize,
    pub new_len: usize,
}

/// What became of a hunk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    Accept,
    Reject,
    /// Accepted with these lines instead of the proposed ones.
    Edited(Vec<u8>),
}

fn lines(text: &[u8]) -> Vec<&[u8]> {
    text.split_inclusive(|&b| b == b'\n').collect()
}

/// The changed regions between `old` and `new`, in order.
pub fn hunks(path: &str, old: &[u8], new: &[u8]) -> Vec<Hunk> {
    let diff = TextDiff::from_lines(old, new);
    let (ol, nl) = (lines(old), lines(new));
    let mut out = Vec::new();
    for group in diff.grouped_ops(0) {
        let ops: Vec<&DiffOp> = group
            .iter()
            .filter(|o| !matches!(o, DiffOp::Equal { .. }))
            .collect();
        let (Some(first), Some(last)) = (ops.first(), ops.last()) else {
            continue;
        };
        let (os, oe) = (first.old_range().start, last.old_range().end);
        let (ns, ne) = (first.new_range().start, last.new_range().end);
        let mut id = path.as_bytes().to_vec();
        id.push(0);
        id.extend(ol[os..oe].concat());
        id.push(0);
        id.extend(nl[ns..ne].concat());
        let key = git2::Oid::hash_object(git2::ObjectType::Blob, &id)
            .map(|o| o.to_string())
            .unwrap_or_default();
        out.push(Hunk {
            key,
            old_start: os,
            old_len: oe - os,
            new_start: ns,
            new_len: ne - ns,
        });
    }
    out
}

/// The old text with the chosen hunks applied (`choices` parallel to `hunks`).
pub fn rebuild(old: &[u8], new: &[u8], hunks: &[Hunk], choices: &[Choice]) -> Vec<u8> {
    let (ol, nl) = (lines(old), lines(new));
    let mut out = Vec::with_capacity(new.len());
    let mut at = 0;
    for (h, c) in hunks.iter().zip(choices) {
        out.extend(ol[at..h.old_start].concat());
        match c {
            Choice::Accept => out.extend(nl[h.new_start..h.new_start + h.new_len].concat()),
            Choice::Reject => out.extend(ol[h.old_start..h.old_start + h.old_len].concat()),
            Choice::Edited(text) => out.extend_from_slice(text),
        }
        at = h.old_start + h.old_len;
    }
    out.extend(ol[at..].concat());
    out
}

/// Decisions remembered between runs: `accept KEY PATH` / `reject KEY PATH` lines.
#[derive(Clone, Debug, Default)]
pub struct ReviewFile {
    pub path: PathBuf,
    decided: HashMap<String, bool>,
}

impl ReviewFile {
    /// Reads the review file (a missing one is empty).
    pub fn load(path: &Path) -> std::io::Result<ReviewFile> {
        let mut decided = HashMap::new();
        match std::fs::read_to_string(path) {
            Ok(text) => {
                for l in text.lines() {
                    let mut w = l.split_whitespace();
                    match (w.next(), w.next()) {
                        (Some("accept"), Some(k)) => decided.insert(k.to_string(), true),
                        (Some("reject"), Some(k)) => decided.insert(k.to_string(), false),
                        _ => None,
                    };
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        Ok(ReviewFile {
            path: path.to_path_buf(),
            decided,
        })
    }

    /// The remembered decision for a hunk: accepted (true) or rejected (false).
    pub fn decided(&self, key: &str) -> Option<bool> {
        self.decided.get(key).copied()
    }

    /// Remembers a decision, appending it to the file at once (a quit keeps it).
    pub fn remember(&mut self, key: &str, path: &str, accepted: bool) -> std::io::Result<()> {
        self.decided.insert(key.to_string(), accepted);
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        writeln!(
            f,
            "{} {} {}",
            if accepted { "accept" } else { "reject" },
            key,
            path
        )
    }
}

/// An interactive review: reads answers from `input`, talks on `output`.
pub struct Session<'a> {
    pub input: Box<dyn BufRead + Send + 'a>,
    pub output: Box<dyn Write + Send + 'a>,
    pub color: bool,
    pub file: ReviewFile,
    /// `$EDITOR` (or `vi`) for the `e` answer.
    pub editor: String,
    all: bool,
    quit: bool,
    /// Hunks accepted, rejected and edited in this session.
    pub counts: (usize, usize, usize),
}

const HELP: &str = "y - apply this hunk\nn - do not apply this hunk (remembered)\na - apply this hunk and all later ones\nq - quit; do not apply this hunk or any later one\ne - edit the new lines of this hunk in $EDITOR\n? - print this help\n";

impl<'a> Session<'a> {
    /// A session over the given streams.
    pub fn new(
        input: Box<dyn BufRead + Send + 'a>,
        output: Box<dyn Write + Send + 'a>,
        color: bool,
        file: ReviewFile,
    ) -> Session<'a> {
        let editor = std::env::var("VISUAL")
            .or_else(|_| std::env::var("EDITOR"))
            .unwrap_or_else(|_| "vi".into());
        Session {
            input,
            output,
            color,
            file,
            editor,
            all: false,
            quit: false,
            counts: (0, 0, 0),
        }
    }

    /// True once the user quit.
    pub fn quit(&self) -> bool {
        self.quit
    }

    /// Reviews one file's change; returns the text with the accepted hunks.
    pub fn review(&mut self, change: &FileChange) -> std::io::Result<Vec<u8>> {
        let path = change.path.display().to_string();
        let hs = hunks(&path, &change.old, &change.new);
        let mut choices = Vec::with_capacity(hs.len());
        for h in &hs {
            let c = if let Some(d) = self.file.decided(&h.key) {
                if d {
                    Choice::Accept
                } else {
                    Choice::Reject
                }
            } else if self.quit {
                Choice::Reject
            } else if self.all {
                self.file.remember(&h.key, &path, true)?;
                Choice::Accept
            } else {
                self.ask(change, &path, h)?
            };
            match &c {
                Choice::Accept => self.counts.0 += 1,
                Choice::Reject => self.counts.1 += 1,
                Choice::Edited(_) => self.counts.2 += 1,
            }
            choices.push(c);
        }
        Ok(rebuild(&change.old, &change.new, &hs, &choices))
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[m")
        } else {
            text.to_string()
        }
    }

    fn show(&mut self, change: &FileChange, path: &str, h: &Hunk) -> std::io::Result<()> {
        let (ol, nl) = (lines(&change.old), lines(&change.new));
        let ctx_start = h.old_start.saturating_sub(3);
        let ctx_end = (h.old_start + h.old_len + 3).min(ol.len());
        // The function and rule: what the engine recorded for lines of this hunk.
        let sites: Vec<_> = change
            .sites
            .iter()
            .filter(|s| {
                s.line > ctx_start && s.line <= (h.old_start + h.old_len).max(h.old_start + 1) + 1
            })
            .collect();
        let function = sites
            .iter()
            .find_map(|s| s.function.clone())
            .unwrap_or_else(|| "(top level)".into());
        let mut rules: Vec<&str> = sites.iter().map(|s| s.rule.as_str()).collect();
        rules.dedup();
        let rules = if rules.is_empty() {
            "?".to_string()
        } else {
            rules.join(", ")
        };
        let head = format!("\n{path}: {function} (rule {rules})");
        writeln!(self.output, "{}", self.paint("1", &head))?;
        let lead = h.old_start - ctx_start;
        let trail = ctx_end - (h.old_start + h.old_len);
        let header = format!(
            "@@ -{},{} +{},{} @@",
            ctx_start + 1,
            lead + h.old_len + trail,
            h.new_start - lead + 1,
            lead + h.new_len + trail
        );
        writeln!(self.output, "{}", self.paint("36", &header))?;
        let text = |l: &[u8]| {
            String::from_utf8_lossy(l)
                .trim_end_matches('\n')
                .to_string()
        };
        for l in &ol[ctx_start..h.old_start] {
            writeln!(self.output, " {}", text(l))?;
        }
        for l in &ol[h.old_start..h.old_start + h.old_len] {
            let s = format!("-{}", text(l));
            writeln!(self.output, "{}", self.paint("31", &s))?;
        }
        for l in &nl[h.new_start..h.new_start + h.new_len] {
            let s = format!("+{}", text(l));
            writeln!(self.output, "{}", self.paint("32", &s))?;
        }
        for l in &ol[h.old_start + h.old_len..ctx_end] {
            writeln!(self.output, " {}", text(l))?;
        }
        Ok(())
    }

    fn ask(&mut self, change: &FileChange, path: &str, h: &Hunk) -> std::io::Result<Choice> {
        self.show(change, path, h)?;
        loop {
            write!(
                self.output,
                "{}",
                self.paint("1;34", "Apply this hunk [y,n,a,q,e,?]? ")
            )?;
            self.output.flush()?;
            let mut answer = String::new();
            if self.input.read_line(&mut answer)? == 0 {
                // End of input: as if the user quit.
                writeln!(self.output)?;
                self.quit = true;
                return Ok(Choice::Reject);
            }
            match answer.trim().chars().next() {
                Some('y') => {
                    self.file.remember(&h.key, path, true)?;
                    return Ok(Choice::Accept);
                }
                Some('n') => {
                    self.file.remember(&h.key, path, false)?;
                    return Ok(Choice::Reject);
                }
                Some('a') => {
                    self.all = true;
                    self.file.remember(&h.key, path, true)?;
                    return Ok(Choice::Accept);
                }
                Some('q') => {
                    self.quit = true;
                    return Ok(Choice::Reject);
                }
                Some('e') => match self.edit(change, h)? {
                    Some(text) => return Ok(Choice::Edited(text)),
                    None => writeln!(
                        self.output,
                        "The edit was empty or the editor failed; the hunk is unchanged."
                    )?,
                },
                _ => write!(self.output, "{HELP}")?,
            }
        }
    }

    fn edit(&mut self, change: &FileChange, h: &Hunk) -> std::io::Result<Option<Vec<u8>>> {
        let nl = lines(&change.new);
        let mut tmp = tempfile::Builder::new()
            .prefix("sempatch-hunk-")
            .suffix(".c")
            .tempfile()?;
        tmp.write_all(&nl[h.new_start..h.new_start + h.new_len].concat())?;
        tmp.flush()?;
        // The editor may be a command with arguments, as git allows.
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("{} \"$1\"", self.editor))
            .arg("sh")
            .arg(tmp.path())
            .status()?;
        if !status.success() {
            return Ok(None);
        }
        let text = std::fs::read(tmp.path())?;
        Ok((!text.is_empty()).then_some(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rebuild_applies_only_the_chosen_hunks() {
        let old = b"a\nb\nc\nd\ne\nf\ng\n";
        let new = b"a\nB\nc\nd\ne\nF\ng\n";
        let hs = hunks("x.c", old, new);
        assert_eq!(hs.len(), 2);
        assert_eq!(
            rebuild(old, new, &hs, &[Choice::Accept, Choice::Reject]),
            b"a\nB\nc\nd\ne\nf\ng\n"
        );
        assert_eq!(
            rebuild(
                old,
                new,
                &hs,
                &[Choice::Reject, Choice::Edited(b"X\nY\n".to_vec())]
            ),
            b"a\nb\nc\nd\ne\nX\nY\ng\n"
        );
        assert_ne!(hs[0].key, hs[1].key);
        assert_eq!(hs[0].key, hunks("x.c", old, new)[0].key, "keys are stable");
    }
}
