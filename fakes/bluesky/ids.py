"""Identifiers minted the way a PDS mints them: TIDs (record keys, revs), CIDs, at:// URIs."""

from __future__ import annotations

import base64
import hashlib
import json
import time
from typing import Any

SORTABLE_BASE32 = "234567abcdefghijklmnopqrstuvwxyz"
DAG_CBOR = 0x71
RAW = 0x55


class TidClock:
    """Timestamp identifiers: 53 bits of microseconds and 10 bits of clock id, base32-sortable."""

    def __init__(self, clock_id: int = 7) -> None:
        self.clock_id = clock_id & 0x3FF
        self._last_us = 0

    def now_us(self) -> int:
        """Wall-clock microseconds, strictly increasing (two calls never return the same)."""
        self._last_us = max(self._last_us + 1, time.time_ns() // 1000)
        return self._last_us

    def next(self) -> str:
        """A fresh 13-character TID."""
        return encode_tid(self.now_us(), self.clock_id)


def encode_tid(micros: int, clock_id: int = 0) -> str:
    """The TID for a microsecond timestamp (the top bit stays 0)."""
    value = ((micros & ((1 << 53) - 1)) << 10) | (clock_id & 0x3FF)
    chars = []
    for _ in range(13):
        chars.append(SORTABLE_BASE32[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def cid_for_bytes(data: bytes, codec: int = RAW) -> str:
    """A CIDv1 (sha2-256, base32): "bafkrei..." for raw bytes, "bafyrei..." for dag-cbor."""
    multihash = bytes([0x12, 0x20]) + hashlib.sha256(data).digest()
    encoded = base64.b32encode(bytes([0x01, codec]) + multihash).decode().lower().rstrip("=")
    return "b" + encoded


def cid_for_record(record: dict[str, Any]) -> str:
    """A dag-cbor-coded CID over the record's canonical JSON (a real PDS hashes the DAG-CBOR)."""
    canonical = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return cid_for_bytes(canonical.encode(), DAG_CBOR)


def at_uri(did: str, collection: str, rkey: str) -> str:
    """at://<did>/<collection>/<rkey>."""
    return f"at://{did}/{collection}/{rkey}"


def parse_at_uri(uri: str) -> tuple[str, str, str] | None:
    """(repo, collection, rkey) of an at:// record URI, or None if it is not one."""
    if not uri.startswith("at://"):
        return None
    parts = uri[len("at://") :].split("/")
    if len(parts) != 3 or not all(parts):
        return None
    return parts[0], parts[1], parts[2]
