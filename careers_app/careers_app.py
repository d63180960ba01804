"""The Reflex app: registers pages; nothing else."""

import reflex as rx

from careers_app.pages import board, posting

app = rx.App(
    stylesheets=["/careers.css"],
    theme=rx.theme(appearance="light", accent_color="indigo", has_background=False),
)
board.register(app)
posting.register(app)
