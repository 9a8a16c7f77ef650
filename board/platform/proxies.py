"""Forwarded headers count only when the request comes from a configured reverse proxy.

Werkzeug's ProxyFix believes X-Forwarded-For from whoever sends it; with gunicorn reachable
directly, a client rotating that header chose its own address and escaped the per-address
limits on sign-in and reset mails. Here ProxyFix applies only to requests whose REMOTE_ADDR
is in TRUSTED_PROXIES (gunicorn's --forwarded-allow-ips must list the same addresses), and
X-Forwarded-Host only when PROXY_SETS_HOST says the proxy overwrites it.

A Host outside TRUSTED_HOSTS (board/platform/config.py's check_origin) is answered with the board's
own 400 page.
"""
from ipaddress import ip_address, ip_network
from urllib.parse import urlsplit

from flask.globals import request_ctx
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

from board.platform.config import ConfigError


def networks(addresses):
    """The configured proxy addresses as networks; a plain IP is a network of one."""
    try:
        return [ip_network(address, strict=False) for address in addresses]
    except ValueError as error:
        raise ConfigError(f"TRUSTED_PROXIES: {error}") from None


class TrustedProxies:
    """WSGI middleware: ProxyFix for requests from a trusted proxy, the request untouched for anyone else."""

    def __init__(self, app, proxies, hops=1, proxy_sets_host=False):
        self.app = app
        self.networks = networks(proxies)
        host = hops if proxy_sets_host else 0
        self.fixed = ProxyFix(app, x_for=hops, x_proto=hops, x_host=host, x_port=host)

    def from_proxy(self, remote_addr):
        try:
            address = ip_address((remote_addr or "").split("%")[0])
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    def __call__(self, environ, start_response):
        if self.from_proxy(environ.get("REMOTE_ADDR")):
            return self.fixed(environ, start_response)
        return self.app(environ, start_response)


def _untrusted_host(error):
    """400 for a Host the board does not answer to, on the usual error page.

    Flask refuses the host before routing, so the request has no URL adapter and the page's
    url_for() calls would fail; one bound to BOARD_URL builds its (relative) links.
    """
    from flask import current_app

    from board.platform.errors import render_error

    origin = urlsplit(current_app.config["BOARD_URL"])
    request_ctx.url_adapter = current_app.url_map.bind(origin.netloc, url_scheme=origin.scheme)
    return render_error(400)


def init_app(app):
    app.register_error_handler(SecurityError, _untrusted_host)
    config = app.config
    proxies = config["TRUSTED_PROXIES"]
    if isinstance(proxies, str):
        proxies = [part.strip() for part in proxies.split(",") if part.strip()]
    if proxies and config["PROXY_FIX_X_FOR"]:
        app.wsgi_app = TrustedProxies(app.wsgi_app, proxies, config["PROXY_FIX_X_FOR"], config["PROXY_SETS_HOST"])
    else:
        networks(proxies)  # a mistyped address is refused at start-up either way
