// `++` code is added once for each match, even where several matches add
// it at one place (`+` code is added once there). A match is one set of
// values and one way of matching the statements the rule changes: here
// each way `dev_put(...)` holds the value counts, however many ways
// `dev_get(...)` does, and the copies come in the order of their values.
// spatch 1.1.1 adds the same lines in the same order.
@@
expression e;
identifier f, g;
@@
f(..., e, ...);
...
g(..., e, ...);
++trace_ref(e);
