// A nest of two statements matches them together: `xxx(); continue;`
// is not `xxx(); break;` (the second statement was not checked).
@@
@@
  while (...) {
  <...
  xxx();
+ bar();
  continue;
  ...>
  }
