// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2012 Intel, Inc.
 */
#include <linux/mm.h>
#include <linux/slab.h>

/*
 * A transfer that starts and ends in the same page goes through the
 * single-page command and leaves the pipe's page array alone.
 */
static int transfer_one_page(struct goldfish_pipe *pipe,
			     unsigned long address, unsigned long count,
			     int is_write, s32 *consumed_size)
{
	struct page *page;
	u64 xaddr;
	int cmd, status;
	int ret;

	ret = get_user_pages_fast(address & PAGE_MASK, 1,
				  !is_write ? FOLL_WRITE : 0, &page);
	if (ret != 1)
		return ret < 0 ? ret : -EFAULT;

	/* Serialize access to the pipe command buffers */
	if (mutex_lock_interruptible(&pipe->lock)) {
		put_page(page);
		return -ERESTARTSYS;
	}

	cmd = is_write ? PIPE_CMD_WRITE_PAGE : PIPE_CMD_READ_PAGE;
	xaddr = page_to_phys(page) + offset_in_page(address);
	status = goldfish_pipe_cmd_page_locked(pipe, cmd, xaddr, count);
	*consumed_size = pipe->command_buffer->rw_params.consumed_size;
	mutex_unlock(&pipe->lock);

	if (!is_write && *consumed_size > 0)
		set_page_dirty(page);
	put_page(page);
	return status;
}

static int transfer_max_buffers(struct goldfish_pipe *pipe,
				unsigned long address,
				unsigned long address_end,
				int is_write,
				s32 *consumed_size,
				int *status)
{
	unsigned long first_page = address & PAGE_MASK;
	unsigned long last_page = (address_end - 1) & PAGE_MASK;
	int requested_pages, pages_count;
	int i;

	requested_pages = min_t(int, MAX_BUFFERS_PER_COMMAND,
				((last_page - first_page) >> PAGE_SHIFT) + 1);

	/* Serialize access to the pipe command buffers */
	if (mutex_lock_interruptible(&pipe->lock))
		return -ERESTARTSYS;

	pages_count = get_user_pages_fast(first_page, requested_pages,
					  !is_write ? FOLL_WRITE : 0,
					  pipe->pages);
	if (pages_count <= 0) {
		mutex_unlock(&pipe->lock);
		return pages_count < 0 ? pages_count : -EFAULT;
	}

	populate_rw_params(pipe->pages, pages_count, address, address_end,
			   first_page, last_page, pipe->command_buffer);

	*status = goldfish_pipe_cmd_locked(pipe, is_write ? PIPE_CMD_WRITE :
					   PIPE_CMD_READ);
	*consumed_size = pipe->command_buffer->rw_params.consumed_size;

	for (i = 0; i < pages_count; i++) {
		if (!is_write && *consumed_size > 0)
			set_page_dirty(pipe->pages[i]);
		put_page(pipe->pages[i]);
	}

	mutex_unlock(&pipe->lock);
	return 0;
}
