"""Default accounts of the fake Bluesky PDS: official bodies and citizens.

Everything is deterministic, so tests and demos can hard-code it:

- handle: official accounts are "<lower-case sample-directory handle>.bsky.social"
  (MonmouthshireCC -> monmouthshirecc.bsky.social); citizens are "<name>.bsky.social".
- app password: "token-<lower-case handle>" for officials ("token-monmouthshirecc"),
  "citizen-<name>" for citizens ("citizen-lowri").
- DID: "did:plc:" + the first 24 characters of base32(sha256("heard-fake-bluesky:" + handle)),
  lower-cased (see `did_for`); e.g. did_for("lowri.bsky.social").
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

HANDLE_SUFFIX = ".bsky.social"


def did_for(handle: str) -> str:
    """The deterministic did:plc of a handle (24 base32 characters, like a real PLC DID)."""
    digest = hashlib.sha256(f"heard-fake-bluesky:{handle.lower()}".encode()).digest()
    return "did:plc:" + base64.b32encode(digest).decode().lower()[:24]


@dataclass(frozen=True)
class SeedAccount:
    """One account to create at start-up, with the app password that logs in as it."""

    name: str  # the sample-directory handle or the citizen's short name
    display_name: str
    password: str
    official: bool = False

    @property
    def handle(self) -> str:
        """The full Bluesky handle, e.g. monmouthshirecc.bsky.social."""
        return self.name.lower() + HANDLE_SUFFIX

    @property
    def did(self) -> str:
        """The account's deterministic DID."""
        return did_for(self.handle)


def _official(name: str, display_name: str) -> SeedAccount:
    return SeedAccount(name, display_name, f"token-{name.lower()}", official=True)


OFFICIAL_ACCOUNTS: tuple[SeedAccount, ...] = (
    _official("MonmouthshireCC", "Monmouthshire County Council"),
    _official("gwentpolice", "Gwent Police"),
    _official("AneurinBevanUHB", "Aneurin Bevan University Health Board"),
    _official("TrafficWalesS", "Traffic Wales South"),
    _official("ArdsNorthDown", "Ards and North Down Borough Council"),
    _official("deptinfra", "Department for Infrastructure"),
    _official("PSNIArdsNDown", "PSNI Ards and North Down"),
    _official("PSNIBangor", "PSNI Bangor"),
    _official("PoliceServiceNI", "Police Service of Northern Ireland"),
    _official("setrust", "South Eastern Health and Social Care Trust"),
    _official("CityWestminster", "Westminster City Council"),
    _official("TfL", "Transport for London"),
    _official("TfLTrafficNews", "TfL Traffic News"),
    _official("metpoliceuk", "Metropolitan Police"),
    _official("MPSWestminster", "MPS Westminster"),
    _official("ImperialNHS", "Imperial College Healthcare NHS Trust"),
    _official("ChelwestFT", "Chelsea and Westminster Hospital NHS Foundation Trust"),
)

CITIZEN_ACCOUNTS: tuple[SeedAccount, ...] = tuple(
    SeedAccount(name, display_name, f"citizen-{name}")
    for name, display_name in (
        ("lowri", "Lowri Powell"),
        ("davy", "Davy Gilmore"),
        ("priya", "Priya Shah"),
        ("tom", "Tom Evans"),
        ("aoife", "Aoife Kelly"),
        ("sam", "Sam Okafor"),
    )
)

SEED_ACCOUNTS: tuple[SeedAccount, ...] = OFFICIAL_ACCOUNTS + CITIZEN_ACCOUNTS


def seed_account(name: str) -> SeedAccount:
    """A seeded account by short name or full handle (case-insensitive); KeyError if unknown."""
    wanted = name.lower().lstrip("@")
    for account in SEED_ACCOUNTS:
        if wanted in (account.name.lower(), account.handle):
            return account
    raise KeyError(name)
