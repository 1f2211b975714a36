"""Bluesky (AT Protocol): Jetstream v1 inbound, XRPC replies outbound."""
