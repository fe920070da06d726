//! The word index: for each `.c`/`.h` file of a git work tree, a Bloom
//! filter of the identifiers it contains, so that a run over the whole tree
//! reads only the files its prefilter can pass (in the spirit of Coccinelle's
//! `--use-idutils`, built in).
//!
//! `sempatch index` writes it into the git directory; `apply` uses it when it
//! is there. A file whose size, times, inode or device differ from what the
//! index recorded (edited, replaced, or new since) is read as without an
//! index, so a stale index costs speed, never a match. A Bloom filter can say
//! "maybe" for a word that is absent (about once in 2,000 asks): the file is
//! then read, and the prefilter decides on its bytes. It never says "no" for
//! a word that is there. While git's own index file is unchanged since the
//! build, the list of files comes from here too (git would list the same).
//! A file listed but left out (binary, too large, changed while indexed) is
//! always read.
//!
//! The words are maximal runs of identifier bytes in the raw text (comments
//! and strings included) that do not start with a digit: exactly what the
//! prefilter's whole-identifier test looks for. A fragment (a string a regular
//! expression forces, matched anywhere) cannot be asked of a Bloom filter and
//! counts as present.
//!
//! Layout (little-endian): a 16-byte magic, the file count, the stamp of
//! git's index file when the list was taken, and the offsets of the three
//! sections — fixed-size file records, the path blob, the filters.

use crate::prefilter::Prefilter;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// The index's file name inside the git directory.
pub const FILE_NAME: &str = "sempatch-words.idx";

const MAGIC: &[u8; 16] = b"sempatch bloom2\n";
const FIELDS: usize = 11;
const FILE_RECORD: usize = FIELDS * 8;
/// Filter bits per distinct word, and probes per word: about one false
/// "maybe" in 2,000 per word asked.
const BITS_PER_WORD: usize = 16;
const PROBES: u64 = 11;
/// The filter length of a file listed but not indexed (always read).
const UNINDEXED: u64 = u64::MAX;
/// Where the header keeps git's index stamp, and the section offsets.
const GIT_INDEX_AT: usize = 24;
const SECTIONS_AT: usize = GIT_INDEX_AT + 32;

/// What identifies a file's content without reading it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stamp {
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
    ino: u64,
    dev: u64,
}

impl Stamp {
    /// The stamp of a regular file, or `None`.
    pub fn of(path: &Path) -> Option<Stamp> {
        let m = crate::fs_at::stat(path).ok()?;
        (m.st_mode & libc::S_IFMT == libc::S_IFREG).then_some(Stamp {
            size: m.st_size as u64,
            mtime: (m.st_mtime, m.st_mtime_nsec),
            ctime: (m.st_ctime, m.st_ctime_nsec),
            ino: m.st_ino,
            dev: m.st_dev,
        })
    }
}

/// What `sempatch index` did.
#[derive(Debug)]
pub struct Built {
    pub path: PathBuf,
    pub files: usize,
    pub bytes: u64,
}

/// The work tree and git directory of the repository holding `dir`.
fn repo_dirs(dir: &Path) -> Result<(PathBuf, PathBuf), String> {
    let repo = git2::Repository::discover(dir).map_err(|e| {
        format!(
            "{}: not inside a git work tree ({})",
            dir.display(),
            e.message()
        )
    })?;
    let work = repo
        .workdir()
        .ok_or_else(|| format!("{}: a bare repository has no files to index", dir.display()))?;
    Ok((work.to_path_buf(), repo.path().to_path_buf()))
}

/// The runs of identifier bytes in `text` that do not start with a digit,
/// each once.
fn words_of(text: &[u8]) -> Vec<&[u8]> {
    let mut v: Vec<&[u8]> = text
        .split(|&b| !crate::c::lex::is_ident_byte(b))
        .filter(|w| w.first().is_some_and(|b| !b.is_ascii_digit()))
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// FNV-1a, split into the two halves double hashing needs.
fn hashes(word: &[u8]) -> (u64, u64) {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in word {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (h, (h >> 29) | 1)
}

fn bloom(words: &[&[u8]]) -> Vec<u64> {
    let bits = (words.len() * BITS_PER_WORD).max(64);
    let mut f = vec![0u64; bits.div_ceil(64)];
    let m = (f.len() * 64) as u64;
    for w in words {
        let (h1, h2) = hashes(w);
        for i in 0..PROBES {
            let bit = h1.wrapping_add(i.wrapping_mul(h2)) % m;
            f[(bit / 64) as usize] |= 1 << (bit % 64);
        }
    }
    f
}

fn bloom_has(f: &[u8], (h1, h2): (u64, u64)) -> bool {
    let m = (f.len() * 8) as u64;
    if m == 0 {
        return false;
    }
    (0..PROBES).all(|i| {
        let bit = h1.wrapping_add(i.wrapping_mul(h2)) % m;
        f[(bit / 8) as usize] & (1 << (bit % 8)) != 0
    })
}

/// Size, modification time and inode of git's index file: git replaces it
/// whole whenever it changes it.
fn git_index_stamp(git_dir: &Path) -> Option<[u64; 4]> {
    let m = std::fs::metadata(git_dir.join("index")).ok()?;
    Some([m.len(), m.mtime() as u64, m.mtime_nsec() as u64, m.ino()])
}

/// Builds (or rebuilds) the index of the repository holding `dir`.
pub fn build(dir: &Path) -> Result<Built, String> {
    crate::fs_at::new_run();
    let (work, git_dir) = repo_dirs(dir)?;
    let repo = git2::Repository::open(&git_dir).map_err(|e| e.message().to_string())?;
    // Taken before git's index is read: if it changes after, the listing
    // kept here is not trusted.
    let git_index = git_index_stamp(&git_dir);
    let index = repo.index().map_err(|e| e.message().to_string())?;
    let mut paths: Vec<Vec<u8>> = index
        .iter()
        .filter(|e| e.mode & 0o170000 == 0o100000)
        .map(|e| e.path)
        .filter(|p| p.ends_with(b".c") || p.ends_with(b".h"))
        .collect();
    paths.sort();
    paths.dedup();
    let entries: Vec<Option<(Stamp, Vec<u64>)>> = paths
        .par_iter()
        .map(|p| {
            use std::os::unix::ffi::OsStrExt;
            let f = work.join(std::ffi::OsStr::from_bytes(p));
            let before = Stamp::of(&f)?;
            // Files `apply` would refuse are left out, so that it reads and
            // reports them as it does without an index.
            if before.size > crate::scan::MAX_FILE_BYTES {
                return None;
            }
            let text = std::fs::read(&f).ok()?;
            if memchr::memchr(0, &text).is_some() {
                return None;
            }
            // Changed while being read: left out, so read at apply time.
            (Stamp::of(&f)? == before).then(|| (before, bloom(&words_of(&text))))
        })
        .collect();
    let mut records = Vec::new();
    let mut path_blob = Vec::new();
    let mut blooms: Vec<u8> = Vec::new();
    let (mut n, mut listed) = (0, 0u64);
    for (p, e) in paths.iter().zip(entries) {
        // A file left out is still listed, so that the listing is git's.
        let (s, f) = e.unwrap_or((Stamp::default(), Vec::new()));
        let indexed = !f.is_empty();
        let fields: [u64; FIELDS] = [
            path_blob.len() as u64,
            p.len() as u64,
            s.size,
            s.mtime.0 as u64,
            s.mtime.1 as u64,
            s.ctime.0 as u64,
            s.ctime.1 as u64,
            s.ino,
            s.dev,
            blooms.len() as u64,
            if indexed {
                (f.len() * 8) as u64
            } else {
                UNINDEXED
            },
        ];
        for v in fields {
            records.extend_from_slice(&v.to_le_bytes());
        }
        path_blob.extend_from_slice(p);
        for w in f {
            blooms.extend_from_slice(&w.to_le_bytes());
        }
        n += usize::from(indexed);
        listed += 1;
    }
    let out = git_dir.join(FILE_NAME);
    let mut header = Vec::new();
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(&listed.to_le_bytes());
    for v in git_index.unwrap_or([u64::MAX; 4]) {
        header.extend_from_slice(&v.to_le_bytes());
    }
    let mut at = (SECTIONS_AT + 4 * 8) as u64;
    for sec in [&records, &path_blob, &blooms] {
        header.extend_from_slice(&at.to_le_bytes());
        at += sec.len() as u64;
    }
    header.extend_from_slice(&at.to_le_bytes());
    // Written whole or not at all: a run reading it meanwhile sees the old one.
    let mut tmp = tempfile::NamedTempFile::new_in(&git_dir).map_err(|e| e.to_string())?;
    for sec in [&header, &records, &path_blob, &blooms] {
        tmp.write_all(sec).map_err(|e| e.to_string())?;
    }
    tmp.persist(&out).map_err(|e| e.to_string())?;
    Ok(Built {
        path: out,
        files: n,
        bytes: at,
    })
}

/// An index opened for reading.
pub struct WordIndex {
    map: memmap2::Mmap,
    git_dir: PathBuf,
    n_files: usize,
    /// Offsets of the file records, the path blob, the filters, and the end.
    at: [usize; 4],
    /// File number by path (relative to the work tree).
    ids: HashMap<Vec<u8>, u32>,
}

impl std::fmt::Debug for WordIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "WordIndex({} files, {})",
            self.n_files,
            self.git_dir.display()
        )
    }
}

impl WordIndex {
    /// The index of the repository holding `dir`: `Ok(None)` when there is
    /// none, `Err` when it exists but cannot be used.
    pub fn open_for(dir: &Path) -> Result<Option<WordIndex>, String> {
        let Ok((_, git_dir)) = repo_dirs(dir) else {
            return Ok(None);
        };
        let path = git_dir.join(FILE_NAME);
        let f = match std::fs::File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        // SAFETY: the file is only ever replaced by a rename, never written in
        // place, so the mapped bytes do not change while they are read.
        let map =
            unsafe { memmap2::Mmap::map(&f) }.map_err(|e| format!("{}: {e}", path.display()))?;
        let bad = || {
            format!(
                "{}: not a word index of this version of sempatch (run `sempatch index` again)",
                path.display()
            )
        };
        let word = |k: usize| -> Option<u64> {
            Some(u64::from_le_bytes(map.get(k..k + 8)?.try_into().ok()?))
        };
        if map.get(..MAGIC.len()) != Some(&MAGIC[..]) {
            return Err(bad());
        }
        let n_files = word(16).ok_or_else(bad)? as usize;
        let mut at = [0usize; 4];
        for (i, a) in at.iter_mut().enumerate() {
            *a = word(SECTIONS_AT + 8 * i).ok_or_else(bad)? as usize;
        }
        let ok = n_files
            .checked_mul(FILE_RECORD)
            .and_then(|l| at[0].checked_add(l))
            == Some(at[1])
            && at[1] <= at[2]
            && at[2] <= at[3]
            && at[3] == map.len();
        if !ok {
            return Err(bad());
        }
        let mut idx = WordIndex {
            map,
            git_dir,
            n_files,
            at,
            ids: HashMap::with_capacity(n_files),
        };
        for i in 0..n_files {
            let (off, len) = (idx.field(i, 0) as usize, idx.field(i, 1) as usize);
            let (boff, blen) = (idx.field(i, 9) as usize, idx.field(i, 10) as usize);
            let path_ok = off
                .checked_add(len)
                .is_some_and(|e| idx.at[1] + e <= idx.at[2]);
            let bloom_ok = blen as u64 == UNINDEXED
                || boff
                    .checked_add(blen)
                    .is_some_and(|e| idx.at[2] + e <= idx.at[3]);
            if !path_ok || !bloom_ok {
                return Err(bad());
            }
            let p = idx.map[idx.at[1] + off..idx.at[1] + off + len].to_vec();
            idx.ids.insert(p, i as u32);
        }
        Ok(Some(idx))
    }

    fn field(&self, i: usize, k: usize) -> u64 {
        let s = self.at[0] + i * FILE_RECORD + 8 * k;
        u64::from_le_bytes(self.map[s..s + 8].try_into().expect("8 bytes"))
    }

    fn stamp(&self, i: usize) -> Stamp {
        let f = |k| self.field(i, k);
        Stamp {
            size: f(2),
            mtime: (f(3) as i64, f(4) as i64),
            ctime: (f(5) as i64, f(6) as i64),
            ino: f(7),
            dev: f(8),
        }
    }

    /// The file's filter; `None` when the file was listed but not indexed.
    fn filter(&self, i: usize) -> Option<&[u8]> {
        if self.field(i, 10) == UNINDEXED {
            return None;
        }
        let (off, len) = (self.field(i, 9) as usize, self.field(i, 10) as usize);
        Some(&self.map[self.at[2] + off..self.at[2] + off + len])
    }

    fn path(&self, i: usize) -> &[u8] {
        let (off, len) = (self.field(i, 0) as usize, self.field(i, 1) as usize);
        &self.map[self.at[1] + off..self.at[1] + off + len]
    }

    /// The `.c`/`.h` files git listed when the index was built, when git's
    /// index has not changed since (then they are still what git lists):
    /// reading them here spares reading git's index.
    pub fn listing(&self) -> Option<Vec<&[u8]>> {
        let now = git_index_stamp(&self.git_dir)?;
        let then: Vec<u64> = (0..4)
            .map(|k| {
                let s = GIT_INDEX_AT + 8 * k;
                u64::from_le_bytes(self.map[s..s + 8].try_into().expect("8 bytes"))
            })
            .collect();
        (then == now).then(|| (0..self.n_files).map(|i| self.path(i)).collect())
    }

    /// The git directory this index belongs to.
    pub fn git_dir(&self) -> &Path {
        &self.git_dir
    }

    /// For each indexed file, whether `pre` may pass it: `None` when it
    /// passes a file with none of its words (the index cannot help).
    pub fn passes(&self, pre: &Prefilter) -> Option<Vec<bool>> {
        let words = pre.words();
        // Fragments cannot be asked of a filter: they count as present.
        let base: Vec<bool> = words.iter().map(|(_, fragment)| *fragment).collect();
        let without = pre.decide(&base);
        if without && base.iter().all(|b| !b) {
            return None;
        }
        let hs: Vec<Option<(u64, u64)>> = words
            .iter()
            .map(|(w, fragment)| (!fragment).then(|| hashes(w.as_bytes())))
            .collect();
        let out = (0..self.n_files)
            .into_par_iter()
            .map(|i| {
                let Some(f) = self.filter(i) else {
                    return true;
                };
                let found: Vec<bool> = hs
                    .iter()
                    .map(|h| h.is_none_or(|h| bloom_has(f, h)))
                    .collect();
                if found == base {
                    without
                } else {
                    pre.decide(&found)
                }
            })
            .collect();
        Some(out)
    }

    /// The file number of `rel` (its path in the work tree) when the index's
    /// record of it still holds for the file at `path`.
    pub fn current(&self, path: &Path, rel: &[u8]) -> Option<usize> {
        let id = *self.ids.get(rel)? as usize;
        self.filter(id)?;
        (Stamp::of(path)? == self.stamp(id)).then_some(id)
    }
}
