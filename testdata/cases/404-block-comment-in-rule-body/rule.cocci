@@
expression dev;
@@
- legacy_reset(dev);
+ device_reset(dev);
/*
 * A second rule, commented out: its header lines and the comment's end
 * in column 0 below belong to the comment, not to the rule.
@@
@@
- device_reset(dev);
*/
