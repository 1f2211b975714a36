"""GET/POST /report: the HTML form that files the same request as POST requests.json."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from services.ingest.open311.catalogue import Catalogue, Open311Service
from services.ingest.open311.forms import read_submission
from services.ingest.open311.intake import DuplicateRequest, Intake, IntakeError, Submission
from services.ingest.open311.pages import confirmation_page, form_page

_REFILLED = ("service_code", "description", "address_string", "lat", "long", "email")
# Intake's field -> (the form's input id, what to tell the citizen). None keeps intake's words.
_MESSAGES: dict[str | None, tuple[str | None, str | None]] = {
    "service_code": ("service_code", "Choose what the problem is about."),
    "description": ("description", "Describe the problem in 4,000 characters or fewer."),
    "location": (
        "address_string",
        "Tell us where the problem is: type a street, place or "
        "postcode, use your location, or add a photo taken there with location on.",
    ),
    "media": ("media", None),
    "email": ("email", "Enter an e-mail address like name@example.com, or leave it empty."),
}


def create_web_router(*, intake: Intake, catalogue: Catalogue) -> APIRouter:
    """The /report form and its confirmation page."""
    router = APIRouter()
    services = catalogue.services

    @router.get("/report", response_class=HTMLResponse)
    async def report_form() -> HTMLResponse:
        """The empty form."""
        return HTMLResponse(form_page(services, {}))

    @router.post("/report", response_class=HTMLResponse)
    async def send_report(request: Request) -> HTMLResponse:
        """File the request, then show its reference; re-show the form when something is wrong."""
        submission: Submission | None = None
        try:
            submission = await read_submission(request)
            if submission.email and "@" not in submission.email.strip("@"):
                raise IntakeError(400, "Invalid e-mail address.", field="email")
            record = await intake.submit(submission, channel="web")
        except DuplicateRequest as repeat:
            # A double tap or a refresh: show the reference the first one was given.
            earlier = await intake.records.load(repeat.existing)
            if earlier is None:
                return _form_again(services, submission, repeat)
            record = earlier
        except IntakeError as problem:
            return _form_again(services, submission or problem.submission, problem)
        base = intake.public_base_url.rstrip("/")
        status_url = f"{base}/open311/v2/requests/{record.service_request_id}.json"
        return HTMLResponse(confirmation_page(record, status_url))

    return router


def _form_again(
    services: tuple[Open311Service, ...], submission: Submission | None, problem: IntakeError
) -> HTMLResponse:
    """The form again, refilled, with the problem; 400 (or 503 when Heard itself failed)."""
    refill = {name: getattr(submission, name, "") for name in _REFILLED}
    field, message = _MESSAGES.get(problem.field, (None, None))
    status = problem.status if problem.status >= 500 else 400
    page = form_page(services, refill, (field, message or problem.description))
    return HTMLResponse(page, status_code=status)
