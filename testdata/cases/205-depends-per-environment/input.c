static void a(void)
{
	buf = kmalloc(16, GFP_KERNEL);
}

static void b(void)
{
	buf = kmalloc(32, GFP_KERNEL);
}

void c(void)
{
	spin_lock(&lock);
	a();
	spin_unlock(&lock);
	b();
}
