"""The floor app's Reflex configuration: what the careers app's rxconfig sets that concerns
the backend (no telemetry, the client address from nginx's X-Forwarded-For), nothing else.
The state manager is Redis, from ``REFLEX_REDIS_URL`` as for the careers app."""

import reflex as rx

config = rx.Config(
    app_name="floor",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    trusted_proxy_hops=1,
    disable_plugins=[rx.plugins.SitemapPlugin],
)
