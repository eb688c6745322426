"""The plan and its rules: the pydantic model, validation, and pure domain functions (periods, status, selection)."""
