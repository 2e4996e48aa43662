"""Figure recipes, one module per topic, collected in a registry."""
