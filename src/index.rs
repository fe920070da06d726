//! The word index: for each `.c`/`.h` file of a git work tree, a Bloom
//! filter of the identifiers it contains, so that a run over the whole tree
//! reads only the files its prefilter can pass (in the spirit of Coccinelle's
//! `--use-idutils`, built in).
//!
//! `sempatch index` writes it into the git directory; `apply` uses it when it
//! is there. A file whose size, times, inode or device differ from what the
//! index recorded (edited, replaced, or new since) is read as without an
//! index, so a stale index costs speed, never a match. A Bloom filter can say
//! "maybe" for a word that is absent (about once in 500 asks): the file is
//! then read, and the prefilter decides on its bytes. It never says "no" for
//! a word that is there. Each word's bits lie in one 64-byte block of the
//! filter, so asking for a word touches one cache line. While git's own
//! index file is unchanged since the build, the list of files comes from
//! here too (git would list the same).
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
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// The index's file name inside the git directory.
pub const FILE_NAME: &str = "sempatch-words.idx";

const MAGIC: &[u8; 16] = b"sempatch bloom3\n";
const FIELDS: usize = 11;
const FILE_RECORD: usize = FIELDS * 8;
/// Filter bits per distinct word, and probes per word: about one false
/// "maybe" in 500 per word asked (a false "maybe" costs one file read).
const BITS_PER_WORD: usize = 16;
const PROBES: u64 = 8;
/// Bits per filter block: a cache line.
const BLOCK_BITS: usize = 512;
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

/// FNV-1a of a word, mixed by splitmix64's finaliser (FNV's high bits
/// barely change between names that differ at the end), split in two.
fn hashes(word: &[u8]) -> (u64, u64) {
    use std::hash::Hasher;
    let mut fnv = crate::c::hints::Fnv::default();
    fnv.write(word);
    let mut z = fnv.finish().wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    let z = z ^ (z >> 31);
    (z, z.rotate_left(32))
}

/// The bits of a word in a filter of `blocks` blocks: all in one block, so
/// that asking a filter for a word costs one cache line, not one per probe
/// (the index is asked for a few words of every file in the tree).
fn probes((h1, h2): (u64, u64), blocks: usize) -> impl Iterator<Item = usize> {
    let block = ((u128::from(h1) * blocks as u128) >> 64) as usize;
    let (a, b) = (h2 as usize, ((h2 >> 16) as usize) | 1);
    (0..PROBES as usize)
        .map(move |i| block * BLOCK_BITS + (a.wrapping_add(i.wrapping_mul(b)) & (BLOCK_BITS - 1)))
}

fn bloom(words: &[&[u8]]) -> Vec<u64> {
    let blocks = (words.len() * BITS_PER_WORD).div_ceil(BLOCK_BITS).max(1);
    let mut f = vec![0u64; blocks * BLOCK_BITS / 64];
    for w in words {
        for bit in probes(hashes(w), blocks) {
            f[bit / 64] |= 1 << (bit % 64);
        }
    }
    f
}

fn bloom_has(f: &[u8], h: (u64, u64)) -> bool {
    let blocks = f.len() * 8 / BLOCK_BITS;
    blocks > 0 && probes(h, blocks).all(|bit| f[bit / 8] & (1 << (bit % 8)) != 0)
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
            if before.size > crate::fs_at::MAX_FILE_BYTES {
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
        let map = unsafe { memmap2::MmapOptions::new().populate().map(&f) }
            .map_err(|e| format!("{}: {e}", path.display()))?;
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
        let idx = WordIndex {
            map,
            git_dir,
            n_files,
            at,
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
        let gate = pre.gate();
        // Words are probed only as the formula asks for them: most files are
        // settled by the first few absent ones.
        let out = (0..self.n_files)
            .into_par_iter()
            .map_init(
                || vec![None; hs.len()],
                |seen: &mut Vec<Option<bool>>, i| {
                    let Some(f) = self.filter(i) else {
                        return true;
                    };
                    seen.fill(None);
                    let mut has = |w: usize| {
                        *seen[w].get_or_insert_with(|| hs[w].is_none_or(|h| bloom_has(f, h)))
                    };
                    // Most files lack every word of the gate: a few probes settle them.
                    if gate.is_some_and(|g| !g.iter().any(|&w| has(w))) {
                        return false;
                    }
                    pre.decide_by(has)
                },
            )
            .collect();
        Some(out)
    }

    /// The file number of `rel` (its path in the work tree) when the index's
    /// record of it still holds for the file at `path`.
    pub fn current(&self, path: &Path, rel: &[u8]) -> Option<usize> {
        // Paths are recorded in byte order (see `build`).
        let (mut lo, mut hi) = (0, self.n_files);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.path(mid).cmp(rel) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    lo = mid;
                    break;
                }
            }
        }
        let id = (lo < self.n_files && self.path(lo) == rel).then_some(lo)?;
        self.filter(id)?;
        (Stamp::of(path)? == self.stamp(id)).then_some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(prefix: &str, n: usize) -> Vec<Vec<u8>> {
        (0..n)
            .map(|i| format!("{prefix}_{i}").into_bytes())
            .collect()
    }

    #[test]
    fn a_filter_has_its_words_and_few_others() {
        for n in [1, 7, 40, 300, 2500] {
            let words = names("field", n);
            let refs: Vec<&[u8]> = words.iter().map(|w| &w[..]).collect();
            let f: Vec<u8> = bloom(&refs).iter().flat_map(|x| x.to_le_bytes()).collect();
            assert!(words.iter().all(|w| bloom_has(&f, hashes(w))));
            let others = names("other", 20_000);
            let false_maybes = others.iter().filter(|w| bloom_has(&f, hashes(w))).count();
            // Sized for about one in 500 (blocks cost some accuracy).
            assert!(false_maybes < 60, "{false_maybes} of 20000 for {n} words");
        }
    }
}
