"""Reflex configuration. Reflex itself reads REFLEX_DB_URL only; we map DATABASE_URL."""

import reflex as rx

from careers_app.settings import get_settings

settings = get_settings()
settings.data_dir.mkdir(parents=True, exist_ok=True)

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
    # Reflex's static sitemap listed every page, the hiring team's too; careers_app/api.py
    # serves /sitemap.xml (public pages only) and /robots.txt instead.
    disable_plugins=[rx.plugins.SitemapPlugin],
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(appearance="light", accent_color="indigo", has_background=False)
        ),
    ],
)
