// A type alone matches that type wherever the code names it: in
// declarations (of several names too), parameters, return types, casts
// and sizeof; `int` is not part of `unsigned int` or `long int`.
@@
@@

- int
+ long

@@
@@

- unsigned
  char
