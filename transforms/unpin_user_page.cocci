/// Pages that were pinned with pin_user_pages*() (FOLL_PIN) must be released
/// with a call that drops the pin, not with put_page(). The release calls
/// were introduced as put_user_page*(), which reads as if they paired with
/// get_user_pages*() and put_page(); renaming them to unpin_user_page*()
/// makes the pairing with pin_user_pages*() obvious at every call site and
/// leaves the put_*() namespace to the plain reference count. This is a pure
/// rename: the functions, their arguments and their behaviour are unchanged.
//
// The whole put_user_page*() family is renamed wherever the names appear:
// calls, prototypes, definitions, EXPORT_SYMBOL*() arguments, function
// pointers, macro bodies, and (with the `comments` rule) comments and
// kernel-doc.

@rename everywhere@
@@
(
- put_user_pages_dirty_lock
+ unpin_user_pages_dirty_lock
|
- put_user_page_range_dirty_lock
+ unpin_user_page_range_dirty_lock
|
- put_user_pages_lockless
+ unpin_user_pages_lockless
|
- put_user_pages
+ unpin_user_pages
|
- put_user_page
+ unpin_user_page
)

@comments doc@
@@
(
- put_user_pages_dirty_lock
+ unpin_user_pages_dirty_lock
|
- put_user_page_range_dirty_lock
+ unpin_user_page_range_dirty_lock
|
- put_user_pages_lockless
+ unpin_user_pages_lockless
|
- put_user_pages
+ unpin_user_pages
|
- put_user_page
+ unpin_user_page
)
