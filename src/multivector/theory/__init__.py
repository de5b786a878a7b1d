"""The seeds' model (THEORY.md §3-§5): phases, adoption conditions and variants, with evidence."""
