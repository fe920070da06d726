// Code added between two removed tokens of one run (the loop head and its
// `{`) takes their place; it was placed inside the removal and the match
// refused as clashing with itself. The kept statement moves out to the
// removed `if`'s depth, as spatch 1.1.1 prints it.
@@
expression bitmap, size;
identifier bit;
statement S1;
iterator name for_each_set_bit;
@@
-for (bit = 0; bit < size; bit++)
+for_each_set_bit(bit, bitmap, size)
-{
-	if (test_bit(bit, bitmap))
		S1
-}
