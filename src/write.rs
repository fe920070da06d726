//! Writing files in place: whole or not at all (temporary file, then rename).

use std::io::Write;
use std::path::Path;

/// Replaces `path`'s contents with `bytes` atomically, keeping its permissions
/// (and owner, when we may). A read-only file is replaced and stays read-only,
/// as `spatch --in-place` and `sed -i` do: what may change a file is its
/// directory's say. A symbolic link is followed, so the link stays a link and
/// its target changes.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    replace(path, None, bytes)
}

/// [`write_atomic`], but only if the file still holds `expected`: a file edited
/// since it was read is refused rather than overwritten with a stale rewrite.
pub fn write_if_unchanged(path: &Path, expected: &[u8], bytes: &[u8]) -> std::io::Result<()> {
    replace(path, Some(expected), bytes)
}

fn replace(path: &Path, expected: Option<&[u8]>, bytes: &[u8]) -> std::io::Result<()> {
    // Renaming over a symbolic link would turn it into a regular file.
    let path = &std::fs::canonicalize(path)?;
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // From here to the rename, an interrupt waits: otherwise it could leave the
    // temporary file behind.
    let _section = crate::interrupt::critical();
    if let Some(old) = expected {
        if std::fs::read(path)? != old {
            return Err(std::io::Error::other(
                "file changed since it was read; run again",
            ));
        }
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".sempatch-")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    keep_owner(tmp.path(), &meta);
    std::fs::set_permissions(tmp.path(), meta.permissions())?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Gives the new file the old one's owner and group. Only root may do that for
/// other users' files, and failing is harmless (the file is then ours, as an
/// editor would leave it), so errors are ignored.
#[cfg(unix)]
fn keep_owner(tmp: &Path, old: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let mine = std::fs::metadata(tmp).map(|m| (m.uid(), m.gid())).ok();
    if mine != Some((old.uid(), old.gid())) {
        let _ = std::os::unix::fs::chown(tmp, Some(old.uid()), Some(old.gid()));
    }
}

#[cfg(not(unix))]
fn keep_owner(_tmp: &Path, _old: &std::fs::Metadata) {}
