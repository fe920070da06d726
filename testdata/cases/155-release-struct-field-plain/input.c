#include <linux/mm.h>

static int foo_map_user(struct foo_map *map, unsigned long uaddr)
{
	long ret;

	mmap_read_lock(current->mm);
	ret = get_user_pages(uaddr, map->nr_pages, FOLL_WRITE,
			     &map->pages[0], NULL);
	mmap_read_unlock(current->mm);
	if (ret < map->nr_pages)
		return -EFAULT;
	return 0;
}

static void foo_unmap_user(struct foo_map *map)
{
	int i;

	for (i = map->nr_pages - 1; i >= 0; i--) {
		if (map->pages[i])
			put_page(map->pages[i]);
		map->pages[i] = NULL;
	}
	map->nr_pages = 0;
}

static void foo_unmap_user_fast(struct foo_map *map)
{
	release_pages(map->pages, map->nr_pages);
	map->nr_pages = 0;
}
