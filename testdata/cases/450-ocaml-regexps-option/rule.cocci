# spatch --ocaml-regexps

// A `# spatch --ocaml-regexps` line makes the constraints OCaml Str
// regular expressions, as spatch reads it: `\(` `\|` `\)` group and
// alternate (`(` and `|` alone would be characters).
@@
identifier f =~ "^\(dev\|drv\)_get_node$";
expression E;
@@
- f(E)
+ get_checked(E)
