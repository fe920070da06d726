static int check(struct dev *d, int v)
{
	if (v < 0) {
		pr_debug("negative\n");
		goto out;
	}
	if (v > 9) {
		pr_debug("large\n");
		d->err = v;
		goto out;
	}
	if (v == 3) {
		goto out;
	}
	return 0;
out:
	return -1;
}

static void run_a(struct dev *d)
{
	start(d);
	reset(d);
	finish(d);
}

static void run_b(struct dev *d)
{
	start(d);
	stop(d);
	finish(d);
}

static void run_c(struct dev *d)
{
	start(d);
	poll(d);
	finish(d);
}
