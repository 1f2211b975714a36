"""Delivery of reports to departmental systems: Standard Webhooks or Open311 GeoReport v2."""
