static int handle(struct dev *d, int cmd)
{
	switch (cmd) {
		int err;
	case CMD_RESET:
		reset_hw();
		d->state = 0;
		break;
	case CMD_STOP:
		err = stop_hw(d);
		return err;
	}
	return 0;
}

static int handle_nodecl(int cmd)
{
	switch (cmd) {
	case CMD_RESET:
		reset_hw();
		return 0;
	case CMD_START:
		return 1;
	}
	return 0;
}
