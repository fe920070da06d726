// `{ }` stands for any designated initialiser; code added inside it goes
// right after its `{`, before the fields already there.
@@
identifier ops;
@@
struct file_operations ops = {
+	.owner = THIS_MODULE,
};
