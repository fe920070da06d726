// Added code is indented with the step of the top-level item it goes with
// (its first block's `{` line to the line after it), a tab where that item
// has no block, as spatch 1.1.1 prints it: the function after the typedef
// is indented with a tab, the block added in `setup` with two spaces.
@@
@@
  typedef unsigned long flags_t;
+static int helper(int y)
+{
+    return    y;
+}
@@
expression X;
@@
start(X);
+if (X > 1) {
+        again(X);
+}
