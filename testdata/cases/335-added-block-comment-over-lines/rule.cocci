// A block comment added over several `+` lines is a comment: its inner
// lines are not code, so `@dev` there is kernel-doc, not a position.
@@
identifier fn;
@@
+/**
+ * fn - stop the queue
+ * @dev: the device
+ */
 static void fn(struct net_device *dev)
 {
 	netif_stop_queue(dev);
 }
