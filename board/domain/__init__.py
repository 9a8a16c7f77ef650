"""The domain layer: request-free use cases by area, called by every screen, CLI command, seed and job.

A use case holds its rules and side effects (audit, mail, outcome), raises a domain error with a
translatable message, and never commits or rolls back. It may import board.models and board.platform,
never board.web, flask.request, flask_login or forms."""
