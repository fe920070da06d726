static int probe(struct device *dev)
{
	char buf[64];

	return read_id(dev, buf);
}

static int probe(struct i2c_client *client)
{
	unsigned char *buf;

	return read_id(&client->dev, buf);
}
