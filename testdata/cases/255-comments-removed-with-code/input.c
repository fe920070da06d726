int main() {
  x();
  foo(1);
  /* between */
  foo(2);
  y();
  // kept: code follows the removal
  foo(3);
  v();
  /* above, a blank line after */
  foo(4);

  z();
  /* above, a comment after */

  foo(5);
  /* kept: after */
  w();
  /* above the block's last */
  foo(6);
}
