"""In-memory state of the fake: accounts, sessions, records, blobs and the Jetstream event log.

Every route of the fake is `async` and runs on the server's one event loop, so the state needs
no locks: no await happens between reading and writing it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from fakes.bluesky.errors import XrpcError, invalid_request
from fakes.bluesky.ids import TidClock, at_uri, cid_for_bytes, cid_for_record
from fakes.bluesky.ratelimit import RateLimiter
from fakes.bluesky.seed import SEED_ACCOUNTS, did_for
from fakes.bluesky.tokens import TokenIssuer

POST = "app.bsky.feed.post"


def iso_from_us(time_us: int) -> str:
    """ISO-8601 UTC with milliseconds and Z, the timestamp format of the AppView."""
    moment = datetime.fromtimestamp(time_us / 1_000_000, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


@dataclass
class Account:
    """A repo on the fake PDS; `password` is its app password."""

    did: str
    handle: str
    display_name: str
    password: str
    created_at: str
    official: bool = False


@dataclass
class Record:
    """One stored record; `time_us` is the Jetstream time of its create event."""

    uri: str
    cid: str
    did: str
    collection: str
    rkey: str
    value: dict[str, Any]
    indexed_at: str
    time_us: int


@dataclass
class Blob:
    """An uploaded blob (images for posts)."""

    cid: str
    mime_type: str
    data: bytes = field(repr=False)


class Store:
    """All state of one fake instance."""

    def __init__(self, seed: bool = True) -> None:
        self.clock = TidClock()
        self.rate_limiter = RateLimiter()
        self.tokens = TokenIssuer(audience="did:web:fake-bluesky.local")
        self.accounts: dict[str, Account] = {}
        self._did_by_handle: dict[str, str] = {}
        self.records: dict[str, Record] = {}
        self.blobs: dict[str, Blob] = {}
        self.events: list[dict[str, Any]] = []
        self.epoch = 0  # bumped by reset(), so live subscribers restart from the new log
        self.changed = asyncio.Event()
        self.issued_access: set[str] = set()
        self.expired_access: set[str] = set()
        self.used_refresh: set[str] = set()
        self.subscribers: set[Any] = set()  # live Jetstream sockets, for /_fake/jetstream/drop
        self.connections: list[dict[str, Any]] = []  # every Jetstream connection's parameters
        if seed:
            for account in SEED_ACCOUNTS:
                self.add_account(
                    account.handle, account.display_name, account.password, account.official
                )

    # Accounts

    def add_account(
        self,
        handle: str,
        display_name: str,
        password: str,
        official: bool = False,
        *,
        announce: bool = False,
    ) -> Account:
        """Create an account; `announce` emits the identity and account events Jetstream sends."""
        handle = handle.lower()
        if handle in self._did_by_handle:
            raise invalid_request(f"Handle already taken: {handle}")
        now_us = self.clock.now_us()
        account = Account(
            did_for(handle), handle, display_name, password, iso_from_us(now_us), official
        )
        self.accounts[account.did] = account
        self._did_by_handle[handle] = account.did
        if announce:
            when, did = iso_from_us(now_us), account.did
            identity = {"did": did, "handle": handle, "seq": len(self.events), "time": when}
            self._append(
                {
                    "did": did,
                    "time_us": self.clock.now_us(),
                    "kind": "identity",
                    "identity": identity,
                }
            )
            status = {"active": True, "did": did, "seq": len(self.events), "time": when}
            self._append(
                {"did": did, "time_us": self.clock.now_us(), "kind": "account", "account": status}
            )
        return account

    def account(self, identifier: str) -> Account | None:
        """The account for a DID or a handle (case-insensitive, with or without '@')."""
        identifier = identifier.strip().lstrip("@")
        if identifier.startswith("did:"):
            return self.accounts.get(identifier)
        did = self._did_by_handle.get(identifier.lower())
        return self.accounts.get(did) if did else None

    def require_account(self, identifier: str) -> Account:
        """The account, or 400 InvalidRequest as the AppView answers for unknown actors."""
        account = self.account(identifier)
        if account is None:
            raise invalid_request("Profile not found")
        return account

    # Records and blobs

    def create_record(
        self, account: Account, collection: str, value: dict[str, Any], rkey: str | None = None
    ) -> tuple[Record, str]:
        """Store a record and log its Jetstream create event; returns it and the commit rev."""
        time_us = self.clock.now_us()
        rkey = rkey or self.clock.next()
        uri = at_uri(account.did, collection, rkey)
        if uri in self.records:
            raise invalid_request(f"Record already exists: {uri}")
        record = Record(
            uri,
            cid_for_record(value),
            account.did,
            collection,
            rkey,
            value,
            iso_from_us(time_us),
            time_us,
        )
        self.records[uri] = record
        rev = self.clock.next()
        self._append(
            {
                "did": account.did,
                "time_us": time_us,
                "kind": "commit",
                "commit": {
                    "rev": rev,
                    "operation": "create",
                    "collection": collection,
                    "rkey": rkey,
                    "record": value,
                    "cid": record.cid,
                },
            }
        )
        return record, rev

    def delete_record(self, account: Account, collection: str, rkey: str) -> str | None:
        """Delete a record (a no-op if absent, as on a PDS); the commit rev if one was made."""
        uri = at_uri(account.did, collection, rkey)
        if self.records.pop(uri, None) is None:
            return None
        rev = self.clock.next()
        self._append(
            {
                "did": account.did,
                "time_us": self.clock.now_us(),
                "kind": "commit",
                "commit": {
                    "rev": rev,
                    "operation": "delete",
                    "collection": collection,
                    "rkey": rkey,
                },
            }
        )
        return rev

    def record(self, uri: str) -> Record:
        """The record at an at:// URI, or 400 RecordNotFound."""
        record = self.records.get(uri)
        if record is None:
            raise XrpcError(400, "RecordNotFound", f"Could not locate record: {uri}")
        return record

    def replies_to(self, uri: str) -> list[Record]:
        """Posts whose reply.parent is uri, oldest first."""
        return [
            r
            for r in self.records.values()
            if r.collection == POST
            and (r.value.get("reply") or {}).get("parent", {}).get("uri") == uri
        ]

    def add_blob(self, data: bytes, mime_type: str) -> Blob:
        """Keep uploaded bytes under their raw CID."""
        blob = Blob(cid_for_bytes(data), mime_type, data)
        self.blobs[blob.cid] = blob
        return blob

    # Jetstream log

    def _append(self, event: dict[str, Any]) -> None:
        self.events.append(event)
        # Wake every subscriber waiting on the current signal, then arm a fresh one.
        self.changed.set()
        self.changed = asyncio.Event()

    def reset(self) -> None:
        """Forget records, blobs, events, rate-limit state and expired tokens (accounts stay)."""
        self.records.clear()
        self.blobs.clear()
        self.events.clear()
        self.connections.clear()
        self.expired_access.clear()
        self.rate_limiter.reset()
        self.epoch += 1
        self.changed.set()
        self.changed = asyncio.Event()
