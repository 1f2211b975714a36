"""What Heard says to citizens: plain words, the reference always kept whole."""

from __future__ import annotations

from shared.events.routed import Routing


def _names(routing: Routing) -> str:
    names = [body.name for body in routing.bodies]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def first_reply(routing: Routing) -> str:
    """The acknowledgement: who it went to, the reference, and 999 advice in an emergency."""
    c = routing.classification
    handle = "@" + c.mention.author.handle
    ref = routing.reference
    if c.urgency == "emergency":
        prefix = f"{handle} If anyone is in danger, call 999 now. "
    else:
        prefix = f"{handle} Thank you for telling us. "
    if routing.needs_location:
        return (
            f"{prefix}Where exactly is this? Reply with a street, place or postcode "
            f"and we'll pass it straight on. Your reference is {ref}."
        )
    if not routing.bodies:
        return (
            f"{prefix}This looks to be outside the areas we cover, so please contact "
            f"your local council or police directly. Your reference is {ref}."
        )
    return f"{prefix}We've passed this to {_names(routing)}. Your reference is {ref}."
