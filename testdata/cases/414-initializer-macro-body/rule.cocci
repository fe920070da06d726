// A macro whose body is an initialiser (`{ .rate = (r), }`) is read as
// one: patterns match inside it.
@@
expression E;
@@
{
  .rate = E
+ * 1000
}
