"""Open311 GeoReport v2 at /open311/v2/ (docs/open311.md): categories as services, items as requests,
every endpoint in .json and .xml, errors in the specification's format."""
