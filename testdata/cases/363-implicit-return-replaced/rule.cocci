// The last `return;` of a function pattern also matches the end of a body
// that has none: replacing it writes the new `return` before the closing
// brace (the `return` and `;` the two lines share are no code there). As
// spatch 1.1.1.
@@
identifier fn;
@@
 fn(...)
 {
   ...
   dev_put(...);
-  return;
+  return -ENODEV;
 }
