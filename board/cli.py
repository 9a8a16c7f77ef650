"""`flask` commands for setting up and running the board."""
import click
from flask.cli import AppGroup
from flask import current_app
from sqlalchemy import select

from board.domain import companies as company_states
from board.platform.extensions import db
from board.models import Company, Role
from board.models.accounts import create_account, email_taken


@click.group("users", cls=AppGroup)
def users_cli():
    """Manage accounts."""


@users_cli.command("create")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True, help="The account's role.")
@click.option("--email", required=True, help="Sign-in email.")
@click.option("--name", required=True, help="Name shown on the board.")
@click.password_option(help="Password (asked for when not given).")
def create_user(role, email, name, password):
    """Create an account, for example a committee member's."""
    if role == Role.COMPANY.value:
        raise click.UsageError("company members sign up with their company at /signup/company")
    if email_taken(email):
        raise click.UsageError(f"an account with {email} already exists")
    if len(password) < 10:
        raise click.UsageError("the password needs at least 10 characters")
    user = create_account(email, name, Role(role), password)
    db.session.commit()
    click.echo(f"created {user.role.value} account {user.email} (id {user.id})")


@click.group("companies", cls=AppGroup)
def companies_cli():
    """Manage companies."""


@companies_cli.command("approve")
@click.argument("company_id", type=int)
def approve_company(company_id):
    """Approve a pending company (the committee's screen does the same)."""
    company = db.session.get(Company, company_id)
    if company is None:
        raise click.UsageError(f"no company with id {company_id}")
    try:
        company_states.approve(company, None)
    except company_states.CompanyRefused as refused:
        db.session.rollback()
        raise click.UsageError(f"{company.name} is {refused.status.value}, not waiting for approval")
    db.session.commit()
    click.echo(f"approved {company.name}")


@companies_cli.command("list")
def list_companies():
    """List companies with their status."""
    for company in db.session.scalars(select(Company).order_by(Company.id)):
        click.echo(f"{company.id}\t{company.status.value}\t{company.registration_number_display}\t{company.name}")


@click.group("openings", cls=AppGroup)
def openings_cli():
    """Maintain openings."""


@openings_cli.command("close-expired")
def close_expired_openings():
    """Close published openings past their closing date (the queue consumer runs the same job hourly)."""
    from board.models.openings import close_expired

    closed = close_expired()
    db.session.commit()
    click.echo(f"closed {closed} opening(s) past their deadline")


@click.group("seed", cls=AppGroup)
def seed_cli():
    """Fill the database with data."""


@seed_cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has accounts.")
def seed_demo(if_empty):
    """Fill an empty database with a believable academy and the four demo accounts."""
    from board.seed import DemoRefused, seed_demo as run

    if current_app.config["BOARD_ENV"] == "production":
        raise click.ClickException("the demo seed never runs with BOARD_ENV=production")
    try:
        summary = run(skip_if_not_empty=if_empty)
    except DemoRefused as refused:
        raise click.ClickException(str(refused))
    click.echo(summary)


@seed_cli.command("scale")
@click.option("--preset", type=click.Choice(["academy", "national"]), default="academy", show_default=True,
              help="academy: 360 trainees, 3,000 applications; national: 50,000 trainees, 500,000 applications.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has accounts.")
def seed_scale(preset, if_empty):
    """Fill an empty database with a large generated board for benchmarks (bulk inserts)."""
    import time

    from board.seed import DemoRefused
    from board.seed.scale import seed_scale as run

    if current_app.config["BOARD_ENV"] == "production":
        raise click.ClickException("the scale seed never runs with BOARD_ENV=production")
    started = time.monotonic()
    try:
        summary = run(preset, skip_if_not_empty=if_empty,
                      progress=lambda m: click.echo(f"  {time.monotonic() - started:6.1f}s  {m}", err=True))
    except DemoRefused as refused:
        raise click.ClickException(str(refused))
    click.echo(f"{summary} ({time.monotonic() - started:.1f}s)")


def init_app(app):
    from board.queue_cli import queue_cli

    for group in (users_cli, companies_cli, openings_cli, seed_cli, queue_cli):
        app.cli.add_command(group)
