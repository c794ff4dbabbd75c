"""Figures that are equations: forward values, loss, chain rule, updates, with their numbers."""
