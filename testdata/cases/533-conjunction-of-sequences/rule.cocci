// A conjunction whose branches are statement sequences: both must match
// from the same first statement, each along its own dots, and each may
// change the code. spatch 1.1.1 renames the lock taken on `dev->lock`
// and later released by `spin_unlock(&dev->lock)`, and changes its
// flags argument, in `good` only.
@@
identifier f;
expression E;
@@

(
- f
+ raw_lock
   (&E->lock, ...);
  ...
  spin_unlock(&E->lock);
&
  f(...,
-       FLAG_OLD
+       FLAG_NEW
    );
  ...
  spin_unlock(...);
)
