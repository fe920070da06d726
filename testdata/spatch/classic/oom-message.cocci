// error paths: the out-of-memory message after a failed allocation goes
// (the allocator already warns; checkpatch asks for this), where the test
// is the first use of the pointer on every path from the allocation.
@@
expression E;
@@
  E = devm_kzalloc(...);
  ... when != E
  if (E == NULL) {
-   dev_err(...);
    return ...;
  }
