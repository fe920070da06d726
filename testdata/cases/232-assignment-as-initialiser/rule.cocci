// `x = E` also matches the initialiser of a declaration `T x = E;`, one
// name of several too, as spatch reads it: the kmalloc + memset rule turns
// an initialised declaration into kzalloc. Removing the name or its `=`
// with nothing in their place would leave `int *;`: that reading is not
// made then (spatch refuses it too), so `- p = NULL` changes only the
// assignment.
@@
expression x, E1, E2;
@@
- x = kmalloc(E1, E2)
+ x = kzalloc(E1, E2)
  ...
- memset(x, 0, E1);

@@
expression p;
@@
- p = NULL
+ p = ERR_PTR(-ENOMEM)

@@
identifier q;
@@
- q = NULL;
