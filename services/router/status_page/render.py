"""The status page as one self-contained HTML5 document: no scripts, no external assets."""

from __future__ import annotations

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from services.router.status_page.model import PublicTimeline, TimelineEntry
from services.router.status_page.words import STEPS, Words, category_label, words_for

LONDON = ZoneInfo("Europe/London")

# Inline, so the page is one request on a poor signal; the CSP allows exactly this and no more.
# Colours meet WCAG AA on both schemes; 18px text because people read this on the move.
_CSS = """
:root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fff;--muted:#4a5257;--accent:#0b4f8a;
--ok:#00703c;--line:#b1b4b6;--card:#f3f2f1;--warn:#a4190e;--warn-bg:#fdecea}
@media (prefers-color-scheme:dark){:root{--fg:#f3f2f1;--bg:#111;--muted:#c5c9cc;
--accent:#8cc4ff;--ok:#7bd9a2;--line:#5a5a5a;--card:#1f1f1f;--warn:#ffb4a6;--warn-bg:#3a1a14}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:1.125rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;
color:var(--fg);background:var(--bg);overflow-wrap:anywhere}
main{max-width:40rem;margin:0 auto;padding:1rem 1rem 2rem}
a{color:var(--accent)}
h1{font-size:1.6rem;line-height:1.25;margin:.25rem 0 .5rem}
h2{font-size:1.2rem;margin:1.75rem 0 .5rem}
p{margin:.25rem 0}
.brand{font-weight:700;color:var(--muted);margin:0;font-size:1rem;letter-spacing:.02em}
.ref{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-weight:700;
letter-spacing:.05em}
.muted{color:var(--muted)}
.alert{margin:1rem 0;padding:.75rem 1rem;border-left:6px solid var(--warn);
background:var(--warn-bg);color:var(--warn);font-weight:700}
.note{margin:.75rem 0;padding:.75rem 1rem;border-left:6px solid var(--accent);
background:var(--card)}
.summary{font-weight:700;margin-bottom:.5rem}
ol,ul{margin:0;padding:0;list-style:none}
.steps li{position:relative;padding:.45rem 0 .45rem 2.5rem;color:var(--muted);min-height:2.6rem}
.steps li::before{content:"";position:absolute;left:0;top:.5rem;width:1.6rem;height:1.6rem;
border-radius:50%;border:3px solid var(--line);background:var(--bg);display:flex;
align-items:center;justify-content:center}
.steps li:not(:last-child)::after{content:"";position:absolute;left:calc(.8rem - 1.5px);
top:2.1rem;bottom:-.5rem;border-left:3px solid var(--line)}
.steps li.done{color:var(--fg)}
.steps li.done::before{content:"\\2713";color:#fff;background:var(--ok);border-color:var(--ok);
font-size:1rem;font-weight:700}
.steps li.done::after{border-color:var(--ok)}
.steps li.current{font-weight:700;color:var(--fg)}
.bodies li{padding:.5rem .75rem;background:var(--card);border-radius:6px;margin-bottom:.5rem}
.timeline li{border-top:1px solid var(--line);padding:.75rem 0}
.timeline .kind{font-weight:700}
.timeline time{color:var(--muted);margin-left:.5rem;white-space:nowrap}
.timeline p{white-space:pre-line}
footer{margin-top:2rem;padding-top:1rem;border-top:1px solid var(--line);font-size:1rem}
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def local_time(at: datetime, words: Words) -> str:
    """25 Nov, 14:05 in UK time, the way a person would say it."""
    t = at.astimezone(LONDON)
    return f"{t.day} {words.months[t.month - 1]}, {t:%H:%M}"


def _document(*, title: str, lang: str, body: str) -> str:
    """Wrap a page body in the shared head: viewport, no indexing, no referrer leak."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        # A reference is as good as a password to the page: keep it out of search and referrers.
        '<meta name="robots" content="noindex, nofollow">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="color-scheme" content="light dark">\n'
        f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )


def _steps(timeline: PublicTimeline, words: Words) -> str:
    """The progress as ticked steps, with "Step n of 6" for screen readers and skimmers."""
    handed_back = timeline.status == "handed back"
    # A hand-back puts the report back to "being passed on": only receiving it is done.
    current = 1 if handed_back else STEPS.index(timeline.status)
    items = []
    for i, label in enumerate(words.steps):
        # Reaching a status means its step happened, so it is ticked too (all six once fixed).
        done = i < current or (i == current and not handed_back)
        cls = "done" if done else ""
        extra = ""
        if i == current:
            cls = f"{cls} current".strip()
            extra = ' aria-current="step"'
        items.append(f'<li class="{cls}"{extra}>{escape(label)}</li>')
    summary = words.step_of.format(n=current + 1, total=len(STEPS))
    note = f'<p class="note">{escape(words.handed_back)}</p>\n' if handed_back else ""
    return (
        f"<h2>{escape(words.progress)}</h2>\n{note}"
        f'<p class="summary">{escape(summary)}: {escape(words.steps[current])}</p>\n'
        f'<ol class="steps">\n' + "\n".join(items) + "\n</ol>\n"
    )


def _entry(entry: TimelineEntry, words: Words) -> str:
    stamp = entry.at.isoformat()
    return (
        f'<li><span class="kind">{escape(words.kinds[entry.kind])}</span>'
        f'<time datetime="{escape(stamp)}">{escape(local_time(entry.at, words))}</time>'
        f"<p>{escape(entry.text)}</p></li>"
    )


def render_status_page(timeline: PublicTimeline, *, language: str = "en") -> str:
    """The citizen's status page for one report, in English or Welsh ("cy")."""
    words = words_for(language)
    other = "en" if words.lang == "cy" else "cy"
    parts = [
        '<p class="brand">Heard</p>\n',
        f"<h1>{escape(category_label(timeline.category, words.lang))}</h1>\n",
        f"<p>{escape(words.reference)}: "
        f'<span class="ref">{escape(timeline.reference)}</span></p>\n',
    ]
    if timeline.place:
        parts.append(f'<p class="muted">{escape(words.near)} {escape(timeline.place)}</p>\n')
    if timeline.urgency == "emergency":
        parts.append(f'<p class="alert" role="alert">{escape(words.emergency)}</p>\n')
    parts.append(_steps(timeline, words))
    parts.append(f"<h2>{escape(words.bodies)}</h2>\n")
    if timeline.bodies:
        names = "".join(f"<li>{escape(name)}</li>" for name in timeline.bodies)
        parts.append(f'<ul class="bodies">{names}</ul>\n')
    else:
        parts.append(f"<p>{escape(words.no_bodies)}</p>\n")
    parts.append(f"<h2>{escape(words.happened)}</h2>\n")
    # Oldest first, so the page reads as the story of the report; ties keep the router's order.
    entries = sorted(timeline.entries, key=lambda e: e.at)
    if entries:
        items = "\n".join(_entry(entry, words) for entry in entries)
        parts.append(f'<ol class="timeline">\n{items}\n</ol>\n')
    else:
        parts.append(f"<p>{escape(words.nothing_yet)}</p>\n")
    parts.append(
        f'<footer>\n<p class="muted">{escape(words.privacy)}</p>\n'
        f'<p><a href="?lang={other}" lang="{other}">{escape(words.other_language)}</a></p>\n'
        "</footer>\n"
    )
    title = f"{words.report} {timeline.reference} – Heard"
    return _document(title=title, lang=words.lang, body="".join(parts))


def render_not_found(reference: str, *, language: str = "en") -> str:
    """The page for a reference we do not know, echoing it (escaped, shortened) to check."""
    words = words_for(language)
    shown = reference[:40]
    body = (
        '<p class="brand">Heard</p>\n'
        f"<h1>{escape(words.not_found_title)}</h1>\n"
        f"<p>{escape(words.not_found_text.format(reference=shown))}</p>\n"
    )
    return _document(title=f"{words.not_found_title} – Heard", lang=words.lang, body=body)
