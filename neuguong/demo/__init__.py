"""The demo province (Điện Biên). Each part is idempotent: running the demo twice adds nothing."""
