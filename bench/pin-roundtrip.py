#!/usr/bin/env python3
"""The Linux 6.1 round trip of the gup -> pin transform (issue 18's measure).

Every pin_user_pages*() call outside mm/, include/, Documentation/ and tools/
is renamed back to get_user_pages*(), and every unpin_user_page*() back to
put_user_page*() (as `sed` would), in a scratch copy of the files that hold
them; transforms/pin_user_pages.cocci is applied to the copy; each line the
renaming changed back to get_user_pages*() counts as recalled when the
transform gives the original line again, and each line the transform changes
counts as right when it gives the original line. Only code lines count:
a name in a comment or a string is left out (the rename script handles
those).

usage: bench/pin-roundtrip.py [KERNEL [SEMPATCH]]
  KERNEL default ~/.cache/sempatch/linux-6.1; SEMPATCH default target/release/sempatch.
"""
import os, re, shutil, subprocess, sys, tempfile

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
kernel = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser("~/.cache/sempatch/linux-6.1")
binary = sys.argv[2] if len(sys.argv) > 2 else os.path.join(top, "target/release/sempatch")
SKIP = ("mm/", "include/", "Documentation/", "tools/")
PIN = re.compile(r"\bpin_user_pages(_fast_only|_fast|_remote|_unlocked|_locked)?\b")
UNPIN = re.compile(r"\bunpin_user_page")


def code_of(line):
    """The line without its string literals and comments (a line inside a
    block comment, starting with `*`, has no code)."""
    t = line.strip()
    if t.startswith("*") or t.startswith("/*") and "*/" not in t:
        return ""
    t = re.sub(r'"(?:\\.|[^"\\])*"', '""', t)
    t = re.sub(r"/\*.*?\*/", " ", t)
    return t.split("//")[0]

files = subprocess.run(["grep", "-rlE", "--include=*.c", "--include=*.h", r"\bpin_user_pages", "."],
                       cwd=kernel, capture_output=True, text=True).stdout.split()
files = sorted(f[2:] for f in files if not f[2:].startswith(SKIP))
work = tempfile.mkdtemp(prefix="pin-roundtrip-")
orig = {}
for f in files:
    text = open(os.path.join(kernel, f), errors="surrogateescape").read()
    back = PIN.sub(lambda m: "get_user_pages" + (m.group(1) or ""), text)
    back = UNPIN.sub("put_user_page", back)
    orig[f] = text
    os.makedirs(os.path.dirname(os.path.join(work, f)), exist_ok=True)
    open(os.path.join(work, f), "w", errors="surrogateescape").write(back)
backs = {f: open(os.path.join(work, f), errors="surrogateescape").read() for f in files}
r = subprocess.run([binary, "apply", "--in-place", os.path.join(top, "transforms/pin_user_pages.cocci"), "."],
                   cwd=work, capture_output=True, text=True)
total = recalled = changed = right = 0
misses, wrong = [], []
for f in files:
    o = orig[f].split("\n")
    b = backs[f].split("\n")
    a = open(os.path.join(work, f), errors="surrogateescape").read().split("\n")
    if not (len(o) == len(b) == len(a)):
        wrong.append(f"{f}: line count changed")
        continue
    for i, (lo, lb, la) in enumerate(zip(o, b, a)):
        if lo != lb and PIN.search(code_of(lo)):
            total += 1
            if la == lo:
                recalled += 1
            else:
                misses.append(f"{f}:{i+1}: {lo.strip()}")
        if la != lb:
            changed += 1
            if la == lo:
                right += 1
            else:
                wrong.append(f"{f}:{i+1}: {la.strip()}")
shutil.rmtree(work)
print(f"files: {len(files)}; lines renamed back to get_user_pages*: {total}")
print(f"recall: {recalled}/{total} = {100*recalled/max(total,1):.1f}%")
print(f"precision: {right}/{changed} = {100*right/max(changed,1):.1f}%")
for m in misses:
    print("miss:", m)
for w in wrong:
    print("wrong:", w)
sys.exit(0 if r.returncode == 0 else r.returncode)
