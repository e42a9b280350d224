"""The official-text layer: ingesters for official legislation sources and the text cache."""
