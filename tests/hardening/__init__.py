"""Hardening (issue 6): each guarantee Versus makes, turned into a test that can fail."""
