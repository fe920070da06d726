// Preprocessor lines in added code are copied as written, comments
// included, not read as C: a condition C cannot parse (`#ifdef 0`,
// `#ifdef A >= B(3,5,0)`), an `#ifdef` opened in one added chunk and
// closed in another. spatch agrees.
@@
@@
+ #ifdef 0
  foo();
  ...
  bar();
+ #endif /* 0 */

@@
identifier g;
@@
+#ifdef LINUX_VERSION_CODE >= KERNEL_VERSION(3,5,0)
int g(void) { ... }
+#endif // LINUX_VERSION_CODE
