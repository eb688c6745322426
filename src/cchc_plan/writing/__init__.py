"""Changing a plan file: recording records as minimal edits, the safe write, the canonical layout, new plans."""
