"""spaCy pipeline components: each extractor is one component writing to ``doc._``."""
