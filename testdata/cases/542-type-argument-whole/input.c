static struct mtd_info *first_mtd(struct list_head *pos, struct foo *dev)
{
	struct mtd_info *mtd = list_entry(pos, struct mtd_info, m);
	struct foo *d = list_entry(pos, typeof(*dev), node);
	unsigned long *v = list_entry(pos, unsigned long, n);

	return mtd;
}
