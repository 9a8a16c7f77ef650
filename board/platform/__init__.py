"""The platform layer: configuration, database, extensions, templating, mail, i18n, logging, uploads.

Infrastructure every other layer may use; it imports nothing of board.web, board.domain or board.models."""
