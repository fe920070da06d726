#include <linux/device.h>

static int foo_start(struct foo_dev *fdev)
{
	int ret;

	if (!foo_is_ready(fdev))
		ret = -EAGAIN;
	else
		ret = foo_run(fdev);

	if (!foo_is_ready(fdev->peer)) {
		dev_warn(fdev->dev, "peer not ready\n");
		ret = -EAGAIN;
	} else {
		ret = foo_run(fdev->peer);
	}
	return ret;
}
