"""The board's icon: /favicon.ico, which browsers ask for on every site, and the SVG the layout links."""


def test_favicon_ico_is_served_and_cached(client):
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200
        assert response.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
        assert response.data[:4] == b"\x00\x00\x01\x00"  # an icon resource
        assert response.cache_control.max_age and response.cache_control.max_age >= 86400


def test_every_page_links_its_icons(client):
    page = client.get("/openings").get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert '<link rel="icon" href="/favicon.ico"' in page
    with client.get("/static/favicon.svg") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"
        assert b"<svg" in response.data
