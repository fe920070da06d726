// A declared name is not an expression, and a function's body is not one
// of its statements: `g` binds the uses of `limit` but neither its
// declaration nor the names `clamp_limit` and `LIMIT_MAX`; `S` binds the
// statements of the body, never the body (spatch agrees).
@@
global idexpression g;
@@

- g
+ READ_ONCE(g)

@@
statement S;
@@

+ trace();
  S
