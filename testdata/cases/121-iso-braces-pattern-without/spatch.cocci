/// A pattern written without braces matches a branch written with them, and
/// the braces stay.
@@
expression P;
@@
  if (PageDirty(P))
-	set_page_dirty(P);
+	set_page_dirty_lock(P);
