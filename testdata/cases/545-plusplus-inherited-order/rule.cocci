// `++` code that a rule adds at one place in runs for different
// inherited values: the copies of a later run come first (spatch 1.1.1
// runs the rule once for each value, in order, and each adds its code
// before what is there), so the flags come out in reverse order.
@r@
expression F;
@@
set_flags(..., F, ...);

@@
expression r.F;
@@
++clear_flag(F);
commit_flags();
