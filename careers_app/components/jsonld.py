"""A JSON-LD <script> placed in the document head (React does not hoist it itself)."""

from __future__ import annotations

import reflex as rx


class JsonLdHead(rx.Component):
    library = "$/public/jsonld.jsx"
    tag = "JsonLdHead"

    json: rx.Var[str]


json_ld_head = JsonLdHead.create
