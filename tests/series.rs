//! `sempatch series` on the demo repository (scripts/demo-repo.sh): the
//! committed patches/ are its output, they are what git format-patch makes of
//! the branch, `git am` rebuilds the branch, the user's HEAD, index and work
//! tree stay as they were, and checkpatch.pl finds nothing to complain about.

mod common;

use common::stderr_of as stderr;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The date README's main command passes, so patches/ is reproducible.
const DATE: &str = "2020-01-30 12:00:00 +0000";
const BRANCH: &str = "pin-user-pages";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the demo repository under `dir` and returns its path.
fn demo_repo(dir: &Path) -> PathBuf {
    let dest = dir.join("demo");
    let out = Command::new("bash")
        .arg(root().join("scripts/demo-repo.sh"))
        .arg(&dest)
        .output()
        .expect("run scripts/demo-repo.sh");
    assert!(
        out.status.success(),
        "demo-repo.sh: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        dest.to_str().unwrap()
    );
    dest
}

/// Runs `sempatch series` with the shipped manifest and `args`, with git's
/// identity and date variables cleared so only the repository speaks.
fn series(args: &[&str]) -> Output {
    let mut c = Command::new(common::sempatch());
    c.current_dir(root()).arg("series");
    c.args(args);
    for v in [
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_AUTHOR_DATE",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "GIT_COMMITTER_DATE",
    ] {
        c.env_remove(v);
    }
    c.output().expect("run sempatch")
}

fn git(repo: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// README's main command, into `out`.
fn generate(repo: &Path, out: &Path) {
    let o = series(&[
        "--tree",
        repo.to_str().unwrap(),
        "--date",
        DATE,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "series failed: {}", stderr(&o));
}

fn patch_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "patch"))
        .collect();
    v.sort();
    v
}

fn name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn committed_patches_are_up_to_date() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = demo_repo(tmp.path());
    let out = tmp.path().join("patches");
    generate(&repo, &out);
    let fresh = patch_files(&out);
    let committed = patch_files(&root().join("patches"));
    let regen = "regenerate with README's main command: cargo run --release -- series --tree \"$(scripts/demo-repo.sh)\" --date \"2020-01-30 12:00:00 +0000\"";
    assert_eq!(
        fresh.iter().map(|p| name(p)).collect::<Vec<_>>(),
        committed.iter().map(|p| name(p)).collect::<Vec<_>>(),
        "patches/ is stale (file names differ); {regen}"
    );
    assert_eq!(fresh.len(), 14, "a cover letter and thirteen patches");
    for (f, c) in fresh.iter().zip(&committed) {
        assert!(
            std::fs::read(f).unwrap() == std::fs::read(c).unwrap(),
            "patches/{} is stale; {regen}",
            name(c)
        );
    }
}

#[test]
fn same_inputs_give_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    let (ra, rb) = (demo_repo(&a), demo_repo(&b));
    generate(&ra, &a.join("out"));
    generate(&rb, &b.join("out"));
    for (x, y) in patch_files(&a.join("out"))
        .iter()
        .zip(patch_files(&b.join("out")))
    {
        assert_eq!(
            std::fs::read(x).unwrap(),
            std::fs::read(&y).unwrap(),
            "{}",
            name(x)
        );
    }
}

#[test]
fn patches_are_what_git_format_patch_makes_of_the_branch() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = demo_repo(tmp.path());
    let ours = tmp.path().join("ours");
    generate(&repo, &ours);
    let theirs = tmp.path().join("theirs");
    git(
        &repo,
        &[
            "-c",
            "core.abbrev=7",
            "format-patch",
            "-q",
            "--to",
            "Mia Morton <mia.morton@example.org>",
            "--cc",
            "linux-mm@lists.example.org",
            "--signature",
            &format!("sempatch {}", env!("CARGO_PKG_VERSION")),
            "-o",
            theirs.to_str().unwrap(),
            &format!("master..{BRANCH}"),
        ],
    );
    let ours: Vec<PathBuf> = patch_files(&ours).into_iter().skip(1).collect();
    let theirs = patch_files(&theirs);
    assert_eq!(ours.len(), theirs.len());
    for (o, t) in ours.iter().zip(&theirs) {
        assert_eq!(name(o), name(t));
        assert_eq!(
            std::fs::read_to_string(o).unwrap(),
            std::fs::read_to_string(t).unwrap(),
            "{}",
            name(o)
        );
    }
}

#[test]
fn git_am_on_the_base_rebuilds_the_branch() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = demo_repo(tmp.path());
    let out = tmp.path().join("patches");
    generate(&repo, &out);
    let clone = tmp.path().join("clone");
    git(
        tmp.path(),
        &[
            "clone",
            "-q",
            repo.to_str().unwrap(),
            clone.to_str().unwrap(),
        ],
    );
    let cover = std::fs::read_to_string(out.join("0000-cover-letter.patch")).unwrap();
    let base = cover
        .lines()
        .find_map(|l| l.strip_prefix("base-commit: "))
        .expect("the cover letter names its base")
        .to_string();
    git(&clone, &["checkout", "-q", "-b", "applied", &base]);
    let mut args = vec![
        "-c".to_string(),
        "user.name=Applier".into(),
        "-c".into(),
        "user.email=applier@example.org".into(),
        "am".into(),
        "-q".into(),
    ];
    args.extend(
        patch_files(&out)
            .into_iter()
            .skip(1)
            .map(|p| p.to_string_lossy().into_owned()),
    );
    git(&clone, &args.iter().map(String::as_str).collect::<Vec<_>>());
    let applied = git(&clone, &["rev-parse", "HEAD^{tree}"]);
    let branch = git(&repo, &["rev-parse", &format!("{BRANCH}^{{tree}}")]);
    assert_eq!(
        applied, branch,
        "git am of the patches gives the branch's tree"
    );
    let subjects = git(&clone, &["log", "--format=%s", &format!("{base}..HEAD")]);
    let ours = git(&repo, &["log", "--format=%s", &format!("{base}..{BRANCH}")]);
    assert_eq!(subjects, ours);
}

#[test]
fn head_index_and_work_tree_are_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = demo_repo(tmp.path());
    // A user in the middle of something: a staged edit, an unstaged one, a new file.
    std::fs::write(repo.join("mm/gup.c"), "staged\n").unwrap();
    git(&repo, &["add", "mm/gup.c"]);
    std::fs::write(repo.join("mm/gup.c"), "unstaged\n").unwrap();
    std::fs::write(repo.join("notes.txt"), "untracked\n").unwrap();
    let state = |r: &Path| {
        (
            git(r, &["rev-parse", "HEAD"]),
            git(r, &["symbolic-ref", "HEAD"]),
            git(r, &["status", "--porcelain=v1", "--untracked-files=all"]),
            git(r, &["ls-files", "--stage"]),
            git(r, &["diff"]),
            git(r, &["diff", "--cached"]),
            std::fs::read(r.join(".git/index")).unwrap(),
        )
    };
    let before = state(&repo);
    generate(&repo, &tmp.path().join("patches"));
    assert_eq!(before, state(&repo));
    // The series is based on HEAD's tree, not on the work tree.
    let tip_gup = git(&repo, &["show", &format!("{BRANCH}:mm/gup.c")]);
    assert!(tip_gup.contains("unpin_user_pages_dirty_lock"), "{tip_gup}");
}

#[test]
fn an_existing_branch_needs_force() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = demo_repo(tmp.path());
    let out = tmp.path().join("patches");
    generate(&repo, &out);
    let tip = git(&repo, &["rev-parse", BRANCH]);
    let args = [
        "--tree",
        repo.to_str().unwrap(),
        "--date",
        "2021-01-01 00:00:00 +0000",
        "--out",
        out.to_str().unwrap(),
    ];
    let again = series(&args);
    assert_eq!(again.status.code(), Some(1), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        tip,
        git(&repo, &["rev-parse", BRANCH]),
        "the branch did not move"
    );
    let mut forced = args.to_vec();
    forced.push("--force");
    let o = series(&forced);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_ne!(
        tip,
        git(&repo, &["rev-parse", BRANCH]),
        "--force replaced the branch"
    );
    // The branch HEAD is on is never moved, --force or not.
    git(&repo, &["checkout", "-q", BRANCH]);
    let o = series(&forced);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("checked out"), "{}", stderr(&o));
}

#[test]
fn dry_run_prints_the_plan_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = demo_repo(tmp.path());
    let objects = || git(&repo, &["count-objects"]);
    let before = (objects(), git(&repo, &["for-each-ref"]));
    let out = tmp.path().join("patches");
    let o = series(&[
        "--tree",
        repo.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--dry-run",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!out.exists(), "a dry run writes no patches");
    assert_eq!(
        before,
        (objects(), git(&repo, &["for-each-ref"])),
        "nor objects or refs"
    );
    let listing = String::from_utf8(o.stdout).unwrap();
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(root().join("snapshots"));
    s.set_prepend_module_to_snapshot(false);
    s.set_omit_expression(true);
    s.bind(|| insta::assert_snapshot!("series-dry-run", listing));
}

#[test]
fn subjects_prefixes_and_trailers_of_the_demo_series() {
    let patches = patch_files(&root().join("patches"));
    let subjects: Vec<String> = patches
        .iter()
        .map(|p| {
            let t = std::fs::read_to_string(p).unwrap();
            let s = t
                .lines()
                .skip_while(|l| !l.starts_with("Subject: "))
                .take_while(|l| !l.starts_with("To:"));
            s.collect::<Vec<_>>().join("\n").replace("\n ", " ")
        })
        .collect();
    assert_eq!(
        subjects,
        [
            "Subject: [PATCH 00/13] mm/gup: pin user pages for DMA and unpin them by name",
            // Learned from the history of the files:
            "Subject: [PATCH 01/13] drm/via: convert put_page() to put_user_page*()",
            "Subject: [PATCH 02/13] IB/umem: convert put_page() to put_user_page*()",
            // No prefixed history: made from the path.
            "Subject: [PATCH 03/13] media/v4l2-core: convert put_page() to put_user_page*()",
            "Subject: [PATCH 04/13] platform/goldfish: convert put_page() to put_user_page*()",
            "Subject: [PATCH 05/13] io_uring: convert put_page() to put_user_page*()",
            "Subject: [PATCH 06/13] xdp: convert put_page() to put_user_page*()",
            // Each subsystem's pin patch after its release patch:
            "Subject: [PATCH 07/13] drm/via: set FOLL_PIN via pin_user_pages()",
            "Subject: [PATCH 08/13] IB/umem: set FOLL_PIN via pin_user_pages_fast()",
            "Subject: [PATCH 09/13] media/v4l2-core: set FOLL_PIN via pin_user_pages()",
            "Subject: [PATCH 10/13] platform/goldfish: set FOLL_PIN via pin_user_pages_fast()",
            "Subject: [PATCH 11/13] io_uring: set FOLL_PIN via pin_user_pages()",
            "Subject: [PATCH 12/13] xdp: set FOLL_PIN via pin_user_pages()",
            "Subject: [PATCH 13/13] mm/gup, tree-wide: rename put_user_page*() to unpin_user_page*()",
        ]
    );
    let via = std::fs::read_to_string(&patches[7]).unwrap();
    for want in [
        "Cc: Vera Viaducci <vera.viaducci@example.org>\nCc: Dora Render <dora.render@example.org>\n",
        "Cc: dri-devel@lists.example.org\nCc: linux-kernel@lists.example.org\nSigned-off-by: Demo Developer <demo.developer@example.org>\n---\n",
        "via_lock_all_dma_pages()",
    ] {
        assert!(via.contains(want), "missing {want:?} in\n{via}");
    }
    assert!(
        !via.contains("Top Penguin"),
        "THE REST's maintainer is left out, as get_maintainer.pl does"
    );
    let cover = std::fs::read_to_string(&patches[0]).unwrap();
    assert!(
        !cover.contains("*** "),
        "no placeholders in the cover letter"
    );
    assert!(
        cover.contains("Demo Developer (13):\n  drm/via: convert put_page() to put_user_page*()\n")
    );
    for p in &patches {
        let t = std::fs::read_to_string(p).unwrap();
        let body = t.split("\n\n").skip(1).collect::<Vec<_>>().join("\n\n");
        let body = body.split("\n---\n").next().unwrap();
        let body = body.split("\n-- \n").next().unwrap();
        for l in body.lines() {
            assert!(
                l.len() <= 75 || l.starts_with("Cc: "),
                "{}: line over 75 columns: {l}",
                name(p)
            );
            assert_eq!(l, l.trim_end(), "{}: trailing whitespace", name(p));
        }
    }
}

#[test]
fn a_bad_manifest_is_exit_2_with_its_location() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = demo_repo(tmp.path());
    let cocci = root().join("transforms/pin_user_pages.cocci");
    let manifest = tmp.path().join("series.toml");
    std::fs::write(
        &manifest,
        format!(
            "[series]\ntitle = \"t\"\ncover = \"why\"\n\n[[transform]]\nsmpl = {:?}\nsubject = \"{{prefix}}: x\"\nsplit = \"module\"\n",
            cocci.to_str().unwrap()
        ),
    )
    .unwrap();
    let o = series(&[
        "--manifest",
        manifest.to_str().unwrap(),
        "--tree",
        repo.to_str().unwrap(),
        "--dry-run",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains(&format!(
            "{}:8:9: unknown split `module`",
            manifest.display()
        )),
        "{e}"
    );
    assert!(e.contains("split = \"module\"\n        ^"), "{e}");

    std::fs::write(&manifest, "[series]\ntitle = \"t\"\ncover = [1\n").unwrap();
    let o = series(&[
        "--manifest",
        manifest.to_str().unwrap(),
        "--tree",
        repo.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!("{}:3:", manifest.display())),
        "{}",
        stderr(&o)
    );

    let o = series(&["--tree", tmp.path().join("nowhere").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));

    // A paths entry that matches nothing is said, and an empty series is no series.
    std::fs::write(
        &manifest,
        format!(
            "[series]\ntitle = \"t\"\ncover = \"why\"\n\n[[transform]]\nsmpl = {:?}\nsubject = \"{{prefix}}: x\"\npaths = [\"drivers/nowhere\"]\n",
            cocci.to_str().unwrap()
        ),
    )
    .unwrap();
    let o = series(&[
        "--manifest",
        manifest.to_str().unwrap(),
        "--tree",
        repo.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("`drivers/nowhere` matches no file"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("no transform changed anything"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn checkpatch_is_clean_on_the_demo_series() {
    let Some(kernel) = common::kernel_tree("checkpatch_is_clean_on_the_demo_series") else {
        return;
    };
    let patches = patch_files(&root().join("patches"));
    assert!(patches.len() > 1);
    for p in &patches {
        let out = Command::new("perl")
            .arg(kernel.join("scripts/checkpatch.pl"))
            .arg("--no-tree")
            .arg(p)
            .output()
            .expect("run checkpatch.pl");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("total: 0 errors, 0 warnings"),
            "checkpatch on {}:\n{text}",
            name(p)
        );
        assert!(out.status.success(), "checkpatch on {}:\n{text}", name(p));
    }
}

#[test]
fn the_readme_manifest_example_parses() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme
        .split("### The series manifest")
        .nth(1)
        .expect("README documents the manifest");
    let toml = section
        .split("```toml\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a toml example");
    let m =
        sempatch::series::manifest::Manifest::parse(&root().join("transforms/example.toml"), toml)
            .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(m.version, 2);
    assert_eq!(m.prefixes.len(), 1);
    assert_eq!(m.transforms.len(), 1);
}

/// A repository at `dir/t` whose first commit holds `files` (under
/// `drivers/x/`), their times set in the past so that git's index records
/// them as clean.
fn small_repo(dir: &Path, files: &[(&str, &[u8])]) -> PathBuf {
    let repo = dir.join("t");
    std::fs::create_dir_all(repo.join("drivers/x")).unwrap();
    for (name, text) in files {
        std::fs::write(repo.join("drivers/x").join(name), text).unwrap();
    }
    age(&repo, files.iter().map(|f| f.0));
    git(&repo, &["init", "-q", "-b", "master"]);
    common::commit_all(&repo);
    repo
}

/// Sets the times of `drivers/x/NAME` to 2020.
fn age<'a>(repo: &Path, names: impl Iterator<Item = &'a str>) {
    for n in names {
        let st = Command::new("touch")
            .args(["-d", "2020-01-01 00:00:00"])
            .arg(repo.join("drivers/x").join(n))
            .status()
            .unwrap();
        assert!(st.success());
    }
}

/// Runs a series of rename transforms (`old`, `new` function names) over
/// `repo` into `dir/out`; returns the run and the patch files.
fn rename_series(dir: &Path, repo: &Path, renames: &[(&str, &str)]) -> (Output, Vec<PathBuf>) {
    let mut manifest = String::from("[series]\ntitle = \"t\"\ncover = \"why\"\n");
    for (i, (old, new)) in renames.iter().enumerate() {
        let rule = dir.join(format!("r{i}.cocci"));
        std::fs::write(
            &rule,
            format!("@@\nexpression E;\n@@\n- {old}(E)\n+ {new}(E)\n"),
        )
        .unwrap();
        manifest += &format!(
            "\n[[transform]]\nsmpl = {:?}\nsubject = \"{{prefix}}: {old} to {new}\"\n",
            rule.to_str().unwrap()
        );
    }
    let path = dir.join("series.toml");
    std::fs::write(&path, manifest).unwrap();
    let out = dir.join("out");
    let o = series(&[
        "--manifest",
        path.to_str().unwrap(),
        "--tree",
        repo.to_str().unwrap(),
        "--date",
        DATE,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let patches = patch_files(&out);
    (o, patches)
}

#[test]
fn one_read_of_the_tree_serves_every_transform() {
    // Each blob is read once for all transforms' prefilters: a binary file is
    // still reported by each transform, and a file that only the second
    // transform's rule names (in code the first transform writes) is still
    // converted.
    let tmp = tempfile::tempdir().unwrap();
    let repo = small_repo(
        tmp.path(),
        &[
            ("a.c", b"void f(struct page *p)\n{\n\told_release(p);\n}\n"),
            ("b.c", b"old_release(p);\0\n"),
            ("c.c", b"int unrelated;\n"),
        ],
    );
    let (o, patches) = rename_series(
        tmp.path(),
        &repo,
        &[
            ("old_release", "mid_release"),
            ("mid_release", "new_release"),
        ],
    );
    let e = stderr(&o);
    assert_eq!(
        e.matches("drivers/x/b.c: skipped: binary file").count(),
        2,
        "{e}"
    );
    assert_eq!(patches.len(), 3, "{patches:?}");
    let second = std::fs::read_to_string(&patches[2]).unwrap();
    assert!(
        second.contains("-\tmid_release(p);\n+\tnew_release(p);"),
        "{second}"
    );
}

#[test]
fn the_series_follows_head_whatever_the_work_tree_holds() {
    // Unchanged files are read from the work tree rather than from git's
    // objects; an edited one (staged or not) must not leak into the series.
    let tmp = tempfile::tempdir().unwrap();
    let repo = small_repo(
        tmp.path(),
        &[
            ("a.c", b"void f(void)\n{\n\told_release(p);\n}\n"),
            ("b.c", b"void g(void)\n{\n\tother(q);\n}\n"),
            ("c.c", b"void h(void)\n{\n\tother(r);\n}\n"),
        ],
    );
    // a.c loses the call in the work tree, b.c gains one, c.c gains one and
    // is staged; the old times again, so only sizes and change times tell.
    let x = repo.join("drivers/x");
    std::fs::write(x.join("a.c"), "void f(void)\n{\n\tother(p);\n}\n").unwrap();
    std::fs::write(x.join("b.c"), "void g(void)\n{\n\told_release(q);\n}\n").unwrap();
    std::fs::write(x.join("c.c"), "void h(void)\n{\n\told_release(r);\n}\n").unwrap();
    age(&repo, ["a.c", "b.c", "c.c"].into_iter());
    git(&repo, &["add", "drivers/x/c.c"]);
    let (_, patches) = rename_series(tmp.path(), &repo, &[("old_release", "new_release")]);
    assert_eq!(patches.len(), 2, "{patches:?}");
    let p = std::fs::read_to_string(&patches[1]).unwrap();
    assert!(
        p.contains("drivers/x/a.c") && p.contains("+\tnew_release(p);"),
        "{p}"
    );
    assert!(!p.contains("b.c") && !p.contains("c.c"), "{p}");
}
