"""chiso: the application shell — CLI, DuckDB store and batch engines."""

__version__ = "0.1.0"
