#include <linux/skbuff.h>

struct beacon_resp {
	u8 len;
	u8 data[];
};

static int beacon_size(int len)
{
	int size;

	size = sizeof(struct beacon_resp)+2+len;
	size += sizeof(sizeof(int)+2);
	size -= sizeof(struct beacon_resp)-1;
	size += sizeof(unsigned long)+0x10*len;
	return size + sizeof(sizeof(struct beacon_resp));
}
