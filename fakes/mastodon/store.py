"""In-memory state of the fake Mastodon: accounts, tokens, statuses, notifications, idempotency."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from fakes.mastodon import text as status_text
from fakes.mastodon.models import Account, ApiError, Notification, Status
from fakes.mastodon.ratelimit import RateLimiter
from fakes.mastodon.seed import SEED_ACCOUNTS

MAX_CHARACTERS = 500
VISIBILITIES = ("public", "unlisted", "private", "direct")
IDEMPOTENCY_TTL = timedelta(hours=1)
Clock = Callable[[], datetime]


class Store:
    """All state of one fake instance; every public method is thread-safe."""

    def __init__(self, domain: str, seed: bool = True, clock: Clock | None = None) -> None:
        self.domain = domain
        self.clock: Clock = clock or (lambda: datetime.now(UTC))
        self.rate_limiter = RateLimiter(self.clock)
        self._lock = threading.RLock()
        self._last_id = 0
        self.accounts: dict[str, Account] = {}
        self.statuses: dict[str, Status] = {}
        self.notifications: list[Notification] = []
        self._idempotency: dict[tuple[str, str], tuple[str, datetime]] = {}
        # Streaming listeners: (account id, callback) called with each new notification.
        self.listeners: list[tuple[str, Callable[[Notification], None]]] = []
        if seed:
            for seeded in SEED_ACCOUNTS:
                self.add_account(seeded.username, seeded.display_name, seeded.token)

    def _next_id(self) -> str:
        # Snowflake-like: milliseconds << 16, so ids grow with time like Mastodon's and
        # Mastodon.py's datetime-to-id conversion (min_id=datetime) stays meaningful.
        snowflake = int(self.clock().timestamp() * 1000) << 16
        self._last_id = max(self._last_id + 1, snowflake)
        return str(self._last_id)

    # Accounts

    def add_account(
        self,
        username: str,
        display_name: str | None = None,
        token: str | None = None,
        *,
        bot: bool = False,
        note: str = "",
    ) -> Account:
        """Create a local account; usernames and tokens must be unique."""
        with self._lock:
            if not username or not all(c.isalnum() or c == "_" for c in username):
                raise ApiError(
                    422,
                    "Validation failed: Username must contain only letters, "
                    "numbers and underscores",
                )
            if self.account_by_username(username) is not None:
                raise ApiError(422, "Validation failed: Username has already been taken")
            token = token or f"token-{username.lower()}"
            if self.account_for_token(token) is not None:
                raise ApiError(422, "Validation failed: Token has already been taken")
            account = Account(
                self._next_id(), username, display_name or username, token, self.clock(), bot, note
            )
            self.accounts[account.id] = account
            return account

    def account_for_token(self, token: str) -> Account | None:
        """The account a bearer token acts as."""
        return next((a for a in self.accounts.values() if a.token == token), None)

    def account_by_username(self, username: str) -> Account | None:
        """Local account by username, case-insensitively (Mastodon matches usernames so)."""
        wanted = username.lower()
        return next((a for a in self.accounts.values() if a.username.lower() == wanted), None)

    def account_url(self, account: Account) -> str:
        """Public profile URL."""
        return f"https://{self.domain}/@{account.username}"

    # Statuses

    def post_status(
        self,
        author: Account,
        text: str,
        *,
        in_reply_to_id: str | None = None,
        visibility: str | None = None,
        sensitive: bool = False,
        spoiler_text: str = "",
        language: str | None = None,
        media_ids: Iterable[str] = (),
        idempotency_key: str | None = None,
    ) -> Status:
        """Validate, post and notify mentioned accounts; a repeated key returns the first post."""
        with self._lock:
            now = self.clock()
            parent = None
            if in_reply_to_id:
                parent = self.statuses.get(in_reply_to_id)
                if parent is None or not self.can_see(author, parent):
                    raise ApiError(404, "Record not found")
            if idempotency_key:
                # Checked before validation, like Mastodon's PostStatusService.
                remembered = self._idempotency.get((author.id, idempotency_key))
                if remembered is not None and remembered[1] > now:
                    return self.statuses[remembered[0]]
            # There is no media upload endpoint, so media_ids never attach anything and
            # text stays required.
            if not text.strip():
                raise ApiError(422, "Validation failed: Text can't be blank")
            if status_text.status_length(text, spoiler_text) > MAX_CHARACTERS:
                raise ApiError(
                    422, f"Validation failed: Text character limit of {MAX_CHARACTERS} exceeded"
                )
            visibility = visibility or "public"
            if visibility not in VISIBILITIES:
                raise ApiError(422, "Validation failed: Visibility is not included in the list")
            mentioned = self._mentioned_accounts(text)
            status = Status(
                id=self._next_id(),
                account_id=author.id,
                text=text,
                content=status_text.render_html(text, self.domain, self._resolve),
                created_at=now,
                visibility=visibility,
                sensitive=sensitive or bool(spoiler_text),
                spoiler_text=spoiler_text,
                language=language or "en",
                in_reply_to_id=parent.id if parent else None,
                in_reply_to_account_id=parent.account_id if parent else None,
                mention_ids=[a.id for a in mentioned],
                tags=status_text.find_hashtags(text),
            )
            self.statuses[status.id] = status
            # Mastodon notifies mentioned accounts only: a reply without an @-mention of the
            # parent's author does not notify them.
            for account in mentioned:
                if account.id != author.id:
                    self._notify(account.id, "mention", author.id, status.id)
            if idempotency_key:
                self._idempotency[(author.id, idempotency_key)] = (status.id, now + IDEMPOTENCY_TTL)
            return status

    def _resolve(self, username: str) -> tuple[str, str] | None:
        account = self.account_by_username(username)
        return (self.account_url(account), account.username) if account else None

    def _mentioned_accounts(self, text: str) -> list[Account]:
        accounts: list[Account] = []
        for ref in status_text.find_mentions(text, self.domain):
            account = self.account_by_username(ref.username)
            if account is not None and account not in accounts:
                accounts.append(account)
        return accounts

    def _notify(self, account_id: str, kind: str, from_id: str, status_id: str | None) -> None:
        notification = Notification(
            self._next_id(), account_id, kind, from_id, status_id, self.clock()
        )
        self.notifications.append(notification)
        for listener_account, deliver in list(self.listeners):
            if listener_account == account_id:
                deliver(notification)

    def can_see(self, viewer: Account | None, status: Status) -> bool:
        """Public and unlisted are visible to all; private and direct to author and mentioned."""
        if status.visibility in ("public", "unlisted"):
            return True
        return viewer is not None and (
            viewer.id == status.account_id or viewer.id in status.mention_ids
        )

    def context(self, status: Status, viewer: Account | None) -> tuple[list[Status], list[Status]]:
        """Ancestors (root first) and descendants (depth-first thread order) the viewer may see."""
        with self._lock:
            ancestors: list[Status] = []
            parent_id = status.in_reply_to_id
            while parent_id and parent_id in self.statuses:
                ancestors.insert(0, self.statuses[parent_id])
                parent_id = self.statuses[parent_id].in_reply_to_id
            descendants: list[Status] = []
            self._collect_replies(status.id, descendants)
            return (
                [s for s in ancestors if self.can_see(viewer, s)],
                [s for s in descendants if self.can_see(viewer, s)],
            )

    def _collect_replies(self, status_id: str, into: list[Status]) -> None:
        for reply in self.replies_to(status_id):
            into.append(reply)
            self._collect_replies(reply.id, into)

    def replies_to(self, status_id: str) -> list[Status]:
        """Direct replies, oldest first."""
        replies = [s for s in self.statuses.values() if s.in_reply_to_id == status_id]
        return sorted(replies, key=lambda s: int(s.id))

    def statuses_count(self, account_id: str) -> int:
        """How many statuses the account has posted."""
        return sum(1 for s in self.statuses.values() if s.account_id == account_id)

    # Notifications

    def notifications_page(
        self,
        account: Account,
        *,
        max_id: int | None = None,
        since_id: int | None = None,
        min_id: int | None = None,
        limit: int = 40,
        types: Iterable[str] = (),
        exclude_types: Iterable[str] = (),
        from_account_id: str | None = None,
    ) -> list[Notification]:
        """One page, newest first; with min_id, the page immediately newer than min_id."""
        wanted, unwanted = set(types), set(exclude_types)
        with self._lock:
            matching = [
                n
                for n in self.notifications
                if n.account_id == account.id
                and (not wanted or n.type in wanted)
                and n.type not in unwanted
                and (from_account_id is None or n.from_account_id == from_account_id)
                and (max_id is None or int(n.id) < max_id)
                and (since_id is None or int(n.id) > since_id)
                and (min_id is None or int(n.id) > min_id)
            ]
        if min_id is not None:
            # Oldest `limit` items above min_id, then newest first (Mastodon's paginate_by_min_id).
            return list(reversed(matching[:limit]))
        return list(reversed(matching))[:limit]

    def notification(self, account: Account, notification_id: str) -> Notification:
        """One of the account's notifications, or 404."""
        for n in self.notifications:
            if n.id == notification_id and n.account_id == account.id:
                return n
        raise ApiError(404, "Record not found")

    def clear_notifications(self, account: Account) -> None:
        """Delete all of the account's notifications."""
        with self._lock:
            self.notifications = [n for n in self.notifications if n.account_id != account.id]

    def dismiss_notification(self, account: Account, notification_id: str) -> None:
        """Delete one of the account's notifications, or 404."""
        with self._lock:
            target = self.notification(account, notification_id)
            self.notifications.remove(target)

    def reset(self) -> None:
        """Forget statuses, notifications, idempotency keys and rate-limit state; keep accounts."""
        with self._lock:
            self.statuses.clear()
            self.notifications.clear()
            self._idempotency.clear()
            self.rate_limiter.reset()
