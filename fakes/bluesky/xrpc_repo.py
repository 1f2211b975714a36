"""com.atproto.repo.* records and blobs, and com.atproto.sync.getBlob."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from fakes.bluesky.errors import XrpcError, invalid_request
from fakes.bluesky.ids import at_uri, cid_for_record
from fakes.bluesky.posts import validate_post
from fakes.bluesky.store import POST, Account
from fakes.bluesky.web import json_body, require_session, store_of

Json = dict[str, Any]
MAX_BLOB_BYTES = 1_000_000


def _own_repo(account: Account, repo: Any) -> None:
    if repo not in (account.did, account.handle):
        raise XrpcError(403, "InvalidRequest", "Input/repo must be the authenticated account")


def repo_router() -> APIRouter:
    """Record and blob XRPC methods of the PDS."""
    router = APIRouter(prefix="/xrpc")

    @router.post("/com.atproto.repo.createRecord")
    async def create_record(request: Request) -> Json:
        account = require_session(request)
        body = await json_body(request)
        _own_repo(account, body.get("repo"))
        collection, record = body.get("collection"), body.get("record")
        if not isinstance(collection, str) or not isinstance(record, dict):
            raise invalid_request("Input must have the properties repo, collection and record")
        if record.setdefault("$type", collection) != collection:
            raise invalid_request(f"Invalid $type: expected {collection}, got {record['$type']}")
        if collection == POST:
            validate_post(store_of(request), record)
        stored, rev = store_of(request).create_record(account, collection, record, body.get("rkey"))
        commit_cid = cid_for_record({"did": account.did, "rev": rev, "data": stored.cid})
        return {
            "uri": stored.uri,
            "cid": stored.cid,
            "commit": {"cid": commit_cid, "rev": rev},
            "validationStatus": "valid" if collection == POST else "unknown",
        }

    @router.post("/com.atproto.repo.deleteRecord")
    async def delete_record(request: Request) -> Json:
        account = require_session(request)
        body = await json_body(request)
        _own_repo(account, body.get("repo"))
        rev = store_of(request).delete_record(
            account, str(body.get("collection")), str(body.get("rkey"))
        )
        if rev is None:
            return {}
        return {"commit": {"cid": cid_for_record({"did": account.did, "rev": rev}), "rev": rev}}

    @router.get("/com.atproto.repo.getRecord")
    async def get_record(
        request: Request, repo: str, collection: str, rkey: str, cid: str | None = None
    ) -> Json:
        store = store_of(request)
        account = store.account(repo)
        if account is None:
            raise invalid_request(f"Could not find repo: {repo}")
        record = store.record(at_uri(account.did, collection, rkey))
        if cid is not None and cid != record.cid:
            raise XrpcError(400, "RecordNotFound", f"Could not locate record: {record.uri}")
        return {"uri": record.uri, "cid": record.cid, "value": record.value}

    @router.get("/com.atproto.repo.listRecords")
    async def list_records(
        request: Request,
        repo: str,
        collection: str,
        limit: int = 50,
        cursor: str | None = None,
        reverse: bool = False,
    ) -> Json:
        store = store_of(request)
        account = store.account(repo)
        if account is None:
            raise invalid_request(f"Could not find repo: {repo}")
        if not 1 <= limit <= 100:
            raise invalid_request("limit must be between 1 and 100")
        mine = sorted(
            (
                r
                for r in store.records.values()
                if r.did == account.did and r.collection == collection
            ),
            key=lambda r: r.rkey,
            reverse=not reverse,  # newest first unless reverse=true
        )
        if cursor:
            mine = [r for r in mine if (r.rkey > cursor if reverse else r.rkey < cursor)]
        page = mine[:limit]
        answer: Json = {"records": [{"uri": r.uri, "cid": r.cid, "value": r.value} for r in page]}
        if len(mine) > limit:
            answer["cursor"] = page[-1].rkey
        return answer

    @router.post("/com.atproto.repo.uploadBlob")
    async def upload_blob(request: Request) -> Json:
        require_session(request)
        data = await request.body()
        if len(data) > MAX_BLOB_BYTES:
            raise XrpcError(400, "BlobTooLarge", f"Blob larger than {MAX_BLOB_BYTES} bytes")
        mime = request.headers.get("content-type") or "application/octet-stream"
        blob = store_of(request).add_blob(data, mime)
        ref = {"$type": "blob", "ref": {"$link": blob.cid}, "mimeType": mime, "size": len(data)}
        return {"blob": ref}

    @router.get("/com.atproto.sync.getBlob")
    async def get_blob(request: Request, did: str, cid: str) -> Response:
        blob = store_of(request).blobs.get(cid)
        if blob is None:
            raise XrpcError(400, "BlobNotFound", "Blob not found")
        return Response(blob.data, media_type=blob.mime_type)

    return router
