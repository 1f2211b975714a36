"""Open311 GeoReport v2 intake and the /report web form: reports from citizens off social media."""

from services.ingest.open311.api import create_open311_router
from services.ingest.open311.catalogue import DEFAULT_SERVICES, Open311Service
from services.ingest.open311.records import RequestStatus, StatusLookup

__all__ = [
    "DEFAULT_SERVICES",
    "Open311Service",
    "RequestStatus",
    "StatusLookup",
    "create_open311_router",
]
