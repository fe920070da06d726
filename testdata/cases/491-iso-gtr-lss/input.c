static bool expired(unsigned long now, unsigned long deadline)
{
	if (deadline > now)
		return false;
	if (now < deadline)
		return false;
	if (deadline >= now)
		return false;
	return now <= deadline;
}
