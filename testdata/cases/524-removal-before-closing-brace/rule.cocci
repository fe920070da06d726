// Removing all the code before a `}` on its line leaves the `}` as deep as
// the line of its `{`, in an enum (the last enumerator has no comma: the
// one before it stays) and in a block. spatch 1.1.1 gives `};` and `}`
// under `enum` and `if`.
@@
@@
enum mode { ...,
-  MODE_LAST,
  ..., };

@@
@@
- flush_all();
