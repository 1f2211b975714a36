"""What Heard says to citizens: plain words, and never a reference or link cut in half."""

from __future__ import annotations

from shared.events.routed import Routing

EMERGENCY = "If anyone is in danger, call 999 now."


def _names(routing: Routing) -> str:
    names = [body.name for body in routing.bodies]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _variants(routing: Routing) -> list[str]:
    """The same message from most to least wordy; every one keeps the reference whole."""
    c = routing.classification
    ref = routing.reference
    if routing.needs_location:
        return [
            "Thank you for telling us. Where exactly is this? Reply with a street, place or "
            f"postcode and we'll pass it straight on. Your reference is {ref}.",
            f"Thanks. Where is this? Reply with a street or postcode. Ref {ref}.",
        ]
    if not routing.bodies:
        return [
            "Thank you for telling us. This looks to be outside the areas we cover, so please "
            f"contact your local council or police directly. Your reference is {ref}.",
            f"Thanks. This is outside our area: please contact your local council. Ref {ref}.",
        ]
    ids = ", ".join(body.id for body in routing.bodies)
    variants = [
        f"Thank you for telling us. We've passed this to {_names(routing)}. "
        f"Your reference is {ref}.",
        f"Thanks, passed to {_names(routing)}. Ref {ref}.",
        f"Thanks, passed to {ids}. Ref {ref}.",
        f"Thanks, passed on. Ref {ref}.",
    ]
    if c.urgency == "emergency":
        return [f"{EMERGENCY} {v}" for v in variants]
    return variants


def fit(variants: list[str], limit: int) -> str:
    """The wordiest variant within the limit; the last one if none fits (the platform refuses)."""
    return next((v for v in variants if len(v) <= limit), variants[-1])


def first_reply(routing: Routing, *, limit: int = 500) -> str:
    """The acknowledgement: who it went to, the reference, and 999 advice in an emergency."""
    return f"{_greeting(routing)} {fit(_variants(routing), limit - len(_greeting(routing)) - 1)}"


def _greeting(routing: Routing) -> str:
    """@handle where the platform has handles (and notifies by them); a first name on Facebook."""
    mention = routing.classification.mention
    if mention.platform == "facebook":
        return (mention.author.display_name or mention.author.handle).split()[0] + ","
    if mention.platform in ("open311", "web"):
        return "Hello,"
    return "@" + mention.author.handle
