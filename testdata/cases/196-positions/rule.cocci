// Positions: `ok` marks the kfree() calls that follow a memset() of the
// same buffer; a rule in between rewrites code above them (their offsets
// move); the last rule changes only the kfree() calls `ok` did not mark.
@ok@
position p;
expression E;
@@
 memset(E, 0, ...);
 kfree@p(E);

@@
@@
- setup();
+ setup_everything_first();

@@
position p != ok.p;
expression E;
@@
- kfree@p(E);
+ kfree_sensitive(E);
