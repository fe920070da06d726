/// A pattern written without braces does not match a branch written with
/// them (Coccinelle's braces isomorphisms go the other way: a block in the
/// pattern matches a lone statement). As spatch 1.1.1: only the first changes.
@@
expression P;
@@
  if (PageDirty(P))
-	set_page_dirty(P);
+	set_page_dirty_lock(P);
