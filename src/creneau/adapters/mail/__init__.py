"""Outgoing e-mail (the morning brief)."""
