"""The web layer: blueprints by audience, their forms and the fragment-or-page helpers.

Views read the request, call one use case in board.domain, own the transaction (commit/rollback)
and render a template or fragment. Nothing below this package may import it."""
