// A nest where an expression goes (here an `if` test) matches the code
// there holding what it names. A rule with `*` lines only looks, so its
// `...` takes the paths that exist (as in spatch): here the error path
// from clk_get() to a test of the clock.
@@
expression e;
statement S;
@@
  e = clk_get(...)
  ... when != clk_put(e)
* if (<+... e ...+>) S
