static void dev_scan(struct dev *d, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		switch (d->kind[i]) {
		case 1:
			dev_fail(d, i);
			break;
		default:
			d->ok++;
		}
		if (d->err) {
			dev_fail(d, i);
			break;
		}
	}
}
