// A statement added before the unbraced body of a loop braces it: the `{`
// goes at the end of the head's line, after the white space (or comment)
// that ends it, and after one space when nothing does. spatch 1.1.1
// prints the same.
@@
@@
+ udelay(1);
  cpu_relax();
