# The combination of lab bills and the cash desk needs no code: dental_lab's and dental_cash's lock hooks collect
# each other's pairs (dental.lock.mixin). The module holds the tests of the two together.
