"""Renderers of schedule exports; each reads a release's frozen snapshot only. They are cached and served
through ``events.services.exports``."""
