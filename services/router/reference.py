"""Citizen-facing references: short, unambiguous when read aloud, stable per report."""

from __future__ import annotations

import hashlib

# Crockford base32: no I, L, O or U, so a reference survives being read over the phone.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def reference_for(report_id: str, *, salt: int = 0) -> str:
    """HRD-XXXX-XXXX from the report id; a salt gives another if one ever collides."""
    digest = int.from_bytes(hashlib.sha256(f"{report_id}:{salt}".encode()).digest()[:5], "big")
    chars = "".join(_ALPHABET[(digest >> (5 * i)) & 31] for i in range(8))
    return f"HRD-{chars[:4]}-{chars[4:]}"
