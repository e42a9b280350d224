"""What an index generation holds on disk, shared by the build that writes it and the search that reads it."""

SCHEMA_VERSION = 4
MANIFEST = "manifest.json"
DOCS = "docs.json"  # per document number: facets, filters, citation data
TABLES = "tables.json"  # jurisdiction and topic names, abbreviations
WORDS = "words.json"  # surface words and their frequencies, for typo correction: read for the first misspelt word
