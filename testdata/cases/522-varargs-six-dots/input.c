static int log_msg(const char *fmt, ...)
{
}

static int log_one(const char *fmt, int level)
{
}
