#include <linux/mm.h>

static void foo_unmap_user_buffer(struct foo_user_mapping *mapping)
{
	int i;

	if (mapping->state == FOO_MAPPING_ACTIVE) {
		for (i = 0; i < mapping->sg_table_desc->nr_pinned_pages; i++) {
			if (mapping->dma_direction == DMA_FROM_DEVICE)
				set_page_dirty_lock(mapping->sg_table_desc->user_pages[i]);
			put_page(mapping->sg_table_desc->user_pages[i]);
		}
	}
}

static void foo_unmap_short(struct foo_user_mapping *m)
{
	int i;

	for (i = 0; i < m->nr; i++) {
		if (m->dirty)
			set_page_dirty_lock(m->pages[i]);
		put_page(m->pages[i]);
	}
}
