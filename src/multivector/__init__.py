"""multivector: measure, explain and simulate multi-vector foreign policy."""

__version__ = "0.1.0"
