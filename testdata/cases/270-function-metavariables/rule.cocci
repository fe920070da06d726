// `function f;` (and `local function f;`, which spatch 1.1.1 treats the
// same, static or not) binds the name of a function definition; added code
// may use it anywhere; a later rule inherits it as `function r.f` (not as
// `identifier r.f` nor `local function r.f`, which spatch rejects as
// incompatible). Same output as spatch 1.1.1.
@r@
function f;
@@
 f(...) {
+ trace(f);
  ...
 }

@@
function r.f;
@@
 int f(...) {
  ...
- return 1;
+ return f(0);
 }
