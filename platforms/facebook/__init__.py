"""Facebook Pages: Graph API webhooks in, comment replies out."""
