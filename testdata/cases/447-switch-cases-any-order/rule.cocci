// The cases a pattern's switch lists match cases of the code in any
// order, among others (spatch reads them as branches of the switch); the
// cases between two removed ones stay.
@@
expression dev;
@@
switch (dev->state) {
- case STATE_PROBING: ... break;
- case STATE_DEAD: ... break;
}
