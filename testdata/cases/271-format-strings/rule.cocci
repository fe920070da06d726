// Format strings (same output as spatch 1.1.1): `...` in a string with a
// descriptor stands for any text and descriptors; `%@d@` with `format d`
// is one descriptor (`08lx` of `%08lx`), here constrained by a regular
// expression; `%@l@` with `format list[2] l` is a run with two
// descriptors and the text between; text is matched whole, never part of
// a fragment; added strings get what they were bound to.
@@
format d =~ "^0";
@@
- dbg("...%@d@...", ...);
+ dbg2("%@d@");

@@
format list[2] l;
@@
- pr("x: %@l@\n", ...);
+ pr_info("%@l@!\n");

@@
@@
- warn("...%s...", ...);
+ warn_str();
