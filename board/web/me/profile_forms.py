"""The trainee's profile form and resume upload form."""
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, TextAreaField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, Length, Optional, ValidationError

from board.web.company.opening_forms import MAX_SKILLS, skills_field
from board.web.forms import no_markup, plain_text, strip, vocabulary_skills
from board.domain.resumes import ResumeRefused, check_upload

# Stored as written here (the seeds and the committee's tables use the Korean names); shown translated.
REGIONS = [
    ("광주", _l("Gwangju")), ("서울", _l("Seoul")), ("경기", _l("Gyeonggi")), ("전남북", _l("Jeolla (North and South)")),
    ("충청", _l("Chungcheong")), ("인천", _l("Incheon")), ("경남북", _l("Gyeongsang (North and South)")),
    ("대구", _l("Daegu")), ("부산", _l("Busan")), ("강원", _l("Gangwon")), ("제주", _l("Jeju")), ("기타", _l("Other")),
]
GENDERS = [("female", _l("Female")), ("male", _l("Male")), ("other", _l("Other"))]


def _optional_choices(pairs):
    return [SelectChoice("", _l("Prefer not to say"))] + [SelectChoice(value, label) for value, label in pairs]


def _link_field(label, placeholder="https://"):
    return URLField(label, filters=[strip], render_kw={"placeholder": placeholder}, validators=[
        Optional(), Length(max=300, message=_l("Use at most 300 characters.")), plain_text,
        URL(require_tld=True, message=_l("Enter a web address that starts with https://"))])


def web_address(field):
    """Only http and https links: javascript:, data: and the like never reach a page."""
    parts = urlsplit(field.data or "")
    if field.data and (parts.scheme.lower() not in ("http", "https") or not parts.netloc):
        raise ValidationError(_l("Enter a web address that starts with https://"))
    return parts


class ProfileForm(FlaskForm):
    """What the trainee tells companies, and what is asked only for statistics."""

    headline = StringField(_l("Headline"), filters=[strip], description=_l("One line, for example: 컴퓨터비전 엔지니어를 꿈꾸는 2기 교육생"),
                           validators=[Length(max=120, message=_l("Use at most 120 characters.")), no_markup, plain_text])
    skills = skills_field(_l("Skills"))
    introduction = TextAreaField(_l("Introduction"), filters=[strip], render_kw={"rows": 8}, validators=[
        Length(max=5000, message=_l("Use at most 5,000 characters.")), no_markup, plain_text])
    github_url = _link_field(_l("GitHub"), "https://github.com/")
    blog_url = _link_field(_l("Blog"))
    demo_url = _link_field(_l("Demo or portfolio"))
    visible_to_companies = BooleanField(_l("Let approved companies find and see my profile"), default=False,
                                        description=_l("Off: only the committee and the companies you apply to see it."))
    region = SelectField(_l("Region of residence"), choices=_optional_choices(REGIONS), default="")
    gender = SelectField(_l("Gender"), choices=_optional_choices(GENDERS), default="")

    @classmethod
    def for_trainee(cls, trainee):
        """The form filled from a trainee's saved profile (a POST's own data wins)."""
        return cls(data={
            "headline": trainee.headline, "introduction": trainee.introduction, "github_url": trainee.github_url,
            "blog_url": trainee.blog_url, "demo_url": trainee.demo_url,
            "visible_to_companies": trainee.visible_to_companies, "region": trainee.region or "",
            "gender": trainee.gender or "", "skills": ", ".join(s.name for s in trainee.skills),
        })

    def validate_skills(self, field):
        self.skill_rows = vocabulary_skills(field, MAX_SKILLS, _l("Name at most %(max)s skills.", max=MAX_SKILLS))

    def validate_github_url(self, field):
        parts = web_address(field)
        if field.data and parts.hostname not in ("github.com", "www.github.com"):
            raise ValidationError(_l("Enter your GitHub address, for example https://github.com/your-id"))

    def validate_blog_url(self, field):
        web_address(field)

    def validate_demo_url(self, field):
        web_address(field)

    def fill(self, trainee):
        """Copy the form into the trainee's profile."""
        for name in ("headline", "introduction", "github_url", "blog_url", "demo_url"):
            setattr(trainee, name, getattr(self, name).data or "")
        trainee.visible_to_companies = bool(self.visible_to_companies.data)
        trainee.region = self.region.data or None
        trainee.gender = self.gender.data or None
        trainee.skills = list(getattr(self, "skill_rows", []))


class ResumeForm(FlaskForm):
    """One PDF, checked by its content; see board.domain.resumes."""

    resume = FileField(_l("Resume (PDF, up to 5 MB)"), validators=[FileRequired(_l("Choose a PDF file."))],
                       render_kw={"accept": "application/pdf,.pdf"})

    def validate_resume(self, field):
        try:
            self.checked = check_upload(field.data)
        except ResumeRefused as refused:
            raise ValidationError(refused.message)
