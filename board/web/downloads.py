"""File downloads every area shares."""
from flask import Response, stream_with_context


def csv_download(lines, filename):
    """A streamed CSV attachment (lines of text, the first with its BOM) that no shared cache keeps.

    stream_with_context keeps the request (and so the database session) open while the lines are written.
    """
    return Response(stream_with_context(line.encode("utf-8") for line in lines), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "private, no-store"})
