"""Extracted record kinds: one module per kind (stock-take rows, figures, entities,
recommendations, acronyms, theme tags)."""
