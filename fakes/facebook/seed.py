"""The app, Pages and people the fake Graph API starts with; ids and tokens are deterministic.

- App: id APP_ID ("900000000000001"); its app access token is "<APP_ID>|<app secret>".
- Pages: one per official handle, in the order below; page id = 100000000000000 + position
  (MonmouthshireCC is "100000000000001"), page access token "token-<lower-case handle>".
- People: page-scoped user id = 200000000000000 + position (lowri is "200000000000001"),
  user access token "citizen-<name>".
"""

from __future__ import annotations

from dataclasses import dataclass

APP_ID = "900000000000001"
APP_NAME = "Heard"
DEFAULT_APP_SECRET = "fake-app-secret"


@dataclass(frozen=True)
class SeedPage:
    """A Facebook Page run by an official body."""

    handle: str
    name: str
    page_id: str
    token: str


@dataclass(frozen=True)
class SeedUser:
    """A citizen with a Facebook account."""

    key: str
    name: str
    user_id: str
    token: str


_PAGES = (
    ("MonmouthshireCC", "Monmouthshire County Council"),
    ("gwentpolice", "Gwent Police"),
    ("AneurinBevanUHB", "Aneurin Bevan University Health Board"),
    ("TrafficWalesS", "Traffic Wales South"),
    ("ArdsNorthDown", "Ards and North Down Borough Council"),
    ("deptinfra", "Department for Infrastructure"),
    ("PSNIArdsNDown", "PSNI Ards & North Down"),
    ("PSNIBangor", "PSNI Bangor"),
    ("PoliceServiceNI", "Police Service of Northern Ireland"),
    ("setrust", "South Eastern Health and Social Care Trust"),
    ("CityWestminster", "Westminster City Council"),
    ("TfL", "Transport for London"),
    ("TfLTrafficNews", "TfL Traffic News"),
    ("metpoliceuk", "Metropolitan Police"),
    ("MPSWestminster", "MPS Westminster"),
    ("ImperialNHS", "Imperial College Healthcare NHS Trust"),
    ("ChelwestFT", "Chelsea and Westminster Hospital NHS Foundation Trust"),
)

_USERS = (
    ("lowri", "Lowri Powell"),
    ("davy", "Davy Gilmore"),
    ("priya", "Priya Shah"),
    ("tom", "Tom Evans"),
    ("aoife", "Aoife Kelly"),
    ("sam", "Sam Okafor"),
)

SEED_PAGES: tuple[SeedPage, ...] = tuple(
    SeedPage(handle, name, str(100_000_000_000_000 + n), f"token-{handle.lower()}")
    for n, (handle, name) in enumerate(_PAGES, start=1)
)

SEED_USERS: tuple[SeedUser, ...] = tuple(
    SeedUser(key, name, str(200_000_000_000_000 + n), f"citizen-{key}")
    for n, (key, name) in enumerate(_USERS, start=1)
)


def page_for(handle: str) -> SeedPage:
    """The seeded Page for a handle (case-insensitive); KeyError if not seeded."""
    for page in SEED_PAGES:
        if page.handle.lower() == handle.lower():
            return page
    raise KeyError(handle)


def user_for(key: str) -> SeedUser:
    """The seeded citizen for a short name like "lowri"; KeyError if not seeded."""
    for user in SEED_USERS:
        if user.key == key.lower():
            return user
    raise KeyError(key)


def app_token(app_secret: str = DEFAULT_APP_SECRET) -> str:
    """The app access token Meta accepts in place of an OAuth app token: "<app id>|<secret>"."""
    return f"{APP_ID}|{app_secret}"
