// `const char *` and `char const *` are one type: a pattern written one
// way matches the other, and removing its `const` removes the code's.
@@
identifier name;
expression E;
@@

- const
  char *name = E;
