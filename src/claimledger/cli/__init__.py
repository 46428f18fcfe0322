"""Command line: a thin layer over the library; each command in its own module."""
