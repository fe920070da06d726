#include <linux/slab.h>
#include <linux/refcount.h>

static void mydev_put(struct mydev *dev)
{
	if (refcount_dec_and_test(&dev->ref)) {
		mydev_unregister(dev);
		kfree(dev);
	}
	kfree(dev);
}

static void mydev_put_weak(struct mydev *dev)
{
	if (refcount_dec_and_test(&dev->ref))
		kfree(dev);
}

static void mydev_node_put(struct mydev_node *node)
{
	if (atomic_dec_and_test(&node->users))
		kmem_cache_free(mydev_cache, node);
}

static void mydev_node_drain(struct mydev_node *node)
{
	while (atomic_dec_and_test(&node->users))
		kmem_cache_free(mydev_cache, node);
}
