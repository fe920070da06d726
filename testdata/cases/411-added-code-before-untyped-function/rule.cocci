// Added code before a function written without its return type: the
// added and context code together still read as C (the placeholder
// return type goes before the function, not before the added code).
@@
identifier fn, dev;
@@
+ static int probe_check(struct device *dev);
fn (struct device *dev)
{ ... }
