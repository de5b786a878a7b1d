"""The country crosswalk: dated codes and names of states, and a resolver that never guesses."""
