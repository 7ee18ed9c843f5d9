"""Loading the spaCy pipeline once and running it in batches; knows nothing of the ontology."""

from flashpoint.nlp.pipeline import DEFAULT_MODEL, load_pipeline, parse_texts

__all__ = ["DEFAULT_MODEL", "load_pipeline", "parse_texts"]
