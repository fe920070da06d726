// `...` before a final `return;` may be empty: a body that ends with the
// element before the dots reaches its implicit return right there, and
// the added return goes at its end.
@@
identifier fn;
@@
fn(...)
{
    ...
    disable_irq(...);
    ...
-   return;
+   return -EBUSY;
}
