"""The XRPC error every route raises: answered as {"error": name, "message": text}."""

from __future__ import annotations


class XrpcError(Exception):
    """An XRPC error with its HTTP status, lexicon error name and message."""

    def __init__(self, status_code: int, error: str, message: str) -> None:
        super().__init__(f"{error}: {message}")
        self.status_code = status_code
        self.error = error
        self.message = message


def invalid_request(message: str) -> XrpcError:
    """400 InvalidRequest, the PDS's answer to a malformed or unacceptable request."""
    return XrpcError(400, "InvalidRequest", message)


def record_not_found(message: str = "Could not locate record") -> XrpcError:
    """400 RecordNotFound, as com.atproto.repo.getRecord answers."""
    return XrpcError(400, "RecordNotFound", message)
