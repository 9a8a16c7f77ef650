"""`flask queue …`: the task queue's consumer and a one-off delivery of the outbox."""
import logging

import click
from flask import current_app
from flask.cli import AppGroup

queue_cli = AppGroup("queue", help="Background work: the consumer of the task queue.")


@queue_cli.command("consume")
@click.option("--workers", default=2, show_default=True, help="Threads running tasks (mail delivery waits on SMTP).")
def consume(workers):
    """Run the consumer: queued tasks and the periodic jobs (board/domain/tasks.py), until stopped."""
    from board.platform.queue import huey

    if huey.immediate:
        raise click.ClickException("QUEUE_IMMEDIATE is set: tasks run in the web process, there is nothing to consume")
    logging.getLogger("huey").setLevel(logging.INFO)
    click.echo(f"queue consumer: {workers} worker(s), storage {type(huey.storage).__name__}", err=True)
    # Threads, not processes: the tasks wait on SMTP and the database, and threads share the app.
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=True, check_worker_health=True)
    consumer.run()


@queue_cli.command("deliver")
def deliver_now():
    """Deliver every due outbox message once, in this process (for a cron line or a check by hand)."""
    from board.domain import outbox

    outbox.release_stale_claims()
    sent = outbox.deliver_due()
    click.echo(f"sent {sent} message(s)")
    if not outbox.delivery_enabled(current_app.config):
        click.echo("MAIL_SERVER is not set: messages wait in the outbox", err=True)
