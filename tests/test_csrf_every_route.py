"""CSRF on every state-changing route of the URL map, walked rather than listed.

A route added later is covered without a row here; a route marked @csrf.exempt (or a
blueprint exempted) answers something other than the CSRF refusal and fails, unless it is
named in EXEMPT with the proof that replaces the token.
"""
import logging

import pytest

from board.platform.extensions import csrf
from tests.conftest import assert_csrf_refused
from tests.test_authorization import ACTORS, SPEC, _url, world  # noqa: F401  (world is a fixture)

CHANGING = ("POST", "PUT", "PATCH", "DELETE")
# The only views allowed without a CSRF token, by endpoint, each with what proves the request instead.
EXEMPT = {
    # RFC 8058 one-click unsubscribe: the mail client posts no token; the signed token in the URL is the
    # proof (forged and essential-kind tokens are refused in tests/test_notifications.py).
    "notifications.unsubscribe": "board.web.notifications.unsubscribe",
}


def _changing_rules(app):
    return [(rule, method) for rule in app.url_map.iter_rules() for method in sorted(rule.methods)
            if method in CHANGING and rule.endpoint not in EXEMPT]


def _actor_who_may(endpoint):
    """An actor the authorization table lets through, so a missing CSRF check would reach the view."""
    outcomes = dict(zip(ACTORS, SPEC[endpoint].split()))
    return next((actor for actor in ACTORS if outcomes[actor] == "ok" and actor != "anon"), "anon")


def test_nothing_but_the_named_views_is_exempted_from_csrf(app):
    assert csrf._exempt_views == set(EXEMPT.values()), f"views exempted from CSRF: {sorted(csrf._exempt_views)}"
    assert not csrf._exempt_blueprints
    for endpoint, view in EXEMPT.items():
        function = app.view_functions[endpoint]
        assert f"{function.__module__}.{function.__name__}" == view


def test_every_state_changing_route_refuses_a_request_without_a_token(app, world, caplog):
    caplog.set_level(logging.INFO, logger="flask_wtf.csrf")
    rules = _changing_rules(app)
    assert len(rules) > 60  # the walk sees the board's POST routes, not an empty map
    for rule, method in rules:
        actor = _actor_who_may(rule.endpoint)
        url = _url(rule, world["params"])
        caplog.clear()
        # A plausible form body: the fields a view would read, with no token and no X-CSRFToken header.
        response = world["clients"][actor].open(url, method=method, data={"reason": "x", "confirmed": "yes"})
        assert_csrf_refused(response, caplog, f"{actor} {method} {url}")


@pytest.mark.parametrize("endpoint", ["me.withdraw", "committee.pass_on"])
def test_a_refused_move_changes_nothing(app, world, caplog, endpoint):
    # The two buttons that move an application: without a token it stays where it was.
    from board.platform.extensions import db
    from board.models import Application
    caplog.set_level(logging.INFO, logger="flask_wtf.csrf")
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    actor = "trainee_a" if endpoint.startswith("me.") else "committee"
    with app.app_context():
        before = db.session.get(Application, world["params"]["application_id"]).version
    response = world["clients"][actor].post(_url(rule, world["params"]), data={"reason": "x"}, csrf=False)
    assert_csrf_refused(response, caplog, endpoint)
    with app.app_context():
        assert db.session.get(Application, world["params"]["application_id"]).version == before


def test_the_check_tells_csrf_apart_from_other_refusals(app, world, caplog):
    # Control: with CSRF switched off the same request is not taken for a CSRF refusal.
    caplog.set_level(logging.INFO, logger="flask_wtf.csrf")
    app.config["WTF_CSRF_ENABLED"] = False
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == "company.profile")
    response = world["clients"]["member_x"].post(_url(rule, world["params"]), data={"description": "x"}, csrf=False)
    with pytest.raises(AssertionError):
        assert_csrf_refused(response, caplog)
