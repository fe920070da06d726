static const struct port_cfg ports[] = {
	{ .id = 1, .mode = PORT_RAW, },
	{ .mode = PORT_COOKED, .id = 2 },
	{ .id = 3, .mode = PORT_RAW },
	{ .id = 4 },
};
