// `when = S`: the dots pass only such statements; a disjunction in a
// `when !=` excludes each of its branches (not one rule per branch).
@@
expression E;
@@
  if (E) {
    ... when = \( pr_debug(...); \| dev_dbg(...); \)
-   goto out;
+   return -EINVAL;
  }

@@
expression d;
@@
  start(d);
  ... when != \( reset(d) \| stop(d) \)
- finish(d);
+ finish_fast(d);
