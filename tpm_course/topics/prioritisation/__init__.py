"""Module 06, prioritisation and the roadmap: scoring (RICE, WSJF, CD3), Kano, technical debt and the quarter's plan."""
