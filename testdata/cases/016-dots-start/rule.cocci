/// Pass NULL instead of a vmas array that is never used.
@@
@@
  get_user_pages_remote(...,
- unused_vmas
+ NULL
  )
