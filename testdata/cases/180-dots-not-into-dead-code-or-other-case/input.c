static void foo_a(struct foo *f)
{
	foo_start();
	return;
	foo_stop();
}

static int foo_b(struct foo *f)
{
	foo_start();
	goto out;
	foo_stop();
out:
	return 0;
}

static void foo_c(struct foo *f, int cmd)
{
	switch (cmd) {
	case 1:
		foo_start();
		break;
	case 2:
		foo_stop();
		break;
	}
}

static void foo_d(struct foo *f)
{
	foo_start();
	foo_work(f);
	foo_stop();
}
