"""Byte streams for the storage tests, generated chunk by chunk."""

import hashlib
from collections.abc import Iterator

MiB = 1024 * 1024


def generated(size: int, chunk_size: int = MiB, seed: bytes = b"") -> Iterator[bytes]:
    """`size` bytes of varied content in chunks, without ever holding more than one chunk."""
    block = hashlib.sha256(seed).digest() * (chunk_size // 32 + 1)
    sent, n = 0, 0
    while sent < size:
        piece = min(chunk_size, size - sent)
        head = n.to_bytes(8, "big")  # makes every chunk differ, so reordering would show
        yield (head + block[: piece - 8]) if piece >= 8 else block[:piece]
        sent, n = sent + piece, n + 1


def chunked(data: bytes, chunk_size: int) -> Iterator[bytes]:
    for i in range(0, len(data), chunk_size):
        yield data[i:i + chunk_size]
