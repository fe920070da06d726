static int trace(int m[4][4])
{
	return m[0][0] + m[1][1] + m[2][2] + m[3][3];
}
