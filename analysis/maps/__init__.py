"""World maps: the shipped Natural Earth geometry, its decoding and an equal-area projection."""
