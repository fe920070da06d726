// Removing the `{` that ends an `if` line and renaming the call on the
// next line (its arguments and `;` kept) keeps the line break between
// them: the call stays on its own line, with its indentation. A call
// replaced whole goes on the `if`'s line instead. spatch 1.1.1 prints
// both so.
@@
@@
if (...)
- {
- old_flush(
+ new_flush(
  q);
- }
@@
expression Q;
@@
if (...)
- {
- old_sync(Q);
+ new_sync(Q);
- }
