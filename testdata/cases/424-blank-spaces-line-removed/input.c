static void foo_remove(struct foo *foo)
{
	foo_stop(foo);
  	
	if (!foo->dev) {
		foo_log(foo);
	}
}
