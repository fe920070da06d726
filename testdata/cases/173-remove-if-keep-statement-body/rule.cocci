/// Removing the head of an `if` whose body is a statement metavariable: a
/// braced body loses its braces (unless it declares something), every body
/// moves out one level, continuation lines included. spatch keeps the braces
/// (a bare block); see SPATCH-COMPARISON.md.
@@
expression E;
statement S;
@@
- if (E != NULL)
  S
