"""Reusable widgets of the editor: outline, form, problems, graph canvas, grids."""
