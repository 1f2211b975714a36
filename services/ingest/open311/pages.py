"""The citizen's HTML pages: plain, accessible, usable on a phone without JavaScript."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape

from services.ingest.open311.catalogue import Open311Service
from services.ingest.open311.records import RequestRecord

_STYLE = """
body{font-family:system-ui,Arial,sans-serif;font-size:1.1rem;line-height:1.5;margin:0;color:#0b0c0c}
main{max-width:40rem;margin:0 auto;padding:1rem}
label,legend{display:block;font-weight:700;margin-top:1.2rem}
.hint{color:#505a5f;margin:.2rem 0}
input,select,textarea{font:inherit;width:100%;box-sizing:border-box;padding:.5rem;
 border:2px solid #0b0c0c;border-radius:0}
input[type=file]{border:none;padding:.3rem 0}
textarea{min-height:8rem}
fieldset{border:none;padding:0;margin:0}
button{font:inherit;font-weight:700;margin-top:1.5rem;padding:.7rem 1.2rem;border:none;
 background:#00703c;color:#fff;cursor:pointer}
button.secondary{background:#f3f2f1;color:#0b0c0c;margin-top:.6rem}
:focus{outline:3px solid #fd0;outline-offset:0}
.warning{border-left:5px solid #0b0c0c;padding-left:1rem}
.error-summary{border:5px solid #d4351c;padding:1rem;margin:1rem 0}
.error-summary h2{margin-top:0}
.error-message{color:#d4351c;font-weight:700;margin:.2rem 0}
.panel{background:#00703c;color:#fff;padding:1.5rem;text-align:center;margin:1rem 0}
.reference{font-size:1.6rem;font-weight:700;word-break:break-all}
"""

# Progressive enhancement: without JavaScript the button never appears and nothing breaks.
_LOCATION_SCRIPT = """
<script>
(function () {
  var button = document.getElementById("use-location");
  var status = document.getElementById("location-status");
  if (!button || !navigator.geolocation) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = "Finding your location\u2026";
    navigator.geolocation.getCurrentPosition(function (position) {
      document.getElementById("lat").value = position.coords.latitude.toFixed(6);
      document.getElementById("long").value = position.coords.longitude.toFixed(6);
      status.textContent = "Your location has been added.";
    }, function () {
      status.textContent = "We could not get your location. Type the street or place instead.";
    }, {enableHighAccuracy: true, timeout: 15000});
  });
})();
</script>
"""


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} - Heard</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def form_page(
    services: Iterable[Open311Service],
    values: Mapping[str, str],
    error: tuple[str | None, str] | None = None,
) -> str:
    """The report form, refilled with `values`; `error` is (field id or None, message)."""
    field, message = error if error else (None, "")

    def value(name: str) -> str:
        return escape(values.get(name, ""), quote=True)

    def problem(name: str) -> str:
        if field != name:
            return ""
        return f'<p class="error-message" id="{name}-error">Error: {escape(message)}</p>'

    def described(name: str, hint: bool = True) -> str:
        ids = ([f"{name}-hint"] if hint else []) + ([f"{name}-error"] if field == name else [])
        return f' aria-describedby="{" ".join(ids)}"' if ids else ""

    summary = ""
    if error:
        target = f'<a href="#{field}">{escape(message)}</a>' if field else escape(message)
        summary = (
            '<div class="error-summary" role="alert" tabindex="-1">'
            f"<h2>There is a problem</h2><ul><li>{target}</li></ul></div>"
        )
    chosen = values.get("service_code", "")
    options = "".join(
        f'<option value="{escape(s.service_code, quote=True)}"'
        f"{' selected' if s.service_code == chosen else ''}>{escape(s.service_name)}</option>"
        for s in services
    )
    body = f"""
<h1>Report a problem</h1>
<p>Tell us what is wrong and where. Heard passes your report to the council, police or NHS body
responsible and gives you a reference.</p>
<p class="warning"><strong>If someone is in danger or a crime is happening now, call 999.</strong>
</p>
{summary}
<form method="post" enctype="multipart/form-data">
<label for="service_code">What is the problem about?</label>
{problem("service_code")}
<select id="service_code" name="service_code" required{described("service_code", False)}>
<option value="">Choose a category</option>{options}
</select>

<label for="description">Describe the problem</label>
<p class="hint" id="description-hint">For example, which lights are out or how big the pothole
is. Please do not put your phone number or e-mail address here.</p>
{problem("description")}
<textarea id="description" name="description" maxlength="4000" rows="6"
{described("description")}>{value("description")}</textarea>

<fieldset>
<legend>Where is it?</legend>
<label for="address_string">Street, place or postcode</label>
<p class="hint" id="address_string-hint">You can leave this empty if you use your location or
add a photo taken there with location switched on.</p>
{problem("address_string")}
<input id="address_string" name="address_string" type="text" autocomplete="off"
value="{value("address_string")}"{described("address_string")}>
<input id="lat" name="lat" type="hidden" value="{value("lat")}">
<input id="long" name="long" type="hidden" value="{value("long")}">
<button type="button" class="secondary" id="use-location" hidden>Use my location</button>
<p id="location-status" aria-live="polite"></p>
</fieldset>

<label for="media">Photo (optional)</label>
<p class="hint" id="media-hint">A JPEG, PNG or WebP image, up to 10 MB.</p>
{problem("media")}
<input id="media" name="media" type="file" accept="image/jpeg,image/png,image/webp"
{described("media")}>

<label for="email">E-mail address (optional)</label>
<p class="hint" id="email-hint">Only if you want to hear about this report. We never publish
it.</p>
{problem("email")}
<input id="email" name="email" type="email" autocomplete="email" spellcheck="false"
value="{value("email")}"{described("email")}>

<button type="submit">Send report</button>
</form>
{_LOCATION_SCRIPT}"""
    return _page(("Error: " if error else "") + "Report a problem", body)


def confirmation_page(record: RequestRecord, status_url: str) -> str:
    """Thanks, the reference, and where to follow the request."""
    reference = escape(record.service_request_id)
    body = f"""
<div class="panel">
<h1>Report sent</h1>
<p>Your reference is</p>
<p class="reference">{reference}</p>
</div>
<p>Thank you. We have your report about <strong>{escape(record.service_name)}</strong> and will
pass it to the public body responsible. Quote your reference if you contact them about it.</p>
<p><a href="{escape(status_url, quote=True)}">Check the progress of report {reference}</a>
(in the Open311 data format).</p>
<p><a href="report">Report another problem</a></p>"""
    return _page("Report sent", body)
