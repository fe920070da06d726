#include <glib.h>

typedef struct vhost_region vhost_region_t;

struct vhost_memory {
	int nregions;
	int regions[];
};

static int value_count;

void *vhost_alloc(int value, struct vhost_memory *mem)
{
	void *a = g_malloc0(offsetof(struct vhost_memory, regions));
	void *b = g_malloc0(sizeof(value));
	void *c = g_malloc0(sizeof(struct vhost_memory));
	void *d = g_malloc0(sizeof(vhost_region_t));
	void *e = g_malloc0(sizeof(unsigned long));
	void *f = g_malloc0(sizeof(u32));
	void *g = g_malloc0(sizeof(*mem));
	void *h = g_malloc0(sizeof(struct vhost_memory *));
	void *i = g_malloc0(sizeof(mem));
	void *j = g_malloc0(sizeof(value_count));
	void *k = g_malloc0(sizeof(undeclared_thing));

	return a ? a : b ? b : c ? c : d ? d : e ? e : f ? f : g ? g : h ? h : i ? i : j ? j : k;
}
