// `depends on locked` holds in an environment where `locked` matched: the
// last rule changes the allocation of a() (called under the lock), not
// that of b(), though `locked` matched in the file (the shape of Linux's
// scripts/coccinelle/locks/call_kern.cocci).
@g@
identifier fn;
position p;
@@
 fn(...) {
 ... when any
 kmalloc(..., GFP_KERNEL@p)
 ... when any
 }

@locked exists@
identifier g.fn;
@@
 spin_lock(...);
 ... when != spin_unlock(...)
 fn(...);

@depends on locked@
position g.p;
@@
- GFP_KERNEL@p
+ GFP_ATOMIC
