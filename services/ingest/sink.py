"""The one place every inbound adapter hands mentions to: publish each new post once."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import HTTPException

from services.ingest.handlers import Publish, ingest_mention
from services.ingest.repository import IngestRepository
from shared.events.mention import Mention


class IngestSink:
    """A MentionSink; webhook routers get it at app creation, bootstrap binds it at start-up."""

    def __init__(self) -> None:
        self._repository: IngestRepository | None = None
        self._publish: Publish | None = None

    def bind(self, repository: IngestRepository, publish: Publish) -> None:
        self._repository, self._publish = repository, publish

    async def __call__(self, mentions: Sequence[Mention], feed: str) -> int:
        """Publish the new ones (deduplicated by platform id); returns how many were new."""
        if self._repository is None or self._publish is None:
            raise HTTPException(503, "ingest is starting; try again")
        new = 0
        for mention in mentions:
            new += await ingest_mention(
                mention, feed=feed, repository=self._repository, publish=self._publish
            )
        return new
