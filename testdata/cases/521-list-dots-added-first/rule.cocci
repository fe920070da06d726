// Code added after `...,` where the dots take nothing goes before the
// element that follows, in parameter lists as in argument lists; after
// dots that took something, after the comma they end with. An added comma
// gets a space after it. spatch 1.1.1 gives `(struct device *dev, int
// flags)`, `(void *data, struct device *dev, int flags)` and
// `dev_notify(0,dev, 1)`.
@@
identifier f, flags;
@@

f(...,
+struct device *dev,
int flags, ...)
{ ... }

@@
symbol dev;
@@

dev_notify(...,
+dev,
1)
