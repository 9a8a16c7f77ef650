"""Seoul time: one module converts between the academy's wall clock and stored UTC moments."""

import re
from datetime import UTC, date, datetime, time
from pathlib import Path

from board.platform.seoul_time import board_today, from_seoul, seoul, seoul_date, seoul_time

BOARD = Path(__file__).resolve().parent.parent / "board"


def test_the_conversions_are_kst():
    assert seoul_time(date(2026, 12, 3), time(9, 0)) == datetime(2026, 12, 3, 0, 0, tzinfo=UTC)
    assert seoul_time(date(2026, 12, 3)) == datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
    assert from_seoul(datetime(2026, 12, 3, 12, 0)) == datetime(2026, 12, 3, 3, 0, tzinfo=UTC)
    assert seoul(datetime(2026, 12, 3, 15, 30, tzinfo=UTC)) == datetime(2026, 12, 4, 0, 30)
    assert seoul_date(datetime(2026, 12, 3, 15, 30, tzinfo=UTC)) == date(2026, 12, 4)
    assert from_seoul(None) is None and seoul(None) is None
    assert board_today() == seoul_date(datetime.now(UTC))


def test_no_other_module_builds_its_own_seoul_zone():
    """A fifth helper would drift (a seed at 9 a.m. UTC, a form nine hours off): every module calls board/platform/seoul_time.py."""
    builders = re.compile(r"ZoneInfo\(|[\"']Asia/Seoul[\"']")
    found = [str(path.relative_to(BOARD)) for path in BOARD.rglob("*.py")
             if path.name != "seoul_time.py" and "migrations" not in path.parts and builders.search(path.read_text())]
    assert found == []
