#!/usr/bin/env python3
"""Differential check of sempatch against Coccinelle's spatch on real kernel files.

Every semantic patch of the set is run by both tools over the same copies of
a list of Linux 6.1 files; each tool's changes are cut into hunks (runs of
changed lines, by difflib) and compared. A hunk both tools make is shared; a
hunk only one makes is listed, grouped by semantic patch, with file and line.

Semantic patches: every testdata case with a spatch.cocci (pure Coccinelle),
the classic rules of testdata/spatch/classic, the .cocci files of Coccinelle's conformance sample (--cocci-tests DIR) and
the kernel's scripts/coccinelle files (run with -D patch), each only when
sempatch accepts it. Files: --files quick (a few files of several subsystems,
for CI) or full (whole directories of several subsystems).

Exit status 1 when a hunk only sempatch makes is not listed in the allow-list
(testdata/spatch-diff-known.txt, documented in testdata/SPATCH-COMPARISON.md):
a change spatch does not make is a possible wrong change. Hunks only spatch
makes are misses; they are reported, not failed.
"""
import argparse, concurrent.futures as cf, difflib, os, re, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

QUICK_FILES = [
    "drivers/net/ethernet/intel/e1000/e1000_main.c",
    "drivers/net/ethernet/intel/e1000/e1000_ethtool.c",
    "drivers/net/ethernet/realtek/8139too.c",
    "drivers/infiniband/core/umem.c",
    "drivers/infiniband/hw/mthca/mthca_memfree.c",
    "drivers/media/v4l2-core/videobuf-dma-sg.c",
    "drivers/staging/vme_user/vme.c",
    "drivers/misc/vmw_vmci/vmci_host.c",
    "drivers/platform/goldfish/goldfish_pipe.c",
    "drivers/gpu/drm/drm_gem.c",
    "drivers/usb/core/devio.c",
    "fs/ext4/namei.c",
    "fs/ext4/xattr.c",
    "fs/fuse/dev.c",
    "fs/pipe.c",
    "mm/gup.c",
    "mm/process_vm_access.c",
    "mm/util.c",
    "net/core/skbuff.c",
    "net/xdp/xdp_umem.c",
    "sound/core/pcm_lib.c",
    "kernel/fork.c",
    "lib/kobject.c",
    "block/bio.c",
]
FULL_DIRS = [
    "drivers/net/ethernet/intel", "fs/ext4", "mm", "drivers/staging/vme_user",
    "drivers/infiniband/core", "drivers/media/v4l2-core", "sound/core", "net/core",
    "drivers/misc", "lib",
]


def kernel_files(kernel, which, dirs=None):
    if which == "quick" and not dirs:
        return [f for f in QUICK_FILES if os.path.isfile(os.path.join(kernel, f))]
    out = []
    for d in dirs or FULL_DIRS:
        for dp, _, fs in os.walk(os.path.join(kernel, d)):
            for f in fs:
                if f.endswith(".c"):
                    out.append(os.path.relpath(os.path.join(dp, f), kernel))
    return sorted(out)


def patches(args, sempatch):
    """(name, path, spatch extra args) of every semantic patch sempatch accepts."""
    found = []
    for sub in ("cases", "known-bugs"):
        d = os.path.join(ROOT, "testdata", sub)
        for case in sorted(os.listdir(d)) if os.path.isdir(d) else []:
            p = os.path.join(d, case, "spatch.cocci")
            if os.path.isfile(p):
                found.append((f"testdata/{sub}/{case}", p, []))
    classic = os.path.join(ROOT, "testdata", "spatch", "classic")
    for f in sorted(os.listdir(classic)) if os.path.isdir(classic) else []:
        if f.endswith(".cocci"):
            found.append((f"testdata/spatch/classic/{f}", os.path.join(classic, f), []))
    if args.cocci_tests:
        for f in sorted(os.listdir(args.cocci_tests)):
            if f.endswith(".cocci"):
                found.append((f"cocci-tests/{f}", os.path.join(args.cocci_tests, f), ["-I", args.cocci_tests]))
    if args.kernel_scripts:
        sc = os.path.join(args.kernel, "scripts/coccinelle")
        for dp, _, fs in sorted(os.walk(sc)):
            for f in sorted(fs):
                if f.endswith(".cocci"):
                    p = os.path.join(dp, f)
                    found.append((os.path.relpath(p, args.kernel), p, ["-D", "patch"]))
    empty = tempfile.mkdtemp()
    open(os.path.join(empty, "empty.c"), "w").close()
    accepted, rejected = [], []
    for name, path, extra in found:
        r = subprocess.run([sempatch, "apply", "-q", path, os.path.join(empty, "empty.c")],
                           capture_output=True)
        (accepted if r.returncode == 0 else rejected).append((name, path, extra))
    shutil.rmtree(empty)
    return accepted, rejected


def tokens(s):
    """C tokens, comments dropped: how Coccinelle's own harness compares code."""
    s = re.sub(r"/\*.*?\*/", " ", s, flags=re.S)
    s = re.sub(r"//[^\n]*", " ", s)
    return re.findall(r"[A-Za-z_]\w*|\d[\w.]*|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'|->|\+\+|--|<<=|>>=|<=|>=|==|!=|&&|\|\||[-+*/%&|^]=|<<|>>|\S", s)


def hunks(old, new):
    """Runs of changed lines: (first old line, last old line, old text, new text)."""
    a, b = old.splitlines(), new.splitlines()
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            out.append((i1 + 1, i2, "\n".join(a[i1:i2]), "\n".join(l.rstrip() for l in b[j1:j2])))
    return out


def run_tool(cmd, cwd, timeout):
    try:
        r = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=timeout)
        return "ok" if r.returncode == 0 else "error: " + r.stderr.decode(errors="replace").strip().splitlines()[-1:][0] if r.stderr.strip() else "error"
    except subprocess.TimeoutExpired:
        return "timeout"


def compare(job):
    name, path, extra, kernel, files, sempatch, timeout = job
    work = tempfile.mkdtemp(prefix="spatch-diff-")
    try:
        trees = {}
        for tool in ("ours", "theirs"):
            t = os.path.join(work, tool)
            for f in files:
                dst = os.path.join(t, f)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copyfile(os.path.join(kernel, f), dst)
            trees[tool] = t
        ours = run_tool([sempatch, "apply", "-q", "--in-place", "--timeout", str(timeout), path, "."],
                        trees["ours"], timeout * 4)
        # The tree, not a list of files: spatch reads files named together
        # as one unit (a `depends on !r` then sees r's matches in any of them).
        theirs = run_tool(["spatch", "--very-quiet", "--in-place", "--no-includes", "--timeout",
                           str(timeout), "--sp-file", path] + extra + ["."], trees["theirs"],
                          timeout * 4)
        result = {"name": name, "ours": ours, "theirs": theirs, "only_ours": [], "only_theirs": [],
                  "layout": [], "shared": 0}
        if ours != "ok" or theirs != "ok":
            return result
        for f in files:
            orig = open(os.path.join(kernel, f), errors="replace").read()
            o = set(hunks(orig, open(os.path.join(trees["ours"], f), errors="replace").read()))
            s = set(hunks(orig, open(os.path.join(trees["theirs"], f), errors="replace").read()))
            result["shared"] += len(o & s)
            ours_only, theirs_only = sorted(o - s), sorted(s - o)
            # The same change laid out otherwise (white space, comments):
            # same lines replaced, token-equal new text.
            layout = [(a, b) for a in ours_only for b in theirs_only
                      if a[:3] == b[:3] and tokens(a[3]) == tokens(b[3])]
            for a, b in layout:
                if a in ours_only and b in theirs_only:
                    ours_only.remove(a)
                    theirs_only.remove(b)
                    result["layout"] += [(f, a)]
            result["only_ours"] += [(f, h) for h in ours_only]
            result["only_theirs"] += [(f, h) for h in theirs_only]
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def known(path):
    allowed = set()
    if os.path.isfile(path):
        for line in open(path):
            line = line.split("#", 1)[0].strip()
            if line:
                patch, where = line.split()[:2]
                allowed.add((patch, where))
    return allowed


def show(h):
    first, last, old, new = h
    lines = ["      - " + l for l in old.splitlines()] + ["      + " + l for l in new.splitlines()]
    return "\n".join(lines[:12] + (["      ..."] if len(lines) > 12 else []))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kernel", default=os.environ.get("SEMPATCH_KERNEL",
                    os.path.expanduser("~/.cache/sempatch/linux-6.1")))
    ap.add_argument("--files", choices=["quick", "full"], default="quick")
    ap.add_argument("--cocci-tests", default=os.environ.get("SEMPATCH_COCCI_TESTS"),
                    help="Coccinelle's conformance sample: run its .cocci files too")
    ap.add_argument("--no-kernel-scripts", dest="kernel_scripts", action="store_false")
    ap.add_argument("--sempatch", default=os.path.join(ROOT, "target/release/sempatch"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--timeout", type=int, default=30, help="seconds per file")
    ap.add_argument("--known", default=os.path.join(ROOT, "testdata/spatch-diff-known.txt"))
    ap.add_argument("--only", help="only semantic patches whose name contains this")
    ap.add_argument("--dir", action="append", dest="dirs",
                    help="every .c file under this kernel directory instead (repeatable)")
    args = ap.parse_args()
    if not shutil.which("spatch"):
        print("spatch-diff: spatch is not installed (Debian package coccinelle)", file=sys.stderr)
        return 2
    if not os.path.isfile(os.path.join(args.kernel, "MAINTAINERS")):
        print(f"spatch-diff: no Linux 6.1 tree at {args.kernel} (scripts/fetch-kernel.sh)", file=sys.stderr)
        return 2
    t0 = time.time()
    files = kernel_files(args.kernel, args.files, args.dirs)
    accepted, rejected = patches(args, args.sempatch)
    if args.only:
        accepted = [p for p in accepted if args.only in p[0]]
    jobs = [(n, p, e, args.kernel, files, args.sempatch, args.timeout) for n, p, e in accepted]
    with cf.ThreadPoolExecutor(args.jobs) as ex:
        results = list(ex.map(compare, jobs))
    allowed = known(args.known)
    unexplained = 0
    tot = {"ours": 0, "theirs": 0, "shared": 0, "layout": 0}
    failed = []
    for r in results:
        if r["ours"] != "ok" or r["theirs"] != "ok":
            failed.append(r)
            continue
        tot["shared"] += r["shared"]
        tot["ours"] += len(r["only_ours"])
        tot["theirs"] += len(r["only_theirs"])
        tot["layout"] += len(r["layout"])
        if not r["only_ours"] and not r["only_theirs"]:
            continue
        print(f"== {r['name']}: {len(r['only_ours'])} only sempatch, {len(r['only_theirs'])} only spatch, "
              f"{r['shared']} shared, {len(r['layout'])} laid out otherwise")
        for who, key in (("only sempatch", "only_ours"), ("only spatch", "only_theirs")):
            for f, h in r[key]:
                where = f"{f}:{h[0]}"
                mark = ""
                if key == "only_ours":
                    if (r["name"], where) in allowed:
                        mark = " (known, see testdata/SPATCH-COMPARISON.md)"
                    else:
                        mark = " (UNEXPLAINED)"
                        unexplained += 1
                print(f"  {who}: {where}{mark}")
                print(show(h))
    for r in failed:
        print(f"== {r['name']}: not compared (sempatch: {r['ours']}; spatch: {r['theirs']})")
    print(f"spatch-diff: {len(accepted)} semantic patches ({len(rejected)} rejected by sempatch, "
          f"{len(failed)} not compared), {len(files)} files: hunks {tot['ours']} only sempatch, "
          f"{tot['theirs']} only spatch, {tot['shared']} shared, {tot['layout']} the same but laid out "
          f"otherwise; {unexplained} unexplained; "
          f"{time.time() - t0:.0f} s")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
