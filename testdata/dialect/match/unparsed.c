static int foo_broken(struct foo_dev *dev)
{
	FOO_WEIRD(a b c kfree(dev->buf));
	kfree(dev->other);
	return 0;
}
