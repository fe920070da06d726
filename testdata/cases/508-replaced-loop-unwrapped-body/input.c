static void clear_marked(struct bitmap *map, int size)
{
	int bit;

	for (bit = 0; bit < size; bit++) {
		if (test_bit(bit, map->bits))
			clear_entry(map, bit);
	}
}
