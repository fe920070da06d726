/// An unlock after spin_lock_irqsave() must restore the saved flags.
@@
expression L, F;
@@
  spin_lock_irqsave(L, F);
  ...
- spin_unlock(L);
+ spin_unlock_irqrestore(L, F);
