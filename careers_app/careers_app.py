"""The Reflex app: registers pages; nothing else."""

import reflex as rx

from careers_app.pages import apply, board, posting

app = rx.App(stylesheets=["/careers.css"])
board.register(app)
posting.register(app)
apply.register(app)
