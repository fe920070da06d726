//! Opening and statting files through a descriptor of their directory.
//!
//! A run visits the files of a tree in path order, so consecutive files
//! mostly share a directory; naming each by its full path makes the kernel
//! walk every component again (a fifth of an indexed run over Linux went
//! there). Each thread keeps its last directory open and names files in it
//! by their last component. The descriptor is dropped at the next run
//! ([`new_run`]), so a directory replaced between runs is never read stale.

use std::cell::RefCell;
use std::ffi::CString;
use std::fs::File;
use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Files larger than this are skipped (and reported) rather than read: the
/// largest kernel source file is about 24 MB, and a stray multi-gigabyte file
/// would otherwise exhaust memory.
pub const MAX_FILE_BYTES: u64 = 256 << 20;

static RUN: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static DIR: RefCell<Option<(u64, PathBuf, OwnedFd)>> = const { RefCell::new(None) };
}

/// Starts a new run: directories opened before are opened again when used.
pub fn new_run() {
    RUN.fetch_add(1, Ordering::Relaxed);
}

/// Calls `f` with a descriptor of `path`'s directory and its file name, or
/// returns `None` when the directory cannot be opened (the caller then uses
/// the full path, and reports what that says).
fn in_dir<T>(path: &Path, f: impl FnOnce(i32, &CString) -> T) -> Option<T> {
    // Split by bytes: `Path::parent` and path equality go component by
    // component, which costs more than the system call saved.
    let bytes = path.as_os_str().as_bytes();
    let (dir, name): (&[u8], &[u8]) = match memchr::memrchr(b'/', bytes) {
        Some(0) => (b"/", &bytes[1..]),
        Some(k) => (&bytes[..k], &bytes[k + 1..]),
        None => (b".", bytes),
    };
    if name.is_empty() || name == b"." || name == b".." {
        return None;
    }
    let name = CString::new(name).ok()?;
    let run = RUN.load(Ordering::Relaxed);
    DIR.with(|cell| {
        let mut cell = cell.borrow_mut();
        let fresh =
            matches!(&*cell, Some((r, d, _)) if *r == run && d.as_os_str().as_bytes() == dir);
        if !fresh {
            let c = CString::new(dir).ok()?;
            // SAFETY: `c` is a valid NUL-terminated path.
            let fd = unsafe {
                libc::open(
                    c.as_ptr(),
                    libc::O_PATH | libc::O_DIRECTORY | libc::O_CLOEXEC,
                )
            };
            if fd < 0 {
                *cell = None;
                return None;
            }
            // SAFETY: `fd` was just opened and is owned by nobody else.
            let dir = PathBuf::from(std::ffi::OsStr::from_bytes(dir));
            *cell = Some((run, dir, unsafe { OwnedFd::from_raw_fd(fd) }));
        }
        let (_, _, fd) = cell.as_ref()?;
        Some(f(fd.as_raw_fd(), &name))
    })
}

/// Opens `path` for reading without blocking (a FIFO is not waited on).
pub fn open_nonblocking(path: &Path) -> io::Result<File> {
    let at = in_dir(path, |dir, name| {
        // SAFETY: `dir` is an open directory descriptor, `name` a C string.
        let fd = unsafe {
            libc::openat(
                dir,
                name.as_ptr(),
                libc::O_RDONLY | libc::O_NONBLOCK | libc::O_CLOEXEC,
            )
        };
        if fd < 0 {
            Err(io::Error::last_os_error())
        } else {
            // SAFETY: `fd` was just opened and is owned by nobody else.
            Ok(unsafe { File::from_raw_fd(fd) })
        }
    });
    match at {
        Some(r) => r,
        None => {
            use std::os::unix::fs::OpenOptionsExt;
            std::fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_NONBLOCK)
                .open(path)
        }
    }
}

/// The status of the file `path` names (following a symbolic link).
pub fn stat(path: &Path) -> io::Result<libc::stat> {
    let at = in_dir(path, |dir, name| {
        // SAFETY: an all-zero `stat` is a valid value to be overwritten.
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: `dir` is an open directory descriptor, `name` a C string,
        // `st` a writable `stat`.
        if unsafe { libc::fstatat(dir, name.as_ptr(), &mut st, 0) } == 0 {
            Ok(st)
        } else {
            Err(io::Error::last_os_error())
        }
    });
    match at {
        Some(r) => r,
        None => {
            let c = CString::new(path.as_os_str().as_bytes())
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
            // SAFETY: as above, with a full path.
            let mut st: libc::stat = unsafe { std::mem::zeroed() };
            if unsafe { libc::stat(c.as_ptr(), &mut st) } == 0 {
                Ok(st)
            } else {
                Err(io::Error::last_os_error())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_replaced_between_runs_is_opened_again() {
        let base = std::env::temp_dir().join(format!("sempatch-fs-at-{}", std::process::id()));
        let dir = base.join("d");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.c"), "one").unwrap();
        new_run();
        assert_eq!(stat(&dir.join("a.c")).unwrap().st_size, 3);
        std::fs::remove_dir_all(&dir).unwrap();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.c"), "three").unwrap();
        new_run();
        assert_eq!(stat(&dir.join("a.c")).unwrap().st_size, 5);
        let mut s = String::new();
        use std::io::Read;
        open_nonblocking(&dir.join("a.c"))
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        assert_eq!(s, "three");
        assert!(stat(&dir.join("missing.c")).is_err());
        std::fs::remove_dir_all(&base).unwrap();
    }
}
