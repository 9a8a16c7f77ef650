"""The committee imports a roster; a new trainee joins through the invitation and uploads a resume."""
import io
import random
import re

from playwright.sync_api import expect
from pypdf import PdfWriter

from e2e.helpers import sign_in, switch_language


def _pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_roster_import_invitation_first_login_and_resume(page, make_context, live_server):
    run = random.randrange(10**6)
    email = f"new.trainee.{run}@example.kr"
    roster = ("이름,이메일,반,지역\r\n"
              f"김신입,{email},2반,광주\r\n"
              f"이오류,not-an-email-{run},9,서울\r\n").encode("utf-8-sig")

    page.goto("/")
    switch_language(page, "English", "en")
    sign_in(page, "committee")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cohorts", exact=True).click()
    page.get_by_role("link", name="Cohort 2", exact=True).first.click()
    page.get_by_label("Roster file (CSV or XLSX)").set_input_files(
        files=[{"name": "2기 명단.csv", "mimeType": "text/csv", "buffer": roster}])
    page.get_by_role("button", name="Check the file").click()

    # The preview: each row with its problems, nothing imported yet.
    expect(page.get_by_role("heading", name="Roster preview", level=1)).to_be_visible()
    bad_row = page.locator("tbody tr").filter(has_text=f"not-an-email-{run}")
    expect(bad_row.locator(".error li")).to_have_count(2)
    expect(page.locator("tbody tr").filter(has_text=email)).to_contain_text("Ready")

    offset = live_server.log_size()
    page.get_by_role("button", name=re.compile(r"^Import 1 trainee")).click()
    expect(page.get_by_role("status").first).to_be_visible()
    link = re.search(r"http://[^\s]+/welcome/[A-Za-z0-9_\-]+", live_server.log_since(offset))
    assert link, "the invitation link is logged while no mail server is configured"
    assert link.group(0).startswith(live_server.url + "/welcome/"), "mailed links start with BOARD_URL"

    # The trainee opens the link in their own browser, sets a password and is in.
    trainee = make_context().new_page()
    trainee.goto("/")
    switch_language(trainee, "English", "en")
    token = link.group(0).split("/welcome/", 1)[1]
    trainee.goto("/welcome/" + token)
    trainee.get_by_label("New password").fill("my-own-password-1")
    trainee.get_by_label("Repeat the password").fill("my-own-password-1")
    trainee.get_by_role("button", name="Set my password and sign in").click()
    expect(trainee).to_have_url(re.compile(r"/me/$"))
    expect(trainee.locator("header")).to_contain_text("김신입")

    # A second use of the same link is refused.
    other = make_context().new_page()
    other.goto("/welcome/" + token)
    expect(other).not_to_have_url(re.compile(r"/welcome/"))

    # The profile with a resume: a text file named .pdf is refused, a real PDF is kept.
    trainee.get_by_role("navigation", name="Main").get_by_role("link", name="My profile").click()
    upload = trainee.get_by_label("Resume (PDF, up to 5 MB)")
    upload.set_input_files(files=[{"name": "resume.pdf", "mimeType": "application/pdf", "buffer": b"just text"}])
    trainee.get_by_role("button", name="Upload").click()
    expect(trainee.locator("#resume-error")).to_be_visible()
    trainee.get_by_label("Resume (PDF, up to 5 MB)").set_input_files(
        files=[{"name": "김신입 이력서.pdf", "mimeType": "application/pdf", "buffer": _pdf()}])
    trainee.get_by_role("button", name="Upload").click()
    expect(trainee.get_by_role("status").filter(has_text="Your resume is uploaded.")).to_be_visible()
    resume_link = trainee.locator("#resume-card a[download]")
    expect(resume_link).to_have_text("김신입 이력서.pdf")
    download = trainee.request.get(resume_link.get_attribute("href"))
    assert download.status == 200 and download.body().startswith(b"%PDF-")
    assert download.headers["content-disposition"].startswith("attachment")
    assert "no-store" in download.headers["cache-control"]
    # Someone else's browser gets nothing.
    assert other.request.get(resume_link.get_attribute("href"), max_redirects=0).status in (302, 404)
