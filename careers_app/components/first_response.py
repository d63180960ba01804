"""Removes the first response's copy of a page once the live page has rendered its own."""

from __future__ import annotations

import reflex as rx


class FirstResponseDone(rx.Component):
    library = "$/public/first_response.jsx"
    tag = "FirstResponseDone"


first_response_done = FirstResponseDone.create
