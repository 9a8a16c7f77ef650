"""URL converters: every integer in a URL is an id a database column can hold."""
from werkzeug.routing import IntegerConverter

# The largest number an id, version or count column holds on every database the board runs on
# (forms check submitted ids against it too: board.web.forms.int_or_none).
MAX_INT = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:...>` on the board: 1 to MAX_INT; anything else matches no route, so it is a 404.

    Werkzeug's own converter takes any number of digits: a 20-digit id reached the database
    driver and ended in OverflowError (500). The bound is MAX_INT (2**31 - 1), not 2**63 - 1,
    because the id columns are 32-bit on PostgreSQL: a larger id is an error there, not a miss.
    """

    def __init__(self, map, fixed_digits=0, **bounds):
        super().__init__(map, fixed_digits=fixed_digits, min=1, max=MAX_INT)


def init_app(app):
    # Before any blueprint is registered: a rule looks its converters up when it is added.
    app.url_map.converters["int"] = IdConverter
