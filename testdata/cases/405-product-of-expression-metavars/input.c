static int area(struct rect *r)
{
	int *p = &r->w;

	*p = 0;
	return r->w * r->h;
}
