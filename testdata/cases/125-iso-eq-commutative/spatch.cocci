/// == and != match their operands in either order.
@@
expression R, N;
@@
(
- if (R != N)
+ if (unlikely(R != N))
	goto out_release;
|
- if (R == N)
+ if (likely(R == N))
	foo_all_pinned();
)
