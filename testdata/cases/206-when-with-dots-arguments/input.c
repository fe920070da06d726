void c(void)
{
	spin_lock(&lock);
	call_locked();
	spin_unlock(&lock);
}

void d(void)
{
	spin_lock(&lock);
	prepare();
	spin_unlock(&lock);
	call_locked();
}
