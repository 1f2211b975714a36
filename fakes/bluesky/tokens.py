"""Session JWTs signed with HS256, shaped like a PDS's (scope, sub, aud, iat, exp, jti)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from typing import Any

ACCESS_SCOPE = "com.atproto.appPass"
REFRESH_SCOPE = "com.atproto.refresh"
ACCESS_TTL_S = 2 * 60 * 60
REFRESH_TTL_S = 90 * 24 * 60 * 60


class TokenError(Exception):
    """The token is malformed, forged, expired or of the wrong kind."""

    def __init__(self, error: str, message: str) -> None:
        super().__init__(message)
        self.error = error
        self.message = message


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TokenIssuer:
    """Mints and checks access and refresh JWTs with one secret per fake instance."""

    def __init__(self, audience: str, secret: bytes | None = None) -> None:
        self.audience = audience
        self._secret = secret or secrets.token_bytes(32)

    def _sign(self, payload: dict[str, Any], typ: str) -> str:
        header = _b64(json.dumps({"typ": typ, "alg": "HS256"}).encode())
        body = _b64(json.dumps(payload, separators=(",", ":")).encode())
        signature = hmac.new(self._secret, f"{header}.{body}".encode(), hashlib.sha256).digest()
        return f"{header}.{body}.{_b64(signature)}"

    def issue(self, did: str) -> tuple[str, str, str]:
        """(access JWT, refresh JWT, refresh jti) for an account."""
        now = int(time.time())
        jti = secrets.token_urlsafe(16)
        access = self._sign(
            # A jti makes every access token unique, so expiring one never expires its successor.
            {
                "scope": ACCESS_SCOPE,
                "sub": did,
                "aud": self.audience,
                "iat": now,
                "exp": now + ACCESS_TTL_S,
                "jti": secrets.token_urlsafe(8),
            },
            "at+jwt",
        )
        refresh = self._sign(
            {
                "scope": REFRESH_SCOPE,
                "sub": did,
                "aud": self.audience,
                "jti": jti,
                "iat": now,
                "exp": now + REFRESH_TTL_S,
            },
            "refresh+jwt",
        )
        return access, refresh, jti

    def verify(self, token: str, scope: str) -> dict[str, Any]:
        """The claims of a genuine, unexpired token of the given scope."""
        try:
            header, body, signature = token.split(".")
            expected = hmac.new(self._secret, f"{header}.{body}".encode(), hashlib.sha256).digest()
            genuine = hmac.compare_digest(expected, _unb64(signature))
            claims = json.loads(_unb64(body))
        except (ValueError, TypeError):
            raise TokenError("InvalidToken", "Token could not be verified") from None
        if not genuine or not isinstance(claims, dict):
            raise TokenError("InvalidToken", "Token could not be verified")
        if claims.get("scope") != scope:
            raise TokenError("InvalidToken", "Bad token scope")
        if int(claims.get("exp", 0)) <= time.time():
            raise TokenError("ExpiredToken", "Token has expired")
        return claims
