#include <linux/bug.h>

static int foo_map(struct foo_dev *fdev, unsigned long addr)
{
	if (WARN_ON(!fdev->ready))
		return -ENODEV;

	if (WARN_ON(addr & ~PAGE_MASK)) {
		fdev->errors++;
		return -EINVAL;
	}

	if (WARN_ON(fdev->nr_mapped >= FOO_MAX_MAPPED))
		goto busy;

	/* the value is used: still an if statement around WARN_ON() */
	if (!WARN_ON(fdev->dying))
		fdev->nr_mapped++;
	return 0;
busy:
	return -EBUSY;
}
