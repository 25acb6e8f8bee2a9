"""Ingest: files and folders (.txt, .md, .html, .jsonl) → cleaned English Documents."""
