/* A header and its declarations may share a line or span several, and
   a comment may come before the first rule. */
@ first
  exists @ expression E; @@
- old(E);
+ new(E);

@@ @@
- other();

@@
symbol stays;
typedef flag_t;
@@
- (flag_t)stays
+ stays
