"""A plan kept in git: texts at revisions, what changed between them, the merge by id."""
