"""Evaluation against gold data: attribution (PolNeAR brat), events (ACLED rows), claims (our own gold)."""
