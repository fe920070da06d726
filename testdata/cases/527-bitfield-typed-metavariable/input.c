struct hdr {
	unsigned int busy:1;
	unsigned int mode:3;
	unsigned int count;
};

static int poll(struct hdr *h)
{
	read_bits(h->mode);
	read_bits(h->count);
	if (test_bit(h->busy))
		return test_bit(h->mode) + test_bit(h->count);
	return 0;
}
