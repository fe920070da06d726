struct pool {
	struct page **pages;
};
