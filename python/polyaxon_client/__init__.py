"""hptune's stand-in for Polyaxon v0's polyaxon_client: only the tracking API (docs/commands.md)."""
