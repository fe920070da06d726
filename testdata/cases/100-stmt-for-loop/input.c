#include <linux/string.h>

static void reset_counters(struct foo_dev *fdev)
{
	int i;

	for (i = 0; i < FOO_NR_COUNTERS; i++)
		fdev->counters[i] = 0;
	fdev->generation++;
}

static void fill_counters(struct foo_dev *fdev)
{
	int i;

	/* a different body: not a clearing loop */
	for (i = 0; i < FOO_NR_COUNTERS; i++)
		fdev->counters[i] = 1;
}

static void clear_from_one(u32 *vals, int n)
{
	int j;

	/* starts at 1: not the pattern */
	for (j = 1; j < n; j++)
		vals[j] = 0;
}
