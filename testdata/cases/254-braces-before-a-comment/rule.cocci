// Two statements for an unbraced body: the `{` goes after the `)`, before
// a comment on a line of its own (which stays inside the braces), but
// after a comment on the `)`'s line. Same as spatch 1.1.1.
@@
@@
- GOTO(...);
+ a();
+ b();
