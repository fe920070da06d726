// SPDX-License-Identifier: GPL-2.0
/*
 * Shared application/kernel submission and completion ring pairs, for
 * supporting fast/efficient IO.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/hugetlb.h>

static int io_sqe_buffer_register(struct io_ring_ctx *ctx, unsigned long ubuf,
				  int nr_pages, struct page **pages,
				  struct vm_area_struct **vmas,
				  struct io_mapped_ubuf *imu)
{
	int pret, ret = 0;
	int j;

	down_read(&current->mm->mmap_sem);
	pret = get_user_pages(ubuf, nr_pages,
			      FOLL_WRITE | FOLL_LONGTERM,
			      pages, vmas);
	if (pret == nr_pages) {
		/* don't support file backed memory */
		for (j = 0; j < nr_pages; j++) {
			struct vm_area_struct *vma = vmas[j];

			if (vma->vm_file &&
			    !is_file_hugepages(vma->vm_file)) {
				ret = -EOPNOTSUPP;
				break;
			}
		}
	} else {
		ret = pret < 0 ? pret : -EFAULT;
	}
	up_read(&current->mm->mmap_sem);
	if (ret) {
		/*
		 * if we did partial map, or found file backed vmas,
		 * release any pages we did get
		 */
		if (pret > 0)
			for (j = 0; j < pret; j++)
				put_page(pages[j]);
		return ret;
	}

	for (j = 0; j < nr_pages; j++) {
		imu->bvec[j].bv_page = pages[j];
		imu->bvec[j].bv_len = PAGE_SIZE;
		imu->bvec[j].bv_offset = 0;
	}
	imu->nr_bvecs = nr_pages;
	return 0;
}
