#include <linux/skbuff.h>

static int beacon_len(struct sk_buff *skb, int len)
{
	int beacon_size;

	beacon_size = sizeof(struct resp)+2+len;
	beacon_size += sizeof(sizeof(int)+2);
	beacon_size += sizeof(skb->len)-1;
	return beacon_size + sizeof(sizeof(skb->data));
}
