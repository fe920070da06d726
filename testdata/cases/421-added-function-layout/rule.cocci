// A function definition in added code is printed as spatch's pretty
// printer does, whatever lines the SmPL puts it on: head, `{` and `}` on
// lines of their own, one statement a line one level deeper. Added after
// top-level code it is set apart by a blank line; added before an item it
// goes above the comments over the item, a blank line after it.
@@
identifier fn;
@@
+static void foo_release(struct foo_dev *foo) { kfree(foo->buf); foo->buf = NULL; }
 int fn(struct foo_dev *foo) { ... }
+/* forget the buffer */
+void foo_reset(struct foo_dev *foo) {
+	foo->len = 0;
+}
