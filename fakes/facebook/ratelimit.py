"""Meta-style usage headers and throttling: percentages of a budget, HTTP 400 when over it.

Meta answers a throttled call with HTTP 400 (not 429) and an OAuthException whose code says
which limit was hit: 4 (app), 17 (user), 32 (page, user token), 613 (custom), 80001 (Pages
business use case, page tokens). The fake does the same: page tokens get 80001 and an
X-Business-Use-Case-Usage header; every response carries X-App-Usage.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from fakes.facebook.models import GraphError

DEFAULT_LIMIT = 600
WINDOW_S = 3600
THROTTLE_MESSAGES = {
    4: "(#4) Application request limit reached",
    17: "(#17) User request limit reached",
    32: "(#32) Page request limit reached",
    613: "(#613) Calls to this api have exceeded the rate limit.",
    80001: "(#80001) There have been too many calls to this Page account. Wait a bit and try "
    "again. For more info, please refer to "
    "https://developers.facebook.com/docs/graph-api/overview/rate-limiting.",
}


@dataclass
class _Forced:
    remaining: int = 0
    minutes: float = 1.0
    code: int | None = None
    page_id: str | None = None  # only calls with this Page's token, as BUC limits are per Page


class Throttle:
    """Fixed one-hour windows per app and per Page, plus forced throttling for tests."""

    def __init__(self, clock: Callable[[], datetime], limit: int = DEFAULT_LIMIT) -> None:
        self.clock = clock
        self.limit = self._initial_limit = limit
        self._counts: dict[str, tuple[int, int]] = {}
        self._forced = _Forced()

    def check(self, page_id: str | None) -> dict[str, str]:
        """Count one call (by a page token when page_id is set); raise GraphError if throttled.

        Returns the usage headers for a successful answer.
        """
        app_count = self._count("app")
        page_count = self._count(f"page:{page_id}") if page_id else 0
        forced = self._forced
        if forced.remaining > 0 and forced.page_id in (None, page_id):
            forced.remaining -= 1
            code = self._forced.code or (80001 if page_id else 4)
            raise self._throttled(code, page_id, self._forced.minutes)
        if page_id and page_count > self.limit:
            raise self._throttled(80001, page_id, self._minutes_left())
        if app_count > self.limit:
            raise self._throttled(4, page_id, self._minutes_left())
        return self._headers(app_count, page_id, page_count, 0)

    def _count(self, key: str) -> int:
        window = int(self.clock().timestamp()) // WINDOW_S
        seen, count = self._counts.get(key, (window, 0))
        count = count + 1 if seen == window else 1
        self._counts[key] = (window, count)
        return count

    def _minutes_left(self) -> int:
        seconds = WINDOW_S - int(self.clock().timestamp()) % WINDOW_S
        return max(1, math.ceil(seconds / 60))

    def _percent(self, count: int) -> int:
        return min(100, count * 100 // self.limit)

    def _headers(
        self, app_count: int, page_id: str | None, page_count: int, minutes: float
    ) -> dict[str, str]:
        app = self._percent(app_count)
        # CPU and wall time are not measured: they follow the call count at a lower level.
        headers = {
            "X-App-Usage": json.dumps(
                {"call_count": app, "total_cputime": app // 2, "total_time": app // 2}
            )
        }
        if page_id:
            pct = self._percent(page_count)
            usage = {
                "type": "pages",
                "call_count": pct,
                "total_cputime": pct // 2,
                "total_time": pct // 2,
                # Meta sends whole minutes; fractions (for fast tests) stay as given.
                "estimated_time_to_regain_access": int(minutes)
                if minutes == int(minutes)
                else minutes,
            }
            headers["X-Business-Use-Case-Usage"] = json.dumps({page_id: [usage]})
        return headers

    def _throttled(self, code: int, page_id: str | None, minutes: float) -> GraphError:
        headers = self._headers(self.limit, page_id, self.limit, minutes)
        return GraphError(
            THROTTLE_MESSAGES.get(code, THROTTLE_MESSAGES[4]),
            code=code,
            is_transient=True,
            headers=headers,
        )

    def fail_next(
        self, count: int, minutes: float = 1.0, code: int | None = None, page_id: str | None = None
    ) -> None:
        """Throttle the next `count` calls (by one Page's token, if given) for `minutes`."""
        self._forced = _Forced(max(0, count), minutes, code, page_id)

    def set_limit(self, limit: int) -> None:
        """Change the calls allowed per window (per app and per Page)."""
        self.limit = limit

    def state(self) -> dict[str, object]:
        """Forced throttles still pending and the current limit."""
        return {"fail_next": self._forced.remaining, "limit": self.limit}

    def reset(self) -> None:
        """Forget counts and forced throttles; restore the initial limit."""
        self._counts.clear()
        self._forced = _Forced()
        self.limit = self._initial_limit
