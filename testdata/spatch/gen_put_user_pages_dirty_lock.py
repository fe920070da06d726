#!/usr/bin/env python3
# Regenerate with: python3 testdata/spatch/gen_put_user_pages_dirty_lock.py > testdata/spatch/put_user_pages_dirty_lock.cocci
# Generates a pure-Coccinelle translation of transforms/put_user_pages_dirty_lock.cocci:
# spatch cannot parse a disjunction of incomplete statements (a `for (...) {`
# header alone, an `if (D)` without its branch, an empty branch), so each loop
# shape is spelled out as a whole statement in one column-0 disjunction.
import itertools

DIRTY = r"\( set_page_dirty_lock \| set_page_dirty \| SetPageDirty \)"
HEADERS = ["for (i = 0; i < N; i++) {", "for (i = N - 1; i >= 0; i--) {"]

def loops(arr, kind):
    """All whole-loop shapes of one kind, as lists of body lines (minus)."""
    if kind == "dirty":
        # the specific branch first, as in the transform: `if (D)` would
        # also match `if (D && !PageReserved(A[i]))`
        mids = [[f"\tif (D && !PageReserved({arr}[i]))", f"\t\t{DIRTY}({arr}[i]);", f"\tput_page({arr}[i]);"],
                [f"\tif (D)", f"\t\t{DIRTY}({arr}[i]);", f"\tput_page({arr}[i]);"]]
    elif kind == "always":
        mids = [[f"\t{DIRTY}({arr}[i]);", f"\tput_page({arr}[i]);"],
                [f"\tif (!PageReserved({arr}[i]))", f"\t\t{DIRTY}({arr}[i]);", f"\tput_page({arr}[i]);"]]
    else:
        mids = [[f"\tput_page({arr}[i]);"],
                [f"\tif ({arr}[i])", f"\t\tput_page({arr}[i]);"]]
    out = []
    for h, m, tail in itertools.product(HEADERS, mids, [False, True]):
        lines = [h] + m + ([f"\t{arr}[i] = NULL;"] if tail else []) + ["}"]
        out.append(lines)
    return out

def loop_disj(arr, kind, plus):
    parts = []
    for lines in loops(arr, kind):
        parts.append("\n".join("- " + l if not l.startswith("\t") else "-" + l for l in lines) + "\n+ " + plus)
    return "(\n" + "\n|\n".join(parts) + "\n)\n"

TAIL = """(
  ... when != i
|
  ... when != i
  for (i = E1; E2; E3) S
|
  ... when != i
  i = E1;
)
"""

GUP = """(
get_user_pages(E1, E2, E3, \\( {a} + E \\| &{a}[E] \\| {a} \\), E4)
|
get_user_pages_fast(E1, E2, E3, \\( {a} + E \\| &{a}[E] \\| {a} \\))
|
get_user_pages_fast_only(E1, E2, E3, \\( {a} + E \\| &{a}[E] \\| {a} \\))
|
__get_user_pages_fast(E1, E2, E3, \\( {a} + E \\| &{a}[E] \\| {a} \\))
|
get_user_pages_locked(E1, E2, E3, \\( {a} + E \\| &{a}[E] \\| {a} \\), E4)
|
get_user_pages_unlocked(E1, E2, \\( {a} + E \\| &{a}[E] \\| {a} \\), E3)
|
get_user_pages_remote(E1, E2, E3, E4, E5, \\( {a} + E \\| &{a}[E] \\| {a} \\), E6, E7)
|
get_user_pages_remote(E1, E2, E3, E4, \\( {a} + E \\| &{a}[E] \\| {a} \\), E5, E6)
)
"""

plus = {"dirty": "put_user_pages_dirty_lock({a}, N, D);",
        "always": "put_user_pages_dirty_lock({a}, N, true);",
        "plain": "put_user_pages({a}, N);"}

o = []
o.append("// Pure-Coccinelle translation of transforms/put_user_pages_dirty_lock.cocci\n"
         "// (generated; each loop shape spelled out as a whole statement, since\n"
         "// spatch rejects disjunctions of incomplete statements).\n")
o.append("@gup_field@\nexpression X, E, E1, E2, E3, E4, E5, E6, E7;\nidentifier F;\n@@\n" + GUP.format(a="X->F") + "\n")
o.append("@gup_ident@\nidentifier A;\nexpression E, E1, E2, E3, E4, E5, E6, E7;\n@@\n" + GUP.format(a="A") + "\n")
for kind in ["dirty", "always", "plain"]:
    d = ", D" if kind == "dirty" else ""
    o.append(f"@{kind}_local@\nidentifier gup =~ \"^(__)?get_user_pages\";\nexpression A, N{d}, E, E1, E2, E3;\nidentifier i;\nstatement S;\n@@\n"
             "  <+... gup(..., \\( A + E \\| &A[E] \\| A \\), ...) ...+>\n"
             + loop_disj("A", kind, plus[kind].format(a="A")) + TAIL + "\n")
    o.append(f"@{kind}_field depends on gup_field@\nidentifier gup_field.F;\nexpression X, N{d}, E1, E2, E3;\nidentifier i;\nstatement S;\n@@\n"
             + loop_disj("X->F", kind, plus[kind].format(a="X->F")) + TAIL + "\n")
for kind in ["dirty", "always", "plain"]:
    d = ", D" if kind == "dirty" else ""
    o.append(f"@{kind}_param depends on gup_ident@\nidentifier gup_ident.A;\nidentifier fn, i;\ntype T;\nexpression N{d};\n@@\n"
             "T fn(..., struct page **A, ...)\n{\n  ...\n"
             + loop_disj("A", kind, plus[kind].format(a="A")) + "  ... when != i\n}\n\n")
o.append("""@release_local@
identifier gup =~ "^(__)?get_user_pages";
expression A, N, E;
@@
  <+... gup(..., \\( A + E \\| &A[E] \\| A \\), ...) ...+>
- release_pages(A, N);
+ put_user_pages(A, N);

@release_field depends on gup_field@
identifier gup_field.F;
expression X, N;
@@
- release_pages(X->F, N);
+ put_user_pages(X->F, N);

@single_local@
identifier gup =~ "^(__)?get_user_pages";
expression P;
@@
  <+... gup(..., &P, ...) ...+>
- put_page(P);
+ put_user_page(P);
""")
for r in ["dirty_local", "dirty_field", "always_local", "always_field", "plain_local", "plain_field", "dirty_param", "always_param", "plain_param"]:
    o.append(f"\n@depends on {r}@\nidentifier {r}.i;\ntype T;\n@@\n- T i;\n  ... when != i\n")
print("".join(o), end="")
