"""Dependencies of the router's HTTP routes: the wired context and the caller's body."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from services.router.context import RouterContext
from services.router.models import BodyAssignment

_bearer = HTTPBearer(auto_error=False, description="The department's API key.")


def get_context(request: Request) -> RouterContext:
    parts = getattr(request.app.state, "parts", None)
    if parts is None or "ctx" not in parts.state:
        raise HTTPException(503, "the router is starting; try again")
    return parts.state["ctx"]


ContextDep = Annotated[RouterContext, Depends(get_context)]


async def get_body(
    ctx: ContextDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The body whose key this is; 401 for no key or an unknown or revoked one."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(
            401,
            "send your API key as 'Authorization: Bearer <key>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    body_id = await ctx.assignments.body_for_key(credentials.credentials)
    if body_id is None:
        raise HTTPException(
            401, "that API key is not valid", headers={"WWW-Authenticate": "Bearer"}
        )
    return body_id


BodyDep = Annotated[str, Depends(get_body)]


async def get_assignment(reference: str, body_id: BodyDep, ctx: ContextDep) -> BodyAssignment:
    """The caller's own assignment of this report; 404 for anyone else's (no leak either way)."""
    assignment = await ctx.assignments.for_body(body_id, reference.upper())
    if assignment is None:
        raise HTTPException(404, f"no report {reference} for your body")
    return assignment


AssignmentDep = Annotated[BodyAssignment, Depends(get_assignment)]
