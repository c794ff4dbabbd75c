"""Figures that are pictures: bricks, the XOR data, the network diagrams."""
