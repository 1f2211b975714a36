"""Users the fake X starts with: official bodies and citizens, with fixed ids and tokens.

Ids are deterministic so tests and demo settings can name them:
- official accounts: "1000000000000000001" ... in the order below, user token
  "token-<lower-cased handle>" (e.g. "token-monmouthshirecc");
- citizens: "2000000000000000001" ... in the order below, user token "citizen-<name>".
The app-only bearer token is APP_BEARER_TOKEN and the app's consumer secret (the key for
webhook CRC answers and signatures) is CONSUMER_SECRET, unless create_app() is told otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

APP_BEARER_TOKEN = "app-bearer"
CONSUMER_SECRET = "fake-consumer-secret"


@dataclass(frozen=True)
class SeedUser:
    """One user to create at start-up, with the OAuth2 user token that acts as it."""

    user_id: str
    username: str
    name: str
    token: str
    official: bool = False


_OFFICIAL = (
    ("MonmouthshireCC", "Monmouthshire County Council"),
    ("gwentpolice", "Gwent Police"),
    ("AneurinBevanUHB", "Aneurin Bevan UHB"),
    ("TrafficWalesS", "Traffic Wales South"),
    ("ArdsNorthDown", "Ards and North Down Borough Council"),
    ("deptinfra", "DfI Roads"),
    ("PSNIArdsNDown", "PSNI Ards and North Down"),
    ("PSNIBangor", "PSNI Bangor"),
    ("PoliceServiceNI", "Police Service of Northern Ireland"),
    ("setrust", "South Eastern HSC Trust"),
    ("CityWestminster", "Westminster City Council"),
    ("TfL", "Transport for London"),
    ("TfLTrafficNews", "TfL Traffic News"),
    ("metpoliceuk", "Metropolitan Police"),
    ("MPSWestminster", "MPS Westminster"),
    ("ImperialNHS", "Imperial College Healthcare NHS"),
    ("ChelwestFT", "Chelsea and Westminster Hospital"),
)
_CITIZENS = (
    ("lowri", "Lowri Powell"),
    ("davy", "Davy Gilmore"),
    ("priya", "Priya Shah"),
    ("tom", "Tom Evans"),
    ("aoife", "Aoife Kelly"),
    ("sam", "Sam Okafor"),
)

OFFICIAL_USERS: tuple[SeedUser, ...] = tuple(
    SeedUser(f"1{n:018d}", handle, name, f"token-{handle.lower()}", official=True)
    for n, (handle, name) in enumerate(_OFFICIAL, start=1)
)
CITIZEN_USERS: tuple[SeedUser, ...] = tuple(
    SeedUser(f"2{n:018d}", handle, name, f"citizen-{handle}")
    for n, (handle, name) in enumerate(_CITIZENS, start=1)
)
SEED_USERS: tuple[SeedUser, ...] = OFFICIAL_USERS + CITIZEN_USERS


def seed_user(username: str) -> SeedUser:
    """The seeded user with this username (case-insensitive); KeyError if not seeded."""
    for user in SEED_USERS:
        if user.username.lower() == username.lower().lstrip("@"):
            return user
    raise KeyError(username)


def token_for(username: str) -> str:
    """The seeded OAuth2 user token for a username."""
    return seed_user(username).token


def user_id_for(username: str) -> str:
    """The seeded user id for a username."""
    return seed_user(username).user_id
