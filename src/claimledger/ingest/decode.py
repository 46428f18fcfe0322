"""Bytes to text: UTF-8 first, then charset detection, refusing binary data."""

from __future__ import annotations

from charset_normalizer import from_bytes


class DecodeError(ValueError):
    pass


def looks_binary(data: bytes) -> bool:
    """NUL bytes or a high share of control characters mean this is not a text file."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    if not sample:
        return False
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample) > 0.05


def decode_bytes(data: bytes) -> str:
    """Decode ``data`` as text or raise DecodeError with the reason."""
    if looks_binary(data):
        raise DecodeError("binary data, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("cannot detect the text encoding")
    return str(best)
