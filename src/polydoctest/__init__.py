"""polydoctest: prove that translated Hugging Face guides still work."""

__version__ = "0.1.0"
