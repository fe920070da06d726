// A statement a metavariable brings into added code is printed as spatch
// prints it: the code after a `case ...:` label goes on a line of its
// own, one level deeper than the label (the switch kept in the source
// stays as it is). spatch 1.1.1 prints the same (it also prints a
// `default:` label so, but at column 0, which sempatch does not copy).
@@
statement S;
identifier f;
@@
int f(...) {
  S
+ S
  ...
}
