"""Tests of the built book in a real browser (Chromium via Playwright): see site_check.py."""
