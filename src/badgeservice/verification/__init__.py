"""Verifying Open Badges 2.0 and 3.0 credentials of any issuer (DESIGN.md, "POST /verify")."""
