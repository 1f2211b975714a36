"""Graph API nodes rendered as JSON, with Meta's field selection and its errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from fakes.facebook.models import Comment, GraphError, Page, Post, User
from fakes.facebook.store import TAG_RE, Actor, Store

Json = dict[str, Any]
Node = Page | User | Post | Comment | Actor


def graph_time(moment: datetime) -> str:
    """Graph API timestamps: ISO-8601 in UTC with a +0000 offset and no fraction."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def parse_fields(raw: str | None) -> list[str]:
    """Top-level names of a fields list; sub-selections like from{name} return whole objects."""
    if not raw:
        return []
    names, depth, current = [], 0, ""
    for char in raw:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "," and depth == 0:
            names.append(current.strip())
            current = ""
        elif depth == 0:
            current += char
    names.append(current.strip())
    return [n for n in names if n]


def _person(store: Store, node_id: str) -> Json:
    return {"name": store.name_of(node_id), "id": node_id}


def _image(url: str) -> Json:
    return {"image": {"height": 720, "src": url, "width": 960}}


def _photo_attachment(url: str, photo_id: str | None) -> Json:
    return {
        "media": _image(url),
        "target": {"id": photo_id, "url": f"https://www.facebook.com/photo.php?fbid={photo_id}"},
        "type": "photo",
        "url": f"https://www.facebook.com/photo.php?fbid={photo_id}",
    }


def _tags(store: Store, text: str) -> list[Json]:
    tags = []
    for match in TAG_RE.finditer(text):
        page = store.page(match.group(1))
        if page is not None:
            tags.append(
                {
                    "id": page.id,
                    "name": page.name,
                    "type": "page",
                    "offset": match.start(),
                    "length": match.end() - match.start(),
                }
            )
    return tags


def post_permalink(post: Post) -> str:
    """Where the post lives on facebook.com."""
    return f"https://www.facebook.com/{post.owner_id}/posts/{post.number}"


def _post_fields(store: Store, post: Post) -> dict[str, Callable[[], Any]]:
    return {
        "id": lambda: post.id,
        "message": lambda: post.message or None,
        "from": lambda: _person(store, post.author_id),
        "created_time": lambda: graph_time(post.created_at),
        "updated_time": lambda: graph_time(post.created_at),
        "permalink_url": lambda: post_permalink(post),
        "status_type": lambda: "added_photos" if post.photo_url else "mobile_status_update",
        "is_published": lambda: True,
        "full_picture": lambda: post.photo_url,
        "message_tags": lambda: _tags(store, post.message),
        "place": lambda: (
            post.place
            and {
                "id": post.place.id,
                "name": post.place.name,
                "location": {"latitude": post.place.latitude, "longitude": post.place.longitude},
            }
        ),
        "attachments": lambda: (
            post.photo_url
            and {
                "data": [
                    {**_photo_attachment(post.photo_url, post.photo_id), "media_type": "photo"}
                ]
            }
        ),
    }


def _comment_fields(store: Store, comment: Comment) -> dict[str, Callable[[], Any]]:
    post = store.posts[comment.post_id]
    parent = store.comments.get(comment.parent_id)
    return {
        "id": lambda: comment.id,
        "message": lambda: comment.message,
        "from": lambda: _person(store, comment.author_id),
        "created_time": lambda: graph_time(comment.created_at),
        "permalink_url": lambda: f"{post_permalink(post)}?comment_id={comment.id.split('_')[1]}",
        "message_tags": lambda: _tags(store, comment.message),
        "comment_count": lambda: len(store.comments_of(comment.id)),
        "can_comment": lambda: True,
        # Top-level comments have no parent field at all, as on Meta.
        "parent": lambda: parent and render(store, parent, ["created_time", "from", "message"]),
        "attachment": lambda: (
            comment.photo_url and _photo_attachment(comment.photo_url, comment.photo_id)
        ),
    }


def _profile_fields(store: Store, node: Page | User | Actor) -> dict[str, Callable[[], Any]]:
    fields: dict[str, Callable[[], Any]] = {"id": lambda: node.id, "name": lambda: node.name}
    if isinstance(node, Page):
        fields["username"] = lambda: node.username
        fields["link"] = lambda: f"https://www.facebook.com/{node.username}"
        fields["category"] = lambda: "Government organization"
    return fields


DEFAULT_FIELDS = {
    "Post": ["created_time", "message", "id"],
    "Comment": ["created_time", "from", "message", "id"],
}


def node_type(node: Node) -> str:
    """Meta's node type name, as it appears in its errors."""
    if isinstance(node, Actor):
        return "Application"
    return type(node).__name__


def render(store: Store, node: Node, fields: list[str] | None = None) -> Json:
    """The node with the requested fields; an unknown field is (#100), as on Meta."""
    if isinstance(node, Post):
        available = _post_fields(store, node)
    elif isinstance(node, Comment):
        available = _comment_fields(store, node)
    else:
        available = _profile_fields(store, node)
    wanted = fields or DEFAULT_FIELDS.get(node_type(node), ["name", "id"])
    body: Json = {}
    for name in wanted:
        if name not in available:
            raise GraphError(
                f"(#100) Tried accessing nonexisting field ({name}) on node type "
                f"({node_type(node)})",
                code=100,
            )
        value = available[name]()
        if value is not None and value not in ("", []):
            body[name] = value
    body.setdefault("id", node.id)
    return body
