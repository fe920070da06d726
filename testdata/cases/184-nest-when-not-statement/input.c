static int foo_probe(struct foo *f)
{
	int err;

	err = foo_map(f);
	if (err)
		goto err_map;
	err = foo_irq(f);
	if (err)
		goto err_irq;
	return 0;

err_irq:
	foo_unmap(f);
err_map:
	if (f->dev)
		foo_put(f->dev);
	return err;
}
