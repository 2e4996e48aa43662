"""Machine-readable upstreams: each parses its publisher's real format into the package's tables."""
