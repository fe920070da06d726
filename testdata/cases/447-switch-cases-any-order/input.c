static void handle_event(struct my_dev *dev)
{
	switch (dev->state) {
	case STATE_DEAD:
		dev_warn(dev->dev, "event on dead device\n");
		break;
	case STATE_RUNNING:
		process(dev);
		break;
	case STATE_PROBING:
		defer(dev);
		break;
	}
	switch (dev->state) {
	case STATE_PROBING:
		defer(dev);
		break;
	case STATE_RUNNING:
		process(dev);
		break;
	}
}
