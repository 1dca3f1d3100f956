"""Helpers the tests share: Redis servers, live gunicorn processes, seed folders, load."""
