int main() {
  if (rc == 1)
     /* It is not "ls -{a}l" operation. */
     GOTO(out, rc = -EAGAIN);
  if (rc == 2) /* why */
     GOTO(out, rc = -EINVAL);
}
