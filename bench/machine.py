"""What the numbers were measured on: CPU, memory, software versions and how busy the machine was."""
import os
import platform
import sqlite3
import subprocess
import sys


def load_average():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _cpu():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _memory():
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "?"


def _version(command):
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=10).stdout.strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "?"


def describe():
    """One line per fact, for the results file."""
    from importlib.metadata import version

    from bench.datasets import PG_SERVER

    server = "?"
    try:
        from sqlalchemy import create_engine, text

        engine = create_engine(f"{PG_SERVER}/postgres")
        with engine.connect() as connection:
            server = connection.execute(text("SHOW server_version")).scalar()
        engine.dispose()
    except Exception:
        pass
    return [
        f"CPU: {_cpu()}, {os.cpu_count()} cores; memory {_memory()}",
        f"OS: {platform.platform()}",
        f"Python {sys.version.split()[0]}, Flask {version('flask')}, SQLAlchemy {version('sqlalchemy')}, "
        f"gunicorn {version('gunicorn')}, SQLite {sqlite3.sqlite_version}, PostgreSQL {server}",
        f"load tool: {_version(['wrk', '--version']) or 'wrk'}",
    ]
