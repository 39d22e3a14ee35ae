"""starlette drift: the webserver guide's startup hook."""

from __future__ import annotations

from ..patterns import MethodCall
from ..rules import Rule

RULES = (
    Rule(
        id="starlette.on-event",
        library="starlette",
        description='`@app.on_event("startup")`',
        pattern=MethodCall(frozenset({"on_event"})),
        rewrite=None,
        message="`app.on_event(...)` was removed in starlette 1.0 (0.52 warns): start the queue in a `lifespan` handler, `Starlette(routes=..., lifespan=...)`",
        deprecated_in="0.52", removed_in="1.0",
    ),
)
