"""neuguong: an open platform for a Vietnamese province (one-stop shop, feedback, reviews, scorecards)."""

__version__ = "0.1.0"
