//! Subject prefixes (`drm/via:`, `IB/umem:`): learned from the history of the
//! files a commit touches, or derived from their paths.

use std::collections::HashMap;

/// A commit of the history: its subject prefix and the paths it changed.
#[derive(Clone, Debug)]
pub struct Learned {
    pub prefix: String,
    pub paths: Vec<String>,
}

/// The prefixed commits of the recent history, most recent first.
#[derive(Clone, Debug, Default)]
pub struct History {
    pub commits: Vec<Learned>,
}

/// How many matching commits count as "recent" for one group of files.
const RECENT: usize = 50;

impl History {
    /// The most common prefix of the recent commits touching `files`, else `dir`.
    // Ties go to the prefix used most recently.
    pub fn prefix_for(&self, files: &[&str], dir: &str) -> Option<String> {
        let touches_files = |c: &Learned| c.paths.iter().any(|p| files.contains(&p.as_str()));
        let touches_dir = |c: &Learned| {
            c.paths
                .iter()
                .any(|p| dir.is_empty() || p.starts_with(&format!("{dir}/")))
        };
        self.most_common(touches_files)
            .or_else(|| self.most_common(touches_dir))
    }

    fn most_common(&self, pred: impl Fn(&Learned) -> bool) -> Option<String> {
        let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
        for (age, c) in self
            .commits
            .iter()
            .filter(|c| pred(c))
            .take(RECENT)
            .enumerate()
        {
            let e = counts.entry(c.prefix.as_str()).or_insert((0, age));
            e.0 += 1;
        }
        counts
            .into_iter()
            .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
            .map(|(p, _)| p.to_string())
    }
}

/// The `prefix` of a subject `prefix: summary`, when it looks like one.
// `drm/via`, `IB/{core,hw}` and `vfio, mm` do; merges, reverts and sentences do not.
pub fn of_subject(subject: &str) -> Option<String> {
    let mut s = subject.trim();
    while s.starts_with('[') {
        s = s.split_once(']')?.1.trim_start();
    }
    if s.starts_with("Merge ") || s.starts_with("Revert ") {
        return None;
    }
    let (p, rest) = s.split_once(": ")?;
    if p.is_empty() || p.len() > 40 || rest.trim().is_empty() {
        return None;
    }
    let ok_chars = p
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/_-.,{}+ ".contains(c));
    // Spaces only after commas ("vfio, mm"), never a sentence.
    let ok_spaces = p
        .char_indices()
        .all(|(i, c)| c != ' ' || p[..i].ends_with(','));
    (ok_chars && ok_spaces && p.chars().next().is_some_and(|c| c.is_ascii_alphanumeric()))
        .then(|| p.to_string())
}

/// Built-in knowledge of where the kernel's path and its subject prefixes
/// part ways: a path prefix and the prefix words that replace it.
const ALIASES: &[(&str, &str)] = &[
    ("arch", ""),
    ("drivers", ""),
    ("drivers/gpu/drm", "drm"),
    ("drivers/infiniband", "RDMA"),
    ("drivers/infiniband/hw", "RDMA"),
    ("drivers/infiniband/sw", "RDMA"),
    ("drivers/infiniband/ulp", "RDMA"),
    ("drivers/net/ethernet", "net"),
    ("drivers/net/wireless", "wifi"),
    ("include/linux", ""),
    ("include/uapi/linux", "uapi"),
    ("tools/testing/selftests", "selftests"),
];

/// Top-level directories whose single files are named in prefixes
/// (`mm/gup`, `io_uring/rsrc`, `fs/io_uring`).
fn is_core_dir(d: &str) -> bool {
    !matches!(
        d,
        "drivers" | "arch" | "include" | "sound" | "tools" | "Documentation"
    )
}

/// The directory the files have in common (`""` for the top level).
pub fn common_dir(files: &[&str]) -> String {
    let mut common: Option<Vec<&str>> = None;
    for f in files {
        let comps: Vec<&str> = f.split('/').collect();
        let dir = &comps[..comps.len() - 1];
        common = Some(match common {
            None => dir.to_vec(),
            Some(c) => c
                .iter()
                .zip(dir)
                .take_while(|(a, b)| a == b)
                .map(|(a, _)| *a)
                .collect(),
        });
    }
    common.unwrap_or_default().join("/")
}

/// A prefix made from the files' paths (`drivers/gpu/drm/via/…` → `drm/via`).
// Container directories are dropped, at most three words are kept, and a lone file in a
// top-level directory is named too (`mm/gup.c` → `mm/gup`): what kernel subjects do.
pub fn from_paths(files: &[&str]) -> String {
    let dir = common_dir(files);
    let comps: Vec<&str> = dir.split('/').filter(|c| !c.is_empty()).collect();
    let (head, used) = ALIASES
        .iter()
        .filter(|(k, _)| dir == *k || dir.starts_with(&format!("{k}/")))
        .max_by_key(|(k, _)| k.len())
        .map(|(k, v)| (*v, k.split('/').count()))
        .unwrap_or(("", 0));
    let mut words: Vec<String> = head
        .split('/')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    words.extend(comps[used..].iter().map(|c| c.to_string()));
    let lone_core_file =
        files.len() == 1 && comps.len() <= 1 && comps.first().is_none_or(|d| is_core_dir(d));
    if words.is_empty() || lone_core_file {
        if let Some(stem) = files
            .first()
            .and_then(|f| f.rsplit('/').next())
            .map(|n| n.rsplit_once('.').map_or(n, |(s, _)| s))
        {
            words.push(stem.to_string());
        }
    }
    if words.len() > 3 {
        let n = words.len();
        words = vec![words[0].clone(), words[n - 2].clone(), words[n - 1].clone()];
    }
    words.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_of_subjects() {
        assert_eq!(
            of_subject("drm/via: set FOLL_PIN").as_deref(),
            Some("drm/via")
        );
        assert_eq!(
            of_subject("[PATCH v3 1/2] IB/umem: x").as_deref(),
            Some("IB/umem")
        );
        assert_eq!(of_subject("vfio, mm: fix it").as_deref(), Some("vfio, mm"));
        assert_eq!(
            of_subject("IB/{core,hw,umem}: set").as_deref(),
            Some("IB/{core,hw,umem}")
        );
        assert_eq!(of_subject("Merge tag 'x': y"), None);
        assert_eq!(of_subject("Fix the thing: really"), None);
        assert_eq!(of_subject("base"), None);
    }

    #[test]
    fn prefixes_from_paths() {
        assert_eq!(
            from_paths(&["drivers/gpu/drm/via/via_dmablit.c"]),
            "drm/via"
        );
        assert_eq!(from_paths(&["drivers/infiniband/core/umem.c"]), "RDMA/core");
        assert_eq!(
            from_paths(&["drivers/infiniband/hw/qib/qib_user_pages.c"]),
            "RDMA/qib"
        );
        assert_eq!(
            from_paths(&[
                "drivers/infiniband/core/umem.c",
                "drivers/infiniband/hw/qib/a.c"
            ]),
            "RDMA"
        );
        assert_eq!(from_paths(&["mm/gup.c"]), "mm/gup");
        assert_eq!(from_paths(&["mm/gup.c", "mm/hugetlb.c"]), "mm");
        assert_eq!(from_paths(&["fs/io_uring.c"]), "fs/io_uring");
        assert_eq!(from_paths(&["io_uring/rsrc.c"]), "io_uring/rsrc");
        assert_eq!(from_paths(&["net/xdp/xdp_umem.c"]), "net/xdp");
        assert_eq!(from_paths(&["drivers/vfio/vfio_iommu_type1.c"]), "vfio");
        assert_eq!(from_paths(&["include/linux/mm.h"]), "mm");
        assert_eq!(
            from_paths(&["arch/powerpc/mm/book3s64/iommu_api.c"]),
            "powerpc/mm/book3s64"
        );
        assert_eq!(
            from_paths(&["drivers/platform/goldfish/goldfish_pipe.c"]),
            "platform/goldfish"
        );
    }

    #[test]
    fn history_prefers_the_files_then_the_directory() {
        let h = History {
            commits: vec![
                Learned {
                    prefix: "RDMA/core".into(),
                    paths: vec!["drivers/infiniband/core/cq.c".into()],
                },
                Learned {
                    prefix: "IB/umem".into(),
                    paths: vec!["drivers/infiniband/core/umem.c".into()],
                },
                Learned {
                    prefix: "IB/umem".into(),
                    paths: vec!["drivers/infiniband/core/umem.c".into()],
                },
                Learned {
                    prefix: "RDMA/core".into(),
                    paths: vec!["drivers/infiniband/core/umem.c".into()],
                },
            ],
        };
        assert_eq!(
            h.prefix_for(
                &["drivers/infiniband/core/umem.c"],
                "drivers/infiniband/core"
            )
            .as_deref(),
            Some("IB/umem")
        );
        assert_eq!(
            h.prefix_for(&["drivers/infiniband/core/cm.c"], "drivers/infiniband/core")
                .as_deref(),
            Some("RDMA/core")
        );
        assert_eq!(h.prefix_for(&["mm/gup.c"], "mm"), None);
    }
}
