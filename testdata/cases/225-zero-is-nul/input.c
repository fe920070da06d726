static void foo_wipe(struct foo_key *k)
{
	memset(k->secret, 0, sizeof(k->secret));
	memset(k->salt, '\0', sizeof(k->salt));
	memset(k->pad, ' ', sizeof(k->pad));
}
