"""Plan file to validated plan: text, the fast and careful parsers, the cache, the loader, second readings."""
