/// Prototypes whose first parameter is the page array move to the new name.
@@
@@
- void put_user_pages(struct page **pages, ...);
+ void unpin_user_pages(struct page **pages, ...);
