// dots with when != (forall): an unlock that every path from the lock
// reaches without another unlock first.
@@
expression L, F;
@@
  spin_lock_irqsave(L, F);
  ... when != spin_unlock_irqrestore(L, F)
- spin_unlock_irqrestore(L, F);
+ spin_unlock_irqrestore_once(L, F);
