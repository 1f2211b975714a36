"""The subset of X's rule / search query language the fake understands.

A query is terms separated by spaces (AND) with OR between groups; a leading "-" negates
a term; parentheses are not supported (400 / invalid rule). Terms:
  @handle                 the post @mentions handle
  from:handle             written by handle
  to:handle               a reply to handle
  conversation_id:<id>    in that conversation
  in_reply_to_tweet_id:<id>
  is:reply | is:retweet | is:quote | has:geo | has:media | has:images | has:mentions
  "a phrase" / keyword    case-insensitive substring / word of the text
Heard's rules use only @handle joined by OR.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from fakes.x.models import Post

_TOKEN = re.compile(r'-?"[^"]*"|\S+')
_OPERATORS = ("from", "to", "conversation_id", "in_reply_to_tweet_id", "is", "has")
_FLAGS = {"is": {"reply", "retweet", "quote"}, "has": {"geo", "media", "images", "mentions"}}


class QueryError(ValueError):
    """The query uses syntax outside the supported subset."""


@dataclass(frozen=True)
class Term:
    negated: bool
    kind: str  # mention | from | to | conversation_id | in_reply_to_tweet_id | is | has | text
    value: str


Query = list[list[Term]]  # OR of ANDs


def parse(query: str) -> Query:
    """Parse a rule or search query; QueryError if it is empty or unsupported."""
    groups: Query = [[]]
    for token in _TOKEN.findall(query.strip()):
        if token == "OR":
            if not groups[-1]:
                raise QueryError("OR needs a term on each side")
            groups.append([])
            continue
        if "(" in token or ")" in token:
            raise QueryError("parentheses are not supported by the fake")
        groups[-1].append(_term(token))
    if not all(groups) or not groups[0]:
        raise QueryError("empty query or dangling OR")
    return groups


def _term(token: str) -> Term:
    negated = token.startswith("-")
    token = token[1:] if negated else token
    if token.startswith('"') and token.endswith('"') and len(token) >= 2:
        return Term(negated, "text", token[1:-1].lower())
    if token.startswith("@") and len(token) > 1:
        return Term(negated, "mention", token[1:].lower())
    operator, colon, value = token.partition(":")
    if colon and operator in _OPERATORS:
        if not value or (operator in _FLAGS and value not in _FLAGS[operator]):
            raise QueryError(f"unsupported operator value {token!r}")
        return Term(negated, operator, value.lower())
    if colon:
        raise QueryError(f"unsupported operator {operator!r}")
    return Term(negated, "text", token.lower())


def matches(query: Query, post: Post, username_of: Callable[[str], str]) -> bool:
    """Whether the post satisfies the query; username_of maps a user id to its username."""
    return any(all(_holds(t, post, username_of) != t.negated for t in group) for group in query)


def _holds(term: Term, post: Post, username_of: Callable[[str], str]) -> bool:
    value = term.value
    if term.kind == "mention":
        return any(m.username.lower() == value for m in post.mentions)
    if term.kind == "from":
        return username_of(post.author_id).lower() == value
    if term.kind == "to":
        return bool(post.in_reply_to_user_id) and (
            username_of(post.in_reply_to_user_id or "").lower() == value
        )
    if term.kind == "conversation_id":
        return post.conversation_id == value
    if term.kind == "in_reply_to_tweet_id":
        return post.replied_to == value
    if term.kind == "is":
        return value == "reply" and post.replied_to is not None
    if term.kind == "has":
        return {
            "geo": post.coordinates is not None or post.place_id is not None,
            "media": bool(post.media_keys),
            "images": any(k.startswith("3_") for k in post.media_keys),
            "mentions": bool(post.mentions),
        }[value]
    text = post.text.lower()
    return value in text if " " in value else value in re.findall(r"[\w#@$]+", text)
