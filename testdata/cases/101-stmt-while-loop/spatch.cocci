/// A busy-wait on an atomic counter uses atomic_cond_read_relaxed().
@@
expression V;
@@
- while (atomic_read(V))
-	cpu_relax();
+ atomic_cond_read_relaxed(V, !VAL);
