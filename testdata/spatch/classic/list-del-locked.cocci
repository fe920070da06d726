// a nest between a lock and its unlock.
@@
expression M, E;
@@
  mutex_lock(M);
  <...
- list_del(E);
+ list_del_locked(E);
  ...>
  mutex_unlock(M);
