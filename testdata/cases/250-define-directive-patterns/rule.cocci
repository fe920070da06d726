// `#define` directives in patterns: a metavariable body binds the whole
// body (an expression, or a type for a `type` metavariable) and may be
// used in added code; a body with metavariables is matched as C; one
// without is compared token by token (`#define attr __attribute__((x))`,
// the suite's defineattr). `(E)` asks for the parentheses. spatch agrees
// except on `#define p a->b + 1`, which it keeps (its own test
// bad_define_failure removes `#define x a + b` so, x a metavariable; why
// it does not here is not known).
@@
expression X;
@@
- #define foo X
+ #define foobar X

@@
type T;
@@
- #define chip_t T

@@
expression E;
@@
(
#define p (E)
|
- #define p E
)

