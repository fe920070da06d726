struct dev_a {
	struct mutex lock;
	int count;
};

typedef struct {
	struct mutex lock;
} dev_b_t;

typedef struct dev_c {
	struct mutex lock;
	spinlock_t slock;
} dev_c_t;

struct dev_d {
	struct mutex lock;
} the_d;

typedef struct dev_e {
	struct mutex lock;
} dev_e_t, *dev_e_p;

static void use(struct dev_a *a, dev_b_t *b, dev_c_t *c, struct dev_d *d,
		dev_e_t *e, struct dev_c *cc)
{
	mutex_lock(&a->lock);
	mutex_lock(&b->lock);
	mutex_lock(&c->lock);
	mutex_lock(&d->lock);
	mutex_lock(&e->lock);
	spin_lock(&c->slock);
	spin_lock(&cc->slock);
}
