/// An expression written without `;` matches in the head of an `if`, and the
/// `...` after it goes on into the `if`'s branches (spatch's control-flow
/// node of the head), not past the whole `if`. Without `exists`, every path
/// from the head must reach the call: mydev_put_weak() has a path (the
/// refcount not dropping to zero) that does not, so it is not changed.
/// spatch 1.1.1 gives the same diff.
@@
identifier a, x;
@@
  refcount_dec_and_test(&a->x)
  ...
- kfree(a);
+ mydev_free(a);

@exists@
identifier a, x;
@@
  atomic_dec_and_test(&a->x)
  ...
- kmem_cache_free(mydev_cache, a);
+ mydev_cache_free(a);
