#include <linux/device.h>

static void foo_selftest(struct foo_dev *fdev)
{
	foo_open(fdev);
	if (fdev->verbose)
		dev_info(fdev->dev, "selftest\n");
	foo_run_selftest(fdev);
	foo_close(fdev);
}

static int foo_selftest_ret(struct foo_dev *fdev)
{
	foo_open(fdev);
	/* a return on the way: left alone */
	if (!fdev->ready)
		return -EAGAIN;
	foo_run_selftest(fdev);
	foo_close(fdev);
	return 0;
}

static int foo_selftest_goto(struct foo_dev *fdev)
{
	int ret;

	foo_open(fdev);
	ret = foo_run_selftest(fdev);
	/* a goto on the way: left alone */
	if (ret)
		goto out;
	ret = foo_check(fdev);
out:
	foo_close(fdev);
	return ret;
}
