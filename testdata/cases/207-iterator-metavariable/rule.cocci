// An iterator metavariable binds the name of the iterator macro heading a
// loop, and not a `for` loop.
@@
iterator I;
expression x, E1, E2;
@@
  I(x, E1, E2) {
  ...
- use(x);
+ use_entry(x);
  ...
  }
