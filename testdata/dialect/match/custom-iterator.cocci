// Needs custom.hints to read both the pattern and custom.c.
@@
identifier p;
expression E;
@@
  foo_walk_items(p, E)
- n += p->count;
+ n += foo_count(p);
