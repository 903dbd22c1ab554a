"""Great-circle distance through geopy (the travel estimate's straight line)."""

from __future__ import annotations

import math

from geopy.distance import great_circle

from creneau.domain.places import Place


def great_circle_km(origin: Place, target: Place) -> float:
    """Great-circle distance in kilometres (geopy's ``great_circle``: a sphere of mean
    radius 6,371.009 km; see R. W. Sinnott, "Virtues of the Haversine", Sky and
    Telescope 68(2), 1984)."""
    km = great_circle((origin.latitude, origin.longitude), (target.latitude, target.longitude)).km
    value = float(km)
    return value if math.isfinite(value) else 0.0
