static void first(char *buf, int len)
{
	fill(buf, len);
	consume(len);
}

static void second(char *buf, int count)
{
	fill(buf, count);
	consume(count);
}
