"""Status text handling: mention/hashtag/link parsing, HTML rendering, length counting."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

# Mastodon's Account::MENTION_RE: not preceded by a word char, "/" or "=" (so e-mail
# addresses and URLs are not mentions); optional @domain part.
MENTION_RE = re.compile(
    r"(?<![=/\w])@(?P<username>[a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)"
    r"(?:@(?P<domain>\w+(?:[.-]+\w+)*))?",
    re.IGNORECASE,
)
# A hashtag needs at least one letter: "#1" is not a tag in Mastodon.
HASHTAG_RE = re.compile(r"(?<![=/\w&])#(?P<tag>\w*[^\W\d_]\w*)")
URL_RE = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]'\"]")
TOKEN_RE = re.compile(f"(?P<url>{URL_RE.pattern})|{MENTION_RE.pattern}|{HASHTAG_RE.pattern}", re.I)

# Mastodon counts every URL as 23 characters whatever its length.
URL_PLACEHOLDER_LENGTH = 23


@dataclass(frozen=True)
class MentionRef:
    """A local account mentioned in a status, as written ("@user" or "@user@domain")."""

    username: str
    written: str


def find_mentions(text: str, domain: str) -> list[MentionRef]:
    """Mentions that address this instance: bare @user or @user@<our domain>, in text order."""
    found: list[MentionRef] = []
    for match in TOKEN_RE.finditer(text):
        if match.group("username") is None:
            continue
        mention_domain = match.group("domain")
        if mention_domain is None or mention_domain.lower() == domain.lower():
            found.append(MentionRef(match.group("username"), match.group(0)))
    return found


def find_hashtags(text: str) -> list[str]:
    """Hashtag names, lower-cased and de-duplicated, in text order."""
    tags: list[str] = []
    for match in TOKEN_RE.finditer(text):
        tag = match.group("tag")
        if tag is not None and tag.lower() not in tags:
            tags.append(tag.lower())
    return tags


def status_length(text: str, spoiler_text: str = "") -> int:
    """Characters counted against the limit: URLs count 23, @user@domain counts as @user."""
    counted = URL_RE.sub("x" * URL_PLACEHOLDER_LENGTH, text)
    counted = MENTION_RE.sub(lambda m: "@" + m.group("username"), counted)
    return len(counted) + len(spoiler_text)


# resolve(username) -> (profile URL, canonical username) of a local account, or None.
Resolver = Callable[[str], tuple[str, str] | None]


def render_html(text: str, domain: str, resolve: Resolver) -> str:
    """Plain text to Mastodon-style HTML: <p> per paragraph, <br /> per line, linked entities.

    A mention that does not resolve to a local account stays plain text, as on Mastodon.
    """
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    rendered = []
    for paragraph in paragraphs:
        lines = [_render_line(line, domain, resolve) for line in paragraph.split("\n")]
        rendered.append("<p>" + "<br />".join(lines) + "</p>")
    return "".join(rendered)


def _render_line(line: str, domain: str, resolve: Resolver) -> str:
    parts: list[str] = []
    position = 0
    for match in TOKEN_RE.finditer(line):
        parts.append(escape(line[position : match.start()], quote=False))
        parts.append(_render_token(match, domain, resolve))
        position = match.end()
    parts.append(escape(line[position:], quote=False))
    return "".join(parts)


def _render_token(match: re.Match[str], domain: str, resolve: Resolver) -> str:
    raw = match.group(0)
    if match.group("url") is not None:
        scheme, _, rest = raw.partition("://")
        return (
            f'<a href="{escape(raw)}" target="_blank" rel="nofollow noopener" translate="no">'
            f'<span class="invisible">{escape(scheme)}://</span>'
            f'<span class="">{escape(rest)}</span><span class="invisible"></span></a>'
        )
    if match.group("tag") is not None:
        tag = match.group("tag")
        return (
            f'<a href="https://{domain}/tags/{escape(tag.lower())}" class="mention hashtag" '
            f'rel="tag">#<span>{escape(tag)}</span></a>'
        )
    mention_domain = match.group("domain")
    resolved = None
    if mention_domain is None or mention_domain.lower() == domain.lower():
        resolved = resolve(match.group("username"))
    if resolved is None:
        return escape(raw, quote=False)
    url, username = resolved
    return (
        f'<span class="h-card" translate="no"><a href="{escape(url)}" class="u-url mention">'
        f"@<span>{escape(username)}</span></a></span>"
    )
