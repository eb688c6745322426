"""Reports: what a report of a period shows, and rendering it through sandboxed templates (Markdown, Word, JSON)."""
