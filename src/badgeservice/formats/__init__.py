"""Pure Open Badges / Verifiable Credentials format code: no HTTP, no database, no clock."""
