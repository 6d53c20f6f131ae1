"""Reference data of the one-stop app: the demo procedure catalogue."""
