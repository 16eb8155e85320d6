"""Filters in buckets: which of a filter's Pagefind files a value is in, and how many there are.

A filter whose file is big (a keyword list at 20,000 cases) is spread over `<filter>-<bucket>`
files, so that a filter in the URL loads one bucket. `debunk/search_worker.js` computes the same
bucket in the browser; `debunk.search.bundle` writes the files.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

_SALTS = 256
"""Salts tried per filter to even out its buckets: a few hundred thousand multiplications."""


@dataclass(frozen=True)
class Buckets:
    """How one filter's values are spread over `count` Pagefind filters named `<filter>-<bucket>`."""

    count: int
    salt: int
    """Chosen at build time so that no bucket is much bigger than the others."""


def _fnv1a(text: str) -> int:
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def filter_bucket(value: str, buckets: Buckets) -> int:
    """The bucket of a filter value; `debunk/search_worker.js` computes the same.

    FNV-1a of the UTF-8 text, then mixed with the salt by a multiplication (mod 2**32).
    """
    return (((_fnv1a(value) ^ buckets.salt) * 0x9E3779B1) & 0xFFFFFFFF) % buckets.count


def plan_buckets(weights: Mapping[str, int], size: int, bucket_bytes: int) -> Buckets:
    """Enough buckets for about `bucket_bytes` each, and the salt that makes the biggest smallest.

    `weights` are the values with the number of pages each filters to, which is what makes
    a value's share of the file; `size` is the gzipped size of the whole filter file.
    """
    count = max(1, min(math.ceil(size / bucket_bytes), len(weights)))
    if count == 1:
        return Buckets(1, 0)
    hashes = [(_fnv1a(value), weight) for value, weight in sorted(weights.items())]

    def biggest(salt: int) -> int:
        loads = [0] * count
        for hashed, weight in hashes:
            loads[(((hashed ^ salt) * 0x9E3779B1) & 0xFFFFFFFF) % count] += weight
        return max(loads)

    return Buckets(count, min(range(_SALTS), key=lambda salt: (biggest(salt), salt)))
