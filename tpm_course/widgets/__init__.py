"""Interactive controls the lessons use to explore a trade-off."""
