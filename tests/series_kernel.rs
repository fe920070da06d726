//! The series builder's MAINTAINERS reading against the real thing: on
//! Debian's Linux 6.1 tree, the Cc list for a file is what
//! `scripts/get_maintainer.pl --nogit --nogit-fallback --norolestats` prints,
//! and subsystems and path-made prefixes come out as the kernel names them.

mod common;

use sempatch::series::maintainers::Maintainers;
use sempatch::series::prefix;
use std::path::Path;
use std::process::Command;

fn maintainers(kernel: &Path) -> Maintainers {
    let text = std::fs::read_to_string(kernel.join("MAINTAINERS")).unwrap();
    let mut m = Maintainers::parse(&text, &|d| kernel.join(d).is_dir());
    m.set_mailmap(&std::fs::read_to_string(kernel.join(".mailmap")).unwrap());
    m
}

const FILES: &[&str] = &[
    "drivers/infiniband/core/umem.c",
    "drivers/infiniband/hw/qib/qib_user_pages.c",
    "drivers/vfio/vfio_iommu_type1.c",
    "mm/gup.c",
    "net/xdp/xdp_umem.c",
    "io_uring/rsrc.c",
    "drivers/gpu/drm/via/via_dri1.c",
    "drivers/platform/goldfish/goldfish_pipe.c",
    "drivers/media/v4l2-core/videobuf-dma-sg.c",
    "arch/powerpc/mm/book3s64/iommu_api.c",
    "include/linux/mm.h",
];

#[test]
fn recipients_match_get_maintainer_pl() {
    let Some(kernel) = common::kernel_tree("recipients_match_get_maintainer_pl") else {
        return;
    };
    let m = maintainers(&kernel);
    for f in FILES {
        let out = Command::new("perl")
            .current_dir(&kernel)
            .args([
                "scripts/get_maintainer.pl",
                "--nogit",
                "--nogit-fallback",
                "--norolestats",
                "--nokeywords",
                "-f",
                f,
            ])
            .output()
            .expect("run get_maintainer.pl");
        assert!(
            out.status.success(),
            "{f}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let theirs: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_string)
            .collect();
        let ours = m.recipients([*f], &[]);
        assert_eq!(ours, theirs, "{f}");
    }
}

#[test]
fn keywords_match_a_patch_as_get_maintainer_pl_does() {
    let Some(kernel) = common::kernel_tree("keywords_match_a_patch_as_get_maintainer_pl_does")
    else {
        return;
    };
    let m = maintainers(&kernel);
    // A patch whose changed lines mention xdp brings in the XDP section's K:.
    let file = "net/xdp/xdp_umem.c";
    let text = std::fs::read_to_string(kernel.join(file)).unwrap();
    let (n, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("xdp_umem_unpin_pages(struct xdp_umem"))
        .expect("a line to change");
    let patch = format!(
        "--- a/{file}\n+++ b/{file}\n@@ -{0},1 +{0},1 @@\n-{line}\n+{line} \n",
        n + 1
    );
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("x.patch");
    std::fs::write(&p, &patch).unwrap();
    let out = Command::new("perl")
        .current_dir(&kernel)
        .args([
            "scripts/get_maintainer.pl",
            "--nogit",
            "--nogit-fallback",
            "--norolestats",
        ])
        .arg(&p)
        .output()
        .expect("run get_maintainer.pl");
    let theirs: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    let minus = format!("-{line}");
    let plus = format!("+{line} ");
    let ours = m.recipients([file], &[minus.as_str(), plus.as_str()]);
    assert_eq!(ours, theirs);
    assert!(
        ours.iter().any(|r| r.contains("ast@kernel.org")),
        "{ours:?}"
    );
}

#[test]
fn subsystems_and_path_prefixes_on_linux_6_1() {
    let Some(kernel) = common::kernel_tree("subsystems_and_path_prefixes_on_linux_6_1") else {
        return;
    };
    let m = maintainers(&kernel);
    let sub = |f: &str| {
        m.subsystem(f)
            .map(|i| m.sections[i].name.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        sub("drivers/infiniband/core/umem.c"),
        "INFINIBAND SUBSYSTEM"
    );
    assert_eq!(sub("drivers/vfio/vfio_iommu_type1.c"), "VFIO DRIVER");
    assert_eq!(sub("net/xdp/xdp_umem.c"), "XDP SOCKETS (AF_XDP)");
    assert_eq!(sub("io_uring/rsrc.c"), "IO_URING");
    assert_eq!(
        prefix::from_paths(&["drivers/infiniband/core/umem.c"]),
        "RDMA/core"
    );
    assert_eq!(prefix::from_paths(&["io_uring/rsrc.c"]), "io_uring/rsrc");
    assert_eq!(
        prefix::from_paths(&["drivers/vfio/vfio_iommu_type1.c"]),
        "vfio"
    );
}
