"""Module 00, orientation: the kinds of statement in a brief, the questions engineering asks, and the course map."""
