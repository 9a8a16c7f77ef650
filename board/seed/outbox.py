"""The demo outbox: mail already delivered and one message the mail server refused, for the administrator's page."""
from datetime import timedelta

from board.models import OutboxMessage, OutboxStatus
from board.models.types import utcnow


def demo_outbox(trainees):
    now = utcnow()
    sent = [OutboxMessage(to=t.user.email, subject="AI 사관학교 채용 연계 보드 계정 안내",
                          body=f"{t.user.name} 님, 명단에 등록되어 계정이 만들어졌습니다.", status=OutboxStatus.SENT,
                          attempts=1, created_at=now - timedelta(days=3, minutes=i), sent_at=now - timedelta(days=3))
            for i, t in enumerate(trainees[:3])]
    refused = OutboxMessage(
        to="old-address@example.invalid", subject="비밀번호 재설정",
        body="1시간 안에 아래 링크를 열어 새 비밀번호를 설정하세요.", status=OutboxStatus.FAILED, attempts=1,
        last_error="SMTPRecipientsRefused: {'old-address@example.invalid': (550, b'5.1.1 No such mailbox')}",
        created_at=now - timedelta(hours=2))
    return [*sent, refused]
