//! The files a semantic patch names: `#include "file.cocci"` at its top
//! (the file's rules and `virtual` lines read as if written there) and
//! `using "file.iso"` (isomorphisms from a file).
//!
//! A name is looked up relative to the directory of the file naming it,
//! then relative to the current directory (spatch looks in the current
//! directory and its `-I` directories).

use super::split::{self, Named};
use super::Diagnostic;
use std::path::{Path, PathBuf};

/// One `.cocci` text and the name it is shown with.
pub(super) struct Source {
    pub file: String,
    pub text: String,
}

/// Where the file `name`, named in `from`, is: relative to `from`'s
/// directory, else to the current directory (an absolute name as is).
fn resolve(from: &str, name: &str) -> Option<PathBuf> {
    let named = Path::new(name);
    let beside = Path::new(from).parent().map(|d| d.join(named));
    beside
        .into_iter()
        .chain(std::iter::once(named.to_path_buf()))
        .find(|p| p.is_file())
}

/// Where the lookup of `name` went, for a message.
fn looked_in(from: &str) -> String {
    match Path::new(from).parent() {
        Some(d) if !d.as_os_str().is_empty() => {
            format!("looked in `{}` and the current directory", d.display())
        }
        _ => "looked in the current directory".to_string(),
    }
}

/// What identifies a file however it was named (its canonical path when it
/// has one).
fn identity(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Reads the file `n` names in `from` (text `src`), or says why not at the
/// name; `what` says what it is for messages.
fn read_named(from: &str, src: &str, n: &Named, what: &str) -> Result<Source, Diagnostic> {
    let Some(path) = resolve(from, &n.path) else {
        return Err(Diagnostic::at(
            from,
            src,
            n.line,
            n.col,
            format!("cannot find {what} `{}` ({})", n.path, looked_in(from)),
        ));
    };
    let (file, text) = Diagnostic::read_text(&path, what, &format!("{what} is not valid UTF-8"))
        .map_err(|e| {
            if e.line == 0 {
                Diagnostic::at(
                    from,
                    src,
                    n.line,
                    n.col,
                    format!("{}: {}", e.file, e.message),
                )
            } else {
                e
            }
        })?;
    Ok(Source { file, text })
}

/// The texts of `file` (text `src`) and of every file it includes, in the
/// order their rules are read: each included file's (and what it includes)
/// before those of the file including it. An include cycle is an error at
/// the `#include` that closes it.
pub(super) fn sources(file: &str, src: &str) -> Result<Vec<Source>, Diagnostic> {
    let mut out = Vec::new();
    let mut stack = vec![(identity(Path::new(file)), file.to_string())];
    visit(
        Source {
            file: file.to_string(),
            text: src.to_string(),
        },
        &mut stack,
        &mut out,
    )?;
    Ok(out)
}

fn visit(
    me: Source,
    stack: &mut Vec<(PathBuf, String)>,
    out: &mut Vec<Source>,
) -> Result<(), Diagnostic> {
    let includes = split::split(&me.file, &me.text)?.includes;
    for n in &includes {
        let inc = read_named(&me.file, &me.text, n, "included semantic patch")?;
        let id = identity(Path::new(&inc.file));
        if let Some(at) = stack.iter().position(|(k, _)| *k == id) {
            let chain: Vec<&str> = stack[at..].iter().map(|(_, name)| name.as_str()).collect();
            return Err(Diagnostic::at(
                &me.file,
                &me.text,
                n.line,
                n.col,
                format!(
                    "include cycle: {} includes {}",
                    chain.join(" includes "),
                    stack[at].1
                ),
            ));
        }
        stack.push((id, inc.file.clone()));
        visit(inc, stack, out)?;
        stack.pop();
    }
    out.push(me);
    Ok(())
}

/// Reads the isomorphism file `n` names in `from` (text `src`): its
/// entries, or what is wrong with it at its place.
pub(super) fn read_iso(
    from: &str,
    src: &str,
    n: &Named,
) -> Result<Vec<super::iso::Iso>, Diagnostic> {
    let iso = read_named(from, src, n, "isomorphism file")?;
    super::iso::parse(&iso.file, &iso.text)
}
