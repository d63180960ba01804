"""Reflex configuration. Reflex itself reads REFLEX_DB_URL only; we map DATABASE_URL."""

import reflex as rx

from careers_app import at_rest
from careers_app.settings import get_settings

settings = get_settings()
# Before anything is written: umask 077, the data dir, database files and Reflex's state
# store (moved into the data dir) private to this user (careers_app/at_rest.py).
at_rest.secure(settings)

config = rx.Config(
    app_name="careers_app",
    db_url=settings.database_url,
    frontend_port=settings.port,
    deploy_url=settings.base_url,
    cors_allowed_origins=settings.allowed_origins,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # Behind nginx or another proxy: the client address (upload limits) from X-Forwarded-For.
    trusted_proxy_hops=settings.trusted_proxy_hops,
    # Reflex's static sitemap listed every page, the hiring team's too; careers_app/http/api.py
    # serves /sitemap.xml (public pages only) and /robots.txt instead.
    disable_plugins=[rx.plugins.SitemapPlugin],
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(appearance="light", accent_color="indigo", has_background=False)
        ),
    ],
)
