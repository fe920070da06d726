@@
expression MM;
@@
- mmap_sem_read_lock(MM, ...)
+ mmap_read_lock(MM)
