// A `using` file with an entry sempatch cannot apply (a Statement
// isomorphism) is refused at that entry rather than half read.
@ using "loops.iso" @
identifier i;
expression n;
@@
- for (i = 0; i < n; i++) put_page(pages[i]);
+ release_pages(pages, n);
