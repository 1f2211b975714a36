"""Platform adapters: one folder per platform, each with an inbound and an outbound half."""
