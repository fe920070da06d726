/// `when != p` looks at the code a `goto` leads to as well: after
/// `kfree(p); p = NULL;` a `goto err` reaches `err: kfree(p);`, so clearing
/// the pointer is what prevents a double free and must stay.
@@
identifier p;
@@
  kfree(p);
- p = NULL;
  ... when != p
