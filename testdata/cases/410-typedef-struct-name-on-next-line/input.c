typedef struct {
	int speed;
	int legacy_mode;
} dev_cfg_t;

static dev_cfg_t *alloc_cfg(void)
{
	return kzalloc(sizeof(dev_cfg_t), GFP_KERNEL);
}

static int use_legacy(dev_cfg_t *c)
{
	return c->legacy_mode;
}
