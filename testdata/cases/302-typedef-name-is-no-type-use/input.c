typedef struct conn { int fd; } conn_t;

typedef struct {
	int users;
} pool_t;

static int open_conn(pool_t *p)
{
	conn_t c;
	conn_t *cp = &c;

	p->users++;
	return cp->fd;
}
