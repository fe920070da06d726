static const char *names[] = {
	"rx",
	"tx",
};

static char *labels[4];

static char (*grid)[4];

static int count_names(void)
{
	kfree(labels);
	put(labels);
	put(grid);
	kfree(grid);
	return sizeof(names) / sizeof(const char *) +
	       sizeof(labels) / sizeof(char *);
}
