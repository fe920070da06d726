// Two loops over different iterators are different statements, even when
// the iterators' names share a prefix and their bodies are the same.
@@
statement S1;
@@
* if (...) S1 else S1
