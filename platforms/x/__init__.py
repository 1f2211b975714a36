"""X (API v2) adapter: mention timeline polling, filtered stream, Account Activity webhooks,
and threaded replies."""
