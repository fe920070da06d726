// The `...` of a function pattern's body follow the function's control
// flow, as a rule's statement sequence does: the unlock is found in each
// branch of the `if` (before, the body's statements were matched as a list,
// and only an unlock among them matched). As spatch 1.1.1.
@@
identifier fn;
expression E;
@@
 fn(...)
 {
   ...
   spin_lock(E);
   ...
-  spin_unlock(E);
+  spin_unlock_irq(E);
   ...
 }
