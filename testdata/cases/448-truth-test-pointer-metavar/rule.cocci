// Tested for truth, a metavariable the pattern types as a pointer also
// matches `X != NULL` (Coccinelle's not_ptr2), and stands for the whole
// test; an untyped pattern (`get_buf(E)`) does not match `... != NULL`.
@@
struct sk_buff *skb;
@@
  if (
- skb
+ skb_valid(skb)
  ) { ... }

@@
expression E;
@@
  if (
- get_buf(E)
+ have_buf(E)
  ) { ... }
