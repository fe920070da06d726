// Elements of a sequence written as expressions without `;` match the
// statements that contain them: a test, an assignment, a return value.
@@
expression X, Y;
@@
- start(X)
+ start_locked(X)
  ...
  finish(X, Y)
