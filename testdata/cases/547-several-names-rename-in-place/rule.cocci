// A declaration pattern of one name that changes only the name, against
// a declaration of several, renames it in place (`int err, rc;`), as
// spatch 1.1.1 does; removing the whole declaration and adding it anew
// with `++` splits it.
@@
symbol err;
@@
  int
- err
+ rc
  ;

@@
symbol tmp;
@@
- char tmp;
++ u8 tmp;
