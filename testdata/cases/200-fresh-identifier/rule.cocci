// A fresh identifier is a name made for added code from its seed.
@@
identifier f;
fresh identifier wrapped = "locked_" ## f;
expression E;
@@
- f(E);
+ wrapped(E);
  ...
  unlock(E);
