"""The command line: parses what the clerk typed, calls the library, prints. Nothing else lives here."""

from .main import main

__all__ = ["main"]
