//! Writing files in place: whole or not at all (temporary file, then rename).

use std::io::Write;
use std::path::Path;

/// Replaces `path`'s contents with `bytes` atomically, keeping its permissions.
/// A read-only file is refused rather than replaced.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let meta = std::fs::metadata(path)?;
    if meta.permissions().readonly() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "file is read-only",
        ));
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".sempatch-")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    std::fs::set_permissions(tmp.path(), meta.permissions())?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
