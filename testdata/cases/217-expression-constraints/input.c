static void foo_report(struct foo_dev *fd, const char *fmt)
{
	pr_info("state %d\n", fd->state);
	pr_info("ready %d\n", 1);
	pr_info(fmt, fd->state);
}
