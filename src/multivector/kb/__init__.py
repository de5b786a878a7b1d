"""The curated knowledge base: cited facts, and the tools to locate them in their texts."""

from multivector.kb.sentences import sentence, split_sentences

__all__ = ["sentence", "split_sentences"]
