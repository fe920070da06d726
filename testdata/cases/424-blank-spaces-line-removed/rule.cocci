// Removing the last statement of a block takes a line of white space
// left above it, before the closing brace, as it takes an empty line.
@@
expression dev;
@@
- if (!dev) {
- ...
- }
