"""lexcompare: a comparative knowledge base of asylum and migration law for
migrant victims of domestic and gender-based violence (library and CLI)."""

__version__ = "0.1.0"
