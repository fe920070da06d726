int main() {
  foo();
  xxx();
}
