"""Reflex's own floor: one state, one handler that sets a string (issue 21).

What any Reflex event costs on this deployment (Redis state manager, Granian workers,
nginx), with no database, no guard, no logging: ``bench/floor_load.py`` drives it with
the careers app's load generator at the same pace and compares the CPU per event.
"""

import reflex as rx


class FloorState(rx.State):
    text: str = ""

    @rx.event
    def set_text(self, value: str) -> None:
        self.text = value


def index() -> rx.Component:
    return rx.text(FloorState.text)


app = rx.App()
app.add_page(index)
