/// An unlock after spin_lock_irqsave() must restore the saved flags, on the
/// error path inside an if as well as on the main path.
@@
expression L, F;
@@
  spin_lock_irqsave(L, F);
  ...
- spin_unlock(L);
+ spin_unlock_irqrestore(L, F);
