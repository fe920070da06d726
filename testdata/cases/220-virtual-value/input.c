module_init(foo_init);
MODULE_LICENSE("GPL");
