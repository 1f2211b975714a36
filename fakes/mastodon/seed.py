"""Default accounts the fake Mastodon starts with: official bodies and citizens."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SeedAccount:
    """One account to create at start-up, with the bearer token that acts as it."""

    username: str
    display_name: str
    token: str
    official: bool = False


OFFICIAL_ACCOUNTS: tuple[SeedAccount, ...] = (
    SeedAccount("MonmouthshireCC", "Monmouthshire County Council", "token-monmouthshirecc", True),
    SeedAccount("gwentpolice", "Gwent Police", "token-gwentpolice", True),
    SeedAccount("AneurinBevanUHB", "Aneurin Bevan UHB", "token-aneurinbevanuhb", True),
    SeedAccount(
        "ArdsNorthDown", "Ards and North Down Borough Council", "token-ardsnorthdown", True
    ),
    SeedAccount("PSNIBangor", "PSNI Bangor", "token-psnibangor", True),
    SeedAccount("deptinfra", "DfI Roads", "token-deptinfra", True),
    SeedAccount("CityWestminster", "Westminster City Council", "token-citywestminster", True),
    SeedAccount("TfL", "Transport for London", "token-tfl", True),
    SeedAccount("metpoliceuk", "Met Police", "token-metpoliceuk", True),
    SeedAccount("ImperialNHS", "Imperial College Healthcare", "token-imperialnhs", True),
)

CITIZEN_ACCOUNTS: tuple[SeedAccount, ...] = tuple(
    SeedAccount(username, display_name, f"citizen-{username}")
    for username, display_name in (
        ("lowri", "Lowri Powell"),
        ("davy", "Davy Gilmore"),
        ("priya", "Priya Shah"),
        ("tom", "Tom Evans"),
        ("aoife", "Aoife Kelly"),
        ("sam", "Sam Okafor"),
    )
)

SEED_ACCOUNTS: tuple[SeedAccount, ...] = OFFICIAL_ACCOUNTS + CITIZEN_ACCOUNTS


def token_for(username: str) -> str:
    """The seeded bearer token for a username (case-insensitive); KeyError if not seeded."""
    for account in SEED_ACCOUNTS:
        if account.username.lower() == username.lower():
            return account.token
    raise KeyError(username)
