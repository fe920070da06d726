static void sort_pairs(struct pair *p, int n)
{
	struct pair *cur, tmp;

	for (cur = p; cur < p + n - 1; cur++)
		if (cur->key > cur[1].key)
			swap(cur[1], tmp);
}

static void rotate(int *v)
{
	int tmp;

	swap(v[0], tmp);
	v[1] = tmp;
}
