struct obj { int count; };

int f(struct obj *o)
{
	kfree(o);
	return o->count;
}

int g(struct obj *o)
{
	kfree(o);
	o = NULL;
	return 0;
}
