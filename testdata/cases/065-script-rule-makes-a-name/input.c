int main(void)
{
	return start(1);
}
