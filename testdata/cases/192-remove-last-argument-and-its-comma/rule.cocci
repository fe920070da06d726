// Removing an argument written with its comma after it (`bar(),`) takes
// the comma before it when it is the last one: `foo(1, bar())` became
// `foo(1, )`.
@@
@@
  dev_notify(...,
-            legacy_flags(),
             ...)
