"""The benchmark's databases: generated once per preset and engine, kept, and rebuilt when the generator changes.

SQLite files live in instance/bench/<preset>.sqlite; PostgreSQL databases are named
<BENCH_PG_PREFIX>_<preset> on BENCH_PG_URL's server. Each is stamped with a digest of the
scale seed's code and the migrations (a file beside the SQLite database, the PostgreSQL database's comment),
so a changed generator or schema regenerates it and an unchanged one is reused at once.
"""
import hashlib
import os
from pathlib import Path
import subprocess
import sys
import time

ROOT = Path(__file__).resolve().parent.parent
FLASK = [sys.executable, "-m", "flask", "--app", "board"]
CACHE = ROOT / "instance" / "bench"
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432")
PG_PREFIX = os.environ.get("BENCH_PG_PREFIX", "board_bench")


def stamp():
    """A digest of what decides the generated data: the scale seed's modules and the migrations."""
    digest = hashlib.sha256()
    sources = sorted((ROOT / "board" / "seed").glob("scale*.py")) + \
        sorted((ROOT / "board" / "migrations" / "versions").glob("*.py"))
    for path in sources:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def _flask(url, *args, log):
    env = {**os.environ, "DATABASE_URL": url, "BOARD_ENV": "development"}
    env.pop("BOARD_BENCH", None)
    subprocess.run([*FLASK, *args], cwd=ROOT, env=env, check=True, stdout=log, stderr=subprocess.STDOUT)


def sqlite_database(preset, say):
    """The SQLAlchemy URL of the preset's SQLite file, generating it first when missing or stale."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path, marker = CACHE / f"{preset}.sqlite", CACHE / f"{preset}.sqlite.stamp"
    if path.exists() and marker.exists() and marker.read_text() == stamp():
        say(f"sqlite/{preset}: reusing {path.relative_to(ROOT)}")
        return f"sqlite:///{path}"
    building = CACHE / f"{preset}.building.sqlite"
    for stale in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        stale.unlink(missing_ok=True)
    started = time.monotonic()
    say(f"sqlite/{preset}: generating (migrations, then flask seed scale --preset {preset}) ...")
    with open(CACHE / f"{preset}.sqlite.log", "w") as log:
        _flask(f"sqlite:///{building}", "db", "upgrade", log=log)
        _flask(f"sqlite:///{building}", "seed", "scale", "--preset", preset, log=log)
    _checkpoint(building)
    for old in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        old.unlink(missing_ok=True)
    os.replace(building, path)
    marker.write_text(stamp())
    say(f"sqlite/{preset}: generated in {time.monotonic() - started:.0f}s")
    return f"sqlite:///{path}"


def _checkpoint(path):
    """Fold the WAL into the file so the database is one file that can be renamed."""
    import sqlite3

    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.close()


def postgres_available():
    """True when the PostgreSQL server answers."""
    from sqlalchemy import create_engine, text

    try:
        with create_engine(f"{PG_SERVER}/postgres").connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


def postgres_database(preset, say):
    """The URL of the preset's PostgreSQL database, (re)creating it when missing or stale."""
    from sqlalchemy import create_engine, text

    name = f"{PG_PREFIX}_{preset}"
    url = f"{PG_SERVER}/{name}"
    admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar()
    if exists:
        with admin.connect() as connection:
            found = connection.execute(text("SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                                            "WHERE datname = :n"), {"n": name}).scalar()
        if found == f"bench {stamp()}":
            say(f"postgresql/{preset}: reusing database {name}")
            return url
    started = time.monotonic()
    say(f"postgresql/{preset}: generating database {name} ...")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        # A UTF-8 ctype, or pg_trgm finds no trigrams in Korean (see the README).
        connection.execute(text(f"""CREATE DATABASE "{name}" TEMPLATE template0 ENCODING 'UTF8' """
                                f"""LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"""))
    admin.dispose()
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / f"{preset}.postgresql.log", "w") as log:
        _flask(url, "db", "upgrade", log=log)
        _flask(url, "seed", "scale", "--preset", preset, log=log)
    engine = create_engine(url)
    # Statistics as autovacuum would have them on a board that has been running for a while.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE"))
    engine.dispose()
    # The stamp is the database's comment, so the board's own schema holds nothing of the bench's.
    with admin.connect() as connection:
        connection.execute(text(f"""COMMENT ON DATABASE "{name}" IS 'bench {stamp()}'"""))
    admin.dispose()
    say(f"postgresql/{preset}: generated in {time.monotonic() - started:.0f}s")
    return url
