"""child-safety-stats: traceable statistics and charts on children's safety online."""
