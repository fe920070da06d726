// Code added between two removed tokens of one run (the loop head and its
// `{`) takes their place; it was placed inside the removal and the match
// refused as clashing with itself. spatch also moves the kept statement
// out to the removed `if`'s depth; sempatch leaves it where it was.
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
