from board.models import Role


def test_home_renders_in_korean(client):
    page = client.get("/")
    assert page.status_code == 200
    assert 'lang="ko"' in page.get_data(as_text=True)


def test_roles_sign_in(as_role):
    for role in Role:
        c = as_role(role)
        assert c.get("/").status_code == 200
